package io.parcours.engine.strategy;

import io.parcours.domain.Channel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a candidate version would change, measured on a sample of stored customers against the
 * version in force: per channel, how often each action would be the next best action before and
 * after, how often nothing would be, and what the decisions are expected to be worth; then the
 * customers whose next best action changes, each with the rules that made the difference, and how
 * often each rule did.
 *
 * @param candidate the version simulated
 * @param active the version in force it is compared with
 * @param customers how many customers were simulated
 * @param channels per channel simulated, in channel order
 * @param changes how many decisions (customer × channel) have another next best action
 * @param changedCustomers some of them, at most {@link #EXAMPLES}, in the order they were found
 * @param rules for each rule that made a difference, in how many changed decisions; most first
 * @param failures decisions whose rules exceeded their evaluation limit in either version
 * @param expectedValueBefore Σ mean propensity × value of the next best actions in force
 * @param expectedValueAfter the same with the candidate
 */
public record SimulationReport(
    String candidate,
    String active,
    int customers,
    List<ChannelReport> channels,
    long changes,
    List<ChangedCustomer> changedCustomers,
    Map<String, Long> rules,
    long failures,
    double expectedValueBefore,
    double expectedValueAfter) {

  /** The most changed decisions a report lists one by one. */
  public static final int EXAMPLES = 500;

  /**
   * One channel's decisions before and after.
   *
   * @param actions per action that is the next best action in either version: how often before and
   *     after
   */
  public record ChannelReport(
      Channel channel,
      long decisions,
      long doNothingBefore,
      long doNothingAfter,
      long changes,
      List<ActionCount> actions,
      double expectedValueBefore,
      double expectedValueAfter) {}

  /** How often an action is the next best action on a channel, before and after. */
  public record ActionCount(String actionId, long before, long after) {}

  /**
   * A decision whose next best action changes.
   *
   * @param before the action in force (null: do nothing), and its treatment
   * @param after the candidate's action (null: do nothing), and its treatment
   */
  public record ChangedCustomer(
      String customerId,
      Channel channel,
      String before,
      String beforeTreatment,
      String after,
      String afterTreatment,
      List<String> rules,
      String reason) {}

  /** The expected value after minus before. */
  public double expectedValueChange() {
    return expectedValueAfter - expectedValueBefore;
  }

  /** Counts one part of a simulation; parts made on several threads are merged. */
  static final class Tally {
    private final Map<Channel, long[]> counts = new EnumMap<>(Channel.class);
    private final Map<Channel, double[]> values = new EnumMap<>(Channel.class);
    private final Map<Channel, Map<String, long[]>> actions = new EnumMap<>(Channel.class);
    private final Map<String, Long> rules = new HashMap<>();
    private final List<ChangedCustomer> examples = new ArrayList<>();
    private long changes;
    private long failures;
    private int customers;

    void customer() {
      customers++;
    }

    void add(
        String customerId,
        Channel channel,
        Simulation.Outcome before,
        Simulation.Outcome after,
        Simulation.Difference difference) {
      long[] c = counts.computeIfAbsent(channel, k -> new long[4]);
      c[0]++;
      if (before.action() == null) {
        c[1]++;
      }
      if (after.action() == null) {
        c[2]++;
      }
      double[] v = values.computeIfAbsent(channel, k -> new double[2]);
      v[0] += before.expectedValue();
      v[1] += after.expectedValue();
      Map<String, long[]> byAction = actions.computeIfAbsent(channel, k -> new HashMap<>());
      if (before.actionId() != null) {
        byAction.computeIfAbsent(before.actionId(), k -> new long[2])[0]++;
      }
      if (after.actionId() != null) {
        byAction.computeIfAbsent(after.actionId(), k -> new long[2])[1]++;
      }
      if (before.failure() != null || after.failure() != null) {
        failures++;
      }
      if (difference != null) {
        c[3]++;
        changes++;
        difference.rules().forEach(r -> rules.merge(r, 1L, Long::sum));
        if (examples.size() < EXAMPLES) {
          examples.add(
              new ChangedCustomer(
                  customerId,
                  channel,
                  before.actionId(),
                  before.treatment(),
                  after.actionId(),
                  after.treatment(),
                  difference.rules(),
                  difference.reason()));
        }
      }
    }

    void merge(Tally other) {
      customers += other.customers;
      changes += other.changes;
      failures += other.failures;
      other.counts.forEach(
          (ch, c) -> {
            long[] mine = counts.computeIfAbsent(ch, k -> new long[4]);
            for (int i = 0; i < c.length; i++) {
              mine[i] += c[i];
            }
          });
      other.values.forEach(
          (ch, v) -> {
            double[] mine = values.computeIfAbsent(ch, k -> new double[2]);
            mine[0] += v[0];
            mine[1] += v[1];
          });
      other.actions.forEach(
          (ch, m) -> {
            Map<String, long[]> mine = actions.computeIfAbsent(ch, k -> new HashMap<>());
            m.forEach(
                (id, n) -> {
                  long[] x = mine.computeIfAbsent(id, k -> new long[2]);
                  x[0] += n[0];
                  x[1] += n[1];
                });
          });
      other.rules.forEach((r, n) -> rules.merge(r, n, Long::sum));
      for (ChangedCustomer e : other.examples) {
        if (examples.size() < EXAMPLES) {
          examples.add(e);
        }
      }
    }

    int customers() {
      return customers;
    }

    SimulationReport report(String candidate, String active, List<Channel> simulated) {
      List<ChannelReport> channels = new ArrayList<>();
      double before = 0;
      double after = 0;
      for (Channel ch : simulated) {
        long[] c = counts.getOrDefault(ch, new long[4]);
        double[] v = values.getOrDefault(ch, new double[2]);
        before += v[0];
        after += v[1];
        List<ActionCount> list = new ArrayList<>();
        actions
            .getOrDefault(ch, Map.of())
            .forEach((id, n) -> list.add(new ActionCount(id, n[0], n[1])));
        list.sort(
            Comparator.comparingLong((ActionCount a) -> -Math.max(a.before(), a.after()))
                .thenComparing(ActionCount::actionId));
        channels.add(new ChannelReport(ch, c[0], c[1], c[2], c[3], List.copyOf(list), v[0], v[1]));
      }
      Map<String, Long> byRule = new LinkedHashMap<>();
      new TreeMap<>(rules)
          .entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .forEach(e -> byRule.put(e.getKey(), e.getValue()));
      return new SimulationReport(
          candidate,
          active,
          customers,
          List.copyOf(channels),
          changes,
          List.copyOf(examples),
          byRule,
          failures,
          before,
          after);
    }
  }
}
