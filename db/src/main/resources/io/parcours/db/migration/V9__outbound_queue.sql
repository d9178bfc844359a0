-- The outbound queue: contacts decided on an event's trigger, waiting for the channel's delivery system
-- to fetch and acknowledge them. A queued contact is cancelled when the customer accepts the action (or
-- another of its product line) elsewhere, or withdraws the consent it needs.
alter table events add column triggered_at timestamptz;

create table outbound_contacts (
    contact_id   bigint generated always as identity primary key,
    channel      text not null,
    customer_id  text not null,
    action_id    text not null,
    decision_id  uuid not null references decisions (decision_id),
    event_id     bigint references events (event_id),
    send_after   timestamptz not null,
    status       text not null default 'queued' check (status in ('queued', 'delivered', 'cancelled')),
    queued_at    timestamptz not null,
    closed_at    timestamptz,
    reason       text,
    unique (decision_id, action_id)
);
create index outbound_contacts_due on outbound_contacts (channel, send_after, contact_id) where status = 'queued';
create index outbound_contacts_customer on outbound_contacts (customer_id) where status = 'queued';
