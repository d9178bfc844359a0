package io.parcours.engine.cache;

import io.parcours.db.PostgresVolumeCounters;
import io.reactivex.rxjava3.core.Flowable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.infinispan.persistence.spi.InitializationContext;
import org.infinispan.persistence.spi.MarshallableEntry;
import org.infinispan.persistence.spi.MarshallableEntryFactory;
import org.infinispan.persistence.spi.NonBlockingStore;
import org.infinispan.util.concurrent.BlockingManager;
import org.reactivestreams.Publisher;

/**
 * Loads and writes the daily volume counters in {@code volume_counters}, so that a count survives
 * its eviction from memory: what a counter held when it left memory (reservations of decisions
 * still being recorded included) is what it holds when it comes back. A count is never loaded below
 * the impressions PostgreSQL holds for the day, so a counter written before a crash, or never
 * written, is made good from the source of truth. Configured behind a write-behind queue: a
 * reservation does not wait for the database.
 */
public final class PostgresVolumeStore implements NonBlockingStore<String, Long> {

  /** Counters of days older than this are deleted when expired entries are purged. */
  static final int DAYS_KEPT = 2;

  private BlockingManager blocking;
  private MarshallableEntryFactory<String, Long> entries;
  private PostgresVolumeCounters counters;

  @Override
  public CompletionStage<Void> start(InitializationContext context) {
    blocking = context.getBlockingManager();
    entries = context.getMarshallableEntryFactory();
    counters = CacheSources.of(context.getCache().getCacheManager()).volumes();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> stop() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Set<Characteristic> characteristics() {
    return EnumSet.of(Characteristic.SHAREABLE, Characteristic.EXPIRATION);
  }

  @Override
  public CompletionStage<MarshallableEntry<String, Long>> load(int segment, Object key) {
    String k = (String) key;
    VolumeCounterKey counter = VolumeCounterKey.parse(k);
    return blocking.supplyBlocking(
        () -> entries.create(k, counters.used(counter.actionId(), counter.day())), key);
  }

  @Override
  public CompletionStage<Void> write(
      int segment, MarshallableEntry<? extends String, ? extends Long> entry) {
    VolumeCounterKey counter = VolumeCounterKey.parse(entry.getKey());
    long used = entry.getValue();
    return blocking.runBlocking(
        () -> counters.save(counter.actionId(), counter.day(), used), entry.getKey());
  }

  @Override
  public CompletionStage<Boolean> delete(int segment, Object key) {
    VolumeCounterKey counter = VolumeCounterKey.parse((String) key);
    return blocking.supplyBlocking(() -> counters.delete(counter.actionId(), counter.day()), key);
  }

  @Override
  public CompletionStage<Void> clear() {
    return blocking.runBlocking(() -> counters.deleteAll(), "clear");
  }

  /** Deletes the counters of past days; they are never read again. */
  @Override
  public Publisher<MarshallableEntry<String, Long>> purgeExpired() {
    return blocking.blockingPublisher(
        Flowable.defer(
            () -> {
              counters.deleteBefore(LocalDate.now(ZoneOffset.UTC).minusDays(DAYS_KEPT));
              return Flowable.empty();
            }));
  }
}
