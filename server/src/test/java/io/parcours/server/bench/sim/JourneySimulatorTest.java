package io.parcours.server.bench.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.Issue;
import io.parcours.domain.Purpose;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulator's world is what its javadoc says, and the same seed gives the same world. */
class JourneySimulatorTest {

  /** A Wednesday afternoon in Paris. */
  private static final Instant WEDNESDAY_AFTERNOON = Instant.parse("2026-03-04T14:00:00Z");

  private final JourneySimulator world = new JourneySimulator(5, 2_000);

  @Test
  void theSameSeedGivesTheSameWorldAndADifferentSeedAnother() {
    JourneySimulator again = new JourneySimulator(5, 2_000);
    JourneySimulator other = new JourneySimulator(6, 2_000);
    assertEquals(world.customers(), again.customers());
    assertNotEquals(world.customers(), other.customers());
    for (long i = 0; i < 1_000; i++) {
      JourneySimulator.Situation a = world.situation(i);
      JourneySimulator.Situation b = again.situation(i);
      assertEquals(a.customer(), b.customer());
      assertEquals(a.request(), b.request());
      assertEquals(a.stages(), b.stages());
      assertArrayEquals(a.truth(), b.truth());
      assertArrayEquals(a.uniforms(), b.uniforms());
    }
    assertNotEquals(world.situation(0).request(), other.situation(0).request());
  }

  @Test
  void aDecisionIsTheSameWhateverWasAskedBefore() {
    JourneySimulator.Situation late = world.situation(12_345);
    for (long i = 0; i < 100; i++) {
      world.situation(i);
    }
    assertEquals(late.request(), world.situation(12_345).request());
    assertArrayEquals(late.uniforms(), world.situation(12_345).uniforms());
  }

  @Test
  void probabilitiesAreProbabilitiesAndTheResponsesFollowThem() {
    long positives = 0;
    double expected = 0;
    int n = 20_000;
    for (long i = 0; i < n; i++) {
      JourneySimulator.Situation s = world.situation(i);
      for (double p : s.truth()) {
        assertTrue(p > 0 && p < 1, "a probability in (0, 1): " + p);
      }
      int a = s.eligible()[(int) (i % s.eligible().length)];
      assertEquals(
          JourneySimulator.probability(world.actions().get(a), s.customer(), s.request()),
          s.truth()[a],
          1e-12);
      positives += s.responds(a) ? 1 : 0;
      expected += s.truth()[a];
    }
    // Binomial: the observed count within 5 standard deviations of the expected one.
    assertEquals(expected, positives, 5 * Math.sqrt(expected));
  }

  @Test
  void theEligibleActionsAreThoseWithATreatmentOnTheChannel() {
    assertEquals(20, world.actions().size());
    for (long i = 0; i < 2_000; i++) {
      JourneySimulator.Situation s = world.situation(i);
      Channel channel = s.request().channel();
      int[] expected =
          java.util.stream.IntStream.range(0, 20)
              .filter(a -> world.actions().get(a).offeredOn(channel))
              .toArray();
      assertArrayEquals(expected, s.eligible());
      assertTrue(
          s.eligible().length >= 7 && s.eligible().length <= 17,
          channel + ": " + s.eligible().length);
    }
  }

  @Test
  void theStagesAreThoseTheRulesWouldFind() {
    assertEquals(
        Map.of("lifecycle", "onboarding"),
        JourneySimulator.stages(customer("mass", 30, 3, 0.1, 0, false, false)));
    assertEquals(
        Map.of("lifecycle", "loyal", "retention", "at-risk", "resilience", "arrears"),
        JourneySimulator.stages(customer("mass", 60, 200, 0.8, 2, false, false)));
    assertEquals(
        Map.of("lifecycle", "growth", "retention", "watch", "resilience", "early-arrears"),
        JourneySimulator.stages(customer("mass", 30, 20, 0.5, 1, false, false)));
  }

  @Test
  void aCustomerAtRiskOfLeavingIsBestServedByARetentionActionOnEveryChannel() {
    CustomerProfile atRisk = customer("mass", 40, 60, 0.85, 0, false, false);
    for (DecisionRequest r : requests()) {
      Action best = best(atRisk, r);
      assertEquals(Issue.RETENTION, best.issue(), r.channel() + ": " + best.id());
    }
  }

  @Test
  void aRetentionOfferDoesNotWorkForACustomerAtLowRisk() {
    CustomerProfile atRisk = customer("mass", 40, 60, 0.85, 0, false, false);
    CustomerProfile loyal = customer("mass", 40, 60, 0.10, 0, false, false);
    for (DecisionRequest r : requests()) {
      assertNotEquals(Issue.RETENTION, best(loyal, r).issue(), r.channel().code());
      for (Action a : world.actions()) {
        if (a.issue() == Issue.RETENTION && a.offeredOn(r.channel())) {
          double low = JourneySimulator.probability(a, loyal, r);
          double high = JourneySimulator.probability(a, atRisk, r);
          assertTrue(high > 4 * low, a.id() + " on " + r.channel() + ": " + high + " vs " + low);
        }
      }
    }
  }

