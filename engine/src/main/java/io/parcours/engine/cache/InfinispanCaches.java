package io.parcours.engine.cache;

import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import org.infinispan.Cache;
import org.infinispan.manager.DefaultCacheManager;

/** The embedded Infinispan cache manager and the caches Parcours uses. */
public final class InfinispanCaches implements AutoCloseable {

  /** The configuration resource on the class path. */
  public static final String CONFIGURATION = "parcours-infinispan.xml";

  private final DefaultCacheManager manager;

  private InfinispanCaches(DefaultCacheManager manager) {
    this.manager = manager;
  }

  /** Starts the cache manager from {@link #CONFIGURATION}. */
  public static InfinispanCaches start() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(InfinispanCaches.class.getClassLoader());
    try (InputStream config = InfinispanCaches.class.getClassLoader().getResourceAsStream(CONFIGURATION)) {
      if (config == null) {
        throw new IllegalStateException(CONFIGURATION + " is missing from the class path");
      }
      return new InfinispanCaches(new DefaultCacheManager(config));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + CONFIGURATION, e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** Customer profiles by customer id. */
  public Cache<String, CustomerProfile> profiles() {
    return manager.getCache("customer-profiles");
  }

  /** Recent impressions and responses by customer id. */
  public Cache<String, ContactHistory> histories() {
    return manager.getCache("contact-histories");
  }

  /** Each customer's current stage per journey (journey → stage), by customer id. */
  public Cache<String, Map<String, String>> stages() {
    return manager.getCache("journey-stages");
  }

  /** Impressions used today of a volume-constrained action, by {@code <action id>@<day>}. */
  public Cache<String, Long> volumes() {
    return manager.getCache("volume-counters");
  }

  /** Roles by a digest of recently verified credentials. */
  public Cache<String, Set<String>> credentials() {
    return manager.getCache("verified-credentials");
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
