package io.parcours.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

  private Instant now = Instant.parse("2026-12-07T09:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final SignInThrottle throttle = new SignInThrottle(SignInThrottle.Policy.DEFAULT, clock);

  private void fail(String name, String address, int times) {
    for (int i = 0; i < times; i++) {
      assertEquals(
          Optional.empty(), throttle.wait(name, address), "attempt " + (i + 1) + " is checked");
      throttle.failed(name, address);
    }
  }

  @Test
  void afterFiveFailuresANameWaitsAndEachFurtherFailureDoublesTheWait() {
    fail("ana", "10.0.0.1", 5);
    assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.wait("ana", "10.0.0.1"));
    assertEquals(
        Optional.of(Duration.ofSeconds(1)), throttle.wait("ana", "10.0.0.2"), "from anywhere");
    now = now.plusSeconds(1);
    fail("ana", "10.0.0.1", 1);
    assertEquals(Optional.of(Duration.ofSeconds(2)), throttle.wait("ana", "10.0.0.1"));
    now = now.plusSeconds(2);
    fail("ana", "10.0.0.1", 1);
    assertEquals(Optional.of(Duration.ofSeconds(4)), throttle.wait("ana", "10.0.0.1"));
  }

  @Test
  void anotherNameCostsNothingMoreAndASuccessResets() {
    fail("ana", "10.0.0.1", 5);
    assertEquals(
        Optional.empty(), throttle.wait("bob", "10.0.0.1"), "bob's sign-in is not slowed by ana's");
    now = now.plusSeconds(1);
    throttle.succeeded("ana");
    assertEquals(Optional.empty(), throttle.wait("ana", "10.0.0.1"));
    fail("ana", "10.0.0.1", 4);
    assertEquals(
        Optional.empty(),
        throttle.wait("ana", "10.0.0.1"),
        "counting starts again after a success");
  }

  @Test
  void failuresOutsideTheWindowAreForgotten() {
    fail("ana", "10.0.0.1", 4);
    now = now.plus(Duration.ofMinutes(16));
    fail("ana", "10.0.0.1", 4);
    assertEquals(Optional.empty(), throttle.wait("ana", "10.0.0.1"));
  }

  @Test
  void oneAddressTryingManyNamesWaitsToo() {
    for (int i = 0; i < 30; i++) {
      fail("user" + i, "10.0.0.9", 1);
    }
    assertTrue(
        throttle.wait("user99", "10.0.0.9").isPresent(), "the address spent its 30 failures");
    assertEquals(Optional.empty(), throttle.wait("user99", "10.0.0.8"));
  }

  @Test
  void theWaitNeverExceedsFifteenMinutesAndMemoryStaysBounded() {
    SignInThrottle small =
        new SignInThrottle(
            new SignInThrottle.Policy(
                5, 30, Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofMinutes(15), 100),
            clock);
    for (int i = 0; i < 40; i++) {
      small.failed("ana", "10.0.0.1");
    }
    assertEquals(Optional.of(Duration.ofMinutes(15)), small.wait("ana", "10.0.0.1"));
    for (int i = 0; i < 10_000; i++) {
      small.failed("name" + i, "10.1." + (i / 250) + "." + (i % 250));
    }
    // nothing to assert on the maps' size from outside but that it runs in bounded memory; a name
    // it
    // still remembers is throttled as before
    assertTrue(small.wait("name9999", "10.0.0.2").isEmpty());
  }
}
