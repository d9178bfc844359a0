package io.parcours.rules;

import static io.parcours.rules.Scenario.libraryActions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenarios for {@code suitability.drl}: is an action good for this customer — affordability and
 * vulnerability. Stages come from {@code journey-stages.drl}.
 */
class SuitabilityTest {

  private static RuleEngine rules;

  @BeforeAll
  static void compile() throws RuleSetCompilationException {
    rules = Scenario.bundledEngine("journey-stages.drl", "suitability.drl");
  }

  private static String excludedBy(Scenario s, String actionId) {
    var x = s.evaluate(rules, libraryActions(actionId)).exclusionOf(actionId);
    return x == null ? null : x.rule();
  }

  @Test
  void anOpenComplaintSilencesEveryCommercialActionAndSaysDoNothing() {
    Scenario s = new Scenario();
    s.openComplaint = true;
    RuleEvaluation e =
        s.evaluate(
            rules,
            libraryActions(
                "savings-account",
                "loyalty-bonus",
                "savings-tips",
                "complaint-follow-up",
                "payment-reminder"));
    assertNotNull(e.doNothingReason());
    assertEquals("NoCommercialDuringComplaint", e.exclusionOf("savings-account").rule());
    assertEquals("NoCommercialDuringComplaint", e.exclusionOf("loyalty-bonus").rule());
    assertEquals("NoCommercialDuringComplaint", e.exclusionOf("savings-tips").rule());
    assertEquals(
        List.of("complaint-follow-up", "payment-reminder"),
        e.eligible().stream().map(a -> a.id()).toList());
  }

  @Test
  void withoutAComplaintThereIsNoReasonToDoNothing() {
    assertNull(new Scenario().evaluate(rules, libraryActions("savings-account")).doNothingReason());
  }

  @Test
  void noSalesOfferToACustomerInPaymentDifficulty() {
    Scenario early = new Scenario();
    early.missedPayments = 1;
    assertEquals("NoSalesInDifficulty", excludedBy(early, "savings-account"));
    assertEquals("NoSalesInDifficulty", excludedBy(early, "personal-loan"));
    assertNull(excludedBy(early, "payment-reminder"), "help is not a sale");
    assertNull(excludedBy(new Scenario(), "savings-account"));
  }

  @Test
  void twoComplaintsInThirtyDaysKeepSalesAwayEvenOnceClosedButNotService() {
    Scenario twice = new Scenario();
    twice.features.put("complaintsLast30Days", 2.0);
    assertEquals("NoSalesAfterRepeatedComplaints", excludedBy(twice, "savings-account"));
    assertEquals("NoSalesAfterRepeatedComplaints", excludedBy(twice, "personal-loan"));
    assertNull(excludedBy(twice, "payment-reminder"), "service is not a sale");
    assertNull(excludedBy(twice, "loyalty-bonus"), "retention is not a sale");
    Scenario once = new Scenario();
    once.features.put("complaintsLast30Days", 1.0);
    assertNull(excludedBy(once, "savings-account"), "one complaint is not a pattern");
    assertNull(
        excludedBy(new Scenario(), "savings-account"), "no feature given: no complaint counted");
  }

  @Test
  void aCreditCardNeedsAnIncomeOfFifteenHundredEuros() {
    Scenario s = new Scenario();
    s.monthlyIncome = 1499;
    assertEquals("CreditCardNeedsIncome", excludedBy(s, "credit-card-classic"));
    s.monthlyIncome = 1500;
    assertNull(excludedBy(s, "credit-card-classic"));
  }

  @Test
  void aLoanIsNotOfferedOnALowIncomeNorToACustomerAboutToLeave() {
    Scenario low = new Scenario();
    low.monthlyIncome = 1199;
    assertEquals("PersonalLoanAffordability", excludedBy(low, "personal-loan"));
    Scenario leaving = new Scenario();
    leaving.churnRisk = 0.8;
    assertEquals("PersonalLoanAffordability", excludedBy(leaving, "personal-loan"));
    Scenario fine = new Scenario();
    fine.monthlyIncome = 1200;
    fine.churnRisk = 0.79;
    assertNull(excludedBy(fine, "personal-loan"));
  }

  @Test
  void theComplaintReasonIsTheOneReportedWhenSeveralRulesApply() {
    Scenario s = new Scenario();
    s.openComplaint = true;
    s.missedPayments = 2;
    String reason =
        s.evaluate(rules, libraryActions("personal-loan")).exclusionOf("personal-loan").reason();
    assertTrue(reason.contains("complaint"), reason);
  }
}
