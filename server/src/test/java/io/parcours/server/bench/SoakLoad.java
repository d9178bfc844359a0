package io.parcours.server.bench;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The soak benchmark's traffic on one server, the mix of the crash suite: decisions for random demo
 * customers on random channels; for a share of the decisions that showed an action, the customer's
 * response to one of them; for a share of the decisions, an event of that customer; each write with
 * an {@code Idempotency-Key} of its own. Over HTTP/1.1, as channels speak it.
 *
 * <p>Two ways to send it. {@link #closedLoop} has callers that each send the next request once the
 * last is answered, as fast as the server goes: the warm-up and the measure of capacity. {@link
 * #constantRate} sends decisions (and events) on a fixed schedule, decision {@code i} at {@code
 * start + i / rate}, and measures each latency from that intended moment, whether or not it could
 * be sent on time: a server that stalls delays the requests behind the stall, and their waiting
 * counts (no coordinated omission). A response is sent as soon as its decision's answer arrives,
 * and its latency runs from that moment. The figures are kept per window of the schedule, by
 * intended send time.
 *
 * <p>Bounded: at most {@code maxInFlight} requests at once, each with a time-out, the schedule's
 * count of decisions, and a hard stop shortly after the schedule's end. It talks only to the server
 * it was given, which the soak benchmark starts on loopback.
 */
final class SoakLoad implements AutoCloseable {

  /** The kinds of request, each with its own figures. */
  enum Kind {
    DECISION("decisions"),
    RESPONSE("responses"),
    EVENT("events");

    final String plural;

    Kind(String plural) {
      this.plural = plural;
    }
  }

  /**
   * The outcomes of one kind of request in one window: successes with their latency, and failures.
   */
  static final class Tally {
    final LongAdder sent = new LongAdder();
    final LongAdder ok = new LongAdder();
    final LongAdder serverErrors = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final Histogram latencyMicros = new ConcurrentHistogram(3);

    long errorCount() {
      return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Failures by what they were ({@code HTTP 503}, {@code timeout}, …), or {@code none}. */
    String errorDetail() {
      if (errors.isEmpty()) {
        return "none";
      }
      StringBuilder b = new StringBuilder();
      new TreeMap<>(errors)
          .forEach(
              (what, n) ->
                  b.append(b.length() == 0 ? "" : ", ").append(what).append(" ×").append(n.sum()));
      return b.toString();
    }
  }

  /** The figures of one window of the schedule, or of a whole closed-loop run. */
  static final class Window {
    final Tally[] tallies = {new Tally(), new Tally(), new Tally()};

    Tally of(Kind kind) {
      return tallies[kind.ordinal()];
    }
  }

  /** What a closed-loop run achieved. */
  record ClosedLoopResult(int callers, double seconds, Window figures) {
    double decisionsPerSecond() {
      return figures.of(Kind.DECISION).ok.sum() / seconds;
    }
  }

  /** What a constant-rate run did beyond its windows' figures. */
  record ConstantRateResult(
      List<Window> windows,
      long notSent,
      long unanswered,
      long responsesNotSent,
      double maxSendLagMillis) {}

  private static final Channel[] CHANNELS = Channel.values();
  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final int LIMIT = 3;

  private final URI base;
  private final String authorization;
  private final int customers;
  private final double responseShare;
  private final double eventShare;
  private final int maxInFlight;
  private final Duration timeout;
  private final ExecutorService callbacks;
  private final HttpClient http;

  /**
   * Every request's outcome since this load was made, whatever the phase: the samples' counters.
   */
  final LongAdder totalOk = new LongAdder();

  final LongAdder totalErrors = new LongAdder();
  final LongAdder totalServerErrors = new LongAdder();

  SoakLoad(
      URI base,
      String user,
      String password,
      int customers,
      double responseShare,
      double eventShare,
      int maxInFlight,
      Duration timeout) {
    this.base = base;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.customers = customers;
    this.responseShare = responseShare;
    this.eventShare = eventShare;
    this.maxInFlight = maxInFlight;
    this.timeout = timeout;
    this.callbacks =
        Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(callbacks)
            .build();
  }

  /**
   * {@code callers} callers, each sending its next request once the last is answered, for {@code
   * seconds}; waits for the last answers.
   */
  ClosedLoopResult closedLoop(int callers, int seconds) throws InterruptedException {
    Window figures = new Window();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < callers; c++) {
      Thread t = new Thread(() -> call(running, figures), "soak-caller-" + c);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    TimeUnit.SECONDS.sleep(seconds);
    running.set(false);
    for (Thread t : threads) {
      t.join(timeout.toMillis() * 3 + 5_000);
    }
    return new ClosedLoopResult(callers, (System.nanoTime() - start) / 1e9, figures);
  }

  private void call(AtomicBoolean running, Window figures) {
    ThreadLocalRandom rng = ThreadLocalRandom.current();
    while (running.get()) {
      String customer = BenchEngine.customerId(1 + rng.nextInt(customers));
      long sentAt = System.nanoTime();
      HttpResponse<String> r = sendNow(Kind.DECISION, decisionRequest(customer, rng), figures);
      JsonObject decision = r == null ? null : accepted(Kind.DECISION, r, sentAt, figures);
      if (r == null) {
        pause(100); // no server to answer: wait a little rather than spin
        continue;
      }
      String actionId = decision == null ? null : responseTarget(decision, rng);
      if (actionId != null) {
        long at = System.nanoTime();
        HttpResponse<String> answered =
            sendNow(
                Kind.RESPONSE,
                responseRequest(decision.getString("decisionId"), actionId, rng),
                figures);
        if (answered != null) {
          accepted(Kind.RESPONSE, answered, at, figures);
        }
      }
      if (rng.nextDouble() < eventShare) {
        long at = System.nanoTime();
        HttpResponse<String> answered = sendNow(Kind.EVENT, eventRequest(customer, rng), figures);
        if (answered != null) {
          accepted(Kind.EVENT, answered, at, figures);
        }
      }
    }
  }

  private HttpResponse<String> sendNow(Kind kind, HttpRequest request, Window figures) {
    figures.of(kind).sent.increment();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      failed(kind, figures, HttpLoadGenerator.failure(e));
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed(kind, figures, "interrupted");
      return null;
    }
  }

  /**
   * Decisions at {@code rate} per second (and events with them) for {@code seconds}, their figures
   * in windows of {@code windowSeconds} by intended send time; stops early when {@code keepGoing}
   * turns false. Returns once every request is answered or the hard stop passed.
   */
  ConstantRateResult constantRate(int rate, int seconds, int windowSeconds, AtomicBoolean keepGoing)
      throws InterruptedException {
    int windowCount = (seconds + windowSeconds - 1) / windowSeconds;
    List<Window> windows = new ArrayList<>();
    for (int w = 0; w < windowCount; w++) {
      windows.add(new Window());
    }
    Semaphore inFlight = new Semaphore(maxInFlight);
    AtomicLong outstanding = new AtomicLong();
    LongAdder responsesNotSent = new LongAdder();
    long maxLag = 0;
    long total = (long) rate * seconds;
    long windowNanos = TimeUnit.SECONDS.toNanos(windowSeconds);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    long scheduleEnd = start + TimeUnit.SECONDS.toNanos(seconds);
    long hardStop = scheduleEnd + timeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
    long notSent = 0;
    ThreadLocalRandom rng = ThreadLocalRandom.current();
    for (long i = 0; i < total; i++) {
      long intended = start + i * 1_000_000_000L / rate;
      waitUntil(intended);
      if (!keepGoing.get()) {
        notSent = total - i;
        break;
      }
      Window window =
          windows.get((int) Math.min(windowCount - 1, (intended - start) / windowNanos));
      String customer = BenchEngine.customerId(1 + rng.nextInt(customers));
      if (!inFlight.tryAcquire(Math.max(0, hardStop - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        notSent = total - i;
        break;
      }
      maxLag = Math.max(maxLag, System.nanoTime() - intended);
      sendLater(
          Kind.DECISION,
          decisionRequest(customer, rng),
          intended,
          window,
          inFlight,
          outstanding,
          decision -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            String actionId = responseTarget(decision, r);
            if (actionId == null) {
              return;
            }
            if (!inFlight.tryAcquire()) {
              responsesNotSent.increment();
              return;
            }
            sendLater(
                Kind.RESPONSE,
                responseRequest(decision.getString("decisionId"), actionId, r),
                System.nanoTime(),
                window,
                inFlight,
                outstanding,
                null);
          });
      if (rng.nextDouble() < eventShare) {
        if (!inFlight.tryAcquire(Math.max(0, hardStop - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          notSent = total - i - 1;
          break;
        }
        sendLater(
            Kind.EVENT, eventRequest(customer, rng), intended, window, inFlight, outstanding, null);
      }
    }
    while (outstanding.get() > 0 && System.nanoTime() < hardStop) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    return new ConstantRateResult(
        windows, notSent, outstanding.get(), responsesNotSent.sum(), maxLag / 1e6);
  }

  /** Sends asynchronously; the permit taken for it is given back with its answer. */
  private void sendLater(
      Kind kind,
      HttpRequest request,
      long intended,
      Window window,
      Semaphore inFlight,
      AtomicLong outstanding,
      java.util.function.Consumer<JsonObject> onDecision) {
    window.of(kind).sent.increment();
    outstanding.incrementAndGet();
    try {
      http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (r, e) -> {
                try {
                  if (e != null) {
                    failed(kind, window, HttpLoadGenerator.failure(e));
                  } else {
                    JsonObject decision = accepted(kind, r, intended, window);
                    if (decision != null && onDecision != null) {
                      onDecision.accept(decision);
                    }
                  }
                } finally {
                  inFlight.release();
                  outstanding.decrementAndGet();
                }
              });
    } catch (RuntimeException e) {
      failed(kind, window, HttpLoadGenerator.failure(e));
      inFlight.release();
      outstanding.decrementAndGet();
    }
  }

  /**
   * Counts an answer, with its latency from {@code intended} when it is a success; returns the
   * decision when it is one.
   */
  private JsonObject accepted(Kind kind, HttpResponse<String> r, long intended, Window window) {
    long latency = System.nanoTime() - intended;
    int status = r.statusCode();
    if (status / 100 != 2) {
      if (status >= 500) {
        window.of(kind).serverErrors.increment();
        totalServerErrors.increment();
      }
      failed(kind, window, "HTTP " + status);
      return null;
    }
    JsonObject decision = null;
    if (kind == Kind.DECISION) {
      try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
        decision = reader.readObject();
      } catch (RuntimeException parse) {
        failed(kind, window, "200 that is not a decision");
        return null;
      }
    }
    Tally t = window.of(kind);
    t.ok.increment();
    t.latencyMicros.recordValue(Math.max(1, latency / 1_000));
    totalOk.increment();
    return decision;
  }

  private void failed(Kind kind, Window window, String what) {
    window.of(kind).errors.computeIfAbsent(what, k -> new LongAdder()).increment();
    totalErrors.increment();
  }

  /**
   * The action to answer, for {@code responseShare} of the decisions that showed one; else null.
   */
  private String responseTarget(JsonObject decision, ThreadLocalRandom rng) {
    JsonArray actions = decision.getJsonArray("actions");
    if (actions == null || actions.isEmpty() || rng.nextDouble() >= responseShare) {
      return null;
    }
    return actions.getJsonObject(rng.nextInt(actions.size())).getString("actionId");
  }

  private HttpRequest decisionRequest(String customer, ThreadLocalRandom rng) {
    return post(
        "api/v1/decisions",
        null,
        "{\"customerId\":\""
            + customer
            + "\",\"channel\":\""
            + CHANNELS[rng.nextInt(CHANNELS.length)].code()
            + "\",\"limit\":"
            + LIMIT
            + "}");
  }

  private HttpRequest responseRequest(String decisionId, String actionId, ThreadLocalRandom rng) {
    return post(
        "api/v1/responses",
        "soak-" + UUID.randomUUID(),
        "{\"decisionId\":\""
            + decisionId
            + "\",\"actionId\":\""
            + actionId
            + "\",\"outcome\":\""
            + OUTCOMES[rng.nextInt(OUTCOMES.length)].code()
            + "\"}");
  }

  private HttpRequest eventRequest(String customer, ThreadLocalRandom rng) {
    return post(
        "api/v1/events",
        "soak-" + UUID.randomUUID(),
        "{\"customerId\":\""
            + customer
            + "\",\"type\":\"trip.booked\",\"occurredAt\":\""
            + Instant.now()
            + "\",\"attributes\":{\"abroad\":"
            + rng.nextBoolean()
            + "}}");
  }

  private HttpRequest post(String path, String idempotencyKey, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return b.build();
  }

  private static void waitUntil(long nanoTime) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    callbacks.shutdownNow();
  }
}
