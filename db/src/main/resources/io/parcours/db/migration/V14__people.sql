-- A person behind every change: each person and each channel system signs in as a user of its own.
-- A user can be disabled (kept, so that the records naming it still name someone) and carries a stamp
-- that every change of its password, roles or state increases: a node that remembers a verified
-- password compares the stamp it remembered with the stored one, so a change counts on every node at
-- the next request.
alter table app_users
    add column display_name  text,
    add column enabled       boolean not null default true,
    add column stamp         bigint not null default 1,
    add column changed_at    timestamptz;

-- Every change of a user: who made it (the signed-in person, or the command or demo mode that did),
-- when, what, and to whom. Passwords appear in no form.
create table user_changes (
    change_id    bigint generated always as identity primary key,
    username     text not null,
    kind         text not null check (kind in ('created', 'disabled', 'enabled', 'roles-changed', 'password-reset')),
    changed_by   text not null,
    changed_at   timestamptz not null,
    details      jsonb not null default '{}'
);
create index user_changes_user on user_changes (username, change_id desc);
