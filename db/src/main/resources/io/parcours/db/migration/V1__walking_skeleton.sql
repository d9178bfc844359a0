-- Parcours schema, first version: the tables the path of a decision and of a response needs.
-- PostgreSQL is the source of truth; caches are rebuilt from here.

-- Customer profiles: typed columns for what rules read, so that they can be queried and indexed.
create table customers (
    customer_id        text primary key,
    name               text not null,
    age                integer not null check (age between 0 and 130),
    region             text not null,
    segment            text not null,
    tenure_months      integer not null check (tenure_months >= 0),
    products           text[] not null default '{}',
    balance            numeric(14, 2) not null,
    monthly_income     numeric(12, 2) not null,
    churn_risk         double precision not null check (churn_risk between 0 and 1),
    missed_payments    integer not null default 0 check (missed_payments >= 0),
    open_complaint     boolean not null default false,
    travelling_abroad  boolean not null default false,
    consents           text[] not null default '{}',
    time_zone          text not null,
    updated_at         timestamptz not null
);

-- The action library: what the brand can do for or say to a customer.
create table actions (
    action_id    text primary key,
    name         text not null,
    issue        text not null,
    action_group text not null,
    journey      text not null,
    channels     text[] not null,
    value        double precision not null check (value >= 0),
    lever        double precision not null default 1 check (lever >= 0),
    description  text not null default '',
    active       boolean not null default true
);

-- One row per decision; the ranked actions are its impressions.
create table decisions (
    decision_id       uuid primary key,
    customer_id       text not null,
    channel           text not null,
    direction         text not null,
    decided_at        timestamptz not null,
    rule_set_version  text not null,
    do_nothing        boolean not null
);
create index decisions_customer_time on decisions (customer_id, decided_at desc);

create table impressions (
    decision_id   uuid not null references decisions (decision_id),
    action_id     text not null,
    customer_id   text not null,
    channel       text not null,
    rank          integer not null,
    propensity    double precision not null,
    sampled       double precision not null,
    priority      double precision not null,
    model_id      text not null,
    model_version bigint not null,
    shown_at      timestamptz not null,
    primary key (decision_id, action_id)
);
create index impressions_customer_time on impressions (customer_id, shown_at desc);

-- Responses: deduplicated by the channel's Idempotency-Key and by the natural key.
create table responses (
    response_id      bigint generated always as identity primary key,
    decision_id      uuid not null,
    action_id        text not null,
    customer_id      text not null,
    channel          text not null,
    outcome          text not null check (outcome in ('accepted', 'clicked', 'rejected', 'ignored')),
    idempotency_key  text not null unique,
    received_at      timestamptz not null,
    unique (decision_id, action_id, outcome),
    foreign key (decision_id, action_id) references impressions (decision_id, action_id)
);
create index responses_customer_time on responses (customer_id, received_at desc);

-- Audit records: one per decision, chained by hash so that a change or a deletion is detectable.
-- The record is kept as json (not jsonb) so that its text, which the hash covers, is kept exactly.
create table audit_records (
    seq            bigint primary key,
    decision_id    uuid not null unique references decisions (decision_id),
    customer_id    text not null,
    recorded_at    timestamptz not null,
    record         json not null,
    previous_hash  text not null,
    hash           text not null
);
create index audit_customer_time on audit_records (customer_id, recorded_at desc);

-- Rule sets: immutable versions; the active one is the latest activation.
create table rule_sets (
    version     text primary key,
    created_at  timestamptz not null,
    author      text not null,
    comment     text not null,
    checksum    text not null unique
);
create table rule_set_files (
    version  text not null references rule_sets (version),
    name     text not null,
    content  bytea not null,
    primary key (version, name)
);
create table rule_set_activations (
    activation_id  bigint generated always as identity primary key,
    version        text not null references rule_sets (version),
    activated_by   text not null,
    activated_at   timestamptz not null,
    comment        text not null
);

-- Adaptive model snapshots: the state of a model family, and the last response it had learned from.
create table model_snapshots (
    snapshot_id       bigint generated always as identity primary key,
    model_family      text not null,
    last_response_id  bigint not null,
    taken_at          timestamptz not null,
    content           bytea not null
);
create index model_snapshots_family on model_snapshots (model_family, snapshot_id desc);

-- Console and API users; passwords are stored as PBKDF2 hashes only.
create table app_users (
    username       text primary key,
    password_hash  text not null,
    roles          text[] not null,
    created_at     timestamptz not null
);
