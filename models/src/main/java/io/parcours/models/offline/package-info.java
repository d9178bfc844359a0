/**
 * Off-policy evaluation: how would a candidate model have done on the decisions already made,
 * without showing it to a single customer.
 *
 * <p>Each logged decision carries its optional candidates (with their context weight, value and
 * lever), the action shown first, whether the customer responded positively to it, and the
 * probability with which the logging policy would have put it first. A {@link
 * io.parcours.models.offline.CandidateScorer} (a probit model's weights, any {@link
 * io.parcours.models.PropensityModels}, a Tribuo model file) scores the candidates again; {@link
 * io.parcours.models.offline.GreedyPolicy} ranks them as arbitration would on the candidate's mean
 * propensities; {@link io.parcours.models.offline.InversePropensityEstimator} turns the matches
 * into IPS and self-normalised IPS estimates of the candidate's response rate with 95 % intervals.
 *
 * <p>Rules of this package: plain Java on the domain, the models and Tribuo; no I/O except through
 * the callers' streams.
 */
package io.parcours.models.offline;