  @Test
  void aMissedPaymentCallsForPaymentSupportAndTwoForDebtAdvice() {
    CustomerProfile oneMissed = customer("mass", 40, 60, 0.1, 1, false, false);
    CustomerProfile twoMissed = customer("mass", 40, 60, 0.1, 2, false, false);
    DecisionRequest app = request(Channel.APP, Direction.INBOUND, Map.of("page", "home"));
    DecisionRequest call =
        request(Channel.CALL_CENTRE, Direction.OUTBOUND, Map.of("trigger", "campaign"));
    assertEquals("payment-holiday", best(oneMissed, app).id());
    assertEquals("payment-holiday", best(oneMissed, call).id());
    assertEquals("debt-advice", best(twoMissed, call).id());
  }

  @Test
  void aTravellerIsBestServedByATravelProduct() {
    CustomerProfile traveller = customer("mass", 40, 60, 0.1, 0, false, true);
    assertEquals(
        "travel",
        best(traveller, request(Channel.SMS, Direction.OUTBOUND, Map.of("trigger", "campaign")))
            .group());
    assertEquals(
        "travel",
        best(traveller, request(Channel.APP, Direction.INBOUND, Map.of("page", "travel"))).group());
  }

  @Test
  void aNewCustomerInTheAppIsBestServedByOnboardingTips() {
    CustomerProfile newcomer = customer("mass", 40, 2, 0.1, 0, false, false);
    assertEquals(
        "app-onboarding-tips",
        best(newcomer, request(Channel.APP, Direction.INBOUND, Map.of("page", "home"))).id());
  }

  @Test
  void theBestActionDiffersFromCustomerToCustomer() {
    Map<String, Integer> bestCounts = new HashMap<>();
    int n = 20_000;
    for (long i = 0; i < n; i++) {
      JourneySimulator.Situation s = world.situation(i);
      bestCounts.merge(world.actions().get(s.best()).id(), 1, Integer::sum);
    }
    assertTrue(bestCounts.size() >= 12, "actions that are best for someone: " + bestCounts);
    int most = bestCounts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertTrue(most < n / 3, "no action is best for a third of the decisions: " + bestCounts);
  }

  @Test
  void theOracleDoesFarBetterThanChance() {
    double oracle = 0;
    double random = 0;
    int n = 20_000;
    for (long i = 0; i < n; i++) {
      JourneySimulator.Situation s = world.situation(i);
      oracle += s.truth()[s.best()];
      random += Arrays.stream(s.eligible()).mapToDouble(a -> s.truth()[a]).average().orElseThrow();
    }
    assertTrue(oracle > 2 * random, "oracle " + oracle / n + ", random " + random / n);
  }

  private Action best(CustomerProfile c, DecisionRequest r) {
    Action best = null;
    double p = -1;
    for (Action a : world.actions()) {
      if (a.offeredOn(r.channel())) {
        double q = JourneySimulator.probability(a, c, r);
        if (q > p) {
          p = q;
          best = a;
        }
      }
    }
    return best;
  }

  /** One ordinary situation per channel: a page, a campaign, a general call. */
  private static List<DecisionRequest> requests() {
    return List.of(
        request(Channel.WEB, Direction.INBOUND, Map.of("page", "home")),
        request(Channel.APP, Direction.INBOUND, Map.of("page", "home")),
        request(Channel.EMAIL, Direction.OUTBOUND, Map.of("trigger", "campaign")),
        request(Channel.SMS, Direction.OUTBOUND, Map.of("trigger", "campaign")),
        request(Channel.CALL_CENTRE, Direction.INBOUND, Map.of("reason", "general")),
        request(Channel.CALL_CENTRE, Direction.OUTBOUND, Map.of("trigger", "campaign")));
  }

  private static DecisionRequest request(
      Channel channel, Direction direction, Map<String, String> context) {
    return new DecisionRequest("C1", channel, direction, context, 1, WEDNESDAY_AFTERNOON);
  }

  private static CustomerProfile customer(
      String segment,
      int age,
      int tenureMonths,
      double churn,
      int missed,
      boolean complaint,
      boolean travelling) {
    return new CustomerProfile(
        "C1",
        "Test",
        age,
        "bretagne",
        segment,
        tenureMonths,
        Set.of("current-account"),
        1_500,
        2_000,
        churn,
        missed,
        complaint,
        travelling,
        Set.of(new Consent(Channel.WEB, Purpose.PROFILING)),
        "Europe/Paris",
        WEDNESDAY_AFTERNOON);
  }
}
