/**
 * Off-policy evaluation on the logged decisions: a candidate model's response rate estimated from
 * what the engine's policy already did, read from PostgreSQL as a stream. The candidate is given as
 * a {@link io.parcours.models.offline.CandidateScorer}, so any model state or version can be
 * evaluated.
 */
package io.parcours.engine.evaluation;
