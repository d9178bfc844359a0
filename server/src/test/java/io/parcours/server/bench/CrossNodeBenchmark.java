package io.parcours.server.bench;

import io.parcours.domain.Channel;
import io.parcours.domain.Decision;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.Outcome;
import io.parcours.domain.Proposal;
import io.parcours.domain.Response;
import io.parcours.engine.cache.CacheSettings;
import io.parcours.engine.response.ResponseReceipt;
import io.parcours.engine.runtime.Engine;
import io.parcours.engine.runtime.EngineSettings;
import io.parcours.models.ContextualProbitModels;
import io.parcours.server.EmbeddedDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Two nodes on one database, as a cluster runs them: two engines in one JVM, each with its own
 * connection pool, models and distributed caches joined over JGroups on loopback, deciding and
 * taking responses at the same time. Measures:
 *
 * <ul>
 *   <li><b>freshness across nodes</b>: for each response taken by one node, the time from the
 *       moment it is handed to that node to the moment the weights the <em>other</em> node scores
 *       its channel with include it (polled every 100 µs, for up to 10 s);
 *   <li><b>what exact contact caps cost</b>: the latency of each decision, and how many decisions
 *       were made again because the customer's contact history changed on the other node between
 *       reading and claiming it (ADR 0019). {@code --customers} sets how often the two nodes meet
 *       at one customer: 20 customers make them meet all the time.
 * </ul>
 *
 * <p>Run: {@code mvn -pl server -am -Pbench -DskipTests verify -Dbench=CrossNodeBenchmark
 * -Dbench.args="--threads 8 --seconds 30 --customers 10000"}.
 */
public final class CrossNodeBenchmark {

  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final Channel[] CHANNELS = Channel.values();

