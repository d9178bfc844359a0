-- Every change of a customer's consent, per channel and purpose: when, from which source (preference
-- centre, SMS STOP, call-centre agent…), under which version of the consent text, recorded by whom.
-- customers.consents holds the consents in force; this table is how they came to be.
create table consent_changes (
    change_id     bigint generated always as identity primary key,
    customer_id   text not null references customers (customer_id),
    channel       text not null,
    purpose       text not null check (purpose in ('service', 'marketing', 'profiling')),
    granted       boolean not null,
    changed_at    timestamptz not null,
    source        text not null,
    text_version  text not null,
    recorded_by   text not null
);
create index consent_changes_customer on consent_changes (customer_id, change_id desc);
