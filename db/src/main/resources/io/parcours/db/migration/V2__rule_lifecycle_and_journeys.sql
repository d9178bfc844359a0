-- Rule lifecycle, journeys as data, engagement and contact policies.

-- Consents per channel and purpose, written <channel>:<purpose>. The walking skeleton stored marketing
-- consents as bare channel codes and implied service contact on every channel; profiling was never
-- asked, so it is not granted here.
update customers
   set consents = array(
         select distinct c from (
           select case when position(':' in code) > 0 then code else code || ':marketing' end as c
             from unnest(consents) as code
           union all
           select ch || ':service' from unnest(array['web', 'app', 'email', 'sms', 'call-centre']) as ch
         ) as all_consents order by c)
 where not exists (select 1 from unnest(consents) as code where position(':' in code) > 0);

-- Actions: the stages of their journey they apply in, mandatory notices, population volume limits.
alter table actions
    add column stages      text[]  not null default '{}',
    add column mandatory   boolean not null default false,
    add column daily_limit integer not null default 0 check (daily_limit >= 0);

-- Journeys: purpose-driven paths made of stages, in their usual order.
create table journeys (
    journey_id   text primary key,
    name         text not null,
    stages       text[] not null check (cardinality(stages) > 0),
    description  text not null default '',
    position     integer not null default 0
);

-- Where each customer stands in each journey now, and every change of stage with the rule that made it.
create table customer_stages (
    customer_id  text not null,
    journey      text not null,
    stage        text not null,
    rule         text not null,
    since        timestamptz not null,
    decision_id  uuid not null,
    primary key (customer_id, journey)
);
create index customer_stages_journey on customer_stages (journey, stage);

create table journey_stage_changes (
    change_id    bigint generated always as identity primary key,
    customer_id  text not null,
    journey      text not null,
    from_stage   text,
    to_stage     text,
    rule         text,
    decision_id  uuid not null,
    changed_at   timestamptz not null,
    check (from_stage is not null or to_stage is not null)
);
create index journey_stage_changes_customer on journey_stage_changes (customer_id, changed_at desc);

-- Volume constraints count today's impressions of an action across the population.
create index impressions_action_time on impressions (action_id, shown_at);

-- Rule sets: the version each upload was based on, and the scenario results at upload.
alter table rule_sets
    add column based_on  text,
    add column scenarios jsonb not null default '{"results": []}';

-- Every change to the rules, accepted or refused: who, when, what and why.
create table rule_set_changes (
    change_id         bigint generated always as identity primary key,
    kind              text not null check (kind in ('uploaded', 'refused', 'activated', 'rolled-back')),
    version           text references rule_sets (version),
    previous_version  text references rule_sets (version),
    actor             text not null,
    changed_at        timestamptz not null,
    comment           text not null,
    details           jsonb not null default '{}'
);
create index rule_set_changes_time on rule_set_changes (changed_at desc);

-- An activation is a new version put in force, or a rollback to the one in force before it.
alter table rule_set_activations
    add column kind text not null default 'activated' check (kind in ('activated', 'rolled-back'));
