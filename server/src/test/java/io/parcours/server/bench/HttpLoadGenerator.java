package io.parcours.server.bench;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Load on a running Parcours server at a constant rate, as channels bring it: decisions for random
 * demo customers on random channels and, for a share of the decisions that showed an action, the
 * customer's response with its own Idempotency-Key.
 *
 * <p>Free of coordinated omission: decision {@code i} has its intended send time {@code start + i /
 * rate} on a fixed schedule, and its latency is the time from that intended moment to the complete
 * answer, whether or not the generator could send it on time (a server that stalls delays the
 * requests behind the stall, and their waiting counts). A response is sent as soon as its
 * decision's answer arrives; its latency runs from that moment. The requests of the warm-up are not
 * counted.
 *
 * <p>Bounded: {@code rate × (warm-up + duration)} decisions at most, each with a time-out, at most
 * {@code --max-in-flight} at once, and a hard stop shortly after the schedule's end. It talks only
 * to loopback addresses.
 *
 * <p>Options: {@code --url} (http://localhost:8080/), {@code --user} (channel), {@code --password}
 * (else the user's line in {@code demo-users.properties}, which the run command keeps in its state
 * directory), {@code --rate} decisions per second (200), {@code --warmup} seconds (10), {@code
 * --duration} seconds (30), {@code --response-share} of shown decisions answered (0.10), {@code
 * --customers} (the server's customer count), {@code --max-in-flight} (256), {@code --timeout}
 * seconds per request (10).
 */
public final class HttpLoadGenerator {

  private static final List<String> OPTIONS =
      List.of(
          "url",
          "user",
          "password",
          "rate",
          "warmup",
          "duration",
          "response-share",
          "customers",
          "max-in-flight",
          "timeout");
  private static final Channel[] CHANNELS = Channel.values();
  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final int LIMIT = 3;

  /** What one run does; see the class comment for the options behind each field. */
  record Settings(
      URI base,
      String user,
      String password,
      String passwordSource,
      int rate,
      int warmupSeconds,
      int durationSeconds,
      double responseShare,
      int customers,
      int maxInFlight,
      Duration timeout) {}

  /** A reason to stop before any load is sent: printed as one line, exit status 2. */
  static final class LoadException extends Exception {
    LoadException(String message) {
      super(message);
    }
  }

  /** The outcomes of one kind of request: successes, and failures by HTTP status or exception. */
  private static final class Tally {
    final LongAdder sent = new LongAdder();
    final LongAdder warmupSent = new LongAdder();
    final LongAdder warmupErrors = new LongAdder();
    final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final LongAdder ok = new LongAdder();
    final Histogram latencyMicros = new ConcurrentHistogram(3);

    void sent(boolean measured) {
      (measured ? sent : warmupSent).increment();
    }

    void ok(boolean measured, int status, long latencyNanos) {
      if (measured) {
        ok.increment();
        answers.computeIfAbsent(Integer.toString(status), k -> new LongAdder()).increment();
        latencyMicros.recordValue(Math.max(1, latencyNanos / 1_000));
      }
    }

    void error(boolean measured, String what) {
      if (measured) {
        errors.computeIfAbsent(what, k -> new LongAdder()).increment();
      } else {
        warmupErrors.increment();
      }
    }
  }

  private final Settings settings;
  private final String authorization;
  private final ExecutorService callbacks;
  private final HttpClient http;
  private final Semaphore inFlight;
  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicLong maxSendLagNanos = new AtomicLong();
  private final LongAdder shown = new LongAdder();
  private final Tally decisions = new Tally();
  private final Tally responses = new Tally();

  private HttpLoadGenerator(Settings settings) {
    this.settings = settings;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (settings.user() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    this.callbacks =
        Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(callbacks)
            .build();
    this.inFlight = new Semaphore(settings.maxInFlight());
  }

  public static void main(String[] args) {
    int status;
    try {
      Optional<Settings> settings = settings(args);
      if (settings.isEmpty()) {
        return;
      }
      HttpLoadGenerator generator = new HttpLoadGenerator(settings.get());
      try {
        status = generator.run();
      } finally {
        generator.callbacks.shutdownNow();
      }
    } catch (LoadException | IllegalArgumentException e) {
      System.err.println("HttpLoadGenerator: " + e.getMessage());
      status = 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.err.println("HttpLoadGenerator: interrupted");
      status = 1;
    }
    System.exit(status);
  }

  /** Reads the options; empty when only the help was asked for. */
  static Optional<Settings> settings(String[] args) throws LoadException {
    BenchArgs a = BenchArgs.parse(args, OPTIONS);
    if (a.help()) {
      System.out.println(
          "HttpLoadGenerator [--url http://localhost:8080/] [--user channel] [--password …] [--rate 200]"
              + " [--warmup 10] [--duration 30] [--response-share 0.10] [--customers N] [--max-in-flight 256]"
              + " [--timeout 10]");
      return Optional.empty();
    }
    String url = a.string("url").orElse("http://localhost:8080/");
    URI base;
    try {
      base = URI.create(url.endsWith("/") ? url : url + "/");
    } catch (IllegalArgumentException e) {
      throw new LoadException("--url '" + url + "' is not a URL: " + e.getMessage());
    }
    if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())
        || base.getHost() == null) {
      throw new LoadException("--url must be an http or https URL with a host, not '" + url + "'");
    }
    requireLoopback(base.getHost());
    String user = a.string("user").orElse("channel");
    int rate = a.integer("rate", 200, 1, 5_000);
    int warmup = a.integer("warmup", 10, 0, 600);
    int duration = a.integer("duration", 30, 1, 3_600);
    double responseShare = a.decimal("response-share", 0.10, 0, 1);
    int customers = a.integer("customers", 0, 0, 999_999);
    int maxInFlight = a.integer("max-in-flight", 256, 1, 10_000);
    Duration timeout = Duration.ofSeconds(a.integer("timeout", 10, 1, 120));
    String password;
    String source;
    Path kept = Path.of(System.getProperty("parcours.state", ".parcours"), "demo-users.properties");
    if (a.string("password").isPresent()) {
      password = a.string("password").get();
      source = "--password";
    } else {
      password = readKept(kept, user);
      source = kept.toString();
      if (password == null) {
        throw new LoadException(
            "no password for user '"
                + user
                + "': pass --password (the run command prints the demo users'"
                + " passwords and keeps them in "
                + kept
                + ")");
      }
    }
    return Optional.of(
        new Settings(
            base,
            user,
            password,
            source,
            rate,
            warmup,
            duration,
            responseShare,
            customers,
            maxInFlight,
            timeout));
  }

  private static String readKept(Path file, String user) {
    if (!Files.isReadable(file)) {
      return null;
    }
    java.util.Properties users = new java.util.Properties();
    try (var in = Files.newBufferedReader(file)) {
      users.load(in);
    } catch (IOException e) {
      return null;
    }
    String p = users.getProperty(user, "").trim();
    return p.isEmpty() ? null : p;
  }

  /** Refuses any host that is, or resolves to, anything but a loopback address. */
  private static void requireLoopback(String host) throws LoadException {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new LoadException("unknown host '" + host + "'");
    }
    for (InetAddress address : addresses) {
      if (!address.isLoopbackAddress()) {
        throw new LoadException(
            "the load goes to loopback addresses only, and '"
                + host
                + "' is "
                + address.getHostAddress());
      }
    }
  }

  private int run() throws LoadException, InterruptedException {
    int customers = customers();
    Settings s = settings;
    System.out.printf(
        Locale.ROOT,
        "Parcours HTTP load: %s as '%s' (password from %s), %d decisions/s for %d s after %d s of warm-up,"
            + " responses to %.0f %% of the decisions that show an action; customers C000001..%s%n",
        s.base(),
        s.user(),
        s.passwordSource(),
        s.rate(),
        s.durationSeconds(),
        s.warmupSeconds(),
        s.responseShare() * 100,
        BenchEngine.customerId(customers));
    System.out.println(
        "machine: " + Machine.describe() + " (the generator shares it with the server)");
    System.out.println(
        "database: the server's own (the run command prints its durability at start, the server log has"
            + " it as 'database: fsync=…')");

    long total = (long) s.rate() * (s.warmupSeconds() + s.durationSeconds());
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    long measureFrom = start + TimeUnit.SECONDS.toNanos(s.warmupSeconds());
    long scheduleEnd = start + TimeUnit.SECONDS.toNanos(s.warmupSeconds() + s.durationSeconds());
    long hardStop = scheduleEnd + s.timeout().toNanos() + TimeUnit.SECONDS.toNanos(5);
    long firstMeasuredSend = 0;
    long lastMeasuredSend = 0;
    long notSent = 0;
    ThreadLocalRandom rng = ThreadLocalRandom.current();
    for (long i = 0; i < total; i++) {
      long intended = start + i * 1_000_000_000L / s.rate();
      waitUntil(intended);
      long wait = Math.max(0, hardStop - System.nanoTime());
      if (!inFlight.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
        notSent = total - i;
        break;
      }
      long sentAt = System.nanoTime();
      maxSendLagNanos.accumulateAndGet(sentAt - intended, Math::max);
      boolean measured = intended >= measureFrom;
      if (measured) {
        if (firstMeasuredSend == 0) {
          firstMeasuredSend = sentAt;
        }
        lastMeasuredSend = sentAt;
      }
      decide(intended, measured, customers, rng);
    }
    while (outstanding.get() > 0 && System.nanoTime() < hardStop) {
      Thread.sleep(10);
    }
    return report(firstMeasuredSend, lastMeasuredSend, notSent, outstanding.get());
  }

  /**
   * Checks that the server answers and the login works; returns how many customers to draw from.
   */
  private int customers() throws LoadException, InterruptedException {
    URI uri = settings.base().resolve("api/v1/customers?limit=1");
    HttpResponse<String> r;
    try {
      r = http.send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new LoadException(
          "cannot reach "
              + settings.base()
              + " (connection refused): start the server first"
              + " (mvn -Prun -DskipTests install)");
    } catch (HttpTimeoutException e) {
      throw new LoadException(
          "no answer from " + settings.base() + " within " + settings.timeout().toSeconds() + " s");
    } catch (IOException e) {
      throw new LoadException("cannot reach " + settings.base() + ": " + e);
    }
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw new LoadException(
          "login failed for user '"
              + settings.user()
              + "' (HTTP "
              + r.statusCode()
              + ", password from "
              + settings.passwordSource()
              + "): pass --password");
    }
    if (r.statusCode() != 200) {
      throw new LoadException(
          "GET " + uri + " answered HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
    }
    long total;
    try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
      total = reader.readObject().getJsonNumber("total").longValue();
    } catch (RuntimeException e) {
      throw new LoadException(
          "GET " + uri + " did not answer a customer page: " + abbreviate(r.body()));
    }
    if (total < 1) {
      throw new LoadException(
          "the server has no customers: start it with the demo (PARCOURS_DEMO=true)");
    }
    if (settings.customers() > 0) {
      if (settings.customers() > total) {
        throw new LoadException(
            "--customers " + settings.customers() + " but the server has " + total);
      }
      return settings.customers();
    }
    return (int) Math.min(total, 999_999);
  }

  private void decide(long intended, boolean measured, int customers, ThreadLocalRandom rng) {
    String body =
        "{\"customerId\":\""
            + BenchEngine.customerId(1 + rng.nextInt(customers))
            + "\",\"channel\":\""
            + CHANNELS[rng.nextInt(CHANNELS.length)].code()
            + "\",\"limit\":"
            + LIMIT
            + "}";
    decisions.sent(measured);
    outstanding.incrementAndGet();
    try {
      http.sendAsync(post("api/v1/decisions", body).build(), HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (r, e) -> {
                try {
                  onDecision(intended, measured, r, e);
                } finally {
                  inFlight.release();
                  outstanding.decrementAndGet();
                }
              });
    } catch (RuntimeException e) {
      decisions.error(measured, failure(e));
      inFlight.release();
      outstanding.decrementAndGet();
    }
  }

  private void onDecision(long intended, boolean measured, HttpResponse<String> r, Throwable e) {
    long done = System.nanoTime();
    if (e != null) {
      decisions.error(measured, failure(e));
      return;
    }
    if (r.statusCode() != 200) {
      decisions.error(measured, "HTTP " + r.statusCode());
      return;
    }
    JsonObject decision;
    try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
      decision = reader.readObject();
    } catch (RuntimeException parse) {
      decisions.error(measured, "200 that is not a decision");
      return;
    }
    decisions.ok(measured, r.statusCode(), done - intended);
    JsonArray actions = decision.getJsonArray("actions");
    if (actions == null || actions.isEmpty()) {
      return;
    }
    if (measured) {
      shown.increment();
    }
    ThreadLocalRandom rng = ThreadLocalRandom.current();
    if (rng.nextDouble() < settings.responseShare()) {
      String actionId = actions.getJsonObject(rng.nextInt(actions.size())).getString("actionId");
      respond(
          decision.getString("decisionId"),
          actionId,
          OUTCOMES[rng.nextInt(OUTCOMES.length)],
          measured);
    }
  }

  private void respond(String decisionId, String actionId, Outcome outcome, boolean measured) {
    String body =
        "{\"decisionId\":\""
            + decisionId
            + "\",\"actionId\":\""
            + actionId
            + "\",\"outcome\":\""
            + outcome.code()
            + "\"}";
    HttpRequest request =
        post("api/v1/responses", body)
            .header("Idempotency-Key", "bench-" + UUID.randomUUID())
            .build();
    responses.sent(measured);
    outstanding.incrementAndGet();
    long intended = System.nanoTime();
    try {
      http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (r, e) -> {
                try {
                  long done = System.nanoTime();
                  if (e != null) {
                    responses.error(measured, failure(e));
                  } else if (r.statusCode() == 201 || r.statusCode() == 200) {
                    responses.ok(measured, r.statusCode(), done - intended);
                  } else {
                    responses.error(measured, "HTTP " + r.statusCode());
                  }
                } finally {
                  outstanding.decrementAndGet();
                }
              });
    } catch (RuntimeException e) {
      responses.error(measured, failure(e));
      outstanding.decrementAndGet();
    }
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(settings.timeout())
        .header("Authorization", authorization)
        .header("Accept", "application/json");
  }

  private HttpRequest.Builder post(String path, String body) {
    return request(settings.base().resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static void waitUntil(long nanoTime) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  /**
   * What went wrong with a request that got no answer, in a word or two (the soak's load says it
   * the same way).
   */
  static String failure(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof HttpTimeoutException) {
      return "timeout";
    }
    if (t instanceof ConnectException) {
      return "connection refused";
    }
    return t.getClass().getSimpleName();
  }

  private static String abbreviate(String body) {
    String b = body == null ? "" : body.replaceAll("\\s+", " ").trim();
    return b.length() > 200 ? b.substring(0, 200) + " …" : b;
  }

  private int report(long firstSend, long lastSend, long notSent, long unanswered) {
    Settings s = settings;
    long scheduled = (long) s.rate() * s.durationSeconds();
    long sent = decisions.sent.sum();
    double sendRate =
        sent > 1 && lastSend > firstSend ? (sent - 1) * 1e9 / (lastSend - firstSend) : Double.NaN;
    System.out.println();
    System.out.println(
        "Results (measured by this run over the "
            + s.durationSeconds()
            + " s after the warm-up; latency runs from"
            + " each request's intended send time)");
    System.out.printf(
        Locale.ROOT,
        "  decisions: scheduled %d at %d/s, sent %d at %.1f/s, %d OK (%.1f/s); %s%n",
        scheduled,
        s.rate(),
        sent,
        sendRate,
        decisions.ok.sum(),
        decisions.ok.sum() / (double) s.durationSeconds(),
        errors(decisions));
    System.out.printf(
        Locale.ROOT,
        "             %d showed at least one action; %s%n",
        shown.sum(),
        latency(decisions.latencyMicros));
    System.out.printf(
        Locale.ROOT,
        "  responses: sent %d (%.1f/s), %d OK %s; %s%n",
        responses.sent.sum(),
        responses.sent.sum() / (double) s.durationSeconds(),
        responses.ok.sum(),
        new TreeMap<>(responses.answers),
        errors(responses));
    System.out.printf(Locale.ROOT, "             %s%n", latency(responses.latencyMicros));
    System.out.printf(
        Locale.ROOT,
        "  generator: largest lag of a send behind its schedule %.1f ms; warm-up: %d decisions (%d errors), %d"
            + " responses (%d errors)%n",
        maxSendLagNanos.get() / 1e6,
        decisions.warmupSent.sum(),
        decisions.warmupErrors.sum(),
        responses.warmupSent.sum(),
        responses.warmupErrors.sum());
    if (notSent > 0) {
      System.out.println(
          "  NOT SENT: "
              + notSent
              + " decisions (the server held "
              + s.maxInFlight()
              + " requests past the hard stop)");
    }
    if (unanswered > 0) {
      System.out.println("  UNANSWERED at the hard stop: " + unanswered + " requests");
    }
    if (decisions.ok.sum() == 0) {
      System.err.println(
          "HttpLoadGenerator: no decision succeeded after the warm-up; " + errors(decisions));
      return 1;
    }
    return 0;
  }

  private static String errors(Tally t) {
    if (t.errors.isEmpty()) {
      return "no errors";
    }
    StringBuilder b = new StringBuilder("errors:");
    new TreeMap<>(t.errors)
        .forEach((what, n) -> b.append(' ').append(what).append(" ×").append(n.sum()));
    return b.toString();
  }

  private static String latency(Histogram h) {
    if (h.getTotalCount() == 0) {
      return "latency: no sample";
    }
    return String.format(
        Locale.ROOT,
        "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (%d samples)",
        h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(90) / 1e3,
        h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3,
        h.getMaxValue() / 1e3,
        h.getTotalCount());
  }
}
