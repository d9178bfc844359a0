/**
 * PostgreSQL, the source of truth: Flyway migrations and one adapter per kind of state (profiles,
 * actions, decisions with their impressions and audit records, responses, rule sets, model
 * snapshots, users).
 *
 * <p>Rules of this package: plain JDBC over a pooled {@link javax.sql.DataSource}; each adapter is
 * named {@code Postgres<Thing>} and knows the domain module, never the rules or models modules;
 * writes on the hot path are batched (one statement per batch, not one per row); no adapter holds a
 * connection between calls.
 */
package io.parcours.db;
