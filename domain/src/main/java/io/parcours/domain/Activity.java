package io.parcours.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What the customer's events add up to, day by day, for each derived feature: how many events
 * counted on each UTC day and the sum of the attribute the feature adds up. The features' values
 * are computed from these tallies at the moment of a decision ({@link DerivedFeature#value}), so
 * that a window slides with the clock even when no event arrives.
 *
 * @param days the tallies, one per feature and day, ordered by feature then day
 */
public record Activity(List<Day> days) {

  /** No event counted yet. */
  public static final Activity NONE = new Activity(List.of());

  private static final Comparator<Day> ORDER =
      Comparator.comparing(Day::feature).thenComparing(Day::day);

  /**
   * One feature's tally of one day.
   *
   * @param feature the derived feature's name
   * @param day the UTC day
   * @param events how many events counted that day
   * @param sum the sum of the feature's attribute over those events (0 for features that only
   *     count)
   */
  public record Day(String feature, LocalDate day, long events, double sum) {
    public Day {
      Objects.requireNonNull(feature, "feature");
      Objects.requireNonNull(day, "day");
      if (events < 0) {
        throw new IllegalArgumentException("a day cannot count " + events + " events");
      }
    }

    boolean sameKey(Day other) {
      return feature.equals(other.feature) && day.equals(other.day);
    }
  }

  public Activity {
    List<Day> sorted = new ArrayList<>(days);
    sorted.sort(ORDER);
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).sameKey(sorted.get(i - 1))) {
        throw new IllegalArgumentException(
            "two tallies of " + sorted.get(i).feature() + " on " + sorted.get(i).day());
      }
    }
    days = List.copyOf(sorted);
  }

  /**
   * The activity with one more event of {@code feature} on {@code day}, adding {@code amount} to
   * its sum.
   */
  public Activity plus(String feature, LocalDate day, double amount) {
    List<Day> next = new ArrayList<>(days.size() + 1);
    boolean found = false;
    for (Day d : days) {
      if (d.feature().equals(feature) && d.day().equals(day)) {
        next.add(new Day(feature, day, d.events() + 1, d.sum() + amount));
        found = true;
      } else {
        next.add(d);
      }
    }
    if (!found) {
      next.add(new Day(feature, day, 1, amount));
    }
    return new Activity(next);
  }

  /**
   * The tallies of {@code feature} from {@code from} to {@code to}, both included, in day order.
   */
  public List<Day> of(String feature, LocalDate from, LocalDate to) {
    List<Day> found = new ArrayList<>();
    for (Day d : days) {
      if (d.feature().equals(feature) && !d.day().isBefore(from) && !d.day().isAfter(to)) {
        found.add(d);
      }
    }
    return found;
  }

  /**
   * The activity without what no feature can use any more: tallies of features {@code keep} does
   * not accept, and tallies before the first day {@code keep} gives for their feature.
   *
   * @param firstDay the first day still in the feature's window, or null when the feature is gone
   */
  public Activity prune(java.util.function.Function<String, LocalDate> firstDay) {
    List<Day> kept = new ArrayList<>(days.size());
    for (Day d : days) {
      LocalDate first = firstDay.apply(d.feature());
      if (first != null && !d.day().isBefore(first)) {
        kept.add(d);
      }
    }
    return kept.size() == days.size() ? this : new Activity(kept);
  }
}
