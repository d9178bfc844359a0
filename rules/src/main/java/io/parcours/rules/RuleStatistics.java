package io.parcours.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often each rule of one compiled rule set has fired, and when last, since the rule set was
 * compiled. Counting costs one map lookup and one uncontended add per fired rule, without locks, so
 * it stays on the decision path.
 */
public final class RuleStatistics {

  /** One rule's figures at the time they were read. */
  public record RuleFiring(String rule, long count, Instant lastFired) {}

  private static final class Counter {
    final LongAdder count = new LongAdder();
    final AtomicLong lastFiredMillis = new AtomicLong(Long.MIN_VALUE);
  }

  private final Map<String, Counter> counters;
  private final List<String> names;
  private final Instant since;
  private final LongAdder evaluations = new LongAdder();

  RuleStatistics(List<String> ruleNames, Instant since) {
    Map<String, Counter> m = new HashMap<>(ruleNames.size() * 2);
    for (String n : ruleNames) {
      m.put(n, new Counter());
    }
    this.counters = m;
    this.names = List.copyOf(ruleNames);
    this.since = since;
  }

  void record(List<String> fired, Instant at) {
    evaluations.increment();
    long millis = at.toEpochMilli();
    for (int i = 0, n = fired.size(); i < n; i++) {
      Counter c = counters.get(fired.get(i));
      if (c != null) {
        c.count.increment();
        c.lastFiredMillis.accumulateAndGet(millis, Math::max);
      }
    }
  }

  /** When counting started: when the rule set was compiled. */
  public Instant since() {
    return since;
  }

  /** How many decisions the rule set has evaluated. */
  public long evaluations() {
    return evaluations.sum();
  }

  /** Every rule of the set, in name order, with its count and last firing ({@code null}: never). */
  public List<RuleFiring> firings() {
    List<RuleFiring> out = new ArrayList<>(names.size());
    for (String n : names) {
      Counter c = counters.get(n);
      long last = c.lastFiredMillis.get();
      out.add(
          new RuleFiring(
              n, c.count.sum(), last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last)));
    }
    return out;
  }
}
