package io.parcours.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Issue;
import io.parcours.engine.cache.VolumeCounterKey;
import java.time.Instant;
import java.util.Set;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An action's volumes across the whole population: its total budget holds across days, a day's
 * limit within the day, and an impression refused by one is not taken from the other.
 */
class VolumeLedgerTest {

  private static final Instant MONDAY = Instant.parse("2026-12-07T10:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2026-12-08T10:00:00Z");

  private static DefaultCacheManager caches;
  private Cache<String, Long> counters;
  private VolumeLedger ledger;

  @BeforeAll
  static void start() {
    caches = new DefaultCacheManager();
    caches.defineConfiguration("volumes", new ConfigurationBuilder().build());
  }

  @AfterAll
  static void stop() throws Exception {
    caches.close();
  }

  @BeforeEach
  void empty() {
    counters = caches.getCache("volumes");
    counters.clear();
    ledger = new VolumeLedger(counters);
  }

  private static Action action(int dailyLimit, long budget) {
    return new Action(
            "winter-saver",
            "Winter saver",
            Issue.SALES,
            "savings-account",
            "lifecycle",
            Set.of(Channel.WEB),
            10,
            1,
            "")
        .limitedTo(dailyLimit)
        .withBudget(budget);
  }

  @Test
  void aTotalBudgetIsUsedUpAcrossDaysAndThenNamedAsTheReason() {
    Action saver = action(0, 3);

    assertTrue(ledger.reserve(saver, MONDAY));
    assertTrue(ledger.reserve(saver, MONDAY));
    assertFalse(ledger.exhausted(saver, TUESDAY));
    assertTrue(ledger.reserve(saver, TUESDAY));

    assertFalse(ledger.reserve(saver, TUESDAY));
    assertTrue(
        ledger.exhausted(saver, Instant.parse("2027-06-01T00:00:00Z")), "a budget does not renew");
    assertEquals(VolumeLedger.BUDGET_RULE, ledger.exclusion(saver, TUESDAY).rule());
    assertEquals(3L, counters.get(VolumeCounterKey.total(saver.id())));
  }

  @Test
  void anImpressionGivenBackIsOfferedAgain() {
    Action saver = action(0, 1);
    assertTrue(ledger.reserve(saver, MONDAY));
    assertTrue(ledger.exhausted(saver, MONDAY));

    ledger.release(saver, MONDAY);

    assertFalse(ledger.exhausted(saver, MONDAY));
    assertTrue(ledger.reserve(saver, MONDAY));
  }

  @Test
  void aBudgetUsedUpTakesNothingFromTheDaysLimitAndTheDaysLimitNothingFromTheBudget() {
    Action saver = action(2, 3);

    assertTrue(ledger.reserve(saver, MONDAY));
    assertTrue(ledger.reserve(saver, MONDAY));
    assertFalse(ledger.reserve(saver, MONDAY), "Monday's limit of 2 is reached");
    assertEquals(VolumeLedger.RULE, ledger.exclusion(saver, MONDAY).rule());
    assertEquals(
        2L,
        counters.get(VolumeCounterKey.total(saver.id())),
        "the refused impression left the budget alone");

    assertTrue(ledger.reserve(saver, TUESDAY));
    assertFalse(
        ledger.reserve(saver, TUESDAY), "the budget of 3 is used up, though Tuesday allows 2");
    assertEquals(
        1L,
        counters.get(VolumeCounterKey.of(saver.id(), TUESDAY)),
        "the day's impression taken before the budget refused is given back");
    assertEquals(VolumeLedger.BUDGET_RULE, ledger.exclusion(saver, TUESDAY).rule());
  }

  @Test
  void anActionWithoutVolumesIsNeverHeldBack() {
    Action free = action(0, 0);
    for (int i = 0; i < 100; i++) {
      assertTrue(ledger.reserve(free, MONDAY));
    }
    assertFalse(ledger.exhausted(free, MONDAY));
    assertTrue(counters.isEmpty(), "nothing is counted for it");
  }
}
