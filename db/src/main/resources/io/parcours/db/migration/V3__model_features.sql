-- The features the adaptive models saw at each decision (customer, situation, journey stages; the
-- action's own features are derived from its id, group and issue). Responses are learned against
-- them, replayed against them after a restart, and exported with them for offline retraining.
alter table decisions add column model_features text[] not null default '{}';

-- Model snapshots name the family that wrote them (beta, probit), already a column; nothing else changes.
