package io.parcours.rules;

import static io.parcours.rules.Scenario.libraryActions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.Direction;
import io.parcours.domain.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenarios for {@code applicability.drl}: does an action apply now — to the customer's journey
 * stage, the context and the channel. Stages come from {@code journey-stages.drl}.
 */
class ApplicabilityTest {

  private static RuleEngine rules;

  @BeforeAll
  static void compile() throws RuleSetCompilationException {
    rules = Scenario.bundledEngine("journey-stages.drl", "applicability.drl");
  }

  private static String excludedBy(Scenario s, String actionId) {
    var x = s.evaluate(rules, libraryActions(actionId)).exclusionOf(actionId);
    return x == null ? null : x.rule();
  }

  @Test
  void aStageBoundActionAppliesOnlyAtItsStages() {
    Scenario early = new Scenario();
    early.missedPayments = 1;
    assertEquals("ActionOnlyInItsStages", excludedBy(early, "reduced-instalments"));
    assertNull(excludedBy(early, "payment-reminder"));
    Scenario deeper = new Scenario();
    deeper.missedPayments = 2;
    assertNull(excludedBy(deeper, "reduced-instalments"));
    assertNull(excludedBy(deeper, "payment-reminder"));
  }

  @Test
  void theReasonNamesTheStagesAndTheJourney() {
    Scenario early = new Scenario();
    early.missedPayments = 1;
    String reason =
        early
            .evaluate(rules, libraryActions("reduced-instalments"))
            .exclusionOf("reduced-instalments")
            .reason();
    assertTrue(reason.contains("in-difficulty") && reason.contains("resilience"), reason);
  }

  @Test
  void aPersonalAdvisorAppliesOnlyToCustomersLeavingNotMerelyAtRisk() {
    Scenario atRisk = new Scenario();
    atRisk.churnRisk = 0.7;
    assertEquals("ActionOnlyInItsStages", excludedBy(atRisk, "priority-advisor"));
    assertNull(
        excludedBy(atRisk, "loyalty-bonus"),
        "a retention action without stages applies at any stage");
    Scenario leaving = new Scenario();
    leaving.churnRisk = 0.9;
    assertNull(excludedBy(leaving, "priority-advisor"));
  }

  @Test
  void aMortgageReviewAppliesInUseKeepInTouchAndAdvocacyButNotWhileSelecting() {
    Scenario using = new Scenario().holding("current-account", "mortgage");
    assertNull(excludedBy(using, "mortgage-review"));
    Scenario selecting =
        new Scenario().holding("current-account", "mortgage").context("intent", "credit-card");
    assertEquals("ActionOnlyInItsStages", excludedBy(selecting, "mortgage-review"));
  }

  @Test
  void retentionGesturesAreForCustomersInTheRetentionJourney() {
    assertEquals("RetentionOnlyAtRisk", excludedBy(new Scenario(), "loyalty-bonus"));
    Scenario atRisk = new Scenario();
    atRisk.churnRisk = 0.6;
    assertNull(excludedBy(atRisk, "loyalty-bonus"));
  }

  @Test
  void paymentSupportIsForCustomersInDifficulty() {
    assertEquals("ResilienceOnlyInDifficulty", excludedBy(new Scenario(), "debt-advice-call"));
    Scenario early = new Scenario();
    early.missedPayments = 1;
    assertNull(excludedBy(early, "debt-advice-call"));
  }

  @Test
  void travelHelpAppliesOnlyToATripBookedOrUnderWay() {
    assertEquals(
        "TravelServiceOnlyWhenTravelling", excludedBy(new Scenario(), "travel-card-abroad"));
    assertEquals(
        "TravelServiceOnlyWhenTravelling", excludedBy(new Scenario(), "atm-abroad-finder"));
    Scenario travelling = new Scenario();
    travelling.travellingAbroad = true;
    assertNull(excludedBy(travelling, "travel-card-abroad"));
  }

  @Test
  void aComplaintFollowUpNeedsAnOpenComplaint() {
    assertEquals(
        "ComplaintFollowUpOnlyWithOpenComplaint",
        excludedBy(new Scenario(), "complaint-follow-up"));
    Scenario complaining = new Scenario();
    complaining.openComplaint = true;
    assertNull(excludedBy(complaining, "complaint-follow-up"));
  }

  @Test
  void theWelcomeTourIsForTheFirstThreeMonths() {
    Scenario twoMonths = new Scenario();
    twoMonths.tenureMonths = 2;
    assertNull(excludedBy(twoMonths, "welcome-tour"));
    Scenario threeMonths = new Scenario();
    threeMonths.tenureMonths = 3;
    assertEquals("WelcomeOnlyForNewCustomers", excludedBy(threeMonths, "welcome-tour"));
  }

