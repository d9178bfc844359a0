package io.parcours.server.crash;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A constant load of decisions, responses and events from several callers, each write carrying a
 * key that finds it afterwards: a decision its id, a response and an event their {@code
 * Idempotency-Key}.
 *
 * <p>It keeps what was acknowledged (a 2xx answer) and what was not (a 503, or no answer at all): a
 * response or an event that was not acknowledged is sent again with the same key after the fault,
 * as a channel would, so that the suite can count each key exactly once. Every answer that is
 * neither a success nor a 503 problem+json with {@code Retry-After} is a violation; so is a 503
 * that took longer than a second while the server could answer.
 *
 * <p>Given several servers, each caller sends to one of them, caller {@code i} to the {@code i mod
 * n}-th, as a load balancer with sticky sessions would; the acknowledgements and the 503 answers
 * are also counted per server.
 *
 * <p>It speaks HTTP/1.1, as channels do: Payara's HTTP/2 over cleartext (the {@code h2c} upgrade
 * that {@code java.net.http} asks for by default) keeps every stream of a long-lived connection,
 * and a load of minutes fills the server's heap with them.
 */
final class CrashLoad {

  /** A response or an event sent with {@code key}: what is needed to send it again. */
  record Write(String key, String path, String body) {}

  private final List<String> baseUrls;
  private final String auth;
  private final int customers;
  private final HttpClient http;
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Future<?>> callers = new ArrayList<>();
  private ExecutorService pool;

  final Map<String, Boolean> acknowledgedDecisions = new ConcurrentHashMap<>();
  final Map<String, Write> acknowledgedResponses = new ConcurrentHashMap<>();
  final Map<String, Write> acknowledgedEvents = new ConcurrentHashMap<>();
  final Queue<Write> unacknowledged = new ConcurrentLinkedQueue<>();
  final LongAdder unavailable = new LongAdder();
  final LongAdder unanswered = new LongAdder();
  final LongAdder notReady = new LongAdder();
  final AtomicLong slowestUnavailableMillis = new AtomicLong();
  final Queue<String> violations = new ConcurrentLinkedQueue<>();
  private final Map<String, LongAdder> acknowledgedBy = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> unavailableBy = new ConcurrentHashMap<>();

  CrashLoad(List<String> baseUrls, String user, String password, int customers) {
    this.baseUrls = List.copyOf(baseUrls);
    for (String base : this.baseUrls) {
      acknowledgedBy.put(base, new LongAdder());
      unavailableBy.put(base, new LongAdder());
    }
    this.auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.customers = customers;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /**
   * Starts {@code threads} callers; each decides, answers one decision in three and reports an
   * event in five, always on the same server.
   */
  void start(int threads, long seed) {
    running.set(true);
    pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      SplittableRandom rng = new SplittableRandom(seed + t);
      int caller = t;
      callers.add(pool.submit(() -> call(rng, caller)));
    }
  }

  /** Stops the callers and waits for the requests under way. */
  void stop() throws Exception {
    running.set(false);
    for (Future<?> f : callers) {
      f.get(60, TimeUnit.SECONDS);
    }
    callers.clear();
    pool.shutdown();
  }

  private void call(SplittableRandom rng, int caller) {
    String base = baseUrls.get(caller % baseUrls.size());
    while (running.get()) {
      String customer = String.format(Locale.ROOT, "C%06d", 1 + rng.nextInt(customers));
      String channel = rng.nextBoolean() ? "web" : "app";
      Answer decided =
          send(
              base,
              "api/v1/decisions",
              null,
              "{\"customerId\":\"" + customer + "\",\"channel\":\"" + channel + "\",\"limit\":3}");
      if (decided == null) {
        // no server to answer: a channel waits a little before it tries again, rather than spin
        pause(100);
        continue;
      }
      if (decided != null && decided.status() == 200) {
        JsonObject d = json(decided.body());
        acknowledgedDecisions.put(d.getString("decisionId"), Boolean.TRUE);
        JsonArray shown = d.getJsonArray("actions");
        if (shown != null && !shown.isEmpty() && rng.nextInt(3) == 0) {
          String action = shown.getJsonObject(0).getString("actionId");
          String outcome = rng.nextInt(4) == 0 ? "accepted" : "rejected";
          Write w =
              new Write(
                  UUID.randomUUID().toString(),
                  "api/v1/responses",
                  "{\"decisionId\":\""
                      + d.getString("decisionId")
                      + "\",\"actionId\":\""
                      + action
                      + "\",\"outcome\":\""
                      + outcome
                      + "\"}");
          deliver(base, w, acknowledgedResponses);
        }
      }
      if (rng.nextInt(5) == 0) {
        Write w =
            new Write(
                UUID.randomUUID().toString(),
                "api/v1/events",
                "{\"customerId\":\""
                    + customer
                    + "\",\"type\":\"trip.booked\",\"occurredAt\":\""
                    + java.time.Instant.now()
                    + "\",\"attributes\":{\"abroad\":"
                    + rng.nextBoolean()
                    + "}}");
        deliver(base, w, acknowledgedEvents);
      }
    }
  }

