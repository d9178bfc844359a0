package io.parcours.engine.decision;

import io.parcours.domain.Action;
import io.parcours.domain.Exclusion;
import io.parcours.engine.cache.VolumeCounterKey;
import java.time.Instant;
import org.infinispan.Cache;

/**
 * Volume constraints: how many impressions of an action the whole population may get per day (UTC),
 * and in the action's whole life (its total budget).
 *
 * <p>A decision reserves one impression of each constrained action it shows, atomically, before it
 * answers: concurrent decisions cannot together exceed the limit, because each reservation is a
 * compare-and-replace on one cache entry (on a distributed cache, on the entry's owner, so nodes
 * share the limit). The cache loads a day's count from PostgreSQL (never below the impressions it
 * already holds for that day) and writes it back behind, so neither a restart nor an eviction
 * resets it; a decision that fails after reserving gives its reservations back.
 */
public final class VolumeLedger {

  /** The name under which a decision reports an action held back by its daily volume. */
  public static final String RULE = "DailyVolumeLimit";

  /** The name under which a decision reports an action whose total budget is used up. */
  public static final String BUDGET_RULE = "TotalBudget";

  private final Cache<String, Long> counters;

  public VolumeLedger(Cache<String, Long> counters) {
    this.counters = counters;
  }

  /**
   * Whether {@code action} has no impression left today or in its budget; false for an
   * unconstrained one.
   */
  public boolean exhausted(Action action, Instant at) {
    return dailyUsedUp(action, at) || budgetUsedUp(action);
  }

  private boolean dailyUsedUp(Action action, Instant at) {
    if (action.dailyLimit() == 0) {
      return false;
    }
    Long used = counters.get(VolumeCounterKey.of(action.id(), at));
    return used != null && used >= action.dailyLimit();
  }

  private boolean budgetUsedUp(Action action) {
    if (action.budget() == 0) {
      return false;
    }
    Long used = counters.get(VolumeCounterKey.total(action.id()));
    return used != null && used >= action.budget();
  }

  /**
   * Why {@code action} is held back at {@code at}: its daily volume or its total budget is used up.
   */
  public Exclusion exclusion(Action action, Instant at) {
    if (budgetUsedUp(action)) {
      return new Exclusion(
          action.id(),
          BUDGET_RULE,
          "the total budget of "
              + action.budget()
              + " impressions across all customers is used up");
    }
    return new Exclusion(
        action.id(),
        RULE,
        "the daily volume of "
            + action.dailyLimit()
            + " impressions across all customers is used up");
  }

  /**
   * Takes one impression of today's volume and of the total budget of {@code action}; false when
   * either has none left (and then neither is taken).
   */
  public boolean reserve(Action action, Instant at) {
    if (action.dailyLimit() > 0
        && !take(VolumeCounterKey.of(action.id(), at), action.dailyLimit())) {
      return false;
    }
    if (action.budget() > 0 && !take(VolumeCounterKey.total(action.id()), action.budget())) {
      if (action.dailyLimit() > 0) {
        give(VolumeCounterKey.of(action.id(), at));
      }
      return false;
    }
    return true;
  }

  private boolean take(String key, long limit) {
    while (true) {
      Long used = counters.get(key);
      if (used == null) {
        if (counters.putIfAbsent(key, 1L) == null) {
          return true;
        }
      } else if (used >= limit) {
        return false;
      } else if (counters.replace(key, used, used + 1)) {
        return true;
      }
    }
  }

  /** Gives back an impression reserved by a decision that was not made. */
  public void release(Action action, Instant at) {
    if (action.dailyLimit() > 0) {
      give(VolumeCounterKey.of(action.id(), at));
    }
    if (action.budget() > 0) {
      give(VolumeCounterKey.total(action.id()));
    }
  }

  private void give(String key) {
    while (true) {
      Long used = counters.get(key);
      if (used == null || used == 0 || counters.replace(key, used, used - 1)) {
        return;
      }
    }
  }
}