  @Test
  void advisorsAreNotCalledOutButOfferedWhenTheCustomerCalls() {
    Scenario leaving = new Scenario();
    leaving.churnRisk = 0.9;
    leaving.on(Channel.CALL_CENTRE, Direction.OUTBOUND);
    assertEquals("AdvisorCallsOnlyInbound", excludedBy(leaving, "priority-advisor"));
    leaving.on(Channel.CALL_CENTRE, Direction.INBOUND);
    assertNull(excludedBy(leaving, "priority-advisor"));
  }

  @Test
  void theReasonListsSeveralStagesInTheSameOrderEveryTime() {
    Scenario selecting =
        new Scenario().holding("current-account", "mortgage").context("intent", "credit-card");
    String reason =
        selecting
            .evaluate(rules, libraryActions("mortgage-review"))
            .exclusionOf("mortgage-review")
            .reason();
    assertTrue(
        reason.contains("advocacy or keep-in-touch or use stage of the lifecycle journey"), reason);
  }

  // Cross-channel: an acceptance stops outbound contacts about the same offer or product line

  private static String excludedWithLibrary(Scenario s, String actionId) {
    var x =
        rules
            .evaluate(
                s.profile(),
                s.request(),
                libraryActions(actionId),
                s.history(),
                Scenario::findInLibrary)
            .exclusionOf(actionId);
    return x == null ? null : x.rule();
  }

  @Test
  void anOfferAcceptedOnTheWebIsNotSentBySmsNorCalledAbout() {
    Scenario s =
        new Scenario()
            .on(Channel.WEB, Direction.INBOUND)
            .responded("credit-card-classic", Outcome.ACCEPTED, Duration.ofHours(2))
            .on(Channel.SMS, Direction.OUTBOUND);
    assertEquals("NoOutboundAfterAcceptance", excludedWithLibrary(s, "credit-card-classic"));
    s.on(Channel.CALL_CENTRE, Direction.OUTBOUND);
    assertEquals("NoOutboundAfterAcceptance", excludedWithLibrary(s, "credit-card-classic"));
    String reason =
        rules
            .evaluate(
                s.profile(),
                s.request(),
                libraryActions("credit-card-classic"),
                s.history(),
                Scenario::findInLibrary)
            .exclusionOf("credit-card-classic")
            .reason();
    assertTrue(
        reason.startsWith("accepted this offer or another of its product line today"), reason);
  }

  @Test
  void anAcceptanceAlsoStopsOutboundOffersOfTheSameProductLine() {
    Scenario s = new Scenario().holding("current-account", "savings-account");
    s.churnRisk = 0.1;
    s.on(Channel.APP, Direction.INBOUND)
        .responded("credit-card-classic", Outcome.ACCEPTED, Duration.ofDays(3));
    s.on(Channel.EMAIL, Direction.OUTBOUND);
    assertEquals("NoOutboundAfterAcceptance", excludedWithLibrary(s, "credit-card-classic"));
    assertNull(excludedWithLibrary(s, "personal-loan"), "another product line is not concerned");
  }

  @Test
  void theCustomerCanStillFindTheOfferWhenTheyComeToUs() {
    Scenario s =
        new Scenario()
            .on(Channel.WEB, Direction.INBOUND)
            .responded("credit-card-classic", Outcome.ACCEPTED, Duration.ofHours(2))
            .on(Channel.APP, Direction.INBOUND);
    assertNull(excludedWithLibrary(s, "credit-card-classic"));
  }

  @Test
  void outboundContactsResumeThirtyDaysAfterTheAcceptance() {
    Scenario day29 =
        new Scenario()
            .responded("credit-card-classic", Outcome.ACCEPTED, Duration.ofDays(30).minusMinutes(1))
            .on(Channel.SMS, Direction.OUTBOUND);
    assertEquals("NoOutboundAfterAcceptance", excludedWithLibrary(day29, "credit-card-classic"));
    Scenario day30 =
        new Scenario()
            .responded("credit-card-classic", Outcome.ACCEPTED, Duration.ofDays(30))
            .on(Channel.SMS, Direction.OUTBOUND);
    assertNull(excludedWithLibrary(day30, "credit-card-classic"));
  }

  @Test
  void aClickOrARejectionIsNotAnAcceptanceAndServiceHelpIsNeverStopped() {
    Scenario clicked =
        new Scenario()
            .responded("credit-card-classic", Outcome.CLICKED, Duration.ofHours(2))
            .on(Channel.SMS, Direction.OUTBOUND);
    assertNull(excludedWithLibrary(clicked, "credit-card-classic"));
    Scenario travelling = new Scenario();
    travelling.travellingAbroad = true;
    travelling
        .responded("travel-card-abroad", Outcome.ACCEPTED, Duration.ofHours(2))
        .on(Channel.SMS, Direction.OUTBOUND);
    assertNull(excludedWithLibrary(travelling, "atm-abroad-finder"));
  }
}
