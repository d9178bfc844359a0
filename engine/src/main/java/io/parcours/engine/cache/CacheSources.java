package io.parcours.engine.cache;

import io.parcours.db.PostgresCustomers;
import io.parcours.db.PostgresJourneys;
import io.parcours.db.PostgresResponseLog;
import io.parcours.db.PostgresVolumeCounters;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;
import org.infinispan.factories.GlobalComponentRegistry;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * Where the caches' stores read and write in PostgreSQL. Registered with the cache manager before
 * it starts, so that the stores named in the configuration find it: the configuration says which
 * store a cache has, this says which database it talks to.
 *
 * @param customers profiles ({@code customers})
 * @param responses contact histories ({@code impressions}, {@code responses})
 * @param journeys current stages ({@code customer_stages})
 * @param volumes daily volume counters ({@code volume_counters}, {@code impressions})
 * @param clock the time contact-history windows are counted back from
 */
public record CacheSources(
    PostgresCustomers customers,
    PostgresResponseLog responses,
    PostgresJourneys journeys,
    PostgresVolumeCounters volumes,
    Clock clock) {

  public CacheSources {
    Objects.requireNonNull(customers, "customers");
    Objects.requireNonNull(responses, "responses");
    Objects.requireNonNull(journeys, "journeys");
    Objects.requireNonNull(volumes, "volumes");
    Objects.requireNonNull(clock, "clock");
  }

  /** The sources on one database. */
  public static CacheSources of(DataSource dataSource, Clock clock) {
    return new CacheSources(
        new PostgresCustomers(dataSource),
        new PostgresResponseLog(dataSource),
        new PostgresJourneys(dataSource),
        new PostgresVolumeCounters(dataSource),
        clock);
  }

  /** Makes these sources the ones the stores of {@code manager} use; before it starts. */
  void registerWith(EmbeddedCacheManager manager) {
    GlobalComponentRegistry.of(manager).registerComponent(this, CacheSources.class);
  }

  /**
   * The sources registered with {@code manager}.
   *
   * @throws IllegalStateException when none are: the caches were not started by {@link
   *     InfinispanCaches}
   */
  static CacheSources of(EmbeddedCacheManager manager) {
    CacheSources sources = GlobalComponentRegistry.componentOf(manager, CacheSources.class);
    if (sources == null) {
      throw new IllegalStateException(
          "a Parcours cache store needs the PostgreSQL sources; start the caches with InfinispanCaches.start");
    }
    return sources;
  }
}
