package io.parcours.models.offline;

import java.util.Objects;

/**
 * Evaluates a candidate model's greedy policy on logged decisions, streamed one at a time: the
 * candidate ranks each decision's candidates ({@link GreedyPolicy}), its choice is matched against
 * what the logging policy showed first, and the matches feed an {@link InversePropensityEstimator}.
 *
 * <p>A decision that showed something first without a first-place probability cannot be evaluated
 * and is counted in {@link #skipped()}; so is one without candidates.
 */
public final class OffPolicyEvaluation {

  private final GreedyPolicy policy;
  private final InversePropensityEstimator estimator;
  private long skipped;

  /**
   * @param threshold the arbitration threshold the candidate would run with
   * @param clip the largest weight, {@link Double#POSITIVE_INFINITY} for none
   */
  public OffPolicyEvaluation(CandidateScorer candidate, double threshold, double clip) {
    this(new GreedyPolicy(Objects.requireNonNull(candidate, "candidate"), threshold), clip);
  }

  /**
   * @param policy the candidate's greedy policy
   * @param clip the largest weight, {@link Double#POSITIVE_INFINITY} for none
   */
  public OffPolicyEvaluation(GreedyPolicy policy, double clip) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.estimator = new InversePropensityEstimator(clip);
  }

  /** Adds one logged decision. */
  public void add(LoggedDecision d) {
    if (d.candidates().isEmpty()
        || (d.firstAction() != null && d.firstPlaceProbability() == null)) {
      skipped++;
      return;
    }
    String choice = policy.choose(d);
    if (choice == null) {
      estimator.addNothingShown(d.positive());
    } else {
      boolean matched = choice.equals(d.firstAction());
      estimator.add(matched, matched ? d.firstPlaceProbability() : Double.NaN, d.positive());
    }
  }

  /** Decisions that could not be evaluated. */
  public long skipped() {
    return skipped;
  }

  /** The estimates so far. */
  public OffPolicyEstimate estimate() {
    return estimator.estimate();
  }
}
