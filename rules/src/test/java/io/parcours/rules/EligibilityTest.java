package io.parcours.rules;

import static io.parcours.rules.Scenario.libraryAction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Direction;
import io.parcours.domain.Exclusion;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scenarios for {@code eligibility.drl}: which actions may be offered, and how relevant they are. */
class EligibilityTest {

  private static RuleEngine rules;

  @BeforeAll
  static void compile() throws RuleSetCompilationException {
    rules = Scenario.bundledEngine("eligibility.drl");
  }

  private static void assertExcludedBy(RuleEvaluation e, String actionId, String rule) {
    Exclusion x = e.exclusionOf(actionId);
    assertNotNull(x, actionId + " should be excluded by " + rule + "; eligible: " + e.eligible());
    assertEquals(rule, x.rule(), "rule that excluded " + actionId);
    assertFalse(x.reason().isBlank(), "a reason in plain words");
  }

  private static void assertEligible(RuleEvaluation e, String actionId) {
    assertTrue(e.isEligible(actionId), actionId + " should be eligible; " + e.exclusionOf(actionId));
  }

  // An everyday customer

  @Test
  void anEverydayCustomerMayBeOfferedSalesAndGeneralServiceButNotTargetedHelp() {
    RuleEvaluation e = new Scenario().evaluate(rules);
    for (String id : List.of("card-controls-app", "savings-tips", "credit-card-classic", "personal-loan",
        "mortgage-review", "savings-account", "travel-insurance")) {
      assertEligible(e, id);
    }
    assertExcludedBy(e, "travel-card-abroad", "TravelServiceOnlyWhenTravelling");
    assertExcludedBy(e, "complaint-follow-up", "ComplaintFollowUpOnlyWithOpenComplaint");
    assertExcludedBy(e, "welcome-tour", "WelcomeOnlyForNewCustomers");
    assertExcludedBy(e, "loyalty-bonus", "RetentionOnlyAtRisk");
    assertExcludedBy(e, "reduced-instalments", "ResilienceOnlyInDifficulty");
    assertNull(e.doNothingReason());
  }

  @Test
  void eligibleActionsKeepTheCandidateOrderAndEachExclusionIsListedOnce() {
    RuleEvaluation e = new Scenario().evaluate(rules);
    List<Action> expected = Scenario.LIBRARY.stream().filter(a -> e.isEligible(a.id())).toList();
    assertEquals(expected, e.eligible());
    assertEquals(Scenario.LIBRARY.size(), e.eligible().size() + e.exclusions().size());
    assertEquals(
        e.exclusions().size(), e.exclusions().stream().map(Exclusion::actionId).distinct().count());
  }

  // NoCommercialDuringComplaint

  @Test
  void anOpenComplaintSuppressesEveryCommercialActionAndSaysWhy() {
    Scenario s = new Scenario();
    s.openComplaint = true;
    s.churnRisk = 0.7;
    RuleEvaluation e = s.evaluate(rules);

    assertNotNull(e.doNothingReason());
    assertTrue(e.doNothingReason().contains("complaint"), e.doNothingReason());
    for (String id : List.of("savings-tips", "loyalty-bonus", "fee-waiver", "credit-card-classic",
        "personal-loan", "savings-account")) {
      assertExcludedBy(e, id, "NoCommercialDuringComplaint");
    }
    assertEligible(e, "complaint-follow-up");
    assertEligible(e, "card-controls-app");
  }

  @Test
  void theComplaintIsTheReasonGivenEvenWhenAnotherRuleAlsoExcludes() {
    Scenario s = new Scenario().holding("current-account", "savings-account");
    s.openComplaint = true;
    s.missedPayments = 1;
    RuleEvaluation e = s.evaluate(rules);
    assertExcludedBy(e, "savings-account", "NoCommercialDuringComplaint");
  }

  @Test
  void anOpenComplaintMeansDoNothingEvenWithoutCommercialCandidates() {
    Scenario s = new Scenario();
    s.openComplaint = true;
    RuleEvaluation e = s.evaluate(rules, List.of(libraryAction("complaint-follow-up")));
    assertNotNull(e.doNothingReason());
    assertEquals(List.of(libraryAction("complaint-follow-up")), e.eligible());
  }

  // NoSalesInDifficulty and ResilienceOnlyInDifficulty

