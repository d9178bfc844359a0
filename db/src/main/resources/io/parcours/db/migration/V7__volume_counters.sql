-- The daily volume of each volume-constrained action as the engine's cache last wrote it: impressions
-- shown plus reservations of decisions still being recorded. Written behind the cache (not on the
-- decision path), read back when the count is no longer in memory (evicted, or another node's), so that
-- eviction never forgets a reservation. The impressions table stays the source of truth: a count is
-- never taken below the impressions PostgreSQL holds for the day.
create table volume_counters (
    action_id  text not null,
    day        date not null,
    used       bigint not null check (used >= 0),
    primary key (action_id, day)
);
