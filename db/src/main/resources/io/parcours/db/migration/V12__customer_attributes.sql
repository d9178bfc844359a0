-- Custom attributes of a profile (declared in customer-attributes.json; set by a bulk import), as one
-- JSON object: {"contract": "Two year", "seniorCitizen": false, "monthlyCharges": 56.95}. Strings,
-- numbers and booleans only. An import merges what it sets into what is there.
alter table customers add column attributes jsonb not null default '{}'::jsonb
    check (jsonb_typeof(attributes) = 'object');
