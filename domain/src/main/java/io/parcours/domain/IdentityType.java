package io.parcours.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of identifier a customer profile can be found by. The customer number is the profile's
 * own id; the others are linked to a profile as they are seen (an e-mail given at sign-up, a device
 * a customer logs in on).
 */
public enum IdentityType {
  /** The brand's customer number: the id of a known customer's profile. */
  CUSTOMER_NUMBER("customer-number"),
  /** An e-mail address, compared in lower case. */
  EMAIL("email"),
  /** A phone number in international form, compared without spaces. */
  PHONE("phone"),
  /** A mobile device's id. */
  DEVICE("device"),
  /** A web browser's cookie id. */
  COOKIE("cookie");

  private final String code;

  IdentityType(String code) {
    this.code = code;
  }

  /** The name used in the API and in stored rows. */
  public String code() {
    return code;
  }

  /**
   * Reads an identity type from its code.
   *
   * @throws IllegalArgumentException naming the accepted codes when {@code code} is none of them
   */
  public static IdentityType fromCode(String code) {
    if (code != null) {
      String wanted = code.trim().toLowerCase(Locale.ROOT);
      for (IdentityType t : values()) {
        if (t.code.equals(wanted)) {
          return t;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown identity type '"
            + code
            + "'; expected one of "
            + Arrays.stream(values()).map(IdentityType::code).collect(Collectors.joining(", ")));
  }
}
