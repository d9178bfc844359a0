package io.parcours.server.bench;

import com.sun.management.OperatingSystemMXBean;
import io.parcours.domain.Decision;
import io.parcours.rules.RuleSetCompilationException;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * CPU time per decision: the JVM's process CPU time (every thread: callers, audit writer, JIT, GC)
 * over a fixed count of decisions, after a warm-up, divided by the count. The design budgets at
 * most 2 ms of CPU per decision, so that two cores can take 1,000 decisions per second.
 *
 * <p>PostgreSQL runs in processes of its own, which the JVM's figure does not include; on Linux
 * their CPU time is read from {@code /proc} (the postmaster and its children) and printed beside
 * it.
 *
 * <p>Options: {@code --decisions} measured (default 20000), {@code --warmup} decisions before
 * (default 10000), {@code --threads} deciding at once (default 2), {@code --customers} demo
 * customers (default 10000), {@code --statements true} to load {@code pg_stat_statements} and print
 * what PostgreSQL did per decision ({@link StatementStatistics}; it costs a little CPU of its own,
 * so the figures of such a run are not the ones to compare).
 */
public final class DecisionCpuCost {

  /** The design's budget of CPU time per decision, in milliseconds. */
  static final double BUDGET_MS = 2.0;

  private DecisionCpuCost() {}

  public static void main(String[] args) {
    int decisions;
    int warmup;
    int threads;
    int customers;
    boolean statements;
    try {
      BenchArgs a =
          BenchArgs.parse(
              args, List.of("decisions", "warmup", "threads", "customers", "statements"));
      if (a.help()) {
        System.out.println(
            "DecisionCpuCost [--decisions 20000] [--warmup 10000] [--threads 2] [--customers 10000]"
                + " [--statements false]");
        return;
      }
      statements = a.string("statements").map(Boolean::parseBoolean).orElse(false);
      if (statements) {
        System.setProperty("parcours.embedded-db.statement-statistics", "true");
      }
      decisions = a.integer("decisions", 20_000, 1, 10_000_000);
      warmup = a.integer("warmup", 10_000, 0, 10_000_000);
      threads = a.integer("threads", 2, 1, 256);
      customers = a.integer("customers", 10_000, 1, 999_999);
    } catch (IllegalArgumentException e) {
      System.err.println("DecisionCpuCost: " + e.getMessage());
      System.exit(2);
      return;
    }
    var os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    if (os == null || os.getProcessCpuTime() < 0) {
      System.err.println("DecisionCpuCost: this JVM does not report its process CPU time");
      System.exit(1);
      return;
    }
    System.out.println(
        "Starting PostgreSQL and the engine with " + customers + " demo customers …");
    try (BenchEngine engine = BenchEngine.start(customers)) {
      Optional<PostgresCpu> postgres;
      String postgresUnmeasured = null;
      try {
        postgres = Optional.of(PostgresCpu.of(engine.jdbcUrl()));
      } catch (IllegalStateException e) {
        postgres = Optional.empty();
        postgresUnmeasured = e.getMessage();
      }
      System.out.println(
          "rule set "
              + engine.ruleSetVersion()
              + "; warm-up: "
              + warmup
              + " decisions on "
              + threads
              + " threads");
      decideAll(engine, warmup, threads);
      Optional<StatementStatistics> statistics =
          statements ? Optional.of(StatementStatistics.on(engine.jdbcUrl())) : Optional.empty();
      statistics.ifPresent(StatementStatistics::begin);

      long gcBefore = gcMillis();
      Optional<Long> pgBefore = postgres.map(PostgresCpu::nanos);
      Optional<Map<String, Long>> pgKindsBefore = postgres.map(PostgresCpu::nanosByKind);
      long cpuBefore = os.getProcessCpuTime();
      long wallBefore = System.nanoTime();
      int shown = decideAll(engine, decisions, threads);
      long wall = System.nanoTime() - wallBefore;
      long cpu = os.getProcessCpuTime() - cpuBefore;
      Optional<Long> pgAfter = postgres.map(PostgresCpu::nanos);
      long gc = gcMillis() - gcBefore;
      Optional<Map<String, Long>> pgKindsAfter = postgres.map(PostgresCpu::nanosByKind);

      double cpuMs = cpu / 1e6 / decisions;
      System.out.println();
      System.out.println(
          "CPU per decision (measured by this run; machine: " + Machine.describe() + ")");
      System.out.println("  database:         " + engine.durability());
      System.out.printf(
          Locale.ROOT,
          "  decisions:        %d on %d threads in %.2f s (%.0f/s), %d with at least one action%n",
          decisions,
          threads,
          wall / 1e9,
          decisions / (wall / 1e9),
          shown);
      System.out.printf(
          Locale.ROOT,
          "  JVM process CPU:  %.3f s in all, %.3f ms per decision (budget %.1f ms: %s); GC %d ms%n",
          cpu / 1e9,
          cpuMs,
          BUDGET_MS,
          cpuMs <= BUDGET_MS ? "within" : "OVER",
          gc);
      if (pgBefore.isPresent() && pgAfter.isPresent()) {
        long pg = pgAfter.get() - pgBefore.get();
        System.out.printf(
            Locale.ROOT,
            "  PostgreSQL CPU:   %.3f s in all, %.3f ms per decision (its own processes, not in the JVM figure)%n",
            pg / 1e9,
            pg / 1e6 / decisions);
        Map<String, Long> before = pgKindsBefore.orElseThrow();
        StringBuilder kinds = new StringBuilder("    of which:");
        pgKindsAfter.orElseThrow().entrySet().stream()
            .map(k -> Map.entry(k.getKey(), k.getValue() - before.getOrDefault(k.getKey(), 0L)))
            .filter(k -> k.getValue() > 0)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .forEach(
                k ->
                    kinds.append(
                        String.format(
                            Locale.ROOT,
                            " %s %.3f ms;",
                            k.getKey(),
                            k.getValue() / 1e6 / decisions)));
        System.out.println(kinds);
      } else {
        System.out.println("  PostgreSQL CPU:   not measured: " + postgresUnmeasured);
      }
      statistics.ifPresent(st -> st.report(decisions, System.out));
    } catch (RuleSetCompilationException e) {
      System.err.println(
          "DecisionCpuCost: the active rule set does not compile: " + e.getMessage());
      System.exit(1);
    } catch (RuntimeException e) {
      System.err.println("DecisionCpuCost: " + e);
      System.exit(1);
    }
  }

