package io.parcours.engine.cache;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.infinispan.persistence.spi.InitializationContext;
import org.infinispan.persistence.spi.MarshallableEntry;
import org.infinispan.persistence.spi.MarshallableEntryFactory;
import org.infinispan.persistence.spi.NonBlockingStore;
import org.infinispan.util.concurrent.BlockingManager;

/**
 * A cache loader reading one kind of value from Parcours' own tables, so that a cache miss is
 * loaded by Infinispan itself. Read-only: the tables are written by the repositories (through the
 * group commits) and the cache only mirrors them; the JDBC call runs on Infinispan's blocking
 * threads.
 *
 * @param <V> the cached value
 */
abstract class PostgresLoader<V> implements NonBlockingStore<String, V> {

  private BlockingManager blocking;
  private MarshallableEntryFactory<String, V> entries;
  private CacheSources sources;

  @Override
  public CompletionStage<Void> start(InitializationContext context) {
    blocking = context.getBlockingManager();
    entries = context.getMarshallableEntryFactory();
    sources = CacheSources.of(context.getCache().getCacheManager());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> stop() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Set<Characteristic> characteristics() {
    return EnumSet.of(Characteristic.SHAREABLE, Characteristic.READ_ONLY);
  }

  @Override
  public CompletionStage<MarshallableEntry<String, V>> load(int segment, Object key) {
    String id = (String) key;
    return blocking.supplyBlocking(
        () -> {
          V value = read(sources, id);
          return value == null ? null : entries.create(id, value);
        },
        key);
  }

  /** The value of {@code key} in PostgreSQL, or {@code null} when there is none. */
  abstract V read(CacheSources sources, String key);

  @Override
  public CompletionStage<Void> write(
      int segment, MarshallableEntry<? extends String, ? extends V> entry) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is read-only");
  }

  @Override
  public CompletionStage<Boolean> delete(int segment, Object key) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is read-only");
  }

  @Override
  public CompletionStage<Void> clear() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is read-only");
  }
}
