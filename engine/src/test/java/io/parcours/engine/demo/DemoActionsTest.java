package io.parcours.engine.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Issue;
import io.parcours.domain.Journey;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoActionsTest {

  private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final List<Action> library = DemoActions.library();

  @Test
  void theLibraryHoldsAboutTwentyFiveActionsWithUniqueKebabCaseIds() {
    assertTrue(library.size() >= 20 && library.size() <= 30, library.size() + " actions");
    Set<String> ids = new HashSet<>();
    for (Action a : library) {
      assertTrue(ids.add(a.id()), "id " + a.id() + " is used twice");
      assertTrue(KEBAB_CASE.matcher(a.id()).matches(), "id " + a.id() + " is not kebab-case");
    }
    assertEquals(ids, DemoActions.byId().keySet());
  }

  @Test
  void everyIssueChannelAndJourneyIsCovered() {
    Set<Issue> issues = library.stream().map(Action::issue).collect(Collectors.toSet());
    Set<Channel> channels = EnumSet.noneOf(Channel.class);
    library.forEach(a -> channels.addAll(a.channels()));
    Set<String> journeys = library.stream().map(Action::journey).collect(Collectors.toSet());

    assertEquals(EnumSet.allOf(Issue.class), issues);
    assertEquals(EnumSet.allOf(Channel.class), channels);
    assertEquals(Set.copyOf(DemoActions.JOURNEYS), journeys);
  }

  @Test
  void everyIssueHasSeveralActions() {
    for (Issue issue : Issue.values()) {
      long count = library.stream().filter(a -> a.issue() == issue).count();
      assertTrue(count >= 3, issue + " has only " + count + " actions");
    }
  }

  @Test
  void everyActionIsCompleteAndValuedOnTheOneToSixtyScale() {
    for (Action a : library) {
      assertFalse(a.name().isBlank(), a.id() + " has no name");
      assertFalse(a.description().isBlank(), a.id() + " has no description");
      assertFalse(a.group().isBlank(), a.id() + " has no group");
      assertFalse(a.channels().isEmpty(), a.id() + " has no channel");
      assertTrue(a.value() >= 1 && a.value() <= 60, a.id() + " value " + a.value());
      assertTrue(a.lever() > 0, a.id() + " lever " + a.lever());
    }
  }

  @Test
  void aFewLeversShowABoostAndABrake() {
    long neutral = library.stream().filter(a -> a.lever() == 1.0).count();
    assertTrue(library.stream().anyMatch(a -> a.lever() > 1), "no boosted action");
    assertTrue(library.stream().anyMatch(a -> a.lever() < 1), "no braked action");
    assertTrue(neutral >= library.size() - 4, "most levers should be neutral");
  }

  @Test
  void salesGroupsAreTheProductCodesCustomersHold() {
    Set<String> salesGroups =
        library.stream()
            .filter(a -> a.issue() == Issue.SALES)
            .map(Action::group)
            .collect(Collectors.toSet());
    Set<String> products = new HashSet<>(DemoCustomers.PRODUCTS);
    products.remove("current-account");
    // The mortgage review is for mortgage holders: its group is advice, not a product to sell.
    products.remove("mortgage");
    products.add("mortgage-advice");

    assertEquals(products, salesGroups);
    library.stream()
        .filter(a -> a.issue() == Issue.SALES)
        .forEach(a -> assertEquals("lifecycle", a.journey(), a.id() + " journey"));
  }

  @Test
  void advisorCallsAreOnTheCallCentreOnly() {
    List<Action> calls = library.stream().filter(a -> a.id().endsWith("-call")).toList();

    assertFalse(calls.isEmpty());
    for (Action a : calls) {
      assertEquals(Set.of(Channel.CALL_CENTRE), a.channels(), a.id() + " channels");
    }
    Action advisor = DemoActions.byId().get("priority-advisor");
    assertEquals(Set.of(Channel.CALL_CENTRE), advisor.channels());
  }

  @Test
  void theActionsTheBriefNamesArePresent() {
    Set<String> ids = DemoActions.byId().keySet();
    for (String id :
        List.of(
            "travel-card-abroad",
            "travel-fees-info",
            "atm-abroad-finder",
            "card-controls-app",
            "savings-tips",
            "budgeting-guide",
            "investing-webinar",
            "loyalty-bonus",
            "fee-waiver",
            "tariff-review-call",
            "priority-advisor",
            "reduced-instalments",
            "payment-holiday",
            "debt-advice-call",
            "credit-card-classic",
            "credit-card-premium",
            "personal-loan",
            "savings-account",
            "mortgage-review",
            "home-insurance",
            "travel-insurance",
            "mobile-plan-upgrade")) {
      assertTrue(ids.contains(id), id + " is missing");
    }
  }

  @Test
  void theLibraryCannotBeChangedByACaller() {
    Action any = library.get(0);

    assertThrows(UnsupportedOperationException.class, () -> library.add(any));
    assertThrows(UnsupportedOperationException.class, () -> DemoActions.byId().remove(any.id()));
  }

  @Test
  void theCardTermsNoticeIsTheOneMandatoryAction() {
    assertEquals(
        List.of("card-terms-notice"),
        library.stream().filter(Action::mandatory).map(Action::id).toList());
  }

  @Test
  void stageBoundActionsNameStagesOfTheirOwnJourney() {
    Map<String, Journey> journeys = new HashMap<>();
    DemoJourneys.all().forEach(j -> journeys.put(j.id(), j));
    for (Action a : library) {
      for (String stage : a.stages()) {
        assertTrue(journeys.get(a.journey()).has(stage), a.id() + " names stage " + stage);
      }
    }
    assertEquals(Set.of("in-difficulty"), DemoActions.byId().get("reduced-instalments").stages());
    assertEquals(50, DemoActions.byId().get("priority-advisor").dailyLimit());
  }
}
