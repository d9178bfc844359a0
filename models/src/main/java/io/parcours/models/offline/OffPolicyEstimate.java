package io.parcours.models.offline;

import io.parcours.models.UpliftEstimate;

/**
 * A candidate policy's response rate estimated from logged decisions ({@link
 * InversePropensityEstimator} has the formulas). Estimates are null when they cannot be computed
 * (no decision, no match).
 *
 * @param decisions logged decisions evaluated: those whose first place was decided among optional
 *     actions
 * @param matched decisions where the candidate would have shown first what the logging policy did
 * @param candidateShowsNothing decisions where no candidate reached the threshold under the
 *     candidate
 * @param loggedRate the logging policy's own rate on the same decisions (positive responses to the
 *     action shown first ÷ decisions), with its 95 % Wilson interval
 * @param ips the inverse propensity scoring estimate of the candidate's rate
 * @param ipsLow its 95 % interval (central limit theorem)
 * @param snips the self-normalised estimate
 * @param snipsLow its 95 % interval (delta method)
 * @param effectiveSampleSize (Σ w)² / Σ w²
 * @param meanWeight (1/n) Σ w, 1 in expectation
 * @param maxWeight the largest weight used
 * @param clippedWeights how many weights the clip lowered
 * @param clip the clip, null for none
 */
public record OffPolicyEstimate(
    long decisions,
    long matched,
    long candidateShowsNothing,
    UpliftEstimate.Rate loggedRate,
    Double ips,
    Double ipsLow,
    Double ipsHigh,
    Double snips,
    Double snipsLow,
    Double snipsHigh,
    Double effectiveSampleSize,
    Double meanWeight,
    Double maxWeight,
    long clippedWeights,
    Double clip) {}
