package io.parcours.engine.decision;

import io.parcours.db.PostgresActions;
import io.parcours.domain.Action;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.infinispan.Cache;

/**
 * Volume constraints: how many impressions of an action the whole population may get per day (UTC).
 *
 * <p>A decision reserves one impression of each constrained action it shows, atomically, before it
 * answers: concurrent decisions cannot together exceed the limit, because each reservation is a
 * compare-and-increment on one cache entry. The count of a day starts from the impressions PostgreSQL
 * already holds for that day, so a restart does not reset it; a decision that fails after reserving
 * gives its reservations back.
 */
public final class VolumeLedger {

  /** The name under which a decision reports an action held back by its volume constraint. */
  public static final String RULE = "DailyVolumeLimit";

  private final Cache<String, Long> counters;
  private final PostgresActions actions;

  public VolumeLedger(Cache<String, Long> counters, PostgresActions actions) {
    this.counters = counters;
    this.actions = actions;
  }

  /** Whether {@code action} has no impression left today; false for an unconstrained action. */
  public boolean exhausted(Action action, Instant at) {
    if (action.dailyLimit() == 0) {
      return false;
    }
    return used(action, at) >= action.dailyLimit();
  }

  /** Takes one impression of today's volume of {@code action}; false when none is left. */
  public boolean reserve(Action action, Instant at) {
    if (action.dailyLimit() == 0) {
      return true;
    }
    used(action, at);
    boolean[] taken = new boolean[1];
    counters.compute(
        key(action, at),
        (k, used) -> {
          long n = used == null ? 0 : used;
          if (n < action.dailyLimit()) {
            taken[0] = true;
            return n + 1;
          }
          return n;
        });
    return taken[0];
  }

  /** Gives back an impression reserved by a decision that was not made. */
  public void release(Action action, Instant at) {
    if (action.dailyLimit() > 0) {
      counters.computeIfPresent(key(action, at), (k, used) -> Math.max(0, used - 1));
    }
  }

  /** Today's count, loaded from PostgreSQL the first time it is needed. */
  private long used(Action action, Instant at) {
    String key = key(action, at);
    Long used = counters.get(key);
    if (used == null) {
      Instant startOfDay = day(at).atStartOfDay(ZoneOffset.UTC).toInstant();
      long stored = actions.impressionsSince(action.id(), startOfDay);
      Long raced = counters.putIfAbsent(key, stored);
      used = raced == null ? stored : raced;
    }
    return used;
  }

  private static String key(Action action, Instant at) {
    return action.id() + "@" + day(at);
  }

  private static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }
}
