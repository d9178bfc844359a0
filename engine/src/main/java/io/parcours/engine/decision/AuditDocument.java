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
 * What compliance needs to explain a decision later: the inputs (request, profile, derived
 * features, contact history size), the rule-set version and the rules that fired, every exclusion
 * with its rule, every score with its model version, the threshold and the result.
 *
 * <p>The inputs that name or describe the customer (their id, the request's context, the profile,
 * the values of their derived features) are not in the document in clear: they are its {@link
 * PersonalPart}, sealed with the customer's key ({@link AuditSeal}) into {@code sealed} by the
 * audit trail when it writes the record, and {@code subject} names the key. Erasing the customer
 * destroys the key: the record, its hash and everything that explains the decision stay; the
 * personal part can no longer be read.
 */
@JsonbPropertyOrder({
  "format",
  "subject",
  "sealed",
  "decisionId",
  "decidedAt",
  "request",
  "contactHistory",
  "ruleSetVersion",
  "rulesFired",
  "journeyStages",
  "exclusions",
  "scores",
  "threshold",
  "result",
  "doNothingReason"
})
public record AuditDocument(
    int format,
    String subject,
    String sealed,
    String decisionId,
    Instant decidedAt,
    RequestPart request,
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
   * seals the personal inputs (the customer id, the request's context and the profile, with its
   * custom attributes and event tallies, move to the sealed {@link PersonalPart}, with the values
   * of the derived features the rules and models saw).
   */
  public static final int FORMAT = 4;

  /** The decision was ranked on the models' Thompson draws. */
  public static final String POLICY_MODELS = "models";

  /**
   * The decision belonged to the random control group: ranked on random propensities, so that the
   * models' uplift over chance can be measured.
   */
  public static final String POLICY_CONTROL = "control";

  /** The channel's question, without who it is about and what the channel said of them. */
  @JsonbPropertyOrder({"channel", "direction", "limit"})
  public record RequestPart(String channel, String direction, int limit) {}

  /** The inputs that name or describe the customer: sealed in the stored record. */
  @JsonbPropertyOrder({"customerId", "context", "profile", "derivedFeatures"})
  public record PersonalPart(
      String customerId,
      Map<String, String> context,
      CustomerProfile profile,
      Map<String, Double> derivedFeatures) {}

  /** This document with its personal part sealed under {@code subject}'s key. */
  public AuditDocument sealedAs(String subject, String sealed) {
    return new AuditDocument(
        format,
        subject,
        sealed,
        decisionId,
        decidedAt,
        request,
        contactHistory,
        ruleSetVersion,
        rulesFired,
        journeyStages,
        exclusions,
        scores,
        threshold,
        result,
        doNothingReason,
        policy,
        modelFeatures,
        firstPlaceProbability);
  }

  /** How much contact history the policies saw. */
  public record HistoryPart(int impressions, int responses) {}

  /** One scored action: shown (rank ≥ 1) or below the threshold (rank 0). */
  @JsonbPropertyOrder({
    "actionId",
    "treatment",
    "rank",
    "modelId",
    "modelVersion",
    "evidence",
    "propensity",
    "sampledPropensity",
    "contextWeight",
    "value",
    "lever",
    "priority"
  })
  public record ScorePart(
      String actionId,
      String treatment,
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
          p.treatment() == null ? null : p.treatment().id(),
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

  /**
   * The personal part of the document of {@code decision} for {@code profile}, whose derived
   * features had the values {@code derivedFeatures} at the decision.
   */
  public static PersonalPart personal(
      Decision decision, CustomerProfile profile, Map<String, Double> derivedFeatures) {
    return new PersonalPart(
        decision.request().customerId(), decision.request().context(), profile, derivedFeatures);
  }

  /**
   * The document of {@code decision}, made from {@code history}, its personal part not yet sealed
   * ({@link #personal}).
   */
  public static AuditDocument of(
      Decision decision,
      ContactHistory history,
      double threshold,
      String policy,
      List<String> modelFeatures,
      Double firstPlaceProbability) {
    List<ScorePart> scores =
        new ArrayList<>(decision.proposals().size() + decision.belowThreshold().size());
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
        null,
        null,
        decision.decisionId(),
        decision.decidedAt(),
        new RequestPart(r.channel().code(), r.direction().code(), r.limit()),
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
