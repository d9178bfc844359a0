package io.parcours.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenarios for {@code journey-stages.drl}: where a customer stands in each journey, found from the
 * current facts only, and which rule placed them there.
 */
class JourneyStagesTest {

  private static RuleEngine rules;

  @BeforeAll
  static void compile() throws RuleSetCompilationException {
    rules = Scenario.bundledEngine("journey-stages.drl");
  }

  private static RuleEvaluation evaluate(Scenario s) {
    return s.evaluate(rules, List.of());
  }

  private static String stage(Scenario s, String journey) {
    return evaluate(s).journeyStages().get(journey);
  }

  // Customer lifecycle: need → research → selection → purchase → receipt → use → keep in touch →
  // advocacy

  @Test
  void aProspectWithNoProductAndNoSignalIsAtNeed() {
    Scenario s = new Scenario().holding();
    RuleEvaluation e = evaluate(s);
    assertEquals("need", e.journeyStages().get("lifecycle"));
    assertEquals("LifecycleNeedStage", e.stageRules().get("lifecycle"));
  }

  @Test
  void aProspectReadingAboutATopicIsResearching() {
    Scenario s = new Scenario().holding().context("topic", "savings");
    assertEquals("research", stage(s, "lifecycle"));
  }

  @Test
  void aCustomerInterestedInAProductNotHeldIsAtSelection() {
    assertEquals("selection", stage(new Scenario().context("intent", "credit-card"), "lifecycle"));
  }

  @Test
  void interestInAProductAlreadyHeldIsNotSelection() {
    Scenario s =
        new Scenario().holding("current-account", "credit-card").context("intent", "credit-card");
    assertEquals("keep-in-touch", stage(s, "lifecycle"));
  }

  @Test
  void aCustomerFillingInAnApplicationIsAtPurchaseWhateverElseHolds() {
    Scenario s = new Scenario().context("step", "apply").context("intent", "credit-card");
    s.responded("savings-account", Outcome.ACCEPTED, Duration.ofDays(1));
    RuleEvaluation e = evaluate(s);
    assertEquals("purchase", e.journeyStages().get("lifecycle"));
    assertEquals("LifecyclePurchaseStage", e.stageRules().get("lifecycle"));
  }

  @Test
  void aCustomerWhoAcceptedAnOfferInTheLastTwoWeeksIsAtReceipt() {
    Scenario s = new Scenario().responded("savings-account", Outcome.ACCEPTED, Duration.ofDays(13));
    assertEquals("receipt", stage(s, "lifecycle"));
  }

  @Test
  void receiptLastsThirteenFullDaysThenTheCustomerIsBackInUse() {
    Scenario fourteenDays =
        new Scenario().responded("savings-account", Outcome.ACCEPTED, Duration.ofDays(14));
    fourteenDays.tenureMonths = 6;
    assertEquals("use", stage(fourteenDays, "lifecycle"));
  }

  @Test
  void aCustomerOfLessThanAYearWithProductsIsInUse() {
    Scenario s = new Scenario();
    s.tenureMonths = 11;
    assertEquals("use", stage(s, "lifecycle"));
  }

  @Test
  void aCustomerOfAYearOrMoreIsKeptInTouch() {
    Scenario s = new Scenario();
    s.tenureMonths = 12;
    assertEquals("keep-in-touch", stage(s, "lifecycle"));
  }

  @Test
  void aLongStandingHappyMultiProductCustomerIsAnAdvocate() {
    Scenario s = new Scenario().holding("current-account", "savings-account", "credit-card");
    s.tenureMonths = 36;
    s.churnRisk = 0.29;
    assertEquals("advocacy", stage(s, "lifecycle"));
  }

  @Test
  void anAdvocateWithAComplaintGoesBackToKeepInTouch() {
    Scenario s = new Scenario().holding("current-account", "savings-account", "credit-card");
    s.tenureMonths = 40;
    s.openComplaint = true;
    assertEquals("keep-in-touch", stage(s, "lifecycle"));
  }

  @Test
  void anAdvocateWhoseChurnRiskRisesIsNoLongerAnAdvocate() {
    Scenario s = new Scenario().holding("current-account", "savings-account", "credit-card");
    s.tenureMonths = 40;
    s.churnRisk = 0.3;
    assertEquals("keep-in-touch", stage(s, "lifecycle"));
  }

  @Test
  void anAdvocateAskingForANewProductSkipsBackToSelection() {
    Scenario s = new Scenario().holding("current-account", "savings-account", "credit-card");
    s.tenureMonths = 40;
    s.context("intent", "mortgage");
    assertEquals("selection", stage(s, "lifecycle"));
  }

