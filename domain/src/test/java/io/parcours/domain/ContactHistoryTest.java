package io.parcours.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a cached contact history forgets: caps look back 31 days, acceptances are kept 400 days. */
class ContactHistoryTest {

  private static final Instant NOW = Instant.parse("2026-06-01T09:00:00Z");

  private static ContactHistory.ResponseEvent response(
      String action, Outcome outcome, Duration ago) {
    return new ContactHistory.ResponseEvent(action, Channel.WEB, outcome, NOW.minus(ago));
  }

  @Test
  void anAcceptanceOutlivesTheWindowOfTheCapsButARejectionDoesNot() {
    ContactHistory history =
        new ContactHistory(
            "c-1",
            List.of(),
            List.of(
                response("card-terms-notice", Outcome.ACCEPTED, Duration.ofDays(120)),
                response("savings-account", Outcome.REJECTED, Duration.ofDays(40)),
                response("savings-account", Outcome.CLICKED, Duration.ofDays(35))));
    ContactHistory next =
        history.withResponse(response("loan", Outcome.IGNORED, Duration.ZERO), NOW);
    assertEquals(
        NOW.minus(Duration.ofDays(120)), next.lastResponse("card-terms-notice", Outcome.ACCEPTED));
    assertNull(next.lastResponse("savings-account", Outcome.REJECTED));
    assertNull(next.lastResponse("savings-account", Outcome.CLICKED));
    assertEquals(2, next.responses().size());
  }

  @Test
  void anAcceptanceIsForgottenAfterFourHundredDays() {
    ContactHistory history =
        new ContactHistory(
            "c-1",
            List.of(),
            List.of(
                response(
                    "card-terms-notice", Outcome.ACCEPTED, Duration.ofDays(400).plusSeconds(1)),
                response("travel-card", Outcome.ACCEPTED, Duration.ofDays(400))));
    ContactHistory next =
        history.withResponse(response("loan", Outcome.IGNORED, Duration.ZERO), NOW);
    assertNull(next.lastResponse("card-terms-notice", Outcome.ACCEPTED));
    assertEquals(
        NOW.minus(Duration.ofDays(400)), next.lastResponse("travel-card", Outcome.ACCEPTED));
  }

  @Test
  void impressionsOlderThanThirtyOneDaysAreForgotten() {
    ContactHistory history =
        new ContactHistory(
            "c-1",
            List.of(
                new Impression("loan", Channel.APP, NOW.minus(Duration.ofDays(32))),
                new Impression("loan", Channel.APP, NOW.minus(Duration.ofDays(30)))),
            List.of());
    ContactHistory next =
        history.withImpressions(List.of(new Impression("loan", Channel.APP, NOW)), NOW);
    assertEquals(2, next.impressionsSince("loan", Channel.APP, NOW.minus(Duration.ofDays(365))));
  }
}
