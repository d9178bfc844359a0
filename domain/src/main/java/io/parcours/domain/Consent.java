package io.parcours.domain;

import java.util.Objects;

/**
 * A customer's agreement to be contacted on one channel for one purpose. Its {@link #code()}, for
 * example {@code sms:marketing}, is how it is written in the API, in rule files and in stored rows.
 */
public record Consent(Channel channel, Purpose purpose) implements Comparable<Consent> {

  public Consent {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(purpose, "purpose");
  }

  /** {@code <channel>:<purpose>}, for example {@code email:service}. */
  public String code() {
    return channel.code() + ":" + purpose.code();
  }

  /**
   * Reads a consent from its code.
   *
   * @throws IllegalArgumentException when {@code code} is not {@code <channel>:<purpose>} with a
   *     known channel and purpose
   */
  public static Consent fromCode(String code) {
    int colon = code == null ? -1 : code.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "consent '" + code + "' must be written <channel>:<purpose>, for example sms:marketing");
    }
    return new Consent(
        Channel.fromCode(code.substring(0, colon)), Purpose.fromCode(code.substring(colon + 1)));
  }

  @Override
  public int compareTo(Consent other) {
    int c = channel.compareTo(other.channel);
    return c != 0 ? c : purpose.compareTo(other.purpose);
  }

  @Override
  public String toString() {
    return code();
  }
}
