-- Identities, profile merges, the keys that seal personal data in audit records, and erasures.

-- A profile made for an identifier nobody knew yet (a cookie, a device): anonymous until it is linked
-- to a known customer, into whose profile it is then merged.
alter table customers add column anonymous boolean not null default false;

-- Every identifier of a profile other than its customer number (which is its id): e-mail, phone,
-- device, cookie. One identifier belongs to one profile at a time.
create table customer_identities (
    identity_type   text not null check (identity_type in ('email', 'phone', 'device', 'cookie')),
    identity_value  text not null,
    customer_id     text not null references customers (customer_id),
    linked_at       timestamptz not null,
    source          text not null,
    primary key (identity_type, identity_value)
);
create index customer_identities_customer on customer_identities (customer_id);

-- A profile absorbed into another: its history, counters and identities moved to the survivor, its
-- attributes taken by declared precedence, its own row gone. The absorbed id keeps resolving to the
-- survivor through this table.
create table profile_merges (
    merge_id      bigint generated always as identity primary key,
    absorbed_id   text not null unique,
    surviving_id  text not null,
    merged_at     timestamptz not null,
    cause         text not null,
    details       jsonb not null default '{}'
);
create index profile_merges_surviving on profile_merges (surviving_id);

-- One key per subject: audit records seal the personal part of their inputs (customer id, request
-- context, profile) with the key of the customer's subject; erasure destroys the customer's keys, so
-- the sealed parts can no longer be read while the records, and the hash chain over them, stay intact.
-- A merge hands the absorbed profile's keys to the survivor.
create table customer_keys (
    subject_id   uuid primary key,
    customer_id  text not null references customers (customer_id),
    seal_key     bytea not null check (octet_length(seal_key) = 32),
    created_at   timestamptz not null
);
create index customer_keys_customer on customer_keys (customer_id, created_at);

-- Every erasure, itself audited: who asked, when, why, and how many rows of each table were erased
-- or pseudonymised. The erased customer is named only by the pseudonym their history now carries.
create table erasures (
    erasure_id    bigint generated always as identity primary key,
    pseudonym     text not null unique,
    requested_by  text not null,
    erased_at     timestamptz not null,
    reason        text not null,
    counts        jsonb not null
);

-- After an erasure the events and consent changes of the customer carry their pseudonym, which names
-- no profile.
alter table events drop constraint events_customer_id_fkey;
alter table consent_changes drop constraint consent_changes_customer_id_fkey;

-- An event re-evaluates the customer's journey stages at once: a stage change is made by a decision
-- or by an event.
alter table journey_stage_changes
    alter column decision_id drop not null,
    add column event_id bigint,
    add constraint journey_stage_changes_cause check (decision_id is not null or event_id is not null);
alter table customer_stages
    alter column decision_id drop not null,
    add column event_id bigint,
    add constraint customer_stages_cause check (decision_id is not null or event_id is not null);

-- Audit records written before personal inputs were sealed (format below 4) are sealed once, at the
-- first start of a version that seals, after the chain was verified; the chain from the first of them
-- is then hashed anew. Each such re-seal is recorded with the head of the chain before and after.
create table audit_reseals (
    reseal_id           bigint generated always as identity primary key,
    resealed_at         timestamptz not null,
    from_seq            bigint not null,
    to_seq              bigint not null,
    records_sealed      integer not null,
    previous_head_hash  text not null,
    new_head_hash       text not null
);
