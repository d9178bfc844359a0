package io.parcours.engine.cache;

import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.infinispan.AdvancedCache;
import org.infinispan.Cache;
import org.infinispan.configuration.parsing.ConfigurationBuilderHolder;
import org.infinispan.configuration.parsing.ParserRegistry;
import org.infinispan.context.Flag;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * The embedded Infinispan cache manager and the caches Parcours uses, started from the
 * configuration of the chosen {@link CacheSettings.Mode}: the code is the same whether the caches
 * are local or distributed.
 */
public final class InfinispanCaches implements AutoCloseable {

  /** The caches, in the order they are started. */
  public static final List<String> NAMES =
      List.of(
          "customer-profiles",
          "contact-histories",
          "journey-stages",
          "volume-counters",
          "verified-credentials");

  private final DefaultCacheManager manager;

  private InfinispanCaches(DefaultCacheManager manager) {
    this.manager = manager;
  }

  /**
   * Starts the cache manager and every cache, joining the cluster when the caches are distributed.
   *
   * @param settings the mode, the cluster and the sizes
   * @param sources where the caches' stores read and write
   */
  public static InfinispanCaches start(CacheSettings settings, CacheSources sources) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    ClassLoader loader = InfinispanCaches.class.getClassLoader();
    thread.setContextClassLoader(loader);
    try {
      DefaultCacheManager manager = new DefaultCacheManager(configuration(settings, loader), false);
      sources.registerWith(manager);
      manager.start();
      manager.startCaches(NAMES.toArray(String[]::new));
      return new InfinispanCaches(manager);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The configuration of {@code settings}, its {@code ${parcours.cache.*}} properties replaced. */
  static ConfigurationBuilderHolder configuration(CacheSettings settings, ClassLoader loader) {
    ParserRegistry parser = new ParserRegistry(loader, false, settings.properties());
    try {
      if (settings.configuration() != null) {
        return parser.parse(Path.of(settings.configuration()));
      }
      URL resource = loader.getResource(settings.mode().resource());
      if (resource == null) {
        throw new IllegalStateException(
            settings.mode().resource() + " is missing from the class path");
      }
      return parser.parse(resource);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "reading the cache configuration "
              + (settings.configuration() != null
                  ? settings.configuration()
                  : settings.mode().resource()),
          e);
    }
  }

  /** Customer profiles by customer id; a miss is loaded from {@code customers}. */
  public Cache<String, CustomerProfile> profiles() {
    return manager.getCache("customer-profiles");
  }

  /**
   * Recent impressions and responses by customer id; a miss is loaded from the interaction tables.
   */
  public Cache<String, ContactHistory> histories() {
    return manager.getCache("contact-histories");
  }

  /**
   * Each customer's current stage per journey, by customer id; a miss is loaded from {@code
   * customer_stages}.
   */
  public Cache<String, CurrentStages> stages() {
    return manager.getCache("journey-stages");
  }

  /**
   * Impressions used of a volume-constrained action on a day, by {@link VolumeCounterKey#of}; a
   * miss is loaded from {@code volume_counters} and the day's impressions.
   */
  public Cache<String, Long> volumes() {
    return manager.getCache("volume-counters");
  }

  /** Recently verified credentials by a digest of the name and password; local to each node. */
  public Cache<String, VerifiedCredential> credentials() {
    return manager.getCache("verified-credentials");
  }

  /** The cache manager, for statistics and for tests of the configuration. */
  public EmbeddedCacheManager manager() {
    return manager;
  }

  /**
   * Replaces the value of {@code key} by {@code change} of it, only where it is in memory: an entry
   * not in memory is left to be loaded, already changed, from PostgreSQL. A compare-and-replace
   * loop rather than a lambda sent to the entry's owner, so that it works unchanged on a
   * distributed cache.
   */
  public static <K, V> void updateIfCached(Cache<K, V> cache, K key, UnaryOperator<V> change) {
    AdvancedCache<K, V> memory = cache.getAdvancedCache().withFlags(Flag.SKIP_CACHE_LOAD);
    while (true) {
      V old = memory.get(key);
      if (old == null || memory.replace(key, old, change.apply(old))) {
        return;
      }
    }
  }

  @Override
  public void close() {
    try {
      manager.close();
    } catch (IOException e) {
      throw new UncheckedIOException("stopping the caches", e);
    }
  }
}
