package io.parcours.models.offline;

import io.parcours.models.PropensityFeatures;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One logged decision as off-policy evaluation reads it: what was ranked, what came first, how
 * likely that was, and whether the customer responded positively to it.
 *
 * @param context the context features the models saw ({@code decisions.model_features})
 * @param candidates the optional actions arbitration ranked, in their logged order
 * @param firstAction the action shown first, or null when nothing was shown
 * @param firstPlaceProbability the probability that the logging policy would have put {@code
 *     firstAction} first, in (0, 1]; null when nothing was shown or it is not known (such a
 *     decision cannot be evaluated)
 * @param positive whether the customer accepted or clicked the action shown first
 */
public record LoggedDecision(
    String decisionId,
    Instant decidedAt,
    String channel,
    List<String> context,
    List<Candidate> candidates,
    String firstAction,
    Double firstPlaceProbability,
    boolean positive) {

  public LoggedDecision {
    context = List.copyOf(context);
    candidates = List.copyOf(candidates);
    if (firstPlaceProbability != null
        && !(firstPlaceProbability > 0 && firstPlaceProbability <= 1)) {
      throw new IllegalArgumentException(
          "decision "
              + decisionId
              + " showed "
              + firstAction
              + " first with a probability of "
              + firstPlaceProbability
              + "; it must be in (0, 1]");
    }
    if (firstAction == null && positive) {
      throw new IllegalArgumentException(
          "decision " + decisionId + " showed nothing, so nothing was answered");
    }
  }

  /**
   * An optional action of the decision with what its priority was made of.
   *
   * @param group its product line, to rebuild its model features
   * @param issue its business purpose, likewise
   */
  public record Candidate(
      String actionId,
      String group,
      String issue,
      double contextWeight,
      double value,
      double lever) {

    public Candidate {
      Objects.requireNonNull(actionId, "actionId");
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(issue, "issue");
    }

    /** context weight × value × lever: the priority is a propensity times this. */
    public double factor() {
      return contextWeight * value * lever;
    }

    /**
     * The features a model sees for this action in {@code context} ({@link PropensityFeatures#of}).
     */
    public List<String> features(List<String> context) {
      return PropensityFeatures.of(actionId, group, issue, context);
    }
  }
}
