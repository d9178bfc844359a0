-- What off-policy evaluation needs to replay a decision under another policy. Set on the decisions
-- whose first place was decided among optional actions (no mandatory action shown first), null on the
-- others and on decisions stored before this version.
--
-- candidate_*: the optional actions arbitration ranked, in one order across the arrays: the action,
-- the rules' context weight, the action's value and lever at decision time, and the logging model's
-- mean propensity. A candidate policy ranks them on its own propensity × weight × value × lever.
--
-- first_place_probability: the probability that the policy which ranked the decision would have put
-- the action shown first (impressions.rank = 1) first, given the scores: exact for inverse gap
-- weighting and for the control group, a Monte Carlo estimate for Thompson draws. Null when nothing
-- was shown (no action reached the threshold).
alter table decisions
    add column candidate_actions text[],
    add column candidate_context_weights double precision[],
    add column candidate_values double precision[],
    add column candidate_levers double precision[],
    add column candidate_propensities double precision[],
    add column first_place_probability double precision
        check (first_place_probability > 0 and first_place_probability <= 1);
