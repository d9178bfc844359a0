-- Versions of the channels' adaptive models: immutable once stored (how each was made, and the prior
-- it starts from), and the history of the roles they took (champion, challenger, standby, retired).
create table model_versions (
    model_id     text not null,                 -- the channel's model, e.g. probit:web
    version      integer not null check (version >= 1),
    description  text not null,
    provenance   jsonb not null,                -- source, trainer, settings, data range, file digest
    warm_start   bytea,                         -- the prior taken from an offline model; null: default
    created_by   text not null,
    created_at   timestamptz not null,
    primary key (model_id, version)
);

-- Every role a version took, in order. at_response_id is the last response the models had learned
-- when the role took effect, so a replay after a restart applies it at the same place.
create table model_role_changes (
    change_id       bigint generated always as identity primary key,
    model_id        text not null,
    version         integer not null,
    role            text not null check (role in ('champion', 'challenger', 'standby', 'retired')),
    traffic_share   double precision not null default 0 check (traffic_share between 0 and 1),
    action          text not null check (action in ('created', 'challenger', 'promote', 'rollback', 'drop', 'traffic-share')),
    at_response_id  bigint not null,
    changed_by      text not null,
    changed_at      timestamptz not null,
    reason          text not null,
    foreign key (model_id, version) references model_versions (model_id, version)
);
create index model_role_changes_model on model_role_changes (model_id, change_id);
create index model_role_changes_response on model_role_changes (at_response_id, change_id);

-- Each version's own results: the impressions it ranked and their responses.
create index impressions_model_time on impressions (model_id, shown_at);
