package io.parcours.web.api;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Decision;
import io.parcours.domain.Exclusion;
import io.parcours.domain.Proposal;
import io.parcours.domain.Treatment;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON views of API version 1. */
public final class Views {

  private Views() {}

  /**
   * A decision as the channel receives it; doNothingReason is null (not absent) when actions are
   * shown.
   */
  @JsonbNillable
  @JsonbPropertyOrder({
    "decisionId",
    "customerId",
    "channel",
    "direction",
    "decidedAt",
    "ruleSetVersion",
    "doNothing",
    "doNothingReason",
    "actions",
    "excluded",
    "journeyStages"
  })
  public record DecisionView(
      String decisionId,
      String customerId,
      String channel,
      String direction,
      Instant decidedAt,
      String ruleSetVersion,
      boolean doNothing,
      String doNothingReason,
      List<ProposalView> actions,
      List<ExclusionView> excluded,
      Map<String, String> journeyStages) {

    static DecisionView of(Decision d) {
      return new DecisionView(
          d.decisionId(),
          d.request().customerId(),
          d.request().channel().code(),
          d.request().direction().code(),
          d.decidedAt(),
          d.ruleSetVersion(),
          d.isDoNothing(),
          d.doNothingReason(),
          d.proposals().stream().map(ProposalView::of).toList(),
          d.exclusions().stream().map(ExclusionView::of).toList(),
          d.journeyStages());
    }
  }

  /** One ranked action. */
  @JsonbPropertyOrder({
    "rank",
    "actionId",
    "name",
    "issue",
    "group",
    "journey",
    "treatment",
    "propensity",
    "sampledPropensity",
    "contextWeight",
    "value",
    "lever",
    "priority",
    "modelId",
    "modelVersion",
    "evidence"
  })
  public record ProposalView(
      int rank,
      String actionId,
      String name,
      String issue,
      String group,
      String journey,
      @Schema(
              description =
                  "What the channel shows for this action: the first of its treatments on the"
                      + " channel the customer may get; absent for an action without treatments")
          TreatmentView treatment,
      double propensity,
      double sampledPropensity,
      double contextWeight,
      double value,
      double lever,
      double priority,
      String modelId,
      long modelVersion,
      long evidence) {

    static ProposalView of(Proposal p) {
      Action a = p.action();
      return new ProposalView(
          p.rank(),
          a.id(),
          a.name(),
          a.issue().code(),
          a.group(),
          a.journey(),
          p.treatment() == null ? null : TreatmentView.of(p.treatment()),
          p.propensity(),
          p.sampledPropensity(),
          p.contextWeight(),
          a.value(),
          a.lever(),
          p.priority(),
          p.modelId(),
          p.modelVersion(),
          p.evidence());
    }
  }

  /** An excluded action and the rule that excluded it. */
  @JsonbPropertyOrder({"actionId", "rule", "reason"})
  public record ExclusionView(String actionId, String rule, String reason) {
    static ExclusionView of(Exclusion e) {
      return new ExclusionView(e.actionId(), e.rule(), e.reason());
    }
  }

  /** What a channel shows for an action. */
  @JsonbPropertyOrder({"id", "channel", "title", "text", "template", "link", "eligibility"})
  public record TreatmentView(
      String id,
      String channel,
      String title,
      String text,
      String template,
      String link,
      @Schema(
              description =
                  "The condition on the customer, as a constraint of the Customer fact; absent"
                      + " when every customer may get it")
          String eligibility) {

    static TreatmentView of(Treatment t) {
      return new TreatmentView(
          t.id(),
          t.channel().code(),
          t.title(),
          t.text(),
          t.template(),
          t.link() == null ? null : t.link().toString(),
          t.eligibility());
    }
  }

