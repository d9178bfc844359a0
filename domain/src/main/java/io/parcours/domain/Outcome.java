package io.parcours.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A customer's reaction to an impression. Accepted and clicked are positive; the others are not.
 */
public enum Outcome {
  ACCEPTED(true),
  CLICKED(true),
  REJECTED(false),
  IGNORED(false);

  private final String code = name().toLowerCase(Locale.ROOT);

  private final boolean positive;

  Outcome(boolean positive) {
    this.positive = positive;
  }

  /** Whether an adaptive model counts this outcome as a success. */
  public boolean isPositive() {
    return positive;
  }

  /** The lower-case name used in the API. */
  public String code() {
    return code;
  }

  /**
   * Reads an outcome from its code, ignoring case.
   *
   * @throws IllegalArgumentException naming the accepted codes when {@code code} is none of them
   */
  public static Outcome fromCode(String code) {
    if (code != null) {
      String wanted = code.trim().toUpperCase(Locale.ROOT);
      for (Outcome o : values()) {
        if (o.name().equals(wanted)) {
          return o;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown outcome '" + code + "'; expected one of " + codes());
  }

  /** The accepted codes, comma separated, for error messages. */
  public static String codes() {
    return Arrays.stream(values()).map(Outcome::code).collect(Collectors.joining(", "));
  }
}
