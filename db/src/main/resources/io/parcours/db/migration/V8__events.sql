-- Events: something that happened to or by a customer. Each accepted event is stored before it is
-- acknowledged, together with the profile change it makes, in one transaction; the sender's key makes
-- a repeated event harmless.
create table events (
    event_id         bigint generated always as identity primary key,
    idempotency_key  text not null unique,
    customer_id      text not null references customers (customer_id),
    type             text not null,
    occurred_at      timestamptz not null,
    received_at      timestamptz not null,
    attributes       jsonb not null default '{}'
);
create index events_customer_time on events (customer_id, occurred_at desc);
create index events_type_time on events (type, occurred_at desc);
