package io.parcours.server.bench;

import io.parcours.rules.RuleEngine;
import io.parcours.rules.RuleEvaluation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * CPU time of the rule step of one decision (the shipped rules over 500 candidates by default, see
 * {@link RuleStepFixture}), read from the deciding thread's own CPU clock around each evaluation,
 * so that other work on the machine does not inflate it; and the CPU and wall time of compiling the
 * 570-rule set.
 *
 * <p>Run: {@code mvn -pl server -Pbench -DskipTests verify -Dbench=RuleStepCpuCost}. Options (in
 * {@code -Dbench.args}): {@code --evaluations} measured (default 20000), {@code --warmup}
 * evaluations before (default 20000), {@code --compilations} of the 570-rule set (default 5),
 * {@code --actions} candidates per decision (default 500; 27 is the demo library, as a decision of
 * the demo pack sees it).
 */
public final class RuleStepCpuCost {

  private RuleStepCpuCost() {}

  public static void main(String[] args) throws Exception {
    int evaluations;
    int warmup;
    int compilations;
    int actions;
    try {
      BenchArgs a =
          BenchArgs.parse(args, List.of("evaluations", "warmup", "compilations", "actions"));
      if (a.help()) {
        System.out.println(
            "RuleStepCpuCost [--evaluations 20000] [--warmup 20000] [--compilations 5]"
                + " [--actions 500]");
        return;
      }
      evaluations = a.integer("evaluations", 20_000, 1, 10_000_000);
      warmup = a.integer("warmup", 20_000, 0, 10_000_000);
      compilations = a.integer("compilations", 5, 0, 100);
      actions = a.integer("actions", RuleStepFixture.ACTIONS, 1, RuleStepFixture.ACTIONS);
    } catch (IllegalArgumentException e) {
      System.err.println("RuleStepCpuCost: " + e.getMessage());
      System.exit(2);
      return;
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (!threads.isCurrentThreadCpuTimeSupported()) {
      System.err.println("RuleStepCpuCost: this JVM does not report a thread's CPU time");
      System.exit(1);
      return;
    }
    threads.setThreadCpuTimeEnabled(true);
    RuleStepFixture fixture = new RuleStepFixture(actions);
    long sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += fixture.evaluate(i).eligible().size();
    }
    long[] cpu = new long[evaluations];
    long wallStart = System.nanoTime();
    for (int i = 0; i < evaluations; i++) {
      long before = threads.getCurrentThreadCpuTime();
      RuleEvaluation e = fixture.evaluate(i * 7919);
      cpu[i] = threads.getCurrentThreadCpuTime() - before;
      sink += e.eligible().size();
    }
    long wall = System.nanoTime() - wallStart;
    Arrays.sort(cpu);
    double mean = Arrays.stream(cpu).average().orElse(0) / 1000.0;
    System.out.printf(
        Locale.ROOT,
        "Rule step, %d candidates, %d rules, %d evaluations on one thread:%n"
            + "  CPU per evaluation: mean %.0f us, p50 %.0f us, p90 %.0f us, p99 %.0f us, max %.0f us%n"
            + "  wall per evaluation: %.0f us (includes time the thread waited for a core)%n",
        fixture.candidates.size(),
        fixture.rules.ruleNames().size(),
        evaluations,
        mean,
        at(cpu, 0.50),
        at(cpu, 0.90),
        at(cpu, 0.99),
        cpu[cpu.length - 1] / 1000.0,
        wall / 1000.0 / evaluations);

    for (int i = 0; i < compilations; i++) {
      long cpuBefore = threads.getCurrentThreadCpuTime();
      long wallBefore = System.nanoTime();
      RuleEngine compiled = RuleEngine.compile(fixture.large);
      System.out.printf(
          Locale.ROOT,
          "Compiling and verifying %d rules (%d files): %.2f s CPU, %.2f s wall%n",
          compiled.ruleNames().size(),
          fixture.large.files().size(),
          (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e9,
          (System.nanoTime() - wallBefore) / 1e9);
    }
    if (sink == 42) {
      System.out.println();
    }
  }

  private static double at(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
  }
}
