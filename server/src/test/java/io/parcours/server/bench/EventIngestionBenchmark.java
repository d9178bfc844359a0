package io.parcours.server.bench;

import io.parcours.domain.CustomerEvent;
import io.parcours.engine.events.EventIngestion;
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
 * Events ingested per second, durably acknowledged: callers report customer events as fast as they
 * can (each call returns only once its events and their profile changes are committed to PostgreSQL
 * and the cached profiles forgotten), over a fixed time after a warm-up, in-process on the same
 * {@code Engine} the server runs. Prints the rate and the latency percentiles of a call.
 *
 * <p>The events are a mix of the declared types (logins, missed and caught-up payments, trips,
 * complaints, churn scores) for random demo customers, each with a fresh idempotency key.
 *
 * <p>Run: {@code mvn -pl server -Pbench -DskipTests verify -Dbench=EventIngestionBenchmark
 * -Dbench.args="--threads 8 --batch 1 --seconds 30"}. {@code --triggers false} leaves out the types
 * that trigger outbound decisions. {@code --batch N} sends N events per call, as {@code POST
 * /api/v1/events:batch} does.
 */
public final class EventIngestionBenchmark {

  private EventIngestionBenchmark() {}

  /**
   * Whether the mix includes the types that trigger outbound decisions (a missed payment decides on
   * the app, a booked trip on the app and by SMS): 3 decisions per 8 events, each audited durably
   * within the event's call. Without them the figure is the ingestion's alone.
   */
  private static boolean triggers = true;

  public static void main(String[] args) throws Exception {
    BenchArgs a =
        BenchArgs.parse(
            args, List.of("threads", "batch", "seconds", "warmup", "customers", "triggers"));
    if (a.help()) {
      System.out.println(
          "EventIngestionBenchmark [--threads 8] [--batch 1] [--seconds 30] [--warmup 10] [--customers 10000]"
              + " [--triggers true]");
      return;
    }
    int threads = a.integer("threads", 8, 1, 256);
    int batch = a.integer("batch", 1, 1, 1000);
    int seconds = a.integer("seconds", 30, 1, 3600);
    int warmup = a.integer("warmup", 10, 0, 3600);
    int customers = a.integer("customers", 10_000, 1, 999_999);
    String triggering = a.string("triggers").orElse("true");
    if (!triggering.equals("true") && !triggering.equals("false")) {
      throw new IllegalArgumentException(
          "--triggers must be true or false, not '" + triggering + "'");
    }
    triggers = Boolean.parseBoolean(triggering);
    System.out.println(
        "Starting PostgreSQL and the engine with " + customers + " demo customers …");
    try (BenchEngine bench = BenchEngine.start(customers)) {
      EventIngestion events = bench.engine().events();
      run(events, customers, threads, batch, warmup, null);
      Histogram latency = new ConcurrentHistogram(3);
      long start = System.nanoTime();
      long count = run(events, customers, threads, batch, seconds, latency);
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%n%d threads, %d event(s) per call, %s, %d s after a %d s warm-up, on %s,%n  database %s:%n"
              + "  %,d events durably acknowledged: %,.0f events/s (%,.0f calls/s)%n"
              + "  latency of a call (ms): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
          threads,
          batch,
          triggers
              ? "a mix with the types that trigger outbound decisions (3 per 8 events)"
              : "types that trigger nothing",
          seconds,
          warmup,
          Machine.describe(),
          bench.durability(),
          count,
          count / elapsed,
          count / elapsed / batch,
          latency.getValueAtPercentile(50) / 1000.0,
          latency.getValueAtPercentile(90) / 1000.0,
          latency.getValueAtPercentile(99) / 1000.0,
          latency.getValueAtPercentile(99.9) / 1000.0,
          latency.getMaxValue() / 1000.0);
    }
  }

  /**
   * Reports events from {@code threads} callers for {@code seconds}; returns how many were stored.
   */
  private static long run(
      EventIngestion events, int customers, int threads, int batch, int seconds, Histogram latency)
      throws Exception {
    if (seconds == 0) {
      return 0;
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong stored = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long seed = 31L * t + System.nanoTime();
      callers.add(
          pool.submit(
              () -> {
                SplittableRandom rng = new SplittableRandom(seed);
                while (!stop.get()) {
                  List<CustomerEvent> call = new ArrayList<>(batch);
                  for (int i = 0; i < batch; i++) {
                    call.add(event(BenchEngine.customerId(1 + rng.nextInt(customers)), rng));
                  }
                  long began = System.nanoTime();
                  events.ingest(call, "events[%d].");
                  if (latency != null) {
                    latency.recordValue(Math.max(1, (System.nanoTime() - began) / 1000));
                  }
                  stored.addAndGet(batch);
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
    return stored.get();
  }

  private static CustomerEvent event(String customer, SplittableRandom rng) {
    Instant now = Instant.now();
    String key = UUID.randomUUID().toString();
    int kind = rng.nextInt(8);
    if (!triggers && (kind == 2 || kind == 4)) {
      kind = kind == 2 ? 3 : 5;
    }
    return switch (kind) {
      case 0, 1 ->
          new CustomerEvent(
              customer, "login", now, Map.of("channel", rng.nextBoolean() ? "web" : "app"), key);
      case 2 ->
          new CustomerEvent(
              customer, "payment.missed", now, Map.of("product", "loan", "amount", 250.0), key);
      case 3 -> new CustomerEvent(customer, "payment.caught-up", now, Map.of(), key);
      case 4 ->
          new CustomerEvent(
              customer,
              "trip.booked",
              now,
              Map.of("abroad", rng.nextBoolean(), "country", "PT"),
              key);
      case 5 -> new CustomerEvent(customer, "trip.ended", now, Map.of(), key);
      case 6 ->
          new CustomerEvent(
              customer,
              rng.nextBoolean() ? "complaint.opened" : "complaint.closed",
              now,
              Map.of(),
              key);
      default ->
          new CustomerEvent(customer, "churn.scored", now, Map.of("risk", rng.nextDouble()), key);
    };
  }
}
