package io.parcours.server.bench;

import io.parcours.domain.Channel;
import io.parcours.engine.rules.RuleSetLifecycle;
import io.parcours.engine.strategy.SimulationReport;
import io.parcours.engine.strategy.Simulations;
import io.parcours.engine.strategy.StrategyVersion;
import io.parcours.rules.RuleFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How long the impact preview of a strategy version takes: a candidate (one rule pausing an action
 * on the web, the value of home insurance raised) against the version in force, on {@code
 * --customers} stored demo customers × every channel, as the approver's console starts it. Several
 * rounds after a warm-up; the figures are the wall time of each round, with the customers and
 * decisions per second.
 */
public final class SimulationBenchmark {

  private static final String PAUSE =
      "package io.parcours.rules;\n"
          + "global Verdict verdict;\n"
          + "rule \"SavingsPausedOnWeb\"\n"
          + "when\n"
          + "    Situation( channel == \"web\" )\n"
          + "    $c : Candidate( id == \"savings-account\" )\n"
          + "then\n"
          + "    verdict.exclude($c, \"savings are paused on the web\");\n"
          + "end\n";

  private SimulationBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, List.of("customers", "rounds", "warmup"));
    if (a.help()) {
      System.out.println("SimulationBenchmark [--customers 10000] [--rounds 3] [--warmup 1]");
      return;
    }
    int customers = a.integer("customers", 10_000, 1, 999_999);
    int rounds = a.integer("rounds", 3, 1, 100);
    int warmup = a.integer("warmup", 1, 0, 100);
    System.out.println(
        "Starting PostgreSQL and the engine with " + customers + " demo customers …");
    try (BenchEngine bench = BenchEngine.start(customers)) {
      RuleSetLifecycle rules = bench.engine().ruleSets();
      List<RuleFile> files = new ArrayList<>();
      for (var f : rules.detail("active").files()) {
        byte[] content = rules.file("active", f.name());
        if (f.name().equals("actions.json")) {
          // The candidate also values home insurance far more: a change of the action library.
          String text =
              new String(content, StandardCharsets.UTF_8)
                  .replaceFirst(
                      "(\"id\": \"home-insurance\",[^}]*?\"value\": )([0-9.]+)", "$1250.0");
          content = text.getBytes(StandardCharsets.UTF_8);
        }
        files.add(new RuleFile(f.name(), content));
      }
      files.add(new RuleFile("savings-pause.drl", PAUSE.getBytes(StandardCharsets.UTF_8)));
      String version = rules.upload("bench", "simulation benchmark candidate", files).version();
      StrategyVersion candidate = rules.compiled(version);
      StrategyVersion active = rules.inForce();
      Simulations.Request request =
          new Simulations.Request(Arrays.asList(Channel.values()), customers, 1);
      for (int i = 0; i < warmup; i++) {
        run(bench, candidate, active, request);
      }
      double[] seconds = new double[rounds];
      SimulationReport last = null;
      for (int i = 0; i < rounds; i++) {
        long start = System.nanoTime();
        last = run(bench, candidate, active, request);
        seconds[i] = (System.nanoTime() - start) / 1e9;
      }
      Arrays.sort(seconds);
      double median = seconds[rounds / 2];
      long decisions = (long) last.customers() * request.channels().size() * 2;
      System.out.printf(
          Locale.ROOT,
          "%nimpact preview of version %s against %s: %,d customers × %d channels (%,d simulated decisions,"
              + " two versions), on %s,%n  database %s:%n"
              + "  wall time per run (s): median %.2f  min %.2f  max %.2f  over %d run(s) after %d warm-up(s)%n"
              + "  %,.0f customers/s, %,.0f simulated decisions/s (median run)%n"
              + "  the candidate changes %,d decisions; rules behind them: %s%n",
          version,
          active.version(),
          last.customers(),
          request.channels().size(),
          decisions,
          Machine.describe(),
          bench.durability(),
          median,
          seconds[0],
          seconds[rounds - 1],
          rounds,
          warmup,
          last.customers() / median,
          decisions / median,
          last.changes(),
          last.rules());
    }
  }

  private static SimulationReport run(
      BenchEngine bench,
      StrategyVersion candidate,
      StrategyVersion active,
      Simulations.Request request)
      throws InterruptedException {
    Simulations.Run run = bench.engine().simulations().start("bench", candidate, active, request);
    while (run.state() == Simulations.State.RUNNING) {
      Thread.sleep(20);
    }
    if (run.state() != Simulations.State.DONE) {
      throw new IllegalStateException("the simulation ended " + run.state() + ": " + run.failure());
    }
    return run.report();
  }
}
