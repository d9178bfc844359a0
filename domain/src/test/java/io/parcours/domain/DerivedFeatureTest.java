package io.parcours.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.DerivedFeature.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Derived features over windows of days: known answers at the edges, as time passes, and for sums.
 */
class DerivedFeatureTest {

  private static final DerivedFeature COMPLAINTS_30 =
      new DerivedFeature(
          "complaintsLast30Days", "", Kind.COUNT, Set.of("complaint.opened"), null, 30);
  private static final DerivedFeature LOGINS_7 =
      new DerivedFeature("loginsLast7Days", "", Kind.COUNT, Set.of("login"), null, 7);
  private static final DerivedFeature LOGIN_DAYS_7 =
      new DerivedFeature("loginDaysLast7Days", "", Kind.FREQUENCY, Set.of("login"), null, 7);
  private static final DerivedFeature MISSED_AMOUNT_90 =
      new DerivedFeature(
          "missedAmountLast90Days", "", Kind.SUM, Set.of("payment.missed"), "amount", 90);
  private static final DerivedFeature DAYS_SINCE_LOGIN =
      new DerivedFeature("daysSinceLastLogin", "", Kind.RECENCY, Set.of("login"), null, 90);
  private static final DerivedFeatures ALL =
      new DerivedFeatures(
          List.of(COMPLAINTS_30, LOGINS_7, LOGIN_DAYS_7, MISSED_AMOUNT_90, DAYS_SINCE_LOGIN));

  private static int keys;

  private static CustomerEvent event(String type, String at, Map<String, Object> attributes) {
    return new CustomerEvent("C1", type, Instant.parse(at), attributes, "k" + keys++);
  }

  private static LocalDate day(String iso) {
    return LocalDate.parse(iso);
  }

  @Test
  void aWindowOfSevenDaysHoldsTodayAndTheSixDaysBefore() {
    Activity a = Activity.NONE;
    LocalDate today = day("2026-12-10");
    a =
        ALL.record(
            a, event("login", "2026-12-04T00:00:00Z", Map.of()), today); // first day of the window
    a =
        ALL.record(
            a, event("login", "2026-12-03T23:59:59Z", Map.of()), today); // the day before: out
    a =
        ALL.record(
            a, event("login", "2026-12-10T23:59:59Z", Map.of()), today); // today, last second
    assertEquals(2.0, LOGINS_7.value(a, today));
    assertEquals(2.0, LOGIN_DAYS_7.value(a, today));
  }

  @Test
  void theWindowSlidesWithTheClockWithoutAnyEvent() {
    Activity a = Activity.NONE;
    LocalDate received = day("2026-11-01");
    a = ALL.record(a, event("complaint.opened", "2026-11-01T09:00:00Z", Map.of()), received);
    a =
        ALL.record(
            a, event("complaint.opened", "2026-11-15T09:00:00Z", Map.of()), day("2026-11-15"));
    assertEquals(2.0, COMPLAINTS_30.value(a, day("2026-11-15")));
    assertEquals(2.0, COMPLAINTS_30.value(a, day("2026-11-30"))); // Nov 1 is the 30th day back
    assertEquals(1.0, COMPLAINTS_30.value(a, day("2026-12-01"))); // Nov 1 has left the window
    assertEquals(1.0, COMPLAINTS_30.value(a, day("2026-12-14")));
    assertEquals(0.0, COMPLAINTS_30.value(a, day("2026-12-15")));
  }

  @Test
  void aSumAddsTheAttributeOfTheEventsInTheWindow() {
    Activity a = Activity.NONE;
    LocalDate today = day("2026-12-10");
    a =
        ALL.record(
            a, event("payment.missed", "2026-12-01T08:00:00Z", Map.of("amount", 310.0)), today);
    a =
        ALL.record(
            a, event("payment.missed", "2026-12-01T09:00:00Z", Map.of("amount", 40.5)), today);
    a =
        ALL.record(
            a,
            event("payment.missed", "2026-11-20T09:00:00Z", Map.of()),
            today); // no amount: adds 0
    a =
        ALL.record(
            a, event("payment.missed", "2026-10-01T09:00:00Z", Map.of("amount", 100.0)), today);
    assertEquals(450.5, MISSED_AMOUNT_90.value(a, today), 1e-9);
    assertEquals(350.5, MISSED_AMOUNT_90.value(a, day("2026-12-30")), 1e-9); // Oct 1 is gone
    assertEquals(350.5, MISSED_AMOUNT_90.value(a, day("2027-02-18")), 1e-9); // Nov 20 added 0
    assertEquals(0.0, MISSED_AMOUNT_90.value(a, day("2027-03-01")), 1e-9);
  }

