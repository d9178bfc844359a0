package io.parcours.server.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a server's JVM holds, read from outside it: the heap in use right after a full collection
 * that this sampler asks for ({@code jcmd <pid> GC.run}, then {@code jstat -gc}: survivors, eden
 * and old generation in use, collector-independent), metaspace in use, the JVM's threads ({@code
 * /proc/<pid>/status}), its open file descriptors ({@code /proc/<pid>/fd}) and the client
 * connections PostgreSQL serves ({@code pg_stat_activity}, without the sampler's own).
 *
 * <p>The JDK's tools rather than MicroProfile Metrics: a new Payara 6 domain answers 404 on {@code
 * /metrics}, and a heap figure read at any moment says little about what survives a collection.
 */
final class ServerSampler {

  /**
   * One reading; a figure that could not be read is -1. {@code fullGcPauseMillis} is the time the
   * JVM spent in full collections since the previous reading ({@code jstat}'s FGCT): the forced
   * one, and any other.
   */
  record Reading(
      long heapAfterGcKiB,
      long metaspaceKiB,
      double fullGcPauseMillis,
      long fullGcs,
      int threads,
      int fileDescriptors,
      int databaseClients,
      int parcoursConnections) {}

  /** The server's JVM is gone: the run broke. */
  static final class ServerGone extends Exception {
    ServerGone(String message) {
      super(message);
    }
  }

  private final long pid;
  private final String jdbcUrl;
  private final Path jcmd;
  private final Path jstat;
  private final List<String> problems = new ArrayList<>();
  private double lastFullGcSeconds = Double.NaN;

  ServerSampler(long pid, String jdbcUrl) {
    this.pid = pid;
    this.jdbcUrl = jdbcUrl;
    Path bin = Path.of(System.getProperty("java.home"), "bin");
    this.jcmd = tool(bin, "jcmd");
    this.jstat = tool(bin, "jstat");
  }

  private static Path tool(Path bin, String name) {
    Path p = bin.resolve(name);
    return Files.isExecutable(p) ? p : Path.of(name);
  }

  long pid() {
    return pid;
  }

  boolean serverAlive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The problems met while reading (a tool that failed, a query refused), each once. */
  List<String> problems() {
    return problems;
  }

  /** Forces a full collection in the server, then reads every figure. */
  Reading read() throws ServerGone, InterruptedException {
    if (!serverAlive()) {
      throw new ServerGone("the server's JVM (pid " + pid + ") is gone");
    }
    if (Double.isNaN(lastFullGcSeconds)) {
      Map<String, Double> before = jstatGc();
      lastFullGcSeconds = before == null ? Double.NaN : before.getOrDefault("FGCT", Double.NaN);
    }
    boolean collected = run(jcmd.toString(), String.valueOf(pid), "GC.run") != null;
    Map<String, Double> gc = jstatGc();
    long heap = -1;
    long metaspace = -1;
    long fullGcs = -1;
    double pause = -1;
    if (gc != null && collected) {
      heap = heapUsedKiB(gc);
    }
    if (gc != null) {
      metaspace = Math.round(gc.getOrDefault("MU", -1d));
      fullGcs = Math.round(gc.getOrDefault("FGC", -1d));
      double fullGcSeconds = gc.getOrDefault("FGCT", Double.NaN);
      if (!Double.isNaN(fullGcSeconds) && !Double.isNaN(lastFullGcSeconds)) {
        pause = (fullGcSeconds - lastFullGcSeconds) * 1_000;
      }
      lastFullGcSeconds = fullGcSeconds;
    }
    int threads = threads();
    int fds = fileDescriptors();
    int[] connections = connections();
    if (!serverAlive()) {
      throw new ServerGone("the server's JVM (pid " + pid + ") is gone");
    }
    return new Reading(
        heap, metaspace, pause, fullGcs, threads, fds, connections[0], connections[1]);
  }