  private void deliver(String base, Write w, Map<String, Write> acknowledged) {
    Answer a = send(base, w.path(), w.key(), w.body());
    if (a != null && (a.status() == 200 || a.status() == 201)) {
      acknowledged.put(w.key(), w);
    } else {
      unacknowledged.add(w);
    }
  }

  /**
   * Sends every write that was not acknowledged again, with its key, to the first server, until
   * each is (or {@code within} passes); returns how many are still not acknowledged.
   */
  int resend(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    List<Write> left = new ArrayList<>();
    for (Write w; (w = unacknowledged.poll()) != null; ) {
      left.add(w);
    }
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      List<Write> again = new ArrayList<>();
      for (Write w : left) {
        if (System.nanoTime() >= deadline) {
          again.add(w);
          continue;
        }
        Answer a = send(baseUrls.get(0), w.path(), w.key(), w.body());
        if (a != null && (a.status() == 200 || a.status() == 201)) {
          (w.path().endsWith("responses") ? acknowledgedResponses : acknowledgedEvents)
              .put(w.key(), w);
        } else {
          again.add(w);
        }
      }
      left = again;
      if (!left.isEmpty()) {
        TimeUnit.MILLISECONDS.sleep(500);
      }
    }
    return left.size();
  }

  private static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The successes (2xx) {@code base} answered so far, writes and decisions alike. */
  long acknowledgedBy(String base) {
    return acknowledgedBy.computeIfAbsent(base, b -> new LongAdder()).sum();
  }

  /** The 503 answers {@code base} gave so far. */
  long unavailableBy(String base) {
    return unavailableBy.computeIfAbsent(base, b -> new LongAdder()).sum();
  }

  /** One answer: its status, body and how long it took. */
  record Answer(int status, String body, long millis) {}

  /** Sends one write; null when the server did not answer at all (down, killed, restarting). */
  Answer send(String base, String path, String idempotencyKey, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", auth)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    long start = System.nanoTime();
    HttpResponse<String> r;
    try {
      r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      unanswered.increment();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    int status = r.statusCode();
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("text/html")) {
      // Parcours never answers HTML on /api: this is Payara's own error page while Parcours is not
      // deployed yet (404) or still starting (503): the server is not ready, and a channel behind a
      // load
      // balancer that reads /health/ready never sees it
      notReady.increment();
      return null;
    }
    if (status >= 200 && status < 300) {
      acknowledgedBy.computeIfAbsent(base, b -> new LongAdder()).increment();
    } else if (status == 503) {
      unavailable.increment();
      unavailableBy.computeIfAbsent(base, b -> new LongAdder()).increment();
      slowestUnavailableMillis.accumulateAndGet(millis, Math::max);
      if (!type.startsWith("application/problem+json")
          || r.headers().firstValue("Retry-After").isEmpty()) {
        violations.add(
            "a 503 on "
                + base
                + path
                + " without problem+json and Retry-After: "
                + type
                + " "
                + r.body());
      }
    } else if (status >= 300) {
      violations.add("HTTP " + status + " on " + base + path + ": " + r.body());
    }
    return new Answer(status, r.body(), millis);
  }

  private static JsonObject json(String body) {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    }
  }
}
