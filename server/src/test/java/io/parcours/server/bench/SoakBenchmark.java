package io.parcours.server.bench;

import io.parcours.db.PostgresDurability;
import io.parcours.server.EmbeddedDatabase;
import io.parcours.server.payara.DemoEnvironment;
import io.parcours.server.payara.PayaraDomain;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The soak benchmark: Parcours on its own Payara domain and an embedded PostgreSQL under a constant
 * load for half an hour, watched from outside for what grows.
 *
 * <p>It starts PostgreSQL (durable unless {@value EmbeddedDatabase#UNSAFE_NO_FSYNC} says otherwise)
 * in {@code soak.data}, a fresh Payara domain {@code soak1} of the Payara copy in {@code
 * payara.home} on port base 19000 (HTTP 19080, beside the crash suite's 18000 and 18100), deploys
 * the EAR with the demo pack and a demo users' file of generated passwords, and then:
 *
 * <ol>
 *   <li>warms up: {@code --callers} closed-loop callers for {@code --warmup} seconds, not counted;
 *   <li>without {@code --rate}, measures the capacity: the same callers, as fast as the server
 *       answers, for {@code --capacity-seconds}; the soak runs at half the decisions per second
 *       they achieved;
 *   <li>soaks: decisions at a constant rate for {@code --minutes} (with responses to {@code
 *       --response-share} of the decisions that showed an action and an event for {@code
 *       --event-share} of the decisions, as the crash suite's load does), latency from each
 *       request's intended send time ({@link SoakLoad}), in windows of {@code --window-seconds};
 *   <li>every {@code --sample-seconds} (and before and after the load), forces a full collection in
 *       the server's JVM and reads the heap in use after it, metaspace, threads, open file
 *       descriptors and PostgreSQL's client connections ({@link ServerSampler}), with the
 *       successes, errors and 5xx since the last sample.
 * </ol>
 *
 * <p>It prints the settings it ran with (machine, database durability as the server reports it on
 * {@code /health/ready}, the server's JVM), a latency table per window for decisions, responses and
 * events, the samples' table, the least-squares slope of the heap after full collection (MiB per
 * hour, over all samples and over the second half) and the first, largest and last count of
 * threads, file descriptors and connections. It prints figures and asserts none; it exits non-zero
 * only when the run itself broke: the server's JVM gone, fewer than two samples, no decision
 * answered.
 *
 * <p>Run with {@code mvn -pl server -am -Psoak -DskipTests verify [-Dsoak.minutes=30]
 * [-Dsoak.rate=N] [-Dsoak.args="--window-seconds 300 …"]}; {@code --help} lists the options.
 */
public final class SoakBenchmark {

  private static final List<String> OPTIONS =
      List.of(
          "minutes",
          "rate",
          "warmup",
          "capacity-seconds",
          "callers",
          "window-seconds",
          "sample-seconds",
          "customers",
          "response-share",
          "event-share",
          "max-in-flight",
          "timeout",
          "port-base");
  private static final String DOMAIN = "soak1";
  private static final String USER = "channel";
  private static final Pattern TIME_MILLIS = Pattern.compile("\\[timeMillis: (\\d+)\\]");

  /** What one run does; see {@link #usage()} for the option behind each field. */
  record Settings(
      int minutes,
      int rate,
      int warmupSeconds,
      int capacitySeconds,
      int callers,
      int windowSeconds,
      int sampleSeconds,
      int customers,
      double responseShare,
      double eventShare,
      int maxInFlight,
      Duration timeout,
      int portBase,
      Path payara,
      Path ear,
      Path data) {}

  /**
   * One sample: when (minutes from the load's start), the server's figures, the traffic since the
   * last, and a note for the samples before and after the load.
   */
  record Sample(
      double minutes,
      ServerSampler.Reading reading,
      long ok,
      long errors,
      long serverErrors,
      String note) {}

  private final Settings settings;
  private EmbeddedDatabase database;
  private PayaraDomain server;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SoakBenchmark(Settings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) {
    int status;
    SoakBenchmark soak = null;
    try {
      Optional<Settings> settings = settings(args);
      if (settings.isEmpty()) {
        System.exit(0);
        return;
      }
      soak = new SoakBenchmark(settings.get());
      SoakBenchmark running = soak;
      Runtime.getRuntime().addShutdownHook(new Thread(running::close, "soak-shutdown"));
      status = soak.run();
    } catch (IllegalArgumentException e) {
      System.err.println("SoakBenchmark: " + e.getMessage());
      status = 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.err.println("SoakBenchmark: interrupted");
      status = 1;
    } finally {
      if (soak != null) {
        soak.close();
      }
    }
    System.exit(status);
  }

  private static String usage() {
    return "SoakBenchmark [--minutes 30] [--rate N (default: half the measured capacity)] [--warmup 120]"
        + " [--capacity-seconds 60] [--callers 16] [--window-seconds 300] [--sample-seconds 30]"
        + " [--customers N (default: the demo's)] [--response-share 0.33] [--event-share 0.2]"
        + " [--max-in-flight 256] [--timeout 10] [--port-base 19000]; system properties payara.home,"
        + " parcours.ear, soak.data";
  }

  /** Reads the options; empty when only the help was asked for. */
  static Optional<Settings> settings(String[] args) {
    BenchArgs a = BenchArgs.parse(args, OPTIONS);
    if (a.help()) {
      System.out.println(usage());
      return Optional.empty();
    }
    int minutes = a.integer("minutes", 30, 1, 24 * 60);
    int rate = a.string("rate").isPresent() ? a.integer("rate", 0, 1, 5_000) : 0;
    int warmup = a.integer("warmup", 120, 0, 3_600);
    int capacitySeconds = a.integer("capacity-seconds", 60, 5, 3_600);
    int callers = a.integer("callers", 16, 1, 256);
    int window = a.integer("window-seconds", 300, 10, 24 * 3_600);
    int sample = a.integer("sample-seconds", 30, 5, 3_600);
    int customers = a.integer("customers", 0, 0, 999_999);
    double responseShare = a.decimal("response-share", 1 / 3d, 0, 1);
    double eventShare = a.decimal("event-share", 0.2, 0, 1);
    int maxInFlight = a.integer("max-in-flight", 256, 1, 10_000);
    Duration timeout = Duration.ofSeconds(a.integer("timeout", 10, 1, 120));
    int portBase = a.integer("port-base", 19_000, 1_024, 65_000);
    String payara = System.getProperty("payara.home");
    String ear = System.getProperty("parcours.ear");
    if (payara == null || ear == null) {
      throw new IllegalArgumentException(
          "the system properties payara.home and parcours.ear are needed: run it with mvn -pl server -am -Psoak"
              + " -DskipTests verify");
    }
    if (!Files.isRegularFile(Path.of(ear))) {
      throw new IllegalArgumentException(
          "no EAR at " + ear + ": build it (mvn -pl server -am -Psoak … verify)");
    }
    Path data =
        Path.of(
            System.getProperty(
                "soak.data",
                Path.of(System.getProperty("java.io.tmpdir"), "parcours-soak").toString()));
    return Optional.of(
        new Settings(
            minutes,
            rate,
            warmup,
            capacitySeconds,
            callers,
            window,
            sample,
            customers,
            responseShare,
            eventShare,
            maxInFlight,
            timeout,
            portBase,
            Path.of(payara),
            Path.of(ear),
            data));
  }

  private int run() throws InterruptedException {
    Settings s = settings;
    System.out.printf(
        Locale.ROOT,
        "Parcours soak benchmark: %d min at %s, windows of %d s, a sample every %d s; warm-up %d s with %d callers%n",
        s.minutes(),
        s.rate() > 0 ? s.rate() + " decisions/s" : "half the measured capacity",
        s.windowSeconds(),
        s.sampleSeconds(),
        s.warmupSeconds(),
        s.callers());
    System.out.println(
        "machine: "
            + Machine.describe()
            + " (the load generator shares it with the server and PostgreSQL)");

    DemoEnvironment demo;
    try {
      demo = start();
    } catch (IOException | RuntimeException e) {
      System.err.println("SoakBenchmark: the server did not start: " + e.getMessage());
      return 2;
    }
    URI base = URI.create(server.baseUrl());
    String durability = durability(base);
    int customers;
    long pid;
    try {
      customers = customers(base, demo.password(USER));
      pid = server.pid();
    } catch (IOException e) {
      System.err.println("SoakBenchmark: " + e.getMessage());
      return 2;
    }
    ServerSampler sampler =
        new ServerSampler(pid, "jdbc:postgresql://localhost:" + database.port() + "/postgres");
    String serverJvm = serverJvm(sampler);
    System.out.println("database: " + durability);
    System.out.println("server: " + serverJvm);

    try (SoakLoad load =
        new SoakLoad(
            base,
            USER,
            demo.password(USER),
            customers,
            s.responseShare(),
            s.eventShare(),
            s.maxInFlight(),
            s.timeout())) {
      String mix =
          String.format(
              Locale.ROOT,
              "decisions for customers C000001..%s on every channel, responses to %.0f %% of those that showed an"
                  + " action, an event for %.0f %% of them",
              BenchEngine.customerId(customers),
              s.responseShare() * 100,
              s.eventShare() * 100);
      System.out.println("load: " + mix);

      if (s.warmupSeconds() > 0) {
        System.out.printf(
            Locale.ROOT,
            "warming up: %d callers for %d s (not counted) …%n",
            s.callers(),
            s.warmupSeconds());
        SoakLoad.ClosedLoopResult warm = load.closedLoop(s.callers(), s.warmupSeconds());
        System.out.printf(
            Locale.ROOT,
            "  warm-up: %.1f decisions/s; errors: decisions %s, responses %s, events %s%n",
            warm.decisionsPerSecond(),
            warm.figures().of(SoakLoad.Kind.DECISION).errorDetail(),
            warm.figures().of(SoakLoad.Kind.RESPONSE).errorDetail(),
            warm.figures().of(SoakLoad.Kind.EVENT).errorDetail());
      }
      int rate = s.rate();
      String rateSource = "--rate";
      if (rate == 0) {
        System.out.printf(
            Locale.ROOT,
            "measuring the capacity: %d callers as fast as answered for %d s …%n",
            s.callers(),
            s.capacitySeconds());
        SoakLoad.ClosedLoopResult capacity = load.closedLoop(s.callers(), s.capacitySeconds());
        double perSecond = capacity.decisionsPerSecond();
        if (perSecond < 2) {
          System.err.println(
              "SoakBenchmark: the server answered "
                  + perSecond
                  + " decisions/s while its capacity was"
                  + " measured; errors: "
                  + capacity.figures().of(SoakLoad.Kind.DECISION).errorDetail());
          return 1;
        }
        rate = (int) Math.floor(perSecond / 2);
        SoakLoad.Tally d = capacity.figures().of(SoakLoad.Kind.DECISION);
        rateSource =
            String.format(
                Locale.ROOT,
                "half the capacity of %.1f decisions/s measured by this run: %d closed-loop callers (each decides, then"
                    + " answers and reports as the load does, then decides again) for %.0f s after the warm-up, on the"
                    + " same machine; decision latency there %s; errors %s",
                perSecond,
                capacity.callers(),
                capacity.seconds(),
                latency(d.latencyMicros),
                d.errorDetail());
        System.out.println("  capacity: " + rateSource);
      }

      System.out.printf(Locale.ROOT, "soaking: %d decisions/s for %d min …%n", rate, s.minutes());
      List<Sample> samples = new ArrayList<>();
      AtomicReference<String> broke = new AtomicReference<>();
      // the traffic of the warm-up and of the capacity's measure is not the soak's
      long[] last = {load.totalOk.sum(), load.totalErrors.sum(), load.totalServerErrors.sum()};
      AtomicBoolean keepGoing = new AtomicBoolean(true);
      sample(sampler, load, 0, "before the load", samples, last, broke, keepGoing);
      long soakStartMillis = System.currentTimeMillis();
      long t0 = System.nanoTime();
      ScheduledExecutorService every =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "soak-sampler");
                t.setDaemon(true);
                return t;
              });
      every.scheduleAtFixedRate(
          () -> {
            try {
              sample(
                  sampler,
                  load,
                  (System.nanoTime() - t0) / 60e9,
                  "",
                  samples,
                  last,
                  broke,
                  keepGoing);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          },
          s.sampleSeconds(),
          s.sampleSeconds(),
          TimeUnit.SECONDS);
      SoakLoad.ConstantRateResult result;
      try {
        result = load.constantRate(rate, s.minutes() * 60, s.windowSeconds(), keepGoing);
      } finally {
        every.shutdown();
        every.awaitTermination(2, TimeUnit.MINUTES);
      }
      if (broke.get() == null) {
        sample(
            sampler,
            load,
            (System.nanoTime() - t0) / 60e9,
            "after the load",
            samples,
            last,
            broke,
            keepGoing);
      }
      return report(
          rate,
          rateSource,
          mix,
          durability,
          serverJvm,
          result,
          samples,
          sampler,
          broke.get(),
          soakStartMillis);
    }
  }

  /** Starts PostgreSQL and the domain, deploys the EAR; returns the demo users' settings. */
  private DemoEnvironment start() throws IOException, InterruptedException {
    Settings s = settings;
    deleteRecursively(s.data());
    s.payara().resolve("bin/asadmin").toFile().setExecutable(true);
    database =
        EmbeddedDatabase.start(
            0, s.data().resolve("postgres"), EmbeddedDatabase.Durability.fromEnvironment());
    DemoEnvironment demo = DemoEnvironment.create(s.data(), database.port(), "soak");
    if (s.customers() > 0) {
      demo.with("PARCOURS_DEMO_CUSTOMERS", String.valueOf(s.customers()));
    }
    server = new PayaraDomain(s.payara(), DOMAIN, s.portBase(), demo.environment());
    System.out.println(
        "starting Payara (domain "
            + DOMAIN
            + ", "
            + server.baseUrl()
            + ") on PostgreSQL at port "
            + database.port()
            + " …");
    server.startAndDeploy(s.ear(), USER, demo.password(USER));
    return demo;
  }

  /** Takes one sample into {@code samples}; on the server's death, says so and stops the load. */
  private void sample(
      ServerSampler sampler,
      SoakLoad load,
      double minutes,
      String note,
      List<Sample> samples,
      long[] last,
      AtomicReference<String> broke,
      AtomicBoolean keepGoing)
      throws InterruptedException {
    try {
      ServerSampler.Reading r = sampler.read();
      long ok = load.totalOk.sum();
      long errors = load.totalErrors.sum();
      long serverErrors = load.totalServerErrors.sum();
      Sample sample =
          new Sample(minutes, r, ok - last[0], errors - last[1], serverErrors - last[2], note);
      last[0] = ok;
      last[1] = errors;
      last[2] = serverErrors;
      synchronized (samples) {
        samples.add(sample);
      }
      System.out.printf(
          Locale.ROOT,
          "  %5.1f min: heap after full GC %s MiB, threads %d, fds %d, PostgreSQL connections %d; since the"
              + " last sample %d OK, %d errors%n",
          minutes,
          mib(r.heapAfterGcKiB()),
          r.threads(),
          r.fileDescriptors(),
          r.databaseClients(),
          sample.ok(),
          sample.errors());
    } catch (ServerSampler.ServerGone e) {
      broke.compareAndSet(
          null, e.getMessage() + " at " + String.format(Locale.ROOT, "%.1f", minutes) + " min");
      keepGoing.set(false);
    } catch (RuntimeException e) {
      System.out.printf(Locale.ROOT, "  %5.1f min: no sample: %s%n", minutes, e);
    }
  }

  private int report(
      int rate,
      String rateSource,
      String mix,
      String durability,
      String serverJvm,
      SoakLoad.ConstantRateResult result,
      List<Sample> samples,
      ServerSampler sampler,
      String broke,
      long soakStartMillis) {
    Settings s = settings;
    System.out.println();
    System.out.println("Soak results (measured by this run)");
    System.out.println(
        "  settings:  " + s.minutes() + " min at " + rate + " decisions/s (" + rateSource + ")");
    System.out.println("             " + mix);
    System.out.printf(
        Locale.ROOT,
        "             warm-up %d s (%d callers, not counted); at most %d requests in flight, time-out %d s; a full GC"
            + " forced every %d s (its pause is in the latencies)%n",
        s.warmupSeconds(),
        s.callers(),
        s.maxInFlight(),
        s.timeout().toSeconds(),
        s.sampleSeconds());
    System.out.println(
        "  machine:   "
            + Machine.describe()
            + " (shared by the load generator, the server and PostgreSQL)");
    System.out.println("  database:  embedded PostgreSQL, " + durability);
    System.out.println("  server:    " + serverJvm);

    for (SoakLoad.Kind kind : SoakLoad.Kind.values()) {
      System.out.println();
      System.out.println(
          "  "
              + kind.plural
              + ": latency ms from "
              + (kind == SoakLoad.Kind.RESPONSE
                  ? "the moment its decision was answered"
                  : "the intended send time")
              + ", per window of "
              + s.windowSeconds()
              + " s");
      System.out.println(
          "    window (min)     sent       OK  5xx  other      p50      p90      p99    p99.9      max");
      SoakLoad.Window all = new SoakLoad.Window();
      List<SoakLoad.Window> windows = result.windows();
      for (int w = 0; w < windows.size(); w++) {
        SoakLoad.Tally t = windows.get(w).of(kind);
        double from = w * s.windowSeconds() / 60d;
        double to = Math.min(s.minutes(), (w + 1) * s.windowSeconds() / 60d);
        System.out.println("    " + row(String.format(Locale.ROOT, "%5.1f-%5.1f", from, to), t));
        SoakLoad.Tally sum = all.of(kind);
        sum.sent.add(t.sent.sum());
        sum.ok.add(t.ok.sum());
        sum.serverErrors.add(t.serverErrors.sum());
        t.errors.forEach(
            (k, v) ->
                sum.errors
                    .computeIfAbsent(k, x -> new java.util.concurrent.atomic.LongAdder())
                    .add(v.sum()));
        sum.latencyMicros.add(t.latencyMicros);
      }
      System.out.println("    " + row("all        ", all.of(kind)));
      System.out.println("    errors: " + all.of(kind).errorDetail());
    }

    System.out.println();
    System.out.println(
        "  samples: the server's JVM right after a forced full GC; traffic since the previous sample");
    System.out.println(
        "    t (min)  heap MiB  metaspace MiB  full GC ms  full GCs  threads  fds  PG conn (Parcours)      OK  errors  5xx");
    List<Sample> taken;
    synchronized (samples) {
      taken = List.copyOf(samples);
    }
    for (Sample x : taken) {
      ServerSampler.Reading r = x.reading();
      System.out.printf(
          Locale.ROOT,
          "    %7.1f  %8s  %13s  %10s  %8d  %7d  %4d  %10s  %10d  %6d  %3d  %s%n",
          x.minutes(),
          mib(r.heapAfterGcKiB()),
          mib(r.metaspaceKiB()),
          r.fullGcPauseMillis() < 0
              ? "n/a"
              : String.format(Locale.ROOT, "%.0f", r.fullGcPauseMillis()),
          r.fullGcs(),
          r.threads(),
          r.fileDescriptors(),
          r.databaseClients() + " (" + r.parcoursConnections() + ")",
          x.ok(),
          x.errors(),
          x.serverErrors(),
          x.note());
    }
    System.out.println();
    List<Sample> heapSamples =
        taken.stream().filter(x -> x.reading().heapAfterGcKiB() >= 0).toList();
    if (heapSamples.size() >= 2) {
      Sample first = heapSamples.get(0);
      Sample lastOne = heapSamples.get(heapSamples.size() - 1);
      double half = lastOne.minutes() / 2;
      List<Sample> secondHalf = heapSamples.stream().filter(x -> x.minutes() >= half).toList();
      System.out.printf(
          Locale.ROOT,
          "  heap after full GC: first %s MiB, last %s MiB (%+.1f MiB over %.1f min), smallest %s, largest %s;"
              + " least-squares slope %+.1f MiB/h over %d samples, %+.1f MiB/h over the second half (%d samples)%n",
          mib(first.reading().heapAfterGcKiB()),
          mib(lastOne.reading().heapAfterGcKiB()),
          (lastOne.reading().heapAfterGcKiB() - first.reading().heapAfterGcKiB()) / 1024d,
          lastOne.minutes() - first.minutes(),
          mib(heapSamples.stream().mapToLong(x -> x.reading().heapAfterGcKiB()).min().orElse(-1)),
          mib(heapSamples.stream().mapToLong(x -> x.reading().heapAfterGcKiB()).max().orElse(-1)),
          slopePerHour(heapSamples, x -> x.reading().heapAfterGcKiB() / 1024d),
          heapSamples.size(),
          secondHalf.size() >= 2
              ? slopePerHour(secondHalf, x -> x.reading().heapAfterGcKiB() / 1024d)
              : Double.NaN,
          secondHalf.size());
    } else {
      System.out.println("  heap after full GC: fewer than two readings");
    }
    System.out.println(
        "  metaspace MiB:       "
            + firstMaxLast(taken, r -> r.metaspaceKiB() < 0 ? -1 : r.metaspaceKiB() / 1024d));
    System.out.println("  threads:             " + firstMaxLast(taken, r -> r.threads()));
    System.out.println("  file descriptors:    " + firstMaxLast(taken, r -> r.fileDescriptors()));
    System.out.println(
        "  PostgreSQL clients:  "
            + firstMaxLast(taken, r -> r.databaseClients())
            + " (Parcours' pool: "
            + firstMaxLast(taken, r -> r.parcoursConnections())
            + ")");
    System.out.printf(
        Locale.ROOT,
        "  generator: largest lag of a send behind its schedule %.1f ms; decisions not sent %d; unanswered at the"
            + " hard stop %d; responses not sent for the in-flight bound %d%n",
        result.maxSendLagMillis(),
        result.notSent(),
        result.unanswered(),
        result.responsesNotSent());
    System.out.println("  server log: " + serverLogCounts(soakStartMillis));
    sampler.problems().forEach(p -> System.out.println("  could not read: " + p));

    long decisionsOk =
        result.windows().stream().mapToLong(w -> w.of(SoakLoad.Kind.DECISION).ok.sum()).sum();
    if (broke != null) {
      System.out.println("soak: BROKEN: " + broke);
      return 1;
    }
    if (taken.size() < 2) {
      System.out.println("soak: BROKEN: fewer than two samples of the server");
      return 1;
    }
    if (decisionsOk == 0) {
      System.out.println("soak: BROKEN: no decision was answered");
      return 1;
    }
    System.out.println("soak: done (figures only; nothing above is checked against a bound)");
    return 0;
  }

  private static String row(String label, SoakLoad.Tally t) {
    Histogram h = t.latencyMicros;
    long other = t.errorCount() - t.serverErrors.sum();
    if (h.getTotalCount() == 0) {
      return String.format(
          Locale.ROOT,
          "%s  %8d %8d %4d %6d  (no answer)",
          label,
          t.sent.sum(),
          t.ok.sum(),
          t.serverErrors.sum(),
          other);
    }
    return String.format(
        Locale.ROOT,
        "%s  %8d %8d %4d %6d %8.2f %8.2f %8.2f %8.2f %8.2f",
        label,
        t.sent.sum(),
        t.ok.sum(),
        t.serverErrors.sum(),
        other,
        h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(90) / 1e3,
        h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3,
        h.getMaxValue() / 1e3);
  }

  private static String latency(Histogram h) {
    if (h.getTotalCount() == 0) {
      return "no sample";
    }
    return String.format(
        Locale.ROOT,
        "p50 %.2f ms, p99 %.2f ms, max %.2f ms",
        h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(99) / 1e3,
        h.getMaxValue() / 1e3);
  }

  /** The least-squares slope of {@code y} over the samples' time, per hour. */
  static double slopePerHour(List<Sample> samples, ToDoubleFunction<Sample> y) {
    int n = samples.size();
    double mx = samples.stream().mapToDouble(Sample::minutes).average().orElse(0);
    double my = samples.stream().mapToDouble(y).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    for (Sample x : samples) {
      sxy += (x.minutes() - mx) * (y.applyAsDouble(x) - my);
      sxx += (x.minutes() - mx) * (x.minutes() - mx);
    }
    return n < 2 || sxx == 0 ? Double.NaN : sxy / sxx * 60;
  }

  private static String firstMaxLast(
      List<Sample> samples, ToDoubleFunction<ServerSampler.Reading> f) {
    List<Double> v =
        samples.stream().map(x -> f.applyAsDouble(x.reading())).filter(d -> d >= 0).toList();
    if (v.isEmpty()) {
      return "no reading";
    }
    return String.format(
        Locale.ROOT,
        "first %s, largest %s, last %s",
        number(v.get(0)),
        number(v.stream().max(Comparator.naturalOrder()).get()),
        number(v.get(v.size() - 1)));
  }

  private static String number(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }

  private static String mib(long kib) {
    return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", kib / 1024d);
  }

  /** The database's durability as the server reports it on /health/ready. */
  private static String durability(URI base) {
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .send(
                  HttpRequest.newBuilder(base.resolve("health/ready"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonObject health;
      try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
        health = reader.readObject();
      }
      for (JsonValue v : health.getJsonArray("checks")) {
        JsonObject check = v.asJsonObject();
        if ("database".equals(check.getString("name", "")) && check.containsKey("data")) {
          JsonObject d = check.getJsonObject("data");
          return new PostgresDurability(
                  d.getString("fsync"),
                  d.getString("synchronousCommit"),
                  d.getString("fullPageWrites"))
              + ", as /health/ready reports it";
        }
      }
      return "unknown: /health/ready has no database check (" + r.body() + ")";
    } catch (IOException | RuntimeException e) {
      return "unknown: /health/ready could not be read (" + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** How many customers the server has, and a check that the channel user signs in. */
  private static int customers(URI base, String password) throws IOException, InterruptedException {
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(base.resolve("api/v1/customers?limit=1"))
                    .header("Authorization", auth)
                    .header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          "GET api/v1/customers answered HTTP " + r.statusCode() + ": " + r.body());
    }
    try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
      long total = reader.readObject().getJsonNumber("total").longValue();
      if (total < 1) {
        throw new IOException("the server has no customers");
      }
      return (int) Math.min(total, 999_999);
    }
  }

  private String serverJvm(ServerSampler sampler) throws InterruptedException {
    String flags = sampler.flags();
    String gc =
        Stream.of("G1", "Parallel", "Serial", "Z", "Shenandoah")
            .filter(name -> flags.contains("-XX:+Use" + name + "GC"))
            .findFirst()
            .map(name -> name + " collector")
            .orElse("collector unknown");
    String maxHeap =
        Stream.of(flags.split("\\s+"))
            .filter(f -> f.startsWith("-XX:MaxHeapSize="))
            .findFirst()
            .map(f -> Long.parseLong(f.substring(f.indexOf('=') + 1)) / (1024 * 1024) + " MiB")
            .orElse("unknown");
    return "Payara Server "
        + System.getProperty("payara.version", "")
        + ", domain "
        + DOMAIN
        + " at "
        + server.baseUrl()
        + ", JVM pid "
        + sampler.pid()
        + ", max heap "
        + maxHeap
        + ", "
        + gc
        + ", "
        + PayaraDomain.REQUEST_THREADS
        + " request threads";
  }

  /** WARNING and SEVERE records in the domain's server logs, before the soak and during it. */
  private String serverLogCounts(long soakStartMillis) {
    Path logs = server.serverLog().getParent();
    long[] before = new long[2];
    long[] during = new long[2];
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().startsWith("server.log")).toList()) {
        try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
          for (String l : (Iterable<String>) lines::iterator) {
            int level = l.contains("] [WARNING] [") ? 0 : l.contains("] [SEVERE] [") ? 1 : -1;
            if (level >= 0) {
              Matcher m = TIME_MILLIS.matcher(l);
              (m.find() && Long.parseLong(m.group(1)) >= soakStartMillis ? during : before)
                  [level]++;
            }
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return "could not be read (" + e.getMessage() + ")";
    }
    return String.format(
        Locale.ROOT,
        "during the soak %d WARNING and %d SEVERE records; before it (start, deployment, warm-up) %d and"
            + " %d (%s)",
        during[0],
        during[1],
        before[0],
        before[1],
        logs);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Stops the domain and PostgreSQL, once. */
  private void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (server != null) {
      server.stop();
    }
    if (database != null) {
      try {
        database.close();
      } catch (RuntimeException e) {
        System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
      }
    }
  }
}
