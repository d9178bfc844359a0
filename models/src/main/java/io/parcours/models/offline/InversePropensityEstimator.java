package io.parcours.models.offline;

import io.parcours.models.UpliftEstimate;

/**
 * Inverse propensity scoring of a deterministic candidate policy's response rate from logged
 * decisions, accumulated one decision at a time in constant memory.
 *
 * <p>For logged decision i, let a_i be the action shown first, p_i the probability with which the
 * logging policy would have put it first, r_i = 1 when the customer responded positively to it, and
 * π(x_i) the candidate's choice. The weight is w_i = 1{π(x_i) = a_i} / p_i, clipped to at most M
 * when a clip is set (which trades a downward bias for a smaller variance). When the candidate
 * shows nothing its reward is known to be 0 without the logging policy's help, and w_i = 1 with r_i
 * = 0.
 *
 * <ul>
 *   <li>IPS: V̂ = (1/n) Σ w_i r_i (Horvitz and Thompson 1952), unbiased without clipping when every
 *       choice of the candidate had a positive logging probability. 95 % interval by the central
 *       limit theorem: V̂ ± 1.96 · s / √n, s² the sample variance of w_i r_i.
 *   <li>Self-normalised IPS: V̂_SN = Σ w_i r_i / Σ w_i (Swaminathan and Joachims, NeurIPS 2015):
 *       slightly biased, often far less variable, and always in [0, 1]. 95 % interval by the delta
 *       method: V̂_SN ± 1.96 · √(Σ w_i² (r_i − V̂_SN)²) / Σ w_i.
 *   <li>Effective sample size (Σ w_i)² / Σ w_i²: how many decisions the estimate is worth; far
 *       below the matched decisions, a few large weights dominate and the intervals deserve less
 *       trust.
 *   <li>Mean weight (1/n) Σ w_i: 1 in expectation; far from 1 warns of a candidate that chooses
 *       what the logging policy almost never did, or of a clip that bites.
 * </ul>
 *
 * <p>Intervals are clipped to [0, 1], the range of a rate.
 */
public final class InversePropensityEstimator {

  /** The normal quantile of a two-sided 95 % interval. */
  static final double Z = 1.959963984540054;

  private final double clip;
  private long decisions;
  private long matches;
  private long nothing;
  private long loggedPositives;
  private long clipped;
  private double sumW;
  private double sumW2;
  private double sumWR;
  private double sumW2R;
  private double maxWeight;

  /** An estimator without clipping. */
  public InversePropensityEstimator() {
    this(Double.POSITIVE_INFINITY);
  }

  /**
   * @param clip the largest weight M, &gt; 1; {@link Double#POSITIVE_INFINITY} for none
   */
  public InversePropensityEstimator(double clip) {
    if (!(clip > 1)) {
      throw new IllegalArgumentException(
          "a weight clip must be above 1 (weights are 1/p ≥ 1), not " + clip);
    }
    this.clip = clip;
  }

  /**
   * Adds a decision where the candidate shows an action.
   *
   * @param matched whether the candidate's choice is the action the logging policy showed first
   * @param probability the logging policy's probability of that action, in (0, 1]; read only if
   *     matched
   * @param positive whether the customer responded positively to the action shown first
   */
  public void add(boolean matched, double probability, boolean positive) {
    decisions++;
    if (positive) {
      loggedPositives++;
    }
    if (!matched) {
      return;
    }
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "a matched decision needs a probability in (0, 1], not " + probability);
    }
    matches++;
    double w = 1 / probability;
    if (w > clip) {
      w = clip;
      clipped++;
    }
    addWeight(w, positive);
  }

  /**
   * Adds a decision where the candidate shows nothing: its reward is known to be 0.
   *
   * @param loggedPositive whether the customer responded positively to what the logging policy
   *     showed
   */
  public void addNothingShown(boolean loggedPositive) {
    decisions++;
    nothing++;
    if (loggedPositive) {
      loggedPositives++;
    }
    addWeight(1, false);
  }

  private void addWeight(double w, boolean positive) {
    sumW += w;
    sumW2 += w * w;
    if (positive) {
      sumWR += w;
      sumW2R += w * w;
    }
    maxWeight = Math.max(maxWeight, w);
  }

  /** The estimates over every decision added so far. */
  public OffPolicyEstimate estimate() {
    UpliftEstimate.Rate logged = UpliftEstimate.Rate.of(loggedPositives, decisions);
    Double max = Double.isInfinite(clip) ? null : clip;
    if (decisions == 0) {
      return new OffPolicyEstimate(
          0, 0, 0, logged, null, null, null, null, null, null, null, null, null, 0, max);
    }
    double n = decisions;
    double ips = sumWR / n;
    Double ipsLow = null;
    Double ipsHigh = null;
    if (decisions > 1) {
      double variance = Math.max(0, (sumW2R - n * ips * ips) / (n - 1));
      double half = Z * Math.sqrt(variance / n);
      ipsLow = clamp(ips - half);
      ipsHigh = clamp(ips + half);
    }
    Double snips = null;
    Double snipsLow = null;
    Double snipsHigh = null;
    Double ess = null;
    if (sumW > 0) {
      double v = sumWR / sumW;
      // Σ w²(r − v)² with r ∈ {0, 1}: Σw²r − 2v Σw²r + v² Σw².
      double spread = Math.max(0, sumW2R * (1 - 2 * v) + v * v * sumW2);
      double half = Z * Math.sqrt(spread) / sumW;
      snips = v;
      snipsLow = clamp(v - half);
      snipsHigh = clamp(v + half);
      ess = sumW * sumW / sumW2;
    }
    return new OffPolicyEstimate(
        decisions,
        matches,
        nothing,
        logged,
        ips,
        ipsLow,
        ipsHigh,
        snips,
        snipsLow,
        snipsHigh,
        ess,
        sumW / n,
        matches + nothing == 0 ? null : maxWeight,
        clipped,
        max);
  }

  private static double clamp(double x) {
    return Math.max(0, Math.min(1, x));
  }
}
