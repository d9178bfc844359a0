/**
 * MicroProfile Metrics: what {@code /metrics} shows Prometheus of decisions, responses, events,
 * rules, models, writers, caches and outbound queues.
 *
 * <p>Rules of this package: a metric is registered once, at start; the decision path pays only the
 * metric calls (no lock, no lookup by name, no allocation of its own); a label takes its values
 * from a bounded set (channels, outcomes, caches, the rules of the version in force), never from
 * customers, decisions or actions.
 */
package io.parcours.web.metrics;