  // Service

  @Test
  void aCustomerWithAnOpenComplaintIsAtComplaintEvenWhenTravelling() {
    Scenario s = new Scenario();
    s.openComplaint = true;
    s.travellingAbroad = true;
    RuleEvaluation e = evaluate(s);
    assertEquals("complaint", e.journeyStages().get("service"));
    assertEquals("ServiceComplaintStage", e.stageRules().get("service"));
  }

  @Test
  void aTravellingCustomerIsAtTravelling() {
    Scenario s = new Scenario();
    s.travellingAbroad = true;
    assertEquals("travelling", stage(s, "service"));
  }

  @Test
  void aCustomerWithNothingUnderWayIsInNoServiceStage() {
    assertNull(stage(new Scenario(), "service"));
  }

  // Retention

  @Test
  void aCustomerOfAYearWithChurnRiskFromSixtyPercentIsAtRisk() {
    Scenario s = new Scenario();
    s.tenureMonths = 12;
    s.churnRisk = 0.6;
    assertEquals("at-risk", stage(s, "retention"));
  }

  @Test
  void fromEightyPercentTheCustomerIsLeaving() {
    Scenario s = new Scenario();
    s.churnRisk = 0.8;
    RuleEvaluation e = evaluate(s);
    assertEquals("leaving", e.journeyStages().get("retention"));
    assertEquals("RetentionLeavingStage", e.stageRules().get("retention"));
  }

  @Test
  void justBelowTheThresholdOrTooNewIsNotInRetention() {
    Scenario low = new Scenario();
    low.churnRisk = 0.59;
    assertNull(stage(low, "retention"));
    Scenario newcomer = new Scenario();
    newcomer.churnRisk = 0.9;
    newcomer.tenureMonths = 11;
    assertNull(stage(newcomer, "retention"));
  }

  @Test
  void aCustomerWhoseRiskFallsLeavesRetentionAtTheNextDecision() {
    Scenario s = new Scenario();
    s.churnRisk = 0.85;
    assertEquals("leaving", stage(s, "retention"));
    s.churnRisk = 0.65;
    assertEquals("at-risk", stage(s, "retention"));
    s.churnRisk = 0.2;
    assertNull(stage(s, "retention"));
  }

  // Resilience

  @Test
  void oneMissedPaymentIsEarlyDifficultyTwoAreDifficulty() {
    Scenario one = new Scenario();
    one.missedPayments = 1;
    assertEquals("early-difficulty", stage(one, "resilience"));
    Scenario two = new Scenario();
    two.missedPayments = 2;
    assertEquals("in-difficulty", stage(two, "resilience"));
    assertEquals("ResilienceInDifficultyStage", evaluate(two).stageRules().get("resilience"));
  }

  @Test
  void aCustomerWhoCaughtUpIsNoLongerInResilience() {
    assertNull(stage(new Scenario(), "resilience"));
  }

  // Nurture

  @Test
  void aCustomerOfLessThanThreeMonthsIsWelcomed() {
    Scenario s = new Scenario();
    s.tenureMonths = 2;
    s.context("topic", "savings");
    assertEquals("welcome", stage(s, "nurture"));
  }

  @Test
  void aCustomerReadingAboutATopicIsLearning() {
    assertEquals("learning", stage(new Scenario().context("topic", "investing"), "nurture"));
  }

  @Test
  void aCustomerWhoAcceptedSomethingThisMonthIsEngaged() {
    Scenario s = new Scenario().responded("savings-tips", Outcome.ACCEPTED, Duration.ofDays(20));
    assertEquals("engaged", stage(s, "nurture"));
    Scenario longAgo =
        new Scenario().responded("savings-tips", Outcome.ACCEPTED, Duration.ofDays(31));
    assertNull(stage(longAgo, "nurture"));
  }

  @Test
  void stagesFollowTheFactsOfEachDecisionNotThePast() {
    Scenario s = new Scenario().shown("savings-account", Channel.WEB, 5, Duration.ofDays(1));
    s.missedPayments = 2;
    Map<String, String> inDifficulty = evaluate(s).journeyStages();
    s.missedPayments = 0;
    Map<String, String> recovered = evaluate(s).journeyStages();
    assertEquals("in-difficulty", inDifficulty.get("resilience"));
    assertNull(recovered.get("resilience"));
    assertEquals(inDifficulty.get("lifecycle"), recovered.get("lifecycle"));
  }
}
