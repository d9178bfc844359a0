-- The features the adaptive models saw at each decision (customer, situation, journey stages; the
-- action's own features are derived from its id, group and issue). Responses are learned against
-- them, replayed against them after a restart, and exported with them for offline retraining.
alter table decisions add column model_features text[] not null default '{}';

-- Which policy ranked the decision: the models' Thompson draws, or random propensities for the
-- control group that measures the models' uplift over chance.
alter table decisions add column policy text not null default 'models'
    check (policy in ('models', 'control'));
