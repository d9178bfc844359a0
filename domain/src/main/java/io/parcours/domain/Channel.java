package io.parcours.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where an interaction happens; its {@link #code()} is the name used in the API and in rules. */
public enum Channel {
  WEB("web"),
  APP("app"),
  EMAIL("email"),
  SMS("sms"),
  CALL_CENTRE("call-centre");

  private final String code;

  Channel(String code) {
    this.code = code;
  }

  /** The lower-case name used in the API, in rule files and in stored rows. */
  public String code() {
    return code;
  }

  /**
   * Reads a channel from its code, ignoring case.
   *
   * @throws IllegalArgumentException naming the accepted codes when {@code code} is none of them
   */
  public static Channel fromCode(String code) {
    if (code != null) {
      String wanted = code.trim().toLowerCase(Locale.ROOT);
      for (Channel c : values()) {
        if (c.code.equals(wanted)) {
          return c;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown channel '" + code + "'; expected one of " + codes());
  }

  /** The accepted codes, comma separated, for error messages. */
  public static String codes() {
    return Arrays.stream(values()).map(Channel::code).collect(Collectors.joining(", "));
  }
}
