-- The tallies of derived features: per customer, feature and UTC day, how many of the customer's events
-- counted and the sum of the attribute the feature adds up. Written with the event in its transaction;
-- the features' values (events in the last 30 days, days since the last login, ...) are computed from
-- these rows at each decision, so that a window slides even when no event arrives. A day no window of its
-- feature reaches any more is deleted with the customer's next event.
create table customer_activity (
    customer_id  text not null references customers (customer_id) on delete cascade,
    feature      text not null,
    day          date not null,
    events       bigint not null check (events >= 0),
    total        double precision not null,
    primary key (customer_id, feature, day)
);
