package io.parcours.server.bench;

import io.parcours.domain.Channel;
import io.parcours.domain.Decision;
import io.parcours.domain.Outcome;
import io.parcours.domain.Proposal;
import io.parcours.domain.Response;
import io.parcours.engine.response.ResponseReceipt;
import io.parcours.models.ContextualProbitModels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * How soon scoring sees a response: callers decide for random demo customers and answer a shown
 * action at once, as fast as they can, while the response writer learns; for each response, the
 * time from the moment it is handed to the engine to the moment the snapshot the next decision on
 * its channel scores with includes it. In-process, on the same {@code Engine} the server runs, with
 * its default settings (the probit models, published before a response is acknowledged).
 *
 * <p>After each acknowledgement the caller reads the channel's published weights; if they do not
 * include the response yet, it polls them every 100 µs for up to 10 s (a response never seen within
 * that is counted apart). Printed: the percentiles of that time, the share of responses already
 * visible when acknowledged, and the rates of decisions and responses the load reached.
 *
 * <p>Run: {@code mvn -pl server -am -Pbench -DskipTests verify -Dbench=ModelFreshnessBenchmark
 * -Dbench.args="--threads 8 --seconds 30"}.
 */
public final class ModelFreshnessBenchmark {

  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);

  private ModelFreshnessBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, List.of("threads", "seconds", "warmup", "customers"));
    if (a.help()) {
      System.out.println(
          "ModelFreshnessBenchmark [--threads 8] [--seconds 30] [--warmup 10] [--customers 10000]");
      return;
    }
    int threads = a.integer("threads", 8, 1, 256);
    int seconds = a.integer("seconds", 30, 1, 3600);
    int warmup = a.integer("warmup", 10, 0, 3600);
    int customers = a.integer("customers", 10_000, 1, 999_999);
    System.out.println(
        "Starting PostgreSQL and the engine with " + customers + " demo customers …");
    try (BenchEngine bench = BenchEngine.start(customers)) {
      if (!(bench.engine().models() instanceof ContextualProbitModels)) {
        System.err.println("ModelFreshnessBenchmark: the engine does not run the probit models");
        System.exit(1);
      }
      run(bench, threads, warmup, null);
      Tally t = new Tally();
      long start = System.nanoTime();
      run(bench, threads, seconds, t);
      double elapsed = (System.nanoTime() - start) / 1e9;
      Histogram h = t.visible;
      System.out.printf(
          Locale.ROOT,
          "%n%d callers, %d s after a %d s warm-up, on %s,%n  database %s:%n"
              + "  %,d decisions (%,.0f/s), %,d responses learned (%,.0f/s)%n"
              + "  response handed to the engine -> included in the weights scoring reads (ms):%n"
              + "    p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n"
              + "  visible when acknowledged: %,d of %,d (%.2f %%); never visible within 10 s: %,d%n",
          threads,
          seconds,
          warmup,
          Machine.describe(),
          bench.durability(),
          t.decisions.get(),
          t.decisions.get() / elapsed,
          h.getTotalCount(),
          h.getTotalCount() / elapsed,
          h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(90) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0,
          h.getValueAtPercentile(99.9) / 1000.0,
          h.getMaxValue() / 1000.0,
          t.atAcknowledgement.get(),
          h.getTotalCount(),
          100.0 * t.atAcknowledgement.get() / Math.max(1, h.getTotalCount()),
          t.neverSeen.get());
    }
  }

  /** What the measured period counts. */
  private static final class Tally {
    final Histogram visible = new ConcurrentHistogram(3);
    final AtomicLong decisions = new AtomicLong();
    final AtomicLong atAcknowledgement = new AtomicLong();
    final AtomicLong neverSeen = new AtomicLong();
  }

  /**
   * Decides and responds from {@code threads} callers for {@code seconds}; counts into {@code
   * tally} when given.
   */
  private static void run(BenchEngine bench, int threads, int seconds, Tally tally)
      throws Exception {
    if (seconds == 0) {
      return;
    }
    ContextualProbitModels models = (ContextualProbitModels) bench.engine().models();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> callers = new ArrayList<>();
    for (int c = 0; c < threads; c++) {
      SplittableRandom rng = new SplittableRandom(97L * c + System.nanoTime());
      callers.add(
          pool.submit(
              () -> {
                while (!stop.get()) {
                  Decision d = bench.decide(rng);
                  if (tally != null) {
                    tally.decisions.incrementAndGet();
                  }
                  if (d.proposals().isEmpty()) {
                    continue;
                  }
                  Proposal p = d.proposals().get(rng.nextInt(d.proposals().size()));
                  Outcome outcome = rng.nextDouble() < 0.3 ? Outcome.ACCEPTED : Outcome.IGNORED;
                  Channel channel = d.request().channel();
                  long handed = System.nanoTime();
                  ResponseReceipt r =
                      bench
                          .engine()
                          .responses()
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
                  boolean atOnce = included(models, channel, r.responseId());
                  while (!included(models, channel, r.responseId())
                      && System.nanoTime() - handed < GIVE_UP_NANOS) {
                    TimeUnit.MICROSECONDS.sleep(100);
                  }
                  if (included(models, channel, r.responseId())) {
                    tally.visible.recordValue(Math.max(1, (System.nanoTime() - handed) / 1000));
                    if (atOnce) {
                      tally.atAcknowledgement.incrementAndGet();
                    }
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

  /**
   * Whether the weights a decision on {@code channel} scores with now have learned response {@code
   * id}.
   */
  private static boolean included(ContextualProbitModels models, Channel channel, long id) {
    return models.weights(channel).lastResponseId() >= id;
  }
}
