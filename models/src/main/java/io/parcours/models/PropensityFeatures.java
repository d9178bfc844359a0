package io.parcours.models;

import io.parcours.domain.Action;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Purpose;
import io.parcours.models.online.Crossing;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The features an adaptive model sees: what is known of the customer, the situation and the journey
 * stages at the decision (the <i>context</i>, computed once per decision and recorded with it), and
 * what the action is. Every feature is a name with value 1 ({@code segment=affluent}); numbers are
 * binned so that a linear model can learn shapes that are not straight lines.
 *
 * <p>Actions are crossed with the context ({@code action=loan&segment=affluent}, {@code
 * group=credit-card&stage:lifecycle=use}), so that one shared model per channel learns, for each
 * action and each product line, who responds to it — and a new action borrows what its group
 * already knows.
 *
 * <p>A customer who did not consent to profiling is scored on the situation alone (channel
 * direction, time of day, what the channel says it is doing), never on what is known of them.
 */
public final class PropensityFeatures {

  /** The feature present in every example: the model's intercept. */
  public static final String BIAS = "bias";

  /** At most this many context entries of the request become features. */
  static final int MAX_CONTEXT_ENTRIES = 8;

  /** Context values longer than this are not features (free text, ids). */
  static final int MAX_CONTEXT_VALUE = 40;

  private PropensityFeatures() {}

  /**
   * The context features of one decision.
   *
   * @param stages the customer's current stage per journey, as the rules found them
   */
  public static List<String> context(
      CustomerProfile customer, DecisionRequest request, Map<String, String> stages) {
    return context(customer, Map.of(), request, stages);
  }

  /**
   * The context features of one decision, the customer's derived features included: each as its
   * name and a power-of-two bin of its value ({@code feat:loginsLast7Days=2-3}), so that "none", "a
   * few" and "many" can weigh differently.
   *
   * @param derived the values of the customer's derived features at the decision, by name
   * @param stages the customer's current stage per journey, as the rules found them
   */
  public static List<String> context(
      CustomerProfile customer,
      Map<String, Double> derived,
      DecisionRequest request,
      Map<String, String> stages) {
    List<String> f = new ArrayList<>(32 + derived.size());
    f.add(BIAS);
    f.add("direction=" + request.direction().code());
    ZonedDateTime local = localTime(customer, request);
    f.add("hour=" + daypart(local.getHour()));
    f.add(local.getDayOfWeek().getValue() >= 6 ? "day=weekend" : "day=weekday");
    new TreeMap<>(request.context())
        .entrySet().stream()
            .filter(
                e ->
                    e.getValue() != null
                        && !e.getValue().isBlank()
                        && e.getValue().length() <= MAX_CONTEXT_VALUE)
            .limit(MAX_CONTEXT_ENTRIES)
            .forEach(e -> f.add("ctx:" + clean(e.getKey()) + "=" + clean(e.getValue())));
    if (!customer.consents().stream().anyMatch(c -> c.purpose() == Purpose.PROFILING)) {
      return List.copyOf(f);
    }
    f.add("segment=" + clean(customer.segment()));
    f.add("age=" + ageBand(customer.age()));
    f.add("tenure=" + tenureBand(customer.tenureMonths()));
    if (customer.region() != null) {
      f.add("region=" + clean(customer.region()));
    }
    customer.products().stream().sorted().forEach(p -> f.add("holds=" + clean(p)));
    f.add("products=" + Math.min(customer.products().size(), 4));
    f.add(
        "churn="
            + (customer.churnRisk() >= 0.7
                ? "high"
                : customer.churnRisk() >= 0.4 ? "medium" : "low"));
    f.add("missed=" + Math.min(customer.missedPayments(), 2));
    f.add("balance=" + moneyBand(customer.balance()));
    f.add("income=" + moneyBand(customer.monthlyIncome()));
    if (customer.openComplaint()) {
      f.add("complaint=open");
    }
    if (customer.travellingAbroad()) {
      f.add("travelling=yes");
    }
    new TreeMap<>(derived)
        .forEach((name, value) -> f.add("feat:" + clean(name) + "=" + powerOfTwoBin(value)));
    new TreeMap<>(stages)
        .forEach((journey, stage) -> f.add("stage:" + clean(journey) + "=" + clean(stage)));
    return List.copyOf(f);
  }

  /**
   * The bin of a derived feature's value: {@code 0}, {@code 1}, then {@code 2-3}, {@code 4-7} and
   * so on up to {@code 1024+}; a negative value is {@code <0}.
   */
  static String powerOfTwoBin(double value) {
    if (value < 0) {
      return "<0";
    }
    long n = (long) Math.floor(value);
    if (n <= 1) {
      return Long.toString(n);
    }
    if (n >= 1024) {
      return "1024+";
    }
    long low = Long.highestOneBit(n);
    return low + "-" + (2 * low - 1);
  }

  /**
   * How an action's features cross the context: its id and its product line with every context
   * feature but the intercept. The issue is not crossed.
   */
  public static final Crossing CROSSING = new Crossing(2, BIAS);

  /**
   * The features of one action in one decision's context: the context, the action, its product line
   * and issue, and the action and its product line crossed with every context feature.
   */
  public static List<String> of(Action action, List<String> context) {
    return of(ActionFeatures.of(action), context);
  }

  /** As {@link #of(Action, List)}, for an action known by its id, group and issue codes. */
  public static List<String> of(String actionId, String group, String issue, List<String> context) {
    return of(ActionFeatures.of(actionId, group, issue), context);
  }

  /** As {@link #of(Action, List)}, for an action's features built already. */
  public static List<String> of(ActionFeatures action, List<String> context) {
    return CROSSING.names(context, action.own());
  }

  private static ZonedDateTime localTime(CustomerProfile customer, DecisionRequest request) {
    try {
      return request.at().atZone(ZoneId.of(customer.timeZone()));
    } catch (DateTimeException e) {
      return request.at().atZone(ZoneId.of("UTC"));
    }
  }

  static String daypart(int hour) {
    if (hour < 6) {
      return "night";
    }
    if (hour < 12) {
      return "morning";
    }
    if (hour < 18) {
      return "afternoon";
    }
    return "evening";
  }

  static String ageBand(int age) {
    if (age < 25) {
      return "18-24";
    }
    if (age < 35) {
      return "25-34";
    }
    if (age < 45) {
      return "35-44";
    }
    if (age < 55) {
      return "45-54";
    }
    if (age < 65) {
      return "55-64";
    }
    return "65+";
  }

  static String tenureBand(int months) {
    if (months < 12) {
      return "under-1y";
    }
    if (months < 36) {
      return "1-3y";
    }
    if (months < 120) {
      return "3-10y";
    }
    return "10y+";
  }

  static String moneyBand(double amount) {
    if (amount < 1_000) {
      return "under-1k";
    }
    if (amount < 5_000) {
      return "1k-5k";
    }
    if (amount < 20_000) {
      return "5k-20k";
    }
    if (amount < 100_000) {
      return "20k-100k";
    }
    return "100k+";
  }

  /** Lower case, no separators of the feature syntax. */
  private static String clean(String s) {
    return s.toLowerCase(Locale.ROOT).replace('=', '-').replace('&', '-').replace(' ', '-');
  }
}
