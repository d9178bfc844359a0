package io.parcours.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.db.PostgresCustomers;
import io.parcours.db.PostgresDatabase;
import io.parcours.db.PostgresVolumeCounters;
import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Issue;
import io.parcours.engine.decision.VolumeLedger;
import io.parcours.engine.demo.DemoCustomers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.infinispan.Cache;
import org.infinispan.container.impl.InternalDataContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local caches on a real PostgreSQL: bounded by their settings, they evict, and what they
 * evicted comes back from PostgreSQL through their stores, volume counters included.
 */
class CacheStoresTest {

  private static final int CUSTOMERS = 10;
  private static final CacheSettings SMALL = CacheSettings.defaults().withMaxCounts(3, 3, 3, 1, 3);

  private static EmbeddedPostgres postgres;
  private static PostgresDatabase database;
  private static final List<CustomerProfile> profiles = new ArrayList<>();

  @BeforeAll
  static void startDatabase() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    database =
        PostgresDatabase.connect(
            new PostgresDatabase.Settings(
                postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 2));
    database.migrate();
    DemoCustomers demo = new DemoCustomers();
    for (int i = 1; i <= CUSTOMERS; i++) {
      profiles.add(demo.customer(i));
    }
    new PostgresCustomers(database.dataSource()).insertMissing(profiles.iterator());
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    database.close();
    postgres.close();
  }

  private static InfinispanCaches start() {
    return InfinispanCaches.start(SMALL, CacheSources.of(database.dataSource(), Clock.systemUTC()));
  }

  /** The entries a cache holds in memory, once its eviction has caught up. */
  private static InternalDataContainer<?, ?> memory(Cache<?, ?> cache) {
    InternalDataContainer<?, ?> container =
        (InternalDataContainer<?, ?>) cache.getAdvancedCache().getDataContainer();
    container.cleanUp();
    return container;
  }

  @Test
  void aBoundedProfileCacheKeepsItsMaximumInMemoryAndStillReadsEveryProfile() {
    PostgresCustomers customers = new PostgresCustomers(database.dataSource());
    try (InfinispanCaches caches = start()) {
      for (CustomerProfile p : profiles) {
        assertEquals(
            customers.find(p.customerId()).orElseThrow(), caches.profiles().get(p.customerId()));
      }
      assertEquals(3, memory(caches.profiles()).capacity());
      assertTrue(memory(caches.profiles()).sizeIncludingExpired() <= 3);
      assertTrue(caches.profiles().getAdvancedCache().getStats().getEvictions() >= CUSTOMERS - 3);
      // Read again after their eviction: loaded again, the same.
      for (CustomerProfile p : profiles) {
        assertEquals(
            customers.find(p.customerId()).orElseThrow(), caches.profiles().get(p.customerId()));
      }
    }
  }

  @Test
  void historiesAndStagesOfACustomerNeverContactedAreLoadedEmpty() {
    String id = profiles.get(0).customerId();
    try (InfinispanCaches caches = start()) {
      assertEquals(ContactHistory.empty(id), caches.histories().get(id));
      assertEquals(CurrentStages.NONE, caches.stages().get(id));
    }
  }

  @Test
  void aVolumeCounterSurvivesItsEvictionAndARestart() {
    Action advisor = action("advisor-volume");
    Action other = action("other-volume");
    Instant now = Instant.now();
    String key = VolumeCounterKey.of(advisor.id(), now);
    try (InfinispanCaches caches = start()) {
      VolumeLedger ledger = new VolumeLedger(caches.volumes());
      for (int i = 0; i < 3; i++) {
        assertTrue(ledger.reserve(advisor, now));
      }
      // No impression is stored: a count recounted from the impressions would restart from 0.
      assertTrue(ledger.reserve(other, now));
      assertFalse(memory(caches.volumes()).containsKey(key), "the counter was evicted");
      assertEquals(3L, caches.volumes().get(key));
      assertTrue(ledger.reserve(advisor, now));
      assertTrue(ledger.reserve(advisor, now));
      assertFalse(ledger.reserve(advisor, now));
    }
    assertEquals(
        OptionalLong.of(5),
        new PostgresVolumeCounters(database.dataSource())
            .stored(advisor.id(), LocalDate.ofInstant(now, ZoneOffset.UTC)));
    try (InfinispanCaches caches = start()) {
      VolumeLedger ledger = new VolumeLedger(caches.volumes());
      assertTrue(ledger.exhausted(advisor, now));
      assertFalse(ledger.reserve(advisor, now));
      assertEquals(1L, caches.volumes().get(VolumeCounterKey.of(other.id(), now)));
    }
  }

  private static Action action(String id) {
    return new Action(
            id, id, Issue.RETENTION, "advice", "retention", Set.of(Channel.CALL_CENTRE), 40, 1, "")
        .limitedTo(5);
  }
}
