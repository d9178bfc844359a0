package io.parcours.engine.cache;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The key of a daily volume counter in {@code volume-counters}: {@code <action id>@<day>}, the day in
 * UTC. A string, so that it needs no marshaller and reads well in statistics.
 */
public record VolumeCounterKey(String actionId, LocalDate day) {

  /** The counter of {@code actionId} on the UTC day of {@code at}. */
  public static String of(String actionId, Instant at) {
    return actionId + "@" + LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  /** Reads a key written by {@link #of}. */
  public static VolumeCounterKey parse(String key) {
    int at = key.lastIndexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException("a volume counter key is <action id>@<day>, got " + key);
    }
    return new VolumeCounterKey(key.substring(0, at), LocalDate.parse(key.substring(at + 1)));
  }
}
