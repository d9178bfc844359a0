package io.parcours.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scenarios for {@code journey-stages.drl}: where a customer stands in each journey. */
class JourneyStagesTest {

  private static RuleEngine rules;

  @BeforeAll
  static void compile() throws RuleSetCompilationException {
    rules = Scenario.bundledEngine("journey-stages.drl");
  }

  private static Map<String, String> stagesOf(Scenario s) {
    return s.evaluate(rules, List.of()).journeyStages();
  }

  private static String stage(Scenario s, String journey) {
    return stagesOf(s).get(journey);
  }

  // Lifecycle

  @Test
  void aCustomerFillingInAnApplicationIsAtPurchase() {
    Scenario s = new Scenario().context("step", "apply").context("intent", "credit-card");
    assertEquals("purchase", stage(s, "lifecycle"));
  }

  @Test
  void aCustomerInterestedInAProductNotHeldIsAtSelection() {
    Scenario s = new Scenario().context("intent", "credit-card");
    assertEquals("selection", stage(s, "lifecycle"));
  }

  @Test
  void interestInAProductAlreadyHeldIsNotSelection() {
    Scenario s = new Scenario().holding("current-account", "credit-card").context("intent", "credit-card");
    assertEquals("keep-in-touch", stage(s, "lifecycle"));
  }

  @Test
  void aProspectWithoutProductsOrIntentIsResearching() {
    Scenario s = new Scenario().holding();
    s.tenureMonths = 0;
    assertEquals("research", stage(s, "lifecycle"));
  }

  @Test
  void aLongStandingHappyMultiProductCustomerIsAnAdvocate() {
    Scenario s = new Scenario().holding("current-account", "savings-account", "credit-card");
    s.tenureMonths = 36;
    s.churnRisk = 0.29;
    assertEquals("advocacy", stage(s, "lifecycle"));
  }

  @Test
  void advocacyNeedsThreeYearsThreeProductsLowChurnRiskAndNoComplaint() {
    Scenario justShort = new Scenario().holding("current-account", "savings-account", "credit-card");
    justShort.tenureMonths = 35;
    assertEquals("keep-in-touch", stage(justShort, "lifecycle"));

    Scenario twoProducts = new Scenario().holding("current-account", "savings-account");
    twoProducts.tenureMonths = 48;
    assertEquals("keep-in-touch", stage(twoProducts, "lifecycle"));

    Scenario mayLeave = new Scenario().holding("current-account", "savings-account", "credit-card");
    mayLeave.tenureMonths = 48;
    mayLeave.churnRisk = 0.3;
    assertEquals("keep-in-touch", stage(mayLeave, "lifecycle"));

    Scenario complaining = new Scenario().holding("current-account", "savings-account", "credit-card");
    complaining.tenureMonths = 48;
    complaining.openComplaint = true;
    assertEquals("keep-in-touch", stage(complaining, "lifecycle"));
  }

  @Test
  void aCustomerOfAYearOrMoreIsKeptInTouch() {
    Scenario s = new Scenario();
    s.tenureMonths = 12;
    assertEquals("keep-in-touch", stage(s, "lifecycle"));
  }

  @Test
  void aCustomerOfLessThanAYearWithAProductIsUsingIt() {
    Scenario s = new Scenario();
    s.tenureMonths = 11;
    assertEquals("use", stage(s, "lifecycle"));
  }

  @Test
  void onlyOneLifecycleRuleFires() {
    Scenario s = new Scenario().context("step", "apply").context("intent", "mortgage");
    List<String> fired = s.evaluate(rules, List.of()).rulesFired();
    assertEquals(
        List.of("LifecyclePurchaseStage"),
        fired.stream().filter(n -> n.startsWith("Lifecycle")).toList());
  }

  // Service

  @Test
  void aTravellingCustomerIsAtTheTravellingStageOfService() {
    Scenario s = new Scenario();
    s.travellingAbroad = true;
    assertEquals("travelling", stage(s, "service"));
  }

  @Test
  void anOpenComplaintComesBeforeTravelInService() {
    Scenario s = new Scenario();
    s.travellingAbroad = true;
    s.openComplaint = true;
    assertEquals("complaint", stage(s, "service"));
  }

  @Test
  void aCustomerNeitherTravellingNorComplainingIsNotInTheServiceJourney() {
    assertFalse(stagesOf(new Scenario()).containsKey("service"));
  }

  // Retention

  @Test
  void churnRiskOfSixtyPercentAfterAYearIsAtRisk() {
    Scenario s = new Scenario();
    s.churnRisk = 0.6;
    s.tenureMonths = 12;
    assertEquals("at-risk", stage(s, "retention"));
  }

  @Test
  void churnRiskJustBelowSixtyPercentIsNotInRetention() {
    Scenario s = new Scenario();
    s.churnRisk = 0.59;
    assertNull(stage(s, "retention"));
  }

  @Test
  void churnRiskOfEightyPercentIsLeaving() {
    Scenario s = new Scenario();
    s.churnRisk = 0.8;
    assertEquals("leaving", stage(s, "retention"));
    s.churnRisk = 0.79;
    assertEquals("at-risk", stage(s, "retention"));
  }

  @Test
  void aCustomerOfLessThanAYearIsNotInRetentionWhateverTheRisk() {
    Scenario s = new Scenario();
    s.churnRisk = 0.95;
    s.tenureMonths = 11;
    assertNull(stage(s, "retention"));
  }

  // Resilience

  @Test
  void oneMissedPaymentIsEarlyDifficulty() {
    Scenario s = new Scenario();
    s.missedPayments = 1;
    assertEquals("early-difficulty", stage(s, "resilience"));
  }

  @Test
  void twoMissedPaymentsIsDifficulty() {
    Scenario s = new Scenario();
    s.missedPayments = 2;
    assertEquals("in-difficulty", stage(s, "resilience"));
  }

  @Test
  void noMissedPaymentIsNotInResilience() {
    assertNull(stage(new Scenario(), "resilience"));
  }

  // Nurture

  @Test
  void aCustomerOfLessThanThreeMonthsIsWelcomed() {
    Scenario s = new Scenario();
    s.tenureMonths = 2;
    assertEquals("welcome", stage(s, "nurture"));
  }

  @Test
  void aCustomerReadingAGuideIsLearning() {
    Scenario s = new Scenario().context("topic", "budgeting");
    s.tenureMonths = 3;
    assertEquals("learning", stage(s, "nurture"));
    assertNull(stage(new Scenario(), "nurture"));
  }

  // Stages follow the customer

  @Test
  void theStageFollowsTheCurrentFactsBackwardsToo() {
    Scenario s = new Scenario();
    s.churnRisk = 0.85;
    s.missedPayments = 2;
    assertEquals("leaving", stage(s, "retention"));
    assertEquals("in-difficulty", stage(s, "resilience"));

    s.churnRisk = 0.65;
    s.missedPayments = 1;
    assertEquals("at-risk", stage(s, "retention"));
    assertEquals("early-difficulty", stage(s, "resilience"));
  }

  @Test
  void stagesNeedNoCandidateActions() {
    Scenario s = new Scenario();
    s.travellingAbroad = true;
    s.churnRisk = 0.7;
    assertEquals(
        Map.of("lifecycle", "keep-in-touch", "service", "travelling", "retention", "at-risk"),
        stagesOf(s));
  }
}