  @Test
  void oneMissedPaymentStopsSalesAndOpensPaymentSupport() {
    Scenario s = new Scenario();
    s.missedPayments = 1;
    RuleEvaluation e = s.evaluate(rules);
    assertExcludedBy(e, "credit-card-classic", "NoSalesInDifficulty");
    assertExcludedBy(e, "travel-insurance", "NoSalesInDifficulty");
    assertEligible(e, "reduced-instalments");
    assertEligible(e, "payment-reminder");
  }

  @Test
  void withoutAMissedPaymentSalesAreOpenAndPaymentSupportIsNot() {
    RuleEvaluation e = new Scenario().evaluate(rules);
    assertEligible(e, "credit-card-classic");
    assertExcludedBy(e, "reduced-instalments", "ResilienceOnlyInDifficulty");
    assertExcludedBy(e, "payment-reminder", "ResilienceOnlyInDifficulty");
  }

  // RetentionOnlyAtRisk

  @Test
  void retentionGesturesNeedAChurnRiskOfFiftyPercent() {
    Scenario s = new Scenario();
    s.churnRisk = 0.49;
    assertExcludedBy(s.evaluate(rules), "loyalty-bonus", "RetentionOnlyAtRisk");
    s.churnRisk = 0.5;
    assertEligible(s.evaluate(rules), "loyalty-bonus");
    assertEligible(s.evaluate(rules), "fee-waiver");
  }

  // TravelServiceOnlyWhenTravelling

  @Test
  void travelHelpOnlyForACustomerTravelling() {
    Scenario s = new Scenario();
    assertExcludedBy(s.evaluate(rules), "travel-card-abroad", "TravelServiceOnlyWhenTravelling");
    s.travellingAbroad = true;
    assertEligible(s.evaluate(rules), "travel-card-abroad");
  }

  // ComplaintFollowUpOnlyWithOpenComplaint and WelcomeOnlyForNewCustomers

  @Test
  void aComplaintFollowUpNeedsAnOpenComplaint() {
    Scenario s = new Scenario();
    assertExcludedBy(s.evaluate(rules), "complaint-follow-up", "ComplaintFollowUpOnlyWithOpenComplaint");
    s.openComplaint = true;
    assertEligible(s.evaluate(rules), "complaint-follow-up");
  }

  @Test
  void theWelcomeIsForCustomersOfLessThanThreeMonths() {
    Scenario s = new Scenario();
    s.tenureMonths = 2;
    assertEligible(s.evaluate(rules), "welcome-tour");
    s.tenureMonths = 3;
    assertExcludedBy(s.evaluate(rules), "welcome-tour", "WelcomeOnlyForNewCustomers");
  }

  // CreditNeedsAdult and CreditCardNeedsIncome

  @Test
  void creditIsForAdultsOnly() {
    Scenario s = new Scenario();
    s.age = 17;
    RuleEvaluation minor = s.evaluate(rules);
    assertExcludedBy(minor, "credit-card-classic", "CreditNeedsAdult");
    assertExcludedBy(minor, "personal-loan", "CreditNeedsAdult");
    assertExcludedBy(minor, "mortgage-review", "CreditNeedsAdult");
    assertEligible(minor, "savings-account");

    s.age = 18;
    RuleEvaluation adult = s.evaluate(rules);
    assertEligible(adult, "credit-card-classic");
    assertEligible(adult, "personal-loan");
  }

  @Test
  void aCreditCardNeedsAMonthlyIncomeOf1500() {
    Scenario s = new Scenario();
    s.monthlyIncome = 1499.99;
    RuleEvaluation low = s.evaluate(rules);
    assertExcludedBy(low, "credit-card-classic", "CreditCardNeedsIncome");
    assertEligible(low, "personal-loan");
    s.monthlyIncome = 1500;
    assertEligible(s.evaluate(rules), "credit-card-classic");
  }

  // AlreadyHoldsProduct

  @Test
  void aProductAlreadyHeldIsNotSoldAgain() {
    Scenario s = new Scenario().holding("current-account", "credit-card", "savings-account");
    RuleEvaluation e = s.evaluate(rules);
    assertExcludedBy(e, "credit-card-classic", "AlreadyHoldsProduct");
    assertExcludedBy(e, "savings-account", "AlreadyHoldsProduct");
    assertTrue(e.exclusionOf("credit-card-classic").reason().contains("credit-card"));
    assertEligible(e, "personal-loan");
  }

