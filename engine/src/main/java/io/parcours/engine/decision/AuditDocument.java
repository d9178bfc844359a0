package io.parcours.engine.decision;

import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Decision;
import io.parcours.domain.Exclusion;
import io.parcours.domain.Proposal;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What compliance needs to explain a decision later: the inputs (request, profile, derived features,
 * contact history size), the rule-set version and the rules that fired, every exclusion with its rule, every score with
 * its model version, the threshold and the result.
 */
@JsonbPropertyOrder({
  "format", "decisionId", "decidedAt", "request", "profile", "derivedFeatures", "contactHistory", "ruleSetVersion",
  "rulesFired", "journeyStages", "exclusions", "scores", "threshold", "result", "doNothingReason"
})
public record AuditDocument(
    int format,
    String decisionId,
    Instant decidedAt,
    RequestPart request,
    CustomerProfile profile,
    Map<String, Double> derivedFeatures,
    HistoryPart contactHistory,
    String ruleSetVersion,
    List<String> rulesFired,
    Map<String, String> journeyStages,
    List<Exclusion> exclusions,
    List<ScorePart> scores,
    double threshold,
    List<String> result,
    String doNothingReason,
    String policy,
    List<String> modelFeatures,
    Double firstPlaceProbability) {

  /**
   * The version of this document's layout: 2 adds the policy and the model features, 3 the
   * probability that the policy would have put the action shown first first ({@code
   * firstPlaceProbability}, absent when the first place was not decided among optional actions), 4
   * the values of the customer's derived features the rules and models saw ({@code derivedFeatures}),
   * and the profile's custom attributes and event tallies.
   */
  public static final int FORMAT = 4;

  /** The decision was ranked on the models' Thompson draws. */
  public static final String POLICY_MODELS = "models";

  /**
   * The decision belonged to the random control group: ranked on random propensities, so that the
   * models' uplift over chance can be measured.
   */
  public static final String POLICY_CONTROL = "control";

  /** The channel's question. */
  @JsonbPropertyOrder({"customerId", "channel", "direction", "context", "limit"})
  public record RequestPart(
      String customerId, String channel, String direction, Map<String, String> context, int limit) {}

  /** How much contact history the policies saw. */
  public record HistoryPart(int impressions, int responses) {}

  /** One scored action: shown (rank ≥ 1) or below the threshold (rank 0). */
  @JsonbPropertyOrder({
    "actionId", "rank", "modelId", "modelVersion", "evidence", "propensity", "sampledPropensity",
    "contextWeight", "value", "lever", "priority"
  })
  public record ScorePart(
      String actionId,
      int rank,
      String modelId,
      long modelVersion,
      long evidence,
      double propensity,
      double sampledPropensity,
      double contextWeight,
      double value,
      double lever,
      double priority) {

    static ScorePart of(Proposal p) {
      return new ScorePart(
          p.action().id(),
          p.rank(),
          p.modelId(),
          p.modelVersion(),
          p.evidence(),
          p.propensity(),
          p.sampledPropensity(),
          p.contextWeight(),
          p.action().value(),
          p.action().lever(),
          p.priority());
    }
  }

  /** The document of {@code decision}, made from {@code profile} and {@code history}. */
  public static AuditDocument of(
      Decision decision, CustomerProfile profile, Map<String, Double> derivedFeatures, ContactHistory history,
      double threshold, String policy,
      List<String> modelFeatures, Double firstPlaceProbability) {
    List<ScorePart> scores = new ArrayList<>(decision.proposals().size() + decision.belowThreshold().size());
    List<String> result = new ArrayList<>(decision.proposals().size());
    for (Proposal p : decision.proposals()) {
      scores.add(ScorePart.of(p));
      result.add(p.action().id());
    }
    for (Proposal p : decision.belowThreshold()) {
      scores.add(ScorePart.of(p));
    }
    var r = decision.request();
    return new AuditDocument(
        FORMAT,
        decision.decisionId(),
        decision.decidedAt(),
        new RequestPart(r.customerId(), r.channel().code(), r.direction().code(), r.context(), r.limit()),
        profile,
        derivedFeatures,
        new HistoryPart(history.impressions().size(), history.responses().size()),
        decision.ruleSetVersion(),
        decision.rulesFired(),
        decision.journeyStages(),
        decision.exclusions(),
        scores,
        threshold,
        result,
        decision.doNothingReason(),
        policy,
        List.copyOf(modelFeatures),
        firstPlaceProbability);
  }
}
