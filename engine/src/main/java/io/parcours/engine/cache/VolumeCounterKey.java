package io.parcours.engine.cache;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The key of a daily volume counter in {@code volume-counters}: {@code <action id>@<day>}, the day
 * in UTC. A string, so that it needs no marshaller and reads well in statistics.
 */
public record VolumeCounterKey(String actionId, LocalDate day) {

  /** The counter of {@code actionId} on the UTC day of {@code at}. */
  public static String of(String actionId, Instant at) {
    return actionId + "@" + LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  /**
   * The day under which the total of an action (every impression it ever had, for its budget) is
   * counted: far beyond any day the counters of past days are deleted for.
   */
  public static final LocalDate TOTAL = LocalDate.of(9999, 12, 31);

  /** The counter of every impression {@code actionId} ever had. */
  public static String total(String actionId) {
    return actionId + "@" + TOTAL;
  }

  /** Whether this counts the action's whole life rather than one day. */
  public boolean total() {
    return TOTAL.equals(day);
  }

  /** Reads a key written by {@link #of} or {@link #total(String)}. */
  public static VolumeCounterKey parse(String key) {
    int at = key.lastIndexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException("a volume counter key is <action id>@<day>, got " + key);
    }
    return new VolumeCounterKey(key.substring(0, at), LocalDate.parse(key.substring(at + 1)));
  }
}
