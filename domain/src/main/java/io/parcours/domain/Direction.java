package io.parcours.domain;

import java.util.Locale;

/**
 * Inbound: the customer came to us and the channel waits for the answer. Outbound: we reach out,
 * and the decision feeds a contact run or a trigger.
 */
public enum Direction {
  INBOUND,
  OUTBOUND;

  private final String code = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used in the API. */
  public String code() {
    return code;
  }

  /**
   * Reads a direction from its code, ignoring case.
   *
   * @throws IllegalArgumentException when {@code code} is neither inbound nor outbound
   */
  public static Direction fromCode(String code) {
    if (code != null) {
      String wanted = code.trim().toUpperCase(Locale.ROOT);
      for (Direction d : values()) {
        if (d.name().equals(wanted)) {
          return d;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown direction '" + code + "'; expected inbound or outbound");
  }
}
