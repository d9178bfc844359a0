package io.parcours.rules;

import static io.parcours.rules.Scenario.libraryActions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scenarios for {@code eligibility.drl}: may an action be offered to this customer at all. */
class EligibilityTest {

  private static RuleEngine rules;

  @BeforeAll
  static void compile() throws RuleSetCompilationException {
    rules = Scenario.bundledEngine("eligibility.drl");
  }

  private static String excludedBy(Scenario s, String actionId) {
    var x = s.evaluate(rules, libraryActions(actionId)).exclusionOf(actionId);
    return x == null ? null : x.rule();
  }

  @Test
  void aProductTheCustomerHoldsIsNotSoldAgainToAnyActionOfItsGroup() {
    Scenario s = new Scenario().holding("current-account", "credit-card");
    assertEquals("AlreadyHoldsProduct", excludedBy(s, "credit-card-classic"));
    assertEquals("AlreadyHoldsProduct", excludedBy(s, "credit-card-premium"));
    assertNull(excludedBy(s, "personal-loan"));
  }

  @Test
  void creditIsForAdultsOnly() {
    Scenario minor = new Scenario();
    minor.age = 17;
    assertEquals("CreditNeedsAdult", excludedBy(minor, "personal-loan"));
    assertEquals("CreditNeedsAdult", excludedBy(minor, "credit-card-classic"));
    assertNull(excludedBy(minor, "savings-account"));
    Scenario adult = new Scenario();
    adult.age = 18;
    assertNull(excludedBy(adult, "personal-loan"));
  }

  @Test
  void aMortgageReviewIsForMortgageHolders() {
    assertEquals("MortgageReviewNeedsMortgage", excludedBy(new Scenario(), "mortgage-review"));
    assertNull(
        excludedBy(new Scenario().holding("current-account", "mortgage"), "mortgage-review"));
  }

  @Test
  void theCardTermsNoticeConcernsCardHoldersOnly() {
    assertEquals("CardTermsNoticeForCardHolders", excludedBy(new Scenario(), "card-terms-notice"));
    assertNull(
        excludedBy(new Scenario().holding("current-account", "credit-card"), "card-terms-notice"));
  }

  @Test
  void aRegulatoryNoticeStopsOnceAcknowledged() {
    Scenario s =
        new Scenario()
            .holding("current-account", "credit-card")
            .responded("card-terms-notice", Outcome.ACCEPTED, Duration.ofMinutes(5));
    assertEquals("RegulatoryNoticeUntilAcknowledged", excludedBy(s, "card-terms-notice"));
    Scenario onlyClicked =
        new Scenario()
            .holding("current-account", "credit-card")
            .responded("card-terms-notice", Outcome.CLICKED, Duration.ofMinutes(5));
    assertNull(
        excludedBy(onlyClicked, "card-terms-notice"), "opening the notice is not acknowledging it");
  }

  @Test
  void anActionLevelPolicyAddsToItsGroupsPolicy() {
    Scenario mass = new Scenario();
    assertEquals("PremiumCardForAffluentAndPrivate", excludedBy(mass, "credit-card-premium"));
    assertNull(
        excludedBy(mass, "credit-card-classic"),
        "the classic card inherits only the group's policy");
    Scenario affluent = new Scenario();
    affluent.segment = "affluent";
    assertNull(excludedBy(affluent, "credit-card-premium"));
    Scenario holder = new Scenario().holding("current-account", "credit-card");
    holder.segment = "affluent";
    assertEquals(
        "AlreadyHoldsProduct",
        excludedBy(holder, "credit-card-premium"),
        "and the group's policy still holds");
  }

  @Test
  void aPersonalAdvisorIsForAffluentCustomersOrLargeBalances() {
    Scenario mass = new Scenario();
    assertEquals("PriorityAdvisorForValuableCustomers", excludedBy(mass, "priority-advisor"));
    mass.balance = 20_000;
    assertNull(excludedBy(mass, "priority-advisor"));
    Scenario privateBanking = new Scenario();
    privateBanking.segment = "private";
    assertNull(excludedBy(privateBanking, "priority-advisor"));
  }

  @Test
  void eachExclusionSaysWhyInPlainWords() {
    var e =
        new Scenario()
            .holding("current-account", "credit-card")
            .evaluate(rules, libraryActions("credit-card-classic"));
    assertTrue(e.exclusionOf("credit-card-classic").reason().contains("already holds credit-card"));
  }
}
