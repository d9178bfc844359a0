package io.parcours.rules;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Exclusion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of running a rule set's scenarios: which passed, and for each that failed, what was
 * expected and what the rules concluded instead.
 *
 * @param results one per scenario, in file and line order
 */
public record ScenarioReport(List<ScenarioResult> results) {

  /** One scenario's outcome; {@code failures} is empty when it passed. */
  public record ScenarioResult(String file, int line, String name, List<String> failures) {
    public ScenarioResult {
      failures = List.copyOf(failures);
    }

    public boolean passed() {
      return failures.isEmpty();
    }
  }

  public ScenarioReport {
    results = List.copyOf(results);
  }

  /** How many scenarios passed. */
  public int passed() {
    return (int) results.stream().filter(ScenarioResult::passed).count();
  }

  /** The scenarios that failed. */
  public List<ScenarioResult> failures() {
    return results.stream().filter(r -> !r.passed()).toList();
  }

  /** Whether every scenario passed (also when there is none). */
  public boolean allPassed() {
    return results.stream().allMatch(ScenarioResult::passed);
  }

  /**
   * Runs {@code scenarios} on {@code engine}.
   *
   * @param candidatesFor the actions offered on a channel, as a decision would consider them
   * @param library any action by id, or null when unknown
   */
  public static ScenarioReport run(
      RuleEngine engine,
      List<RuleScenario> scenarios,
      Function<Channel, List<Action>> candidatesFor,
      Function<String, Action> library) {
    List<ScenarioResult> results = new ArrayList<>(scenarios.size());
    for (RuleScenario s : scenarios) {
      List<Action> candidates = candidatesFor.apply(s.request().channel());
      RuleEvaluation e =
          engine.evaluate(
              s.profile(), s.features(), s.request(), candidates, s.history(), library, false);
      List<String> failures = new ArrayList<>();
      for (RuleScenario.Expectation x : s.expectations()) {
        String failure = check(x, e, candidates, s.request().channel());
        if (failure != null) {
          failures.add(
              s.file() + ":" + x.line() + ": expected " + x.describe() + ", but " + failure);
        }
      }
      results.add(new ScenarioResult(s.file(), s.line(), s.name(), failures));
    }
    return new ScenarioReport(results);
  }

  /** Why {@code x} does not hold, or null when it does. */
  private static String check(
      RuleScenario.Expectation x, RuleEvaluation e, List<Action> candidates, Channel channel) {
    if (x instanceof RuleScenario.Eligible el) {
      if (!offered(candidates, el.actionId())) {
        return el.actionId() + " is not an action offered on " + channel.code();
      }
      Exclusion ex = e.exclusionOf(el.actionId());
      return ex == null ? null : "it was excluded by " + ex.rule() + " (" + ex.reason() + ")";
    }
    if (x instanceof RuleScenario.Excluded ex) {
      if (!offered(candidates, ex.actionId())) {
        return ex.actionId() + " is not an action offered on " + channel.code();
      }
      Exclusion found = e.exclusionOf(ex.actionId());
      if (found == null) {
        return "it was eligible";
      }
      return ex.rule() == null || ex.rule().equals(found.rule())
          ? null
          : "it was excluded by " + found.rule() + " (" + found.reason() + ")";
    }
    if (x instanceof RuleScenario.Stage st) {
      String actual = e.journeyStages().get(st.journey());
      if (Objects.equals(st.stage(), actual)) {
        return null;
      }
      return actual == null
          ? "the customer is in no stage of " + st.journey()
          : "the customer is at stage " + actual + " (" + e.stageRules().get(st.journey()) + ")";
    }
    if (x instanceof RuleScenario.DoNothing dn) {
      boolean actual = e.doNothingReason() != null;
      if (actual == dn.doNothing()) {
        return null;
      }
      return actual ? "the rules said do nothing: " + e.doNothingReason() : "the rules did not";
    }
    RuleScenario.Weight w = (RuleScenario.Weight) x;
    double actual = e.contextWeight(w.actionId());
    return Math.abs(actual - w.weight()) <= 1e-9 ? null : "the weight was " + actual;
  }

  private static boolean offered(List<Action> candidates, String id) {
    for (Action a : candidates) {
      if (a.id().equals(id)) {
        return true;
      }
    }
    return false;
  }
}
