package io.parcours.rules;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What the rules of one decision conclude, collected as they fire; rule files reach it as the global
 * {@code verdict}.
 *
 * <p>The first word counts: the first rule that excludes an action names the exclusion, the first rule
 * that names a journey's stage sets it, the first do-nothing reason is kept. Weights multiply. A verdict
 * belongs to one evaluation on one thread.
 */
public final class Verdict {

  private final String[] excludedBy;
  private final String[] reasons;
  private final double[] weights;
  private final boolean[] weighed;
  private final Map<String, String> stages = new HashMap<>(8);
  private final Map<String, String> stageRules = new HashMap<>(8);
  private String doNothingReason;

  Verdict(int candidates) {
    excludedBy = new String[candidates];
    reasons = new String[candidates];
    weights = new double[candidates];
    Arrays.fill(weights, 1.0);
    weighed = new boolean[candidates];
  }

  /**
   * Keeps {@code candidate} out of the decision.
   *
   * @param rule the excluding rule's name; in a consequence, {@code drools.getRule().getName()}
   * @param reason why, in plain words, for the customer's advisor and the audit
   */
  public void exclude(Candidate candidate, String rule, String reason) {
    int i = candidate.index();
    if (excludedBy[i] == null) {
      excludedBy[i] = rule;
      reasons[i] = reason;
    }
  }

  /** Keeps every {@link Candidate} of {@code candidates} out of the decision, as {@link #exclude}. */
  public void excludeAll(Collection<?> candidates, String rule, String reason) {
    for (Object c : candidates) {
      exclude((Candidate) c, rule, reason);
    }
  }

  /**
   * Multiplies the context weight of {@code candidate} by {@code weight}: above 1 makes the action more
   * relevant in this situation, below 1 less.
   *
   * @throws IllegalArgumentException when {@code weight} is negative, infinite or not a number
   */
  public void weigh(Candidate candidate, double weight) {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "context weight for " + candidate.getId() + " must be a finite number ≥ 0, was " + weight);
    }
    int i = candidate.index();
    weights[i] *= weight;
    weighed[i] = true;
  }

  /** Records that rule {@code rule} placed the customer at {@code stage} of {@code journey}. */
  void stage(String journey, String stage, String rule) {
    if (stages.putIfAbsent(journey, stage) == null) {
      stageRules.put(journey, rule);
    }
  }

  /**
   * Records that no commercial action may be shown, and why; service and resilience actions the rules
   * left eligible may still be.
   */
  public void doNothing(String reason) {
    if (doNothingReason == null) {
      doNothingReason = reason;
    }
  }

  String excludedBy(int index) {
    return excludedBy[index];
  }

  String reason(int index) {
    return reasons[index];
  }

  /** The weight of candidate {@code index}, or {@code NaN} when no rule weighed it. */
  double weight(int index) {
    return weighed[index] ? weights[index] : Double.NaN;
  }

  Map<String, String> stages() {
    return stages;
  }

  Map<String, String> stageRules() {
    return stageRules;
  }

  String doNothingReason() {
    return doNothingReason;
  }
}
