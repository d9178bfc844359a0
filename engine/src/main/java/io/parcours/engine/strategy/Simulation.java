package io.parcours.engine.strategy;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.Exclusion;
import io.parcours.domain.Proposal;
import io.parcours.engine.decision.ActionLibrary;
import io.parcours.engine.decision.Arbitration;
import io.parcours.models.PropensityFeatures;
import io.parcours.models.PropensityModels;
import io.parcours.models.Score;
import io.parcours.rules.EvaluationLimitExceededException;
import io.parcours.rules.RuleEvaluation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * What a strategy version would decide for one customer on one channel, and why two versions decide
 * differently: the heart of the impact preview an approver reads before a version goes live.
 *
 * <p>A simulated decision is a decision without its side effects and without chance: the rules of
 * the version run as in a real decision, each eligible action is scored with the posterior mean of
 * the models in force (no Thompson draw, no control group), arbitration keeps the first action by
 * priority = mean propensity × context weight × value × lever above the threshold. Nothing is
 * recorded, no volume is reserved, no contact history or journey stage changes. Volume limits and
 * the maturity ramp of new actions on outbound channels are left out: they depend on the decisions
 * of the day, not on the version.
 */
public final class Simulation {

  /** The next best action of one simulated decision, or do nothing when {@code action} is null. */
  public record Outcome(
      Action action,
      String treatment,
      double propensity,
      double priority,
      RuleEvaluation evaluation,
      String failure) {

    /** The action's id, or null for do nothing. */
    public String actionId() {
      return action == null ? null : action.id();
    }

    /** Mean propensity × value: what the decision is expected to be worth. */
    public double expectedValue() {
      return action == null ? 0 : propensity * action.value();
    }
  }

  /**
   * Why a customer's next best action differs between the version in force and the candidate.
   *
   * @param rules the rules that made the difference, each once, most telling first
   * @param reason the difference in plain words
   */
  public record Difference(List<String> rules, String reason) {}

  private final PropensityModels models;
  private final Arbitration arbitration;

  /**
   * @param arbitration gives the threshold; it ranks on the means here
   */
  public Simulation(PropensityModels models, Arbitration arbitration) {
    this.models = Objects.requireNonNull(models, "models");
    this.arbitration = Objects.requireNonNull(arbitration, "arbitration");
  }

  /**
   * The situation simulated on {@code channel}: inbound on web, app and call centre, outbound
   * otherwise.
   */
  public static DecisionRequest situation(String customerId, Channel channel, Instant at) {
    Direction direction =
        channel == Channel.EMAIL || channel == Channel.SMS ? Direction.OUTBOUND : Direction.INBOUND;
    return new DecisionRequest(customerId, channel, direction, Map.of(), 1, at);
  }

  /** What {@code version} decides for the customer in {@code request}'s situation. */
  public Outcome decide(
      StrategyVersion version,
      CustomerProfile profile,
      ContactHistory history,
      DecisionRequest request,
      UniformRandomProvider rng) {
    ActionLibrary library = version.strategy().library();
    Map<String, Double> features =
        version
            .strategy()
            .events()
            .features()
            .values(profile.activity(), LocalDate.ofInstant(request.at(), ZoneOffset.UTC));
    RuleEvaluation evaluation;
    try {
      evaluation =
          version
              .rules()
              .evaluate(
                  profile,
                  features,
                  request,
                  library.candidates(request.channel()),
                  history,
                  id -> library.find(id).orElse(null));
    } catch (EvaluationLimitExceededException e) {
      return new Outcome(
          null, null, 0, 0, null, "the rules exceeded their evaluation limit at rule " + e.rule());
    }
    List<String> context =
        PropensityFeatures.context(profile, features, request, evaluation.journeyStages());
    PropensityModels.Serving serving = models.serving(request.channel(), context, rng);
    List<Arbitration.Scored> scored = new ArrayList<>(evaluation.eligible().size());
    for (Action a : evaluation.eligible()) {
      if (!a.activeAt(request.at())) {
        continue;
      }
      Score s = serving.score(library.modelFeatures(a.id()), rng);
      scored.add(
          new Arbitration.Scored(
              a,
              s.propensity(),
              s.propensity(),
              evaluation.contextWeight(a.id()),
              s.modelId(),
              s.modelVersion(),
              s.evidence()));
    }
    List<Proposal> shown = arbitration.rank(scored, 1, null, true).shown();
    if (shown.isEmpty()) {
      return new Outcome(null, null, 0, 0, evaluation, null);
    }
    Proposal first = shown.get(0);
    var treatment = evaluation.treatment(first.action().id());
    return new Outcome(
        first.action(),
        treatment == null ? null : treatment.id(),
        first.propensity(),
        first.priority(),
        evaluation,
        null);
  }

