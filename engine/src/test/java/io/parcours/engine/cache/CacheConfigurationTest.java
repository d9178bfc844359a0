package io.parcours.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.Configuration;
import org.infinispan.configuration.cache.CustomStoreConfiguration;
import org.infinispan.configuration.cache.StoreConfiguration;
import org.infinispan.configuration.parsing.ConfigurationBuilderHolder;
import org.junit.jupiter.api.Test;

/**
 * The two built-in cache configurations describe the same caches, bounded by the settings, and
 * differ only in being local or distributed.
 */
class CacheConfigurationTest {

  private static final ClassLoader LOADER = CacheConfigurationTest.class.getClassLoader();

  private static Configuration cache(CacheSettings settings, String name) {
    ConfigurationBuilderHolder holder = InfinispanCaches.configuration(settings, LOADER);
    return holder.getNamedConfigurationBuilders().get(name).build();
  }

  private static String store(Configuration c) {
    List<StoreConfiguration> stores = c.persistence().stores();
    if (stores.isEmpty()) {
      return "none";
    }
    StoreConfiguration s = stores.get(0);
    return ((CustomStoreConfiguration) s).customStoreClass().getSimpleName()
        + (s.ignoreModifications() ? " read-only" : "")
        + (s.async().enabled() ? " write-behind" : "");
  }

  @Test
  void localAndDistributedConfigurationsHoldTheSameCachesAlike() {
    CacheSettings local = CacheSettings.defaults();
    CacheSettings distributed = local.distributed("127.0.0.1", 7800, 0, "127.0.0.1[7800]");
    for (String name : InfinispanCaches.NAMES) {
      Configuration l = cache(local, name);
      Configuration d = cache(distributed, name);
      assertEquals(l.memory().maxCount(), d.memory().maxCount(), name);
      assertEquals(l.expiration().lifespan(), d.expiration().lifespan(), name);
      assertEquals(store(l), store(d), name);
      assertEquals(CacheMode.LOCAL, l.clustering().cacheMode(), name);
      assertEquals(
          name.equals("verified-credentials") ? CacheMode.LOCAL : CacheMode.DIST_SYNC,
          d.clustering().cacheMode(),
          name);
    }
  }

  @Test
  void everyCacheIsBoundedByItsSettingAndLoadsFromPostgresql() {
    CacheSettings settings = CacheSettings.defaults().withMaxCounts(11, 12, 13, 14, 15);
    Map<String, Long> expected =
        Map.of(
            "customer-profiles",
            11L,
            "contact-histories",
            12L,
            "journey-stages",
            13L,
            "volume-counters",
            14L,
            "verified-credentials",
            15L);
    for (CacheSettings s :
        List.of(settings, settings.distributed("127.0.0.1", 7800, 0, "127.0.0.1[7800]"))) {
      for (String name : InfinispanCaches.NAMES) {
        assertEquals(expected.get(name), cache(s, name).memory().maxCount(), name);
      }
      assertEquals("PostgresProfileLoader read-only", store(cache(s, "customer-profiles")));
      assertEquals("PostgresHistoryLoader read-only", store(cache(s, "contact-histories")));
      assertEquals("PostgresStageLoader read-only", store(cache(s, "journey-stages")));
      assertEquals("PostgresVolumeStore write-behind", store(cache(s, "volume-counters")));
      assertEquals("none", store(cache(s, "verified-credentials")));
    }
  }

  @Test
  void anUnknownModeOrASizeBelowOneIsRefusedNamingTheSetting() {
    assertEquals(CacheSettings.Mode.DISTRIBUTED, CacheSettings.Mode.fromCode(" Distributed "));
    IllegalArgumentException mode =
        assertThrows(
            IllegalArgumentException.class, () -> CacheSettings.Mode.fromCode("clustered"));
    assertTrue(mode.getMessage().contains("parcours.cache.mode"), mode.getMessage());
    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class,
            () -> CacheSettings.defaults().withMaxCounts(0, 1, 1, 1, 1));
    assertTrue(size.getMessage().contains("parcours.cache.profiles.max-count"), size.getMessage());
  }
}
