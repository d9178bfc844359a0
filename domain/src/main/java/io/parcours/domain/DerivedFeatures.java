package io.parcours.domain;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared derived features, in the order of their declaration: keep each customer's tallies up
 * to date as events arrive ({@link #record}) and compute the features' values at a decision ({@link
 * #values}).
 *
 * @param all the declarations; names are unique
 */
public record DerivedFeatures(List<DerivedFeature> all) {

  /** No derived feature. */
  public static final DerivedFeatures NONE = new DerivedFeatures(List.of());

  public DerivedFeatures {
    all = List.copyOf(all);
    Map<String, DerivedFeature> seen = new HashMap<>();
    for (DerivedFeature f : all) {
      if (seen.put(f.name(), f) != null) {
        throw new IllegalArgumentException(
            "the derived feature '" + f.name() + "' is declared twice");
      }
    }
  }

  /** The feature named {@code name}, or null. */
  public DerivedFeature find(String name) {
    for (DerivedFeature f : all) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /**
   * The tallies after {@code event}, received on {@code today}: one more event (and its amount) on
   * the event's day for every feature it counts for, unless that day is already out of the
   * feature's window; then every tally no window reaches any more is dropped, with those of
   * features no longer declared.
   */
  public Activity record(Activity activity, CustomerEvent event, LocalDate today) {
    Activity next = activity;
    LocalDate day = DerivedFeature.dayOf(event);
    for (DerivedFeature f : all) {
      if (f.counts(event) && !day.isBefore(f.firstDay(today))) {
        next = next.plus(f.name(), day, f.amount(event));
      }
    }
    return prune(next, today);
  }

  /**
   * The tallies without those no window reaches on {@code today}, nor those of undeclared features.
   */
  public Activity prune(Activity activity, LocalDate today) {
    return activity.prune(
        name -> {
          DerivedFeature f = find(name);
          return f == null ? null : f.firstDay(today);
        });
  }

  /** Every feature's value on {@code today}, by name, in the order of the declarations. */
  public Map<String, Double> values(Activity activity, LocalDate today) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (DerivedFeature f : all) {
      values.put(f.name(), f.value(activity, today));
    }
    return values;
  }
}
