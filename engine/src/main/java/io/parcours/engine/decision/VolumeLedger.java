package io.parcours.engine.decision;

import io.parcours.domain.Action;
import io.parcours.engine.cache.VolumeCounterKey;
import java.time.Instant;
import org.infinispan.Cache;

/**
 * Volume constraints: how many impressions of an action the whole population may get per day (UTC).
 *
 * <p>A decision reserves one impression of each constrained action it shows, atomically, before it
 * answers: concurrent decisions cannot together exceed the limit, because each reservation is a
 * compare-and-replace on one cache entry (on a distributed cache, on the entry's owner, so nodes share
 * the limit). The cache loads a day's count from PostgreSQL (never below the impressions it already
 * holds for that day) and writes it back behind, so neither a restart nor an eviction resets it; a
 * decision that fails after reserving gives its reservations back.
 */
public final class VolumeLedger {

  /** The name under which a decision reports an action held back by its volume constraint. */
  public static final String RULE = "DailyVolumeLimit";

  private final Cache<String, Long> counters;

  public VolumeLedger(Cache<String, Long> counters) {
    this.counters = counters;
  }

  /** Whether {@code action} has no impression left today; false for an unconstrained action. */
  public boolean exhausted(Action action, Instant at) {
    if (action.dailyLimit() == 0) {
      return false;
    }
    Long used = counters.get(VolumeCounterKey.of(action.id(), at));
    return used != null && used >= action.dailyLimit();
  }

  /** Takes one impression of today's volume of {@code action}; false when none is left. */
  public boolean reserve(Action action, Instant at) {
    if (action.dailyLimit() == 0) {
      return true;
    }
    String key = VolumeCounterKey.of(action.id(), at);
    while (true) {
      Long used = counters.get(key);
      if (used == null) {
        if (counters.putIfAbsent(key, 1L) == null) {
          return true;
        }
      } else if (used >= action.dailyLimit()) {
        return false;
      } else if (counters.replace(key, used, used + 1)) {
        return true;
      }
    }
  }

  /** Gives back an impression reserved by a decision that was not made. */
  public void release(Action action, Instant at) {
    if (action.dailyLimit() == 0) {
      return;
    }
    String key = VolumeCounterKey.of(action.id(), at);
    while (true) {
      Long used = counters.get(key);
      if (used == null || used == 0 || counters.replace(key, used, used - 1)) {
        return;
      }
    }
  }
}
