package io.parcours.models.offline;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The policy a candidate model would run without exploring: rank the logged candidates by the
 * candidate's mean propensity × context weight × value × lever and show the first, or nothing when
 * its priority is below the threshold. Ties go to the candidate logged first.
 */
public final class GreedyPolicy {

  private final Function<String, CandidateScorer> scorers;
  private final double threshold;

  /**
   * @param threshold the least priority worth showing, as the engine's arbitration has it
   */
  public GreedyPolicy(CandidateScorer scorer, double threshold) {
    this(channel -> scorer, threshold);
    Objects.requireNonNull(scorer, "scorer");
  }

  /**
   * A policy with a model per channel, as the engine's contextual models are.
   *
   * @param scorers the candidate model of a channel, by the channel's code
   */
  public GreedyPolicy(Function<String, CandidateScorer> scorers, double threshold) {
    this.scorers = Objects.requireNonNull(scorers, "scorers");
    if (!(threshold >= 0)) {
      throw new IllegalArgumentException("the threshold must be ≥ 0, not " + threshold);
    }
    this.threshold = threshold;
  }

  /** The action this policy shows first in {@code decision}, or null when it shows nothing. */
  public String choose(LoggedDecision decision) {
    List<String> context = decision.context();
    CandidateScorer scorer = scorers.apply(decision.channel());
    String best = null;
    double bestPriority = Double.NEGATIVE_INFINITY;
    for (LoggedDecision.Candidate c : decision.candidates()) {
      double priority = scorer.propensity(c.actionId(), c.features(context)) * c.factor();
      if (priority > bestPriority) {
        bestPriority = priority;
        best = c.actionId();
      }
    }
    return best != null && bestPriority >= threshold ? best : null;
  }
}