  private CrossNodeBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a =
        BenchArgs.parse(args, List.of("threads", "seconds", "warmup", "customers", "respond"));
    if (a.help()) {
      System.out.println(
          "CrossNodeBenchmark [--threads 8] [--seconds 30] [--warmup 10] [--customers 10000] [--respond 0.3]");
      return;
    }
    int threads = a.integer("threads", 8, 2, 256);
    int seconds = a.integer("seconds", 30, 1, 3600);
    int warmup = a.integer("warmup", 10, 0, 3600);
    int customers = a.integer("customers", 10_000, 1, 999_999);
    double respond = a.integer("respond", 30, 0, 100) / 100.0;
    System.out.println(
        "Starting PostgreSQL and two engines with " + customers + " demo customers …");
    try (EmbeddedDatabase database = EmbeddedDatabase.start(0, null)) {
      int portA = freePort();
      int portB = freePort();
      String hosts = "127.0.0.1[" + portA + "],127.0.0.1[" + portB + "]";
      EngineSettings settings = settings(database.jdbcUrl(), customers);
      CacheSettings caches = CacheSettings.defaults();
      try (Engine a1 =
              Engine.start(
                  settings.withCaches(caches.distributed("127.0.0.1", portA, 0, hosts)),
                  Executors.defaultThreadFactory(),
                  Clock.systemUTC());
          Engine b1 =
              Engine.start(
                  settings.withCaches(caches.distributed("127.0.0.1", portB, 0, hosts)),
                  Executors.defaultThreadFactory(),
                  Clock.systemUTC())) {
        int members = b1.caches().manager().getMembers().size();
        if (members != 2) {
          System.err.println(
              "CrossNodeBenchmark: the nodes did not form one cluster: " + members + " member(s)");
          System.exit(1);
        }
        Engine[] nodes = {a1, b1};
        run(nodes, threads, warmup, customers, respond, null);
        long conflictsBefore = a1.decisions().claimConflicts() + b1.decisions().claimConflicts();
        Tally t = new Tally();
        long start = System.nanoTime();
        run(nodes, threads, seconds, customers, respond, t);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long conflicts =
            a1.decisions().claimConflicts() + b1.decisions().claimConflicts() - conflictsBefore;
        Histogram f = t.fresh;
        Histogram d = t.decisionLatency;
        System.out.printf(
            Locale.ROOT,
            "%nTwo nodes, %d callers (half on each), %d customers, %d s after a %d s warm-up, on %s,%n"
                + "  database %s; caches distributed over JGroups on loopback:%n"
                + "  %,d decisions (%,.0f/s), %,d responses (%,.0f/s)%n"
                + "  decision latency (ms): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n"
                + "  decided again because the other node changed the customer's history first: %,d"
                + " (%.2f per 1,000 decisions)%n"
                + "  response taken by one node -> in the other node's scoring (ms):%n"
                + "    p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  (never within 10 s: %,d)%n",
            threads,
            customers,
            seconds,
            warmup,
            Machine.describe(),
            a1.durability(),
            d.getTotalCount(),
            d.getTotalCount() / elapsed,
            f.getTotalCount() + t.neverSeen.get(),
            (f.getTotalCount() + t.neverSeen.get()) / elapsed,
            ms(d, 50),
            ms(d, 90),
            ms(d, 99),
            ms(d, 99.9),
            d.getMaxValue() / 1000.0,
            conflicts,
            1000.0 * conflicts / Math.max(1, d.getTotalCount()),
            ms(f, 50),
            ms(f, 90),
            ms(f, 99),
            ms(f, 99.9),
            f.getMaxValue() / 1000.0,
            t.neverSeen.get());
      }
    }
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }

  /**
   * The benchmarks' engine settings (BenchEngine's): default settings, the demo pack with {@code
   * customers}.
   */
  private static EngineSettings settings(String jdbcUrl, int customers) {
    EngineSettings d = EngineSettings.defaults(jdbcUrl, "postgres", "postgres");
    return new EngineSettings(
        d.databaseUrl(),
        d.databaseUser(),
        d.databasePassword(),
        d.poolSize(),
        true,
        customers,
        d.demoSeed(),
        d.threshold(),
        d.auditBatch(),
        d.responseBatch(),
        d.snapshotEvery(),
        d.modelFamily(),
        d.controlShare(),
        d.ramp(),
        d.exploration());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** What the measured period counts. */
  private static final class Tally {
    final Histogram fresh = new ConcurrentHistogram(3);
    final Histogram decisionLatency = new ConcurrentHistogram(3);
    final AtomicLong neverSeen = new AtomicLong();
  }

  /**
   * Callers alternate between the nodes: caller c decides on node c % 2 and, for a share of shown
   * actions, answers on the same node and waits until the other node's weights include the answer.
   */
  private static void run(
      Engine[] nodes, int threads, int seconds, int customers, double respond, Tally tally)
      throws Exception {
    if (seconds == 0) {
      return;
    }
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> callers = new ArrayList<>();
    for (int c = 0; c < threads; c++) {
      Engine here = nodes[c % 2];
      ContextualProbitModels there = (ContextualProbitModels) nodes[(c + 1) % 2].models();
      SplittableRandom rng = new SplittableRandom(131L * c + System.nanoTime());
      callers.add(
          pool.submit(
              () -> {
                while (!stop.get()) {
                  DecisionRequest request =
                      new DecisionRequest(
                          BenchEngine.customerId(1 + rng.nextInt(customers)),
                          CHANNELS[rng.nextInt(CHANNELS.length)],
                          Direction.INBOUND,
                          Map.of(),
                          BenchEngine.LIMIT,
                          Instant.now());
                  long asked = System.nanoTime();
                  Decision d = here.decisions().decide(request);
                  if (tally != null) {
                    tally.decisionLatency.recordValue(
                        Math.max(1, (System.nanoTime() - asked) / 1000));
                  }
                  if (d.proposals().isEmpty() || rng.nextDouble() >= respond) {
                    continue;
                  }
                  Proposal p = d.proposals().get(rng.nextInt(d.proposals().size()));
                  Outcome outcome = rng.nextDouble() < 0.3 ? Outcome.ACCEPTED : Outcome.IGNORED;
                  long handed = System.nanoTime();
                  ResponseReceipt r =
                      here.responses()
                          .capture(
                              new Response(
                                  d.decisionId(),
                                  p.action().id(),
                                  outcome,
                                  UUID.randomUUID().toString(),
                                  Instant.now()));
                  if (tally == null) {
                    continue;
                  }
                  Channel channel = d.request().channel();
                  while (there.weights(channel).lastResponseId() < r.responseId()
                      && System.nanoTime() - handed < GIVE_UP_NANOS) {
                    TimeUnit.MICROSECONDS.sleep(100);
                  }
                  if (there.weights(channel).lastResponseId() >= r.responseId()) {
                    tally.fresh.recordValue(Math.max(1, (System.nanoTime() - handed) / 1000));
                  } else {
                    tally.neverSeen.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    stop.set(true);
    for (Future<?> f : callers) {
      f.get();
    }
    pool.shutdown();
  }
}