  /**
   * Why {@code after} (the candidate's decision) differs from {@code before} (the active
   * version's): the rule that now excludes the action shown before, the rule that excluded before
   * the action shown now, a changed value or lever, and otherwise the rules that fired in one
   * decision only.
   */
  public static Difference difference(
      Channel channel,
      Outcome before,
      Outcome after,
      StrategyVersion active,
      StrategyVersion candidate) {
    Set<String> rules = new LinkedHashSet<>();
    List<String> reasons = new ArrayList<>();
    String was = before.actionId();
    String now = after.actionId();
    if (was != null && after.evaluation() != null) {
      Exclusion e = after.evaluation().exclusionOf(was);
      if (candidate.strategy().library().find(was).isEmpty()) {
        reasons.add(was + " is not in version " + candidate.version());
      } else if (!candidate.strategy().library().find(was).get().offeredOn(channel)) {
        reasons.add(was + " has no treatment on this channel in version " + candidate.version());
      } else if (e != null) {
        rules.add(e.rule());
        reasons.add(was + " is now excluded by " + e.rule() + " (" + e.reason() + ")");
      }
    }
    if (now != null && before.evaluation() != null) {
      Exclusion e = before.evaluation().exclusionOf(now);
      if (active.strategy().library().find(now).isEmpty()) {
        reasons.add(now + " is new in version " + candidate.version());
      } else if (e != null) {
        rules.add(e.rule());
        reasons.add(now + " was excluded by " + e.rule() + " (" + e.reason() + ")");
      }
    }
    if (reasons.isEmpty()) {
      for (String id : new LinkedHashSet<>(java.util.Arrays.asList(now, was))) {
        if (id == null) {
          continue;
        }
        Action a = active.strategy().library().find(id).orElse(null);
        Action b = candidate.strategy().library().find(id).orElse(null);
        if (a != null && b != null && (a.value() != b.value() || a.lever() != b.lever())) {
          reasons.add(
              id
                  + ": value "
                  + number(a.value())
                  + " → "
                  + number(b.value())
                  + ", lever "
                  + number(a.lever())
                  + " → "
                  + number(b.lever()));
        }
      }
    }
    if (reasons.isEmpty() && before.evaluation() != null && after.evaluation() != null) {
      // No exclusion and no changed value explains it: the rules that fire in one version only (a
      // context weight, a stage) are the candidates, those of another action's treatments aside.
      Set<String> onlyNow = new LinkedHashSet<>(after.evaluation().rulesFired());
      onlyNow.removeAll(before.evaluation().rulesFired());
      onlyNow.removeIf(r -> !concerns(r, was, now));
      Set<String> onlyBefore = new LinkedHashSet<>(before.evaluation().rulesFired());
      onlyBefore.removeAll(after.evaluation().rulesFired());
      onlyBefore.removeIf(r -> !concerns(r, was, now));
      if (!onlyNow.isEmpty() || !onlyBefore.isEmpty()) {
        reasons.add(
            "rules that fire in one version only: "
                + (onlyNow.isEmpty() ? "" : "now " + onlyNow)
                + (onlyNow.isEmpty() || onlyBefore.isEmpty() ? "" : ", ")
                + (onlyBefore.isEmpty() ? "" : "before " + onlyBefore));
      }
      rules.addAll(onlyNow);
      rules.addAll(onlyBefore);
    }
    if (was == null && now != null && reasons.isEmpty()) {
      reasons.add(now + " now reaches the threshold; nothing did before");
    } else if (now == null && was != null && reasons.isEmpty()) {
      reasons.add("nothing reaches the threshold now; " + was + " did before");
    }
    if (reasons.isEmpty()) {
      reasons.add(
          "the priorities changed with the context weights or the models' features of the version");
    }
    if (before.failure() != null || after.failure() != null) {
      reasons.add(
          0,
          before.failure() != null
              ? "in force: " + before.failure()
              : "candidate: " + after.failure());
    }
    return new Difference(List.copyOf(rules), String.join("; ", reasons));
  }

  /**
   * The prefix of the rule the engine writes for a treatment's eligibility: {@code
   * TreatmentEligible <action>/<treatment>}.
   */
  private static final String TREATMENT_RULE = "TreatmentEligible ";

  /**
   * Whether rule {@code rule} may explain a change between actions {@code was} and {@code now}: any
   * rule of the version may, except a treatment's eligibility rule of another action, which only
   * chooses what that action shows.
   */
  private static boolean concerns(String rule, String was, String now) {
    if (!rule.startsWith(TREATMENT_RULE)) {
      return true;
    }
    String action =
        rule.substring(
            TREATMENT_RULE.length(),
            rule.indexOf('/', TREATMENT_RULE.length()) < 0
                ? rule.length()
                : rule.indexOf('/', TREATMENT_RULE.length()));
    return action.equals(was) || action.equals(now);
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