  @Test
  void frequencyCountsDaysNotEvents() {
    Activity a = Activity.NONE;
    LocalDate today = day("2026-12-10");
    for (String at :
        List.of(
            "2026-12-09T08:00:00Z",
            "2026-12-09T12:00:00Z",
            "2026-12-09T20:00:00Z",
            "2026-12-06T08:00:00Z")) {
      a = ALL.record(a, event("login", at, Map.of("channel", "app")), today);
    }
    assertEquals(4.0, LOGINS_7.value(a, today));
    assertEquals(2.0, LOGIN_DAYS_7.value(a, today));
  }

  @Test
  void recencyIsDaysSinceTheLastEventCappedAtTheWindow() {
    assertEquals(90.0, DAYS_SINCE_LOGIN.value(Activity.NONE, day("2026-12-10")));
    Activity a =
        ALL.record(
            Activity.NONE, event("login", "2026-12-03T22:00:00Z", Map.of()), day("2026-12-03"));
    assertEquals(0.0, DAYS_SINCE_LOGIN.value(a, day("2026-12-03")));
    assertEquals(7.0, DAYS_SINCE_LOGIN.value(a, day("2026-12-10")));
    assertEquals(89.0, DAYS_SINCE_LOGIN.value(a, day("2027-03-02")));
    assertEquals(90.0, DAYS_SINCE_LOGIN.value(a, day("2027-03-03")));
    assertEquals(90.0, DAYS_SINCE_LOGIN.value(a, day("2028-01-01")));
  }

  @Test
  void talliesNoWindowReachesAreDroppedAndALateEventOutsideItsWindowIsNotCounted() {
    Activity a =
        ALL.record(
            Activity.NONE, event("login", "2026-12-01T10:00:00Z", Map.of()), day("2026-12-01"));
    assertEquals(3, a.days().size()); // logins, login days, days since login
    a =
        ALL.record(
            a, event("complaint.opened", "2026-12-20T10:00:00Z", Map.of()), day("2026-12-20"));
    // The 7-day login windows no longer reach Dec 1; the 90-day recency does.
    assertEquals(
        List.of("complaintsLast30Days", "daysSinceLastLogin"),
        a.days().stream().map(Activity.Day::feature).toList());
    Activity late =
        ALL.record(
            a, event("complaint.opened", "2026-10-01T10:00:00Z", Map.of()), day("2026-12-20"));
    assertEquals(a, late);
    assertTrue(
        new DerivedFeatures(List.of(COMPLAINTS_30))
            .prune(a, day("2026-12-20")).days().stream()
                .allMatch(d -> d.feature().equals("complaintsLast30Days")));
  }

  @Test
  void valuesAreGivenForEveryDeclaredFeatureInOrder() {
    Map<String, Double> values = ALL.values(Activity.NONE, day("2026-12-10"));
    assertEquals(
        List.of(
            "complaintsLast30Days",
            "loginsLast7Days",
            "loginDaysLast7Days",
            "missedAmountLast90Days",
            "daysSinceLastLogin"),
        List.copyOf(values.keySet()));
    assertEquals(List.of(0.0, 0.0, 0.0, 0.0, 90.0), List.copyOf(values.values()));
  }

  @Test
  void declarationsSayWhatIsWrong() {
    assertEquals(
        "a sum needs the number attribute it adds up (\"attribute\")",
        assertThrows(
                IllegalArgumentException.class,
                () -> new DerivedFeature("x", "", Kind.SUM, Set.of("login"), null, 7))
            .getMessage());
    assertEquals(
        "the window must be 1 to 366 days, was 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new DerivedFeature("x", "", Kind.COUNT, Set.of("login"), null, 0))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> new DerivedFeature("Logins 7", "", Kind.COUNT, Set.of("login"), null, 7))
            .getMessage()
            .contains("must start with a lower-case letter"));
    assertEquals(
        "the derived feature 'loginsLast7Days' is declared twice",
        assertThrows(
                IllegalArgumentException.class,
                () -> new DerivedFeatures(List.of(LOGINS_7, LOGINS_7)))
            .getMessage());
    assertEquals(
        "unknown kind 'average'; use count, sum, frequency or recency",
        assertThrows(IllegalArgumentException.class, () -> Kind.fromCode("average")).getMessage());
  }
}
