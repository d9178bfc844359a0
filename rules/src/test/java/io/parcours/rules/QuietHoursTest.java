package io.parcours.rules;

import static io.parcours.rules.Scenario.libraryActions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.parcours.domain.Channel;
import io.parcours.domain.Direction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenarios for the CSV decision table {@code quiet-hours.csv}: no outbound contact at night on the
 * customer's own clock, and no outbound call on Sundays.
 */
class QuietHoursTest {

  private static RuleEngine rules;

  @BeforeAll
  static void compile() throws RuleSetCompilationException {
    rules = Scenario.bundledEngine("quiet-hours.csv");
  }

  private static String excludedBy(Channel channel, String zone, String utc, String actionId) {
    Scenario s =
        new Scenario().holding("current-account", "credit-card").on(channel, Direction.OUTBOUND);
    s.timeZone = zone;
    s.at = Instant.parse(utc);
    var x = s.evaluate(rules, libraryActions(actionId)).exclusionOf(actionId);
    return x == null ? null : x.rule();
  }

  @Test
  void theTableNamesEachRowsRule() {
    assertEquals(
        List.of(
            "QuietHoursApp",
            "QuietHoursCallCentre",
            "QuietHoursEmail",
            "QuietHoursSms",
            "QuietSundayCalls"),
        rules.ruleNames());
  }

  @Test
  void noSmsFromNinePmToEightAmInParis() {
    // Paris is UTC+1 in March before the clocks change.
    assertEquals(
        "QuietHoursSms",
        excludedBy(Channel.SMS, "Europe/Paris", "2026-03-11T20:00:00Z", "savings-account"));
    assertNull(excludedBy(Channel.SMS, "Europe/Paris", "2026-03-11T19:59:00Z", "savings-account"));
    assertEquals(
        "QuietHoursSms",
        excludedBy(Channel.SMS, "Europe/Paris", "2026-03-11T06:59:00Z", "savings-account"));
    assertNull(excludedBy(Channel.SMS, "Europe/Paris", "2026-03-11T07:00:00Z", "savings-account"));
  }

  @Test
  void theSameInstantIsNightInNewYorkAndDayInParis() {
    // 10:00 UTC on 11 March is 06:00 in New York (summer time began on 8 March) and 11:00 in Paris.
    assertEquals(
        "QuietHoursSms",
        excludedBy(Channel.SMS, "America/New_York", "2026-03-11T10:00:00Z", "savings-account"));
    assertNull(excludedBy(Channel.SMS, "Europe/Paris", "2026-03-11T10:00:00Z", "savings-account"));
  }

  @Test
  void justAfterMidnightInTokyoIsQuietEvenThoughItIsAfternoonInUtc() {
    assertEquals(
        "QuietHoursEmail",
        excludedBy(Channel.EMAIL, "Asia/Tokyo", "2026-03-11T15:30:00Z", "savings-account"));
    assertEquals(
        "QuietHoursApp",
        excludedBy(Channel.APP, "Asia/Tokyo", "2026-03-11T15:30:00Z", "savings-account"));
  }

  @Test
  void callsAreMadeFromNineToEightAndNeverOnSunday() {
    assertEquals(
        "QuietHoursCallCentre",
        excludedBy(Channel.CALL_CENTRE, "Europe/Paris", "2026-03-11T07:59:00Z", "personal-loan"));
    assertNull(
        excludedBy(Channel.CALL_CENTRE, "Europe/Paris", "2026-03-11T08:00:00Z", "personal-loan"));
    assertEquals(
        "QuietHoursCallCentre",
        excludedBy(Channel.CALL_CENTRE, "Europe/Paris", "2026-03-11T19:00:00Z", "personal-loan"));
    // Sunday 15 March 2026, 11:00 in Paris; Saturday is a working day for the call centre.
    assertEquals(
        "QuietSundayCalls",
        excludedBy(Channel.CALL_CENTRE, "Europe/Paris", "2026-03-15T10:00:00Z", "personal-loan"));
    assertNull(
        excludedBy(Channel.CALL_CENTRE, "Europe/Paris", "2026-03-14T10:00:00Z", "personal-loan"));
  }

  @Test
  void quietHoursHoldForMandatoryNoticesToo() {
    assertEquals(
        "QuietHoursApp",
        excludedBy(Channel.APP, "Europe/Paris", "2026-03-11T21:30:00Z", "card-terms-notice"));
  }

  @Test
  void aCustomerOnTheWebAtNightIsServed() {
    Scenario s = new Scenario();
    s.at = Instant.parse("2026-03-11T23:00:00Z");
    assertNull(s.evaluate(rules, libraryActions("savings-account")).exclusionOf("savings-account"));
  }
}