  /** An action of the library. */
  @JsonbPropertyOrder({
    "actionId",
    "name",
    "issue",
    "group",
    "journey",
    "channels",
    "value",
    "lever",
    "description",
    "stages",
    "mandatory",
    "dailyLimit",
    "budget",
    "activeFrom",
    "activeUntil",
    "treatments"
  })
  public record ActionView(
      String actionId,
      String name,
      String issue,
      String group,
      String journey,
      List<String> channels,
      double value,
      double lever,
      String description,
      List<String> stages,
      boolean mandatory,
      int dailyLimit,
      @Schema(
              description =
                  "The most impressions across all customers in the action's whole life; 0: none")
          long budget,
      @Schema(description = "The first instant the action may be shown; absent: since ever")
          Instant activeFrom,
      @Schema(
              description =
                  "The instant from which the action is no longer shown; absent: for ever")
          Instant activeUntil,
      List<TreatmentView> treatments) {

    static ActionView of(Action a) {
      return new ActionView(
          a.id(),
          a.name(),
          a.issue().code(),
          a.group(),
          a.journey(),
          a.channels().stream().sorted().map(Channel::code).toList(),
          a.value(),
          a.lever(),
          a.description(),
          a.stages().stream().sorted().toList(),
          a.mandatory(),
          a.dailyLimit(),
          a.budget(),
          a.activeFrom(),
          a.activeUntil(),
          a.treatments().stream().map(TreatmentView::of).toList());
    }
  }

  /** A customer profile. */
  @JsonbPropertyOrder({
    "customerId",
    "name",
    "age",
    "region",
    "segment",
    "tenureMonths",
    "products",
    "balance",
    "monthlyIncome",
    "churnRisk",
    "missedPayments",
    "openComplaint",
    "travellingAbroad",
    "consents",
    "timeZone",
    "updatedAt",
    "attributes",
    "derivedFeatures"
  })
  public record CustomerView(
      String customerId,
      String name,
      int age,
      String region,
      String segment,
      int tenureMonths,
      List<String> products,
      double balance,
      double monthlyIncome,
      double churnRisk,
      int missedPayments,
      boolean openComplaint,
      boolean travellingAbroad,
      List<String> consents,
      String timeZone,
      Instant updatedAt,
      @Schema(description = "Custom attributes by name (strings, numbers, booleans), as declared")
          Map<String, Object> attributes,
      @Schema(
              description =
                  "Each derived feature's value now, by name, in the order of the declarations:"
                      + " counts, sums, active days or days since the last event over a window of days")
          Map<String, Double> derivedFeatures) {

    static CustomerView of(CustomerProfile p, Map<String, Double> derivedFeatures) {
      return new CustomerView(
          p.customerId(),
          p.name(),
          p.age(),
          p.region(),
          p.segment(),
          p.tenureMonths(),
          p.products().stream().sorted().toList(),
          p.balance(),
          p.monthlyIncome(),
          p.churnRisk(),
          p.missedPayments(),
          p.openComplaint(),
          p.travellingAbroad(),
          p.consents().stream().sorted().map(Consent::code).toList(),
          p.timeZone(),
          p.updatedAt(),
          new java.util.TreeMap<>(p.attributes()),
          derivedFeatures);
    }
  }

  /** One line of a page of customers. */
  public record CustomerSummaryView(String customerId, String name, String segment) {}

  /** A page of customers. */
  @JsonbPropertyOrder({"total", "limit", "offset", "customers"})
  public record CustomerPage(
      long total, int limit, int offset, List<CustomerSummaryView> customers) {}

  /** A stored response. */
  @Schema(name = "ResponseView")
  @JsonbPropertyOrder({"responseId", "decisionId", "actionId", "outcome", "receivedAt", "replayed"})
  public record ResponseView(
      long responseId,
      String decisionId,
      String actionId,
      String outcome,
      Instant receivedAt,
      boolean replayed) {}

  /** The result of verifying the audit chain. */
  @JsonbPropertyOrder({"verified", "intact", "firstBrokenSeq", "problem"})
  public record VerificationView(
      long verified, boolean intact, long firstBrokenSeq, String problem) {}
}
