package io.parcours.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One answer of the engine: the ranked actions (maybe none: do nothing), every excluded action with
 * the rule that excluded it, and the versions of what decided.
 *
 * @param decisionId unique and time ordered
 * @param request the question
 * @param proposals ranked actions, best first; empty means do nothing
 * @param exclusions actions the rules kept out, each with its rule
 * @param belowThreshold eligible actions whose priority did not reach the threshold
 * @param journeyStages the customer's current stage per journey, as the rules found it
 * @param ruleSetVersion the rule-set version that decided
 * @param rulesFired names of the rules that fired, in firing order
 * @param doNothingReason why nothing was proposed, or {@code null} when something was
 * @param decidedAt when the answer was made
 */
public record Decision(
    String decisionId,
    DecisionRequest request,
    List<Proposal> proposals,
    List<Exclusion> exclusions,
    List<Proposal> belowThreshold,
    Map<String, String> journeyStages,
    String ruleSetVersion,
    List<String> rulesFired,
    String doNothingReason,
    Instant decidedAt) {

  public Decision {
    proposals = List.copyOf(proposals);
    exclusions = List.copyOf(exclusions);
    belowThreshold = List.copyOf(belowThreshold);
    journeyStages = Map.copyOf(journeyStages);
    rulesFired = List.copyOf(rulesFired);
  }

  /** Whether the answer is to show nothing. */
  public boolean isDoNothing() {
    return proposals.isEmpty();
  }
}
