package io.parcours.engine.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Exclusion;
import io.parcours.rules.EvaluationLimits;
import io.parcours.rules.RuleEvaluation;
import io.parcours.rules.RuleSetSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reason a simulated decision changes names the rule that made the difference and only that:
 * the exclusion of the action shown before, else the rules that fire in one version only, leaving
 * out the eligibility rules of other actions' treatments, which choose what those actions show and
 * nothing else.
 */
class SimulationDifferenceTest {

  private static StrategyVersion shipped;

  @BeforeAll
  static void compile() throws Exception {
    shipped =
        StrategyVersion.compile(
            "shipped", RuleSetSource.bundled().files(), EvaluationLimits.DEFAULT);
  }

  private static Action action(String id) {
    return shipped.strategy().library().find(id).orElseThrow();
  }

  private static RuleEvaluation evaluation(List<String> fired, List<Exclusion> exclusions) {
    return new RuleEvaluation(
        List.of(), exclusions, Map.of(), Map.of(), Map.of(), fired, null, Map.of());
  }

  private static Simulation.Outcome shows(String id, RuleEvaluation e) {
    return new Simulation.Outcome(action(id), "web", 0.1, 1, e, null);
  }

  @Test
  void theRuleThatNowExcludesTheActionShownBeforeIsTheOneNamed() {
    Simulation.Outcome before = shows("savings-account", evaluation(List.of("A", "B"), List.of()));
    Simulation.Outcome after =
        shows(
            "personal-loan",
            evaluation(
                List.of("A", "C", "Pause"),
                List.of(new Exclusion("savings-account", "Pause", "paused"))));

    Simulation.Difference d = Simulation.difference(Channel.WEB, before, after, shipped, shipped);

    assertEquals(List.of("Pause"), d.rules());
    assertTrue(
        d.reason().contains("savings-account is now excluded by Pause (paused)"), d.reason());
  }

  @Test
  void otherwiseTheRulesFiringInOneVersionOnlyAreNamedButNotAnotherActionsTreatmentRule() {
    Simulation.Outcome before =
        shows("savings-account", evaluation(List.of("A", "WeightBefore"), List.of()));
    Simulation.Outcome after =
        shows(
            "personal-loan",
            evaluation(
                List.of(
                    "A",
                    "WeightNow",
                    "TreatmentEligible home-insurance/web-owners",
                    "TreatmentEligible personal-loan/web-young"),
                List.of()));

    Simulation.Difference d = Simulation.difference(Channel.WEB, before, after, shipped, shipped);

    assertEquals(
        List.of("WeightNow", "TreatmentEligible personal-loan/web-young", "WeightBefore"),
        d.rules());
    assertTrue(d.reason().startsWith("rules that fire in one version only"), d.reason());
  }
}
