package io.parcours.domain;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A declared feature computed from the customer's events over a window of whole days, for rules and
 * models: how many events of some types ({@code count}), the sum of one of their number attributes
 * ({@code sum}), on how many days there was one ({@code frequency}), or how many days ago the last
 * one was ({@code recency}).
 *
 * <p>Days are UTC days, and a window of {@code days} days at a decision made on day D holds the
 * days D − days + 1 to D: "in the last 7 days" is today and the six days before. A recency is
 * capped at {@code days}, which it also is when there was no event in the window (or none at all):
 * a model sees a number, and a rule reads "not for 90 days or more" as {@code >= 90}.
 *
 * @param name how rules and models name it, for example {@code complaintsLast30Days}
 * @param description what it means, for the people who write rules
 * @param kind what is computed
 * @param eventTypes the event types that count
 * @param attribute for a sum, the number attribute added up; null otherwise
 * @param days the window's length in days, 1 to {@link #MAX_DAYS}
 */
public record DerivedFeature(
    String name,
    String description,
    Kind kind,
    Set<String> eventTypes,
    String attribute,
    int days) {

  /** The longest window: a year and a day. */
  public static final int MAX_DAYS = 366;

  private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");

  /** What a derived feature computes over its window. */
  public enum Kind {
    COUNT("count"),
    SUM("sum"),
    FREQUENCY("frequency"),
    RECENCY("recency");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    /**
     * @throws IllegalArgumentException naming the kinds
     */
    public static Kind fromCode(String code) {
      for (Kind k : values()) {
        if (k.code.equals(code)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "unknown kind '" + code + "'; use count, sum, frequency or recency");
    }
  }

  public DerivedFeature {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    description = description == null ? "" : description;
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "the name '"
              + name
              + "' must start with a lower-case letter and have only letters and digits (at most 64), like complaintsLast30Days");
    }
    eventTypes = Set.copyOf(eventTypes);
    if (eventTypes.isEmpty()) {
      throw new IllegalArgumentException("names no event type");
    }
    if (kind == Kind.SUM && attribute == null) {
      throw new IllegalArgumentException(
          "a sum needs the number attribute it adds up (\"attribute\")");
    }
    if (kind != Kind.SUM && attribute != null) {
      throw new IllegalArgumentException(
          "only a sum reads an attribute; a " + kind.code() + " does not");
    }
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException(
          "the window must be 1 to " + MAX_DAYS + " days, was " + days);
    }
  }

  /** The UTC day an event counts on. */
  public static LocalDate dayOf(CustomerEvent event) {
    return LocalDate.ofInstant(event.occurredAt(), ZoneOffset.UTC);
  }

  /** The first day of the window at a decision made on {@code today}. */
  public LocalDate firstDay(LocalDate today) {
    return today.minusDays(days - 1L);
  }

  /** Whether {@code event} counts for this feature. */
  public boolean counts(CustomerEvent event) {
    return eventTypes.contains(event.type());
  }

  /**
   * What {@code event} adds to the day's sum: its attribute for a sum (0 when it has none), else 0.
   */
  public double amount(CustomerEvent event) {
    return attribute != null && event.attributes().get(attribute) instanceof Number n
        ? n.doubleValue()
        : 0;
  }

  /** The feature's value on {@code today}, from the customer's tallies. */
  public double value(Activity activity, LocalDate today) {
    LocalDate first = firstDay(today);
    double value = 0;
    LocalDate last = null;
    for (Activity.Day d : activity.of(name, first, today)) {
      switch (kind) {
        case COUNT -> value += d.events();
        case SUM -> value += d.sum();
        case FREQUENCY -> value += d.events() > 0 ? 1 : 0;
        case RECENCY -> last = d.events() > 0 ? d.day() : last;
      }
    }
    if (kind == Kind.RECENCY) {
      return last == null ? days : Math.min(days, ChronoUnit.DAYS.between(last, today));
    }
    return value;
  }
}