  /**
   * Makes {@code count} decisions on {@code threads} threads; returns how many showed an action.
   */
  private static int decideAll(BenchEngine engine, int count, int threads) {
    if (count == 0) {
      return 0;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int share = count / threads + (t < count % threads ? 1 : 0);
        parts.add(
            pool.submit(
                () -> {
                  int shown = 0;
                  ThreadLocalRandom rng = ThreadLocalRandom.current();
                  for (int i = 0; i < share; i++) {
                    Decision d = engine.decide(rng);
                    if (!d.isDoNothing()) {
                      shown++;
                    }
                  }
                  return shown;
                }));
      }
      int shown = 0;
      for (Future<Integer> part : parts) {
        shown += part.get();
      }
      return shown;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a decision failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /**
   * The CPU time of a PostgreSQL server: its postmaster, every live child (connections, writers)
   * and the children that have exited, from {@code /proc/<pid>/stat} (utime, stime, cutime,
   * cstime).
   */
  private record PostgresCpu(ProcessHandle postmaster, long ticksPerSecond) {

    /**
     * Finds the postmaster as the parent of this connection's backend.
     *
     * @throws IllegalStateException saying why when it cannot be measured here (not Linux, …)
     */
    static PostgresCpu of(String jdbcUrl) {
      if (!Files.isReadable(Path.of("/proc/self/stat"))) {
        throw new IllegalStateException("no /proc (Linux only)");
      }
      long hz = clockTicks();
      // The backend ends with its connection: its parent is looked up while it is still there.
      try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
        rs.next();
        long backend = rs.getLong(1);
        return ProcessHandle.of(backend)
            .flatMap(ProcessHandle::parent)
            .map(postmaster -> new PostgresCpu(postmaster, hz))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the parent of PostgreSQL's process " + backend + " is not visible"));
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot ask PostgreSQL its process id: " + e.getMessage(), e);
      }
    }

    long nanos() {
      long ticks =
          Stream.concat(Stream.of(postmaster), postmaster.descendants())
              .mapToLong(p -> ticks(p.pid()))
              .sum();
      return ticks * 1_000_000_000L / ticksPerSecond;
    }

    /**
     * The CPU time by kind of process: the postmaster (with the children that have exited, such as
     * autovacuum workers), the connections' backends, and each background process by its name
     * (walwriter, checkpointer, …).
     */
    Map<String, Long> nanosByKind() {
      Map<String, Long> kinds = new TreeMap<>();
      Stream.concat(Stream.of(postmaster), postmaster.descendants())
          .forEach(
              p ->
                  kinds.merge(
                      p.equals(postmaster) ? "postmaster" : kind(p.pid()),
                      ticks(p.pid()) * 1_000_000_000L / ticksPerSecond,
                      Long::sum));
      return kinds;
    }

    /** A child's kind, from its title: "postgres: walwriter", "postgres: user db host(port) …". */
    private static String kind(long pid) {
      try {
        String title =
            Files.readString(
                    Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.US_ASCII)
                .replace('\0', ' ')
                .trim();
        String name = title.startsWith("postgres: ") ? title.substring(10) : title;
        return name.contains("(") ? "backends" : name.replaceAll("\\s+", " ");
      } catch (IOException | RuntimeException e) {
        return "gone";
      }
    }

    /** utime + stime + cutime + cstime of one process, 0 if it has gone. */
    private static long ticks(long pid) {
      try {
        String stat =
            Files.readString(
                Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): utime, stime, cutime, cstime are fields 14 to 17.
        return Long.parseLong(f[11])
            + Long.parseLong(f[12])
            + Long.parseLong(f[13])
            + Long.parseLong(f[14]);
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    /** The kernel's clock ticks per second, in which {@code /proc/<pid>/stat} counts CPU time. */
    private static long clockTicks() {
      try {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out =
            new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (p.waitFor() != 0) {
          throw new IllegalStateException("getconf CLK_TCK failed: " + out);
        }
        return Long.parseLong(out);
      } catch (IOException | NumberFormatException e) {
        throw new IllegalStateException(
            "cannot read the clock tick rate (getconf CLK_TCK): " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