  @Test
  void holdingAProductDoesNotStopServiceOfTheSameTheme() {
    Scenario s = new Scenario().holding("current-account", "travel");
    s.travellingAbroad = true;
    assertEligible(s.evaluate(rules), "travel-card-abroad");
  }

  // NoMarketingConsent

  @Test
  void withoutConsentOutboundContactCarriesNoMarketing() {
    Scenario s = new Scenario().on(Channel.EMAIL, Direction.OUTBOUND);
    s.consents = EnumSet.of(Channel.SMS);
    s.churnRisk = 0.7;
    RuleEvaluation e = s.evaluate(rules);
    assertExcludedBy(e, "savings-tips", "NoMarketingConsent");
    assertExcludedBy(e, "loyalty-bonus", "NoMarketingConsent");
    assertExcludedBy(e, "credit-card-classic", "NoMarketingConsent");
    assertTrue(e.exclusionOf("savings-tips").reason().contains("email"));
    assertEligible(e, "card-controls-app");
  }

  @Test
  void paymentSupportIsNotMarketingAndGoesOutWithoutConsent() {
    Scenario s = new Scenario().on(Channel.SMS, Direction.OUTBOUND);
    s.consents = EnumSet.noneOf(Channel.class);
    s.missedPayments = 1;
    assertEligible(s.evaluate(rules), "payment-reminder");
  }

  @Test
  void consentOnTheChannelAllowsOutboundMarketing() {
    Scenario s = new Scenario().on(Channel.EMAIL, Direction.OUTBOUND);
    s.consents = EnumSet.of(Channel.EMAIL);
    assertEligible(s.evaluate(rules), "savings-tips");
    assertEligible(s.evaluate(rules), "credit-card-classic");
  }

  @Test
  void consentDoesNotMatterWhenTheCustomerComesToUs() {
    Scenario s = new Scenario().on(Channel.APP, Direction.INBOUND);
    s.consents = EnumSet.noneOf(Channel.class);
    assertEligible(s.evaluate(rules), "savings-tips");
  }

  // Context weights

  @Test
  void anActionMatchingTheCustomersIntentWeighsOneAndAHalf() {
    RuleEvaluation e = new Scenario().context("intent", "personal-loan").evaluate(rules);
    assertEquals(1.5, e.contextWeight("personal-loan"));
    assertEquals(1.0, e.contextWeight("credit-card-classic"));
    assertFalse(e.contextWeights().containsKey("credit-card-classic"), "no rule spoke: absent");
  }

  @Test
  void paymentSupportWeighsDoubleForACustomerInDifficulty() {
    Scenario s = new Scenario();
    s.missedPayments = 2;
    assertEquals(2.0, s.evaluate(rules).contextWeight("reduced-instalments"));
    s.missedPayments = 1;
    assertEquals(1.0, s.evaluate(rules).contextWeight("reduced-instalments"));
  }

  @Test
  void weightsOfSeveralRulesMultiply() {
    Scenario s = new Scenario().context("intent", "payment-support");
    s.missedPayments = 3;
    RuleEvaluation e = s.evaluate(rules);
    assertEquals(3.0, e.contextWeight("reduced-instalments"), 1e-12);
    assertEquals(2.0, e.contextWeight("payment-reminder"), 1e-12);
    assertTrue(e.rulesFired().containsAll(List.of("IntentMatchBoost", "ResilienceInDifficultyBoost")));
  }

  @Test
  void retentionWeighsMoreForACustomerAboutToLeave() {
    Scenario s = new Scenario();
    s.churnRisk = 0.8;
    assertEquals(1.5, s.evaluate(rules).contextWeight("loyalty-bonus"));
    s.churnRisk = 0.79;
    assertEquals(1.0, s.evaluate(rules).contextWeight("loyalty-bonus"));
  }

  @Test
  void travelInsuranceWeighsMoreBeforeATrip() {
    Scenario s = new Scenario();
    s.travellingAbroad = true;
    assertEquals(1.5, s.evaluate(rules).contextWeight("travel-insurance"));
  }

  @Test
  void excludedActionsCarryNoWeight() {
    Scenario s = new Scenario().context("intent", "credit-card");
    s.age = 17;
    RuleEvaluation e = s.evaluate(rules);
    assertExcludedBy(e, "credit-card-classic", "CreditNeedsAdult");
    assertFalse(e.contextWeights().containsKey("credit-card-classic"));
  }
}
