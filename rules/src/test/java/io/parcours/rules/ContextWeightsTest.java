package io.parcours.rules;

import static io.parcours.rules.Scenario.libraryActions;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenarios for {@code context-weights.drl}: how relevant an allowed action is now. Stages come
 * from {@code journey-stages.drl}.
 */
class ContextWeightsTest {

  private static RuleEngine rules;

  @BeforeAll
  static void compile() throws RuleSetCompilationException {
    rules = Scenario.bundledEngine("journey-stages.drl", "context-weights.drl");
  }

  private static double weight(Scenario s, String actionId) {
    return s.evaluate(rules, libraryActions(actionId)).contextWeight(actionId);
  }

  @Test
  void anActionNoRuleSpeaksOfWeighsOne() {
    assertEquals(1.0, weight(new Scenario(), "savings-account"));
  }

  @Test
  void anActionOfTheGroupTheCustomerAsksAboutWeighsMore() {
    assertEquals(
        1.5, weight(new Scenario().context("intent", "savings-account"), "savings-account"));
    assertEquals(1.0, weight(new Scenario().context("intent", "mortgage"), "savings-account"));
  }

  @Test
  void paymentSupportWeighsDoubleInDifficultyButNotInEarlyDifficulty() {
    Scenario deep = new Scenario();
    deep.missedPayments = 2;
    assertEquals(2.0, weight(deep, "reduced-instalments"));
    Scenario early = new Scenario();
    early.missedPayments = 1;
    assertEquals(1.0, weight(early, "payment-reminder"));
  }

  @Test
  void retentionGesturesWeighMoreForACustomerLeaving() {
    Scenario leaving = new Scenario();
    leaving.churnRisk = 0.85;
    assertEquals(1.5, weight(leaving, "loyalty-bonus"));
    Scenario atRisk = new Scenario();
    atRisk.churnRisk = 0.65;
    assertEquals(1.0, weight(atRisk, "loyalty-bonus"));
  }

  @Test
  void weightsMultiply() {
    Scenario travelling = new Scenario().context("intent", "travel-insurance");
    travelling.travellingAbroad = true;
    assertEquals(2.25, weight(travelling, "travel-insurance"), 1e-12);
  }

  @Test
  void contentOnTheTopicBeingReadWeighsMore() {
    assertEquals(1.5, weight(new Scenario().context("topic", "financial-health"), "savings-tips"));
    assertEquals(1.0, weight(new Scenario().context("topic", "investing"), "savings-tips"));
  }
}
