package io.parcours.server.bench;

import java.io.IOException;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link DecisionEngineBenchmark} with its defaults (one fork, warm-up 2 × 5 s, measurement 3
 * × 5 s, two threads, throughput and sample time), any of which JMH's own options override ({@code
 * -f}, {@code -wi}, {@code -w}, {@code -i}, {@code -r}, {@code -t}, {@code -bm}, {@code -p
 * customers=…}, {@code -rf json}, …; {@code -h} lists them), then prints the figures the design
 * budgets are stated in: decisions per second and the sampled p50, p99 and p99.9 in milliseconds.
 */
public final class DecisionEngineBenchmarkRunner {

  private DecisionEngineBenchmarkRunner() {}

  public static void main(String[] args) {
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println(
          "DecisionEngineBenchmarkRunner: " + e.getMessage() + " (-h lists the options)");
      System.exit(2);
      return;
    }
    if (cli.shouldHelp()) {
      try {
        cli.showHelp();
      } catch (IOException e) {
        System.err.println("DecisionEngineBenchmarkRunner: " + e.getMessage());
      }
      return;
    }
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
    if (cli.getIncludes().isEmpty()) {
      options.include(DecisionEngineBenchmark.class.getName() + "\\.");
    }
    Collection<RunResult> results;
    try {
      results = new Runner(options.build()).run();
    } catch (RunnerException e) {
      System.err.println(
          "DecisionEngineBenchmarkRunner: the benchmark did not run: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (results.isEmpty()) {
      System.err.println(
          "DecisionEngineBenchmarkRunner: no result; the benchmark's error is above");
      System.exit(1);
      return;
    }
    System.out.println();
    System.out.println("Summary (measured by this run; machine: " + Machine.describe() + ")");
    for (RunResult r : results) {
      System.out.println(summary(r));
    }
  }

  private static String summary(RunResult r) {
    var params = r.getParams();
    String benchmark = params.getBenchmark();
    String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
    String customers = params.getParam("customers");
    String head =
        String.format(
            Locale.ROOT,
            "  %s [%s, %d threads%s]: ",
            method,
            params.getMode().shortLabel(),
            params.getThreads(),
            customers == null ? "" : ", " + customers + " customers");
    Result<?> primary = r.getPrimaryResult();
    String unit = primary.getScoreUnit();
    switch (params.getMode()) {
      case Throughput:
        {
          double perSecond = perSecond(primary.getScore(), unit);
          double error = perSecond(primary.getScoreError(), unit);
          return head
              + String.format(Locale.ROOT, "%.0f decisions/s", perSecond)
              + (Double.isNaN(error)
                  ? ""
                  : String.format(Locale.ROOT, " ± %.0f (99.9 %% CI)", error));
        }
      case SampleTime:
        {
          Statistics s = primary.getStatistics();
          double toMs = millisecondsPer(unit);
          return head
              + String.format(
                  Locale.ROOT,
                  "p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms (%d samples)",
                  s.getPercentile(50.0) * toMs,
                  s.getPercentile(99.0) * toMs,
                  s.getPercentile(99.9) * toMs,
                  s.getMax() * toMs,
                  s.getN());
        }
      default:
        return head + String.format(Locale.ROOT, "%.3f %s", primary.getScore(), unit);
    }
  }

  /** A throughput score in {@code ops/<unit>} as operations per second. */
  private static double perSecond(double score, String unit) {
    return score * TimeUnit.SECONDS.toNanos(1) / nanosOf(unit.substring(unit.indexOf('/') + 1));
  }

  /** How many milliseconds one {@code <unit>/op} is. */
  private static double millisecondsPer(String unit) {
    return nanosOf(unit.substring(0, unit.indexOf('/'))) / 1e6;
  }

  private static double nanosOf(String unit) {
    switch (unit) {
      case "ns":
        return 1;
      case "us":
        return 1e3;
      case "ms":
        return 1e6;
      case "s":
        return 1e9;
      case "min":
        return 60e9;
      default:
        throw new IllegalArgumentException("unexpected JMH time unit " + unit);
    }
  }
}
