package io.parcours.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * One identifier of a customer: its type and value, kept in the form it is compared in (an e-mail
 * in lower case, a phone number without spaces), so that {@code Jane@Example.org} and {@code
 * jane@example.org} are one identity.
 */
public record Identity(IdentityType type, String value) {

  /** The longest identifier value accepted. */
  public static final int MAX_VALUE = 200;

  public Identity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    value = normalise(type, value);
    if (value.isEmpty() || value.length() > MAX_VALUE) {
      throw new IllegalArgumentException(
          "an identity's value must be 1 to " + MAX_VALUE + " characters once normalised");
    }
  }

  /** The identity written {@code type:value}, as the API and the merge log show it. */
  @Override
  public String toString() {
    return type.code() + ":" + value;
  }

  private static String normalise(IdentityType type, String value) {
    String v = value.trim();
    return switch (type) {
      case EMAIL -> v.toLowerCase(Locale.ROOT);
      case PHONE -> v.replaceAll("[\\s().-]", "");
      default -> v;
    };
  }
}
