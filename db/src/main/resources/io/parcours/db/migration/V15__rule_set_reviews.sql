-- Four eyes: a version goes live only after a person other than its author, holding the approver role,
-- approved it. Every review is kept, rejections too; one review per person and version.
create table rule_set_reviews (
    review_id    bigint generated always as identity primary key,
    version      text not null references rule_sets (version),
    reviewer     text not null,
    verdict      text not null check (verdict in ('approved', 'rejected')),
    reviewed_at  timestamptz not null,
    comment      text not null check (length(btrim(comment)) > 0),
    unique (version, reviewer)
);

-- Reviews are changes to the rules too: they stand in the audit of rule changes.
alter table rule_set_changes drop constraint rule_set_changes_kind_check;
alter table rule_set_changes
    add constraint rule_set_changes_kind_check
    check (kind in ('uploaded', 'refused', 'activated', 'rolled-back', 'approved', 'rejected'));
