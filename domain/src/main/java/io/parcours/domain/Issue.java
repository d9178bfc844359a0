package io.parcours.domain;

import java.util.Locale;

/** The business purpose an action serves: the top of the issue → group → action hierarchy. */
public enum Issue {
  SALES,
  SERVICE,
  RETENTION,
  RESILIENCE,
  NURTURE;

  private final String code = name().toLowerCase(Locale.ROOT);

  /**
   * The purpose a contact about this issue serves: service and resilience help with what the
   * customer holds or owes; sales, retention and nurture promote the brand.
   */
  public Purpose purpose() {
    return this == SERVICE || this == RESILIENCE ? Purpose.SERVICE : Purpose.MARKETING;
  }

  /** The lower-case name used in the API and in rule files. */
  public String code() {
    return code;
  }

  /**
   * Reads an issue from its code, ignoring case.
   *
   * @throws IllegalArgumentException when {@code code} names no issue
   */
  public static Issue fromCode(String code) {
    if (code != null) {
      String wanted = code.trim().toUpperCase(Locale.ROOT);
      for (Issue i : values()) {
        if (i.name().equals(wanted)) {
          return i;
        }
      }
    }
    throw new IllegalArgumentException("unknown issue '" + code + "'");
  }
}
