package io.parcours.engine.decision;

import io.parcours.domain.Action;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DecisionRequest;
import io.parcours.engine.RuleSetLimitException;
import io.parcours.engine.strategy.StrategyVersion;
import io.parcours.rules.EvaluationLimitExceededException;
import io.parcours.rules.RuleEngine;
import io.parcours.rules.RuleEvaluation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The rules of the version in force, evaluated for a customer in a situation: their journey stages,
 * which candidates are eligible, applicable and suitable, the contact policies, the treatments and
 * the context weights. Decisions, stage re-evaluations and quiet-hour checks all go through here,
 * so they see the same version's rules and the same derived features.
 */
final class RuleStep {

  private static final Logger LOG = Logger.getLogger(RuleStep.class.getName());

  private RuleStep() {}

  /** What the rules said, with the derived features they were given. */
  record Evaluated(StrategyVersion version, Map<String, Double> features, RuleEvaluation rules) {}

  /**
   * Evaluates {@code version}'s rules; a rehearsal's firings are not counted in the rule set's
   * statistics.
   *
   * @throws RuleSetLimitException when the rule set went past its evaluation limit (logged here,
   *     with the rule)
   */
  static Evaluated evaluate(
      StrategyVersion version,
      CustomerProfile profile,
      DecisionRequest request,
      List<Action> candidates,
      ContactHistory history,
      boolean rehearsal) {
    Map<String, Double> features = features(version, profile, request.at());
    RuleEngine rules = version.rules();
    ActionLibrary library = version.strategy().library();
    try {
      Function<String, Action> find = id -> library.find(id).orElse(null);
      return new Evaluated(
          version,
          features,
          rehearsal
              ? rules.rehearse(profile, features, request, candidates, history, find)
              : rules.evaluate(profile, features, request, candidates, history, find));
    } catch (EvaluationLimitExceededException e) {
      throw limitExceeded(rules, request.customerId(), e);
    }
  }

  /**
   * The values of the customer's derived features at {@code at}, by name, in the order of their
   * declaration: computed from the profile's day-by-day tallies on the UTC day of {@code at}, so
   * that a window slides with the clock even when no event arrives.
   */
  static Map<String, Double> features(
      StrategyVersion version, CustomerProfile profile, Instant at) {
    return version
        .strategy()
        .events()
        .features()
        .values(profile.activity(), LocalDate.ofInstant(at, ZoneOffset.UTC));
  }

  /**
   * Logs that the rule set in force went past its evaluation limit for a customer, with the rule,
   * and gives the exception that answers the request. Only this rare path logs: an evaluation that
   * stays within the limits writes nothing to the log.
   */
  private static RuleSetLimitException limitExceeded(
      RuleEngine rules, String customerId, EvaluationLimitExceededException e) {
    LOG.log(
        Level.WARNING,
        "rule set "
            + rules.version()
            + " exceeded its evaluation limit for customer "
            + customerId
            + " at rule "
            + e.rule()
            + ": "
            + e.getMessage());
    return new RuleSetLimitException(
        rules.version(),
        e.rule(),
        "rule set "
            + rules.version()
            + " exceeded its evaluation limit for this decision: "
            + e.getMessage()
            + ". Correct the rule set or roll it back (POST /api/v1/rulesets/active/rollback)",
        e);
  }
}
