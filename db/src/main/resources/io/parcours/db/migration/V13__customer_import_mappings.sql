-- Mappings of CSV files to customer profiles saved by an administrator (those shipped with Parcours are
-- resources, not rows). The content is the mapping's JSON text, as it was sent and checked.
create table customer_import_mappings (
    name      text primary key,
    content   text not null,
    saved_at  timestamptz not null,
    saved_by  text not null
);
