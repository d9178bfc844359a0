package io.parcours.server.bench;

import io.parcours.domain.Decision;
import io.parcours.domain.Outcome;
import io.parcours.domain.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Responses stored per second, durably acknowledged: decisions are made first (not timed), then
 * callers answer one shown action of each as fast as they can, each call returning only once the
 * response is committed and learned by the models; in-process, on the same {@code Engine} the
 * server runs. Prints the rate and the latency percentiles of a call. How soon scoring sees a
 * response is {@link ModelFreshnessBenchmark}'s.
 *
 * <p>Run: {@code mvn -pl server -am -Pbench -DskipTests verify -Dbench=ResponseIngestionBenchmark
 * -Dbench.args="--threads 64 --responses 60000"}.
 */
public final class ResponseIngestionBenchmark {

  private ResponseIngestionBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, List.of("threads", "responses", "warmup", "customers"));
    if (a.help()) {
      System.out.println(
          "ResponseIngestionBenchmark [--threads 64] [--responses 60000] [--warmup 10000]"
              + " [--customers 10000]");
      return;
    }
    int threads = a.integer("threads", 64, 1, 1024);
    int responses = a.integer("responses", 60_000, 1, 10_000_000);
    int warmup = a.integer("warmup", 10_000, 0, 10_000_000);
    int customers = a.integer("customers", 10_000, 1, 999_999);
    System.out.println(
        "Starting PostgreSQL and the engine with " + customers + " demo customers …");
    try (BenchEngine bench = BenchEngine.start(customers)) {
      System.out.printf(
          Locale.ROOT, "Making %,d decisions to respond to (not timed) …%n", warmup + responses);
      ConcurrentLinkedQueue<Decision> shown = decide(bench, warmup + responses);
      respond(bench, shown, warmup, threads, null);
      Histogram latency = new ConcurrentHistogram(3);
      long start = System.nanoTime();
      long count = respond(bench, shown, responses, threads, latency);
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%n%d callers, one response per call, after %,d warm-up responses, on %s,%n"
              + "  database %s:%n"
              + "  %,d responses durably acknowledged in %.1f s: %,.0f responses/s%n"
              + "  latency of a call (ms): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
          threads,
          warmup,
          Machine.describe(),
          bench.durability(),
          count,
          elapsed,
          count / elapsed,
          latency.getValueAtPercentile(50) / 1000.0,
          latency.getValueAtPercentile(90) / 1000.0,
          latency.getValueAtPercentile(99) / 1000.0,
          latency.getValueAtPercentile(99.9) / 1000.0,
          latency.getMaxValue() / 1000.0);
    }
  }

  /** Decisions that showed at least one action, made from two threads. */
  private static ConcurrentLinkedQueue<Decision> decide(BenchEngine bench, int wanted)
      throws Exception {
    ConcurrentLinkedQueue<Decision> shown = new ConcurrentLinkedQueue<>();
    AtomicLong made = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> deciders = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      SplittableRandom rng = new SplittableRandom(31L * t + 7);
      deciders.add(
          pool.submit(
              () -> {
                while (made.get() < wanted) {
                  Decision d = bench.decide(rng);
                  if (!d.proposals().isEmpty()) {
                    shown.add(d);
                    made.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : deciders) {
      f.get();
    }
    pool.shutdown();
    return shown;
  }

  /** Answers {@code count} of the decisions from {@code threads} callers; returns how many. */
  private static long respond(
      BenchEngine bench,
      ConcurrentLinkedQueue<Decision> shown,
      int count,
      int threads,
      Histogram latency)
      throws Exception {
    if (count == 0) {
      return 0;
    }
    AtomicLong left = new AtomicLong(count);
    AtomicLong done = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> callers = new ArrayList<>();
    for (int c = 0; c < threads; c++) {
      SplittableRandom rng = new SplittableRandom(53L * c + 11);
      callers.add(
          pool.submit(
              () -> {
                while (left.getAndDecrement() > 0) {
                  Decision d = shown.poll();
                  if (d == null) {
                    return null;
                  }
                  var p = d.proposals().get(rng.nextInt(d.proposals().size()));
                  long t0 = System.nanoTime();
                  bench
                      .engine()
                      .responses()
                      .capture(
                          new Response(
                              d.decisionId(),
                              p.action().id(),
                              rng.nextDouble() < 0.3 ? Outcome.ACCEPTED : Outcome.IGNORED,
                              UUID.randomUUID().toString(),
                              Instant.now()));
                  if (latency != null) {
                    latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                  }
                  done.incrementAndGet();
                }
                return null;
              }));
    }
    for (Future<?> f : callers) {
      f.get();
    }
    pool.shutdown();
    return done.get();
  }
}
