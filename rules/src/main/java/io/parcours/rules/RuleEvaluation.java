package io.parcours.rules;

import io.parcours.domain.Action;
import io.parcours.domain.Exclusion;
import io.parcours.domain.Treatment;
import java.util.List;
import java.util.Map;

/**
 * What a rule set concluded for one decision, before models and arbitration.
 *
 * @param eligible the candidates no rule excluded, in candidate order
 * @param exclusions each excluded candidate once, in candidate order, with the name of the first
 *     rule that excluded it and that rule's reason in plain words
 * @param contextWeights for eligible candidates that a rule weighed, the product of the weights; an
 *     action absent from the map has weight 1
 * @param journeyStages the customer's current stage per journey, for the journeys a rule placed the
 *     customer in (for example {@code retention → at-risk})
 * @param stageRules for each journey in {@code journeyStages}, the name of the rule that placed the
 *     customer at that stage
 * @param rulesFired the names of the rules that fired, each once, in the order they first fired
 * @param doNothingReason when a rule suppressed every commercial (sales, retention and nurture)
 *     action, why, in plain words; otherwise {@code null}. Service and resilience actions in {@code
 *     eligible} may still be shown
 * @param treatments for each eligible candidate with a treatment on the channel, the first of its
 *     treatments there the customer may get
 */
public record RuleEvaluation(
    List<Action> eligible,
    List<Exclusion> exclusions,
    Map<String, Double> contextWeights,
    Map<String, String> journeyStages,
    Map<String, String> stageRules,
    List<String> rulesFired,
    String doNothingReason,
    Map<String, Treatment> treatments) {

  public RuleEvaluation {
    eligible = List.copyOf(eligible);
    exclusions = List.copyOf(exclusions);
    contextWeights = Map.copyOf(contextWeights);
    journeyStages = Map.copyOf(journeyStages);
    stageRules = Map.copyOf(stageRules);
    rulesFired = List.copyOf(rulesFired);
    treatments = Map.copyOf(treatments);
  }

  /**
   * The treatment the channel shows for eligible action {@code actionId}; null when it has none
   * there.
   */
  public Treatment treatment(String actionId) {
    return treatments.get(actionId);
  }

  /** The context weight of action {@code actionId}: 1 unless a rule weighed it. */
  public double contextWeight(String actionId) {
    Double w = contextWeights.get(actionId);
    return w == null ? 1.0 : w;
  }

  /**
   * The exclusion of action {@code actionId}, or {@code null} when it is eligible or not a
   * candidate.
   */
  public Exclusion exclusionOf(String actionId) {
    for (Exclusion e : exclusions) {
      if (e.actionId().equals(actionId)) {
        return e;
      }
    }
    return null;
  }

  /** Whether action {@code actionId} is among the eligible. */
  public boolean isEligible(String actionId) {
    for (Action a : eligible) {
      if (a.id().equals(actionId)) {
        return true;
      }
    }
    return false;
  }
}
