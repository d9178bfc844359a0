package io.parcours.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a contact with a customer is for, as the customer's consents name it: a customer may accept
 * service messages by SMS and refuse marketing there.
 */
public enum Purpose {
  /** Help with what the customer holds or does: service and payment-support messages. */
  SERVICE,
  /** Offers, retention gestures and content that promote the brand. */
  MARKETING,
  /** Using what is known of the customer to choose what to show them. */
  PROFILING;

  private final String code = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used in the API, in rule files and in stored rows. */
  public String code() {
    return code;
  }

  /**
   * Reads a purpose from its code, ignoring case.
   *
   * @throws IllegalArgumentException naming the accepted codes when {@code code} is none of them
   */
  public static Purpose fromCode(String code) {
    if (code != null) {
      String wanted = code.trim().toUpperCase(Locale.ROOT);
      for (Purpose p : values()) {
        if (p.name().equals(wanted)) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown purpose '"
            + code
            + "'; expected one of "
            + Arrays.stream(values()).map(Purpose::code).collect(Collectors.joining(", ")));
  }
}