  /**
   * The JVM's flags, as {@code jcmd <pid> VM.flags} prints them; empty when they cannot be read.
   */
  String flags() throws InterruptedException {
    String out = run(jcmd.toString(), String.valueOf(pid), "VM.flags");
    if (out == null) {
      return "";
    }
    return Arrays.stream(out.split("\\R"))
        .filter(l -> l.startsWith("-"))
        .findFirst()
        .orElse("")
        .trim();
  }

  /** {@code jstat -gc}: each column's value by its header (KiB, counts, seconds). */
  private Map<String, Double> jstatGc() throws InterruptedException {
    String out = run(jstat.toString(), "-gc", String.valueOf(pid));
    if (out == null) {
      return null;
    }
    Map<String, Double> columns = columns(out);
    if (columns.isEmpty()) {
      problem("jstat -gc printed no figures: " + out.strip());
      return null;
    }
    return columns;
  }

  /**
   * A tool's table of one row (jstat's): each column's value by its header; '-' columns are left
   * out.
   */
  static Map<String, Double> columns(String out) {
    String[] lines = out.strip().split("\\R");
    Map<String, Double> columns = new HashMap<>();
    if (lines.length < 2) {
      return columns;
    }
    String[] names = lines[0].trim().split("\\s+");
    String[] values = lines[1].trim().split("\\s+");
    for (int i = 0; i < Math.min(names.length, values.length); i++) {
      try {
        columns.put(names[i], Double.parseDouble(values[i]));
      } catch (NumberFormatException notANumber) {
        // a column shown as '-' (no such space for this collector)
      }
    }
    return columns;
  }

  /** The heap in use, KiB: survivors, eden and old generation of jstat's columns. */
  static long heapUsedKiB(Map<String, Double> gc) {
    return Math.round(
        gc.getOrDefault("S0U", 0d)
            + gc.getOrDefault("S1U", 0d)
            + gc.getOrDefault("EU", 0d)
            + gc.getOrDefault("OU", 0d));
  }

  private int threads() {
    try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(pid), "status"))) {
      return lines
          .filter(l -> l.startsWith("Threads:"))
          .map(l -> Integer.parseInt(l.substring("Threads:".length()).trim()))
          .findFirst()
          .orElse(-1);
    } catch (IOException | RuntimeException e) {
      problem("cannot read /proc/" + pid + "/status: " + e);
      return -1;
    }
  }

  private int fileDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      return (int) fds.count();
    } catch (IOException | RuntimeException e) {
      problem("cannot list /proc/" + pid + "/fd: " + e);
      return -1;
    }
  }

  /**
   * Client backends of PostgreSQL but the sampler's own: all of them, and those of Parcours' pool.
   */
  private int[] connections() {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select count(*), count(*) filter (where application_name = 'parcours') from pg_stat_activity"
                    + " where backend_type = 'client backend' and pid <> pg_backend_pid()")) {
      r.next();
      return new int[] {r.getInt(1), r.getInt(2)};
    } catch (SQLException e) {
      problem("cannot count PostgreSQL's connections: " + e.getMessage());
      return new int[] {-1, -1};
    }
  }

  /** Runs a JDK tool; its output, or null (and a problem noted) when it failed. */
  private String run(String... command) throws InterruptedException {
    Path output = null;
    try {
      output = Files.createTempFile("parcours-soak-", ".out");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean done = p.waitFor(60, TimeUnit.SECONDS);
      if (!done) {
        p.destroyForcibly();
      }
      String out = Files.readString(output, StandardCharsets.UTF_8);
      if (!done || p.exitValue() != 0) {
        problem(
            String.join(" ", command)
                + (done ? " failed: " + out.strip() : " took more than 60 s"));
        return null;
      }
      return out;
    } catch (IOException e) {
      problem(String.join(" ", command) + " could not run: " + e.getMessage());
      return null;
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a temporary file left behind
        }
      }
    }
  }

  private synchronized void problem(String what) {
    if (!problems.contains(what)) {
      problems.add(what);
    }
  }
}
