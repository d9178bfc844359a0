-- Journeys and their stages are declared by the strategy version in force (its journeys.json, ADR 0020),
-- reviewed and activated with its rules: the table the demo pack once seeded is no longer read or
-- written. Where customers stand (customer_stages, journey_stage_changes) stays.
drop table journeys;
