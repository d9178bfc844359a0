package io.parcours.server.crash;

import io.parcours.server.EmbeddedDatabase;
import io.parcours.server.payara.DemoEnvironment;
import io.parcours.server.payara.PayaraDomain;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The fault-injection suite: Parcours on a real Payara Server and a durable PostgreSQL, under a
 * constant load of decisions, responses and events, while PostgreSQL or the server is killed.
 *
 * <p>Scenarios, in order: {@code backend} (SIGKILL of one PostgreSQL backend serving Parcours;
 * PostgreSQL restarts itself), {@code postmaster} (SIGKILL of PostgreSQL's postmaster, then
 * PostgreSQL started again), {@code server} (SIGKILL of the Payara JVM, then the server started
 * again), {@code outage} (PostgreSQL stopped for 30 s, then started again), {@code nodes} (a second
 * server joins the first on the same PostgreSQL, half the callers on each; the second is killed
 * with SIGKILL, then started again). After each one the load stops, every write that was not
 * acknowledged is sent again with its key, and the suite counts, from PostgreSQL itself: every
 * acknowledged decision present with its audit record, every acknowledged response and event
 * present exactly once by its key; the audit chain intact; each channel's model having learned each
 * stored response once (its evidence equals the channel's stored responses); the volume counters
 * equal to the impressions. During the outage it also checks that requests are answered within a
 * second by a 503 problem+json with {@code Retry-After}, that {@code /health/ready} says the
 * database is down, that the server decides again within 5 s of PostgreSQL's return, and that
 * {@code /health/ready} then says the database is up. With two nodes it checks that both logged the
 * same cluster view of two members before the kill and again after the restart, that the first node
 * acknowledged writes while the second was down, and that the second node's models, read through
 * its own API, learned each stored response once (it follows the other node's responses every
 * second, so it is given 10 s). It exits non-zero when any count is off.
 *
 * <p>The caches are distributed over JGroups on loopback for the whole suite, the way two nodes of
 * a deployment run them: the first four scenarios run on a cluster of one member, as the first node
 * of a cluster does, and the first server never has to be restarted with other settings before the
 * two-node scenario (which would be one more fault, and not the one under test). The second server
 * is started for the two-node scenario and stopped after its counts.
 *
 * <p>Run with {@code mvn -pl server -am -Pcrash verify} (about 9 minutes on two cores). It uses its
 * own copy of Payara in {@code server/target/crash}, its own domains {@code crash1} on port base
 * 18000 (HTTP 18080) and {@code crash2} on port base 18100 (HTTP 18180), and JGroups ports 7900 and
 * 7901.
 */
public final class CrashSuite {

  private static final int CUSTOMERS = 2_000;
  private static final int PORT_BASE = 18_000;
  private static final int SECOND_PORT_BASE = 18_100;

  /**
   * The JGroups ports of the two servers' caches, on loopback; below 15535, because the failure
   * detector listens 50,000 above each.
   */
  private static final List<Integer> CACHE_PORTS = List.of(7_900, 7_901);

  /**
   * The caches' cluster: a name of the suite's own, so that no other Parcours on the machine joins
   * it.
   */
  private static final String CLUSTER = "parcours-crash";

  /** How long the second node's models may take to follow the responses stored by the first. */
  private static final Duration MODELS_FOLLOW = Duration.ofSeconds(10);

  private final Path payara;
  private final Path ear;
  private final int callers;
  private final int seconds;
  private final Path data;
  private EmbeddedDatabase database;
  private int databasePort;
  private PayaraDomain server;
  private DemoEnvironment demo;

  /** The second server, while the two-node scenario runs. */
  private PayaraDomain second;

  private final List<String> report = new ArrayList<>();
  private boolean failed;

  private CrashSuite(Path payara, Path ear, int callers, int seconds, Path data) {
    this.payara = payara;
    this.ear = ear;
    this.callers = callers;
    this.seconds = seconds;
    this.data = data;
  }

  public static void main(String[] args) throws Exception {
    Path payara = Path.of(System.getProperty("payara.home"));
    Path ear = Path.of(System.getProperty("parcours.ear"));
    int callers = Integer.getInteger("crash.callers", 8);
    int seconds = Integer.getInteger("crash.seconds", 10);
    List<String> scenarios =
        List.of(
            System.getProperty("crash.scenarios", "backend,postmaster,server,outage,nodes")
                .split(","));
    Path data = Files.createTempDirectory("parcours-crash-");
    CrashSuite suite = new CrashSuite(payara, ear, callers, seconds, data);
    boolean ok;
    try {
      suite.start();
      for (String s : scenarios) {
        suite.run(s.trim());
      }
    } finally {
      suite.close();
    }
    ok = !suite.failed;
    System.out.println();
    System.out.println(
        "Crash suite ("
            + callers
            + " callers, "
            + seconds
            + " s of load before and after each"
            + " fault; PostgreSQL durable: fsync, synchronous commit, full-page writes on)");
    suite.report.forEach(System.out::println);
    System.out.println(ok ? "crash suite: PASSED" : "crash suite: FAILED");
    System.exit(ok ? 0 : 1);
  }

  private void start() throws Exception {
    payara.resolve("bin/asadmin").toFile().setExecutable(true);
    database =
        EmbeddedDatabase.start(0, data.resolve("postgres"), EmbeddedDatabase.Durability.DURABLE);
    databasePort = database.port();
    DemoEnvironment base =
        DemoEnvironment.create(data, databasePort, "crash")
            .with("PARCOURS_DEMO_CUSTOMERS", String.valueOf(CUSTOMERS))
            .with("PARCOURS_MODELS_SNAPSHOT_SECONDS", "2");
    // distributed caches over loopback, as the integration tests run them; each server its own port
    demo =
        base.with("PARCOURS_CACHE_MODE", "distributed")
            .with("PARCOURS_CACHE_CLUSTER", CLUSTER)
            .with("PARCOURS_CACHE_JGROUPS_BIND_ADDRESS", "127.0.0.1")
            .with("PARCOURS_CACHE_JGROUPS_BIND_PORT", String.valueOf(CACHE_PORTS.get(0)))
            .with("PARCOURS_CACHE_JGROUPS_PORT_RANGE", "0")
            .with(
                "PARCOURS_CACHE_JGROUPS_INITIAL_HOSTS",
                String.join(",", CACHE_PORTS.stream().map(p -> "127.0.0.1[" + p + "]").toList()));
    server = new PayaraDomain(payara, "crash1", PORT_BASE, demo.environment());
    System.out.println(
        "starting Payara (domain crash1, "
            + server.baseUrl()
            + ") on PostgreSQL at port "
            + databasePort);
    server.startAndDeploy(ear, "channel", demo.password("channel"));
  }

  private void close() {
    if (second != null) {
      second.stop();
    }
    if (server != null) {
      server.stop();
    }
    closeQuietly();
  }

  private void closeQuietly() {
    if (database != null) {
      try {
        database.close();
      } catch (RuntimeException e) {
        System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
      }
    }
  }

  private void run(String scenario) throws Exception {
    System.out.println("scenario " + scenario + " …");
    Map<String, Object> facts = new LinkedHashMap<>();
    if (scenario.equals("nodes")) {
      startSecondNode(facts);
    }
    List<String> servers =
        second == null ? List.of(server.baseUrl()) : List.of(server.baseUrl(), second.baseUrl());
    CrashLoad load = new CrashLoad(servers, "channel", demo.password("channel"), CUSTOMERS);
    load.start(callers, scenario.hashCode());
    TimeUnit.SECONDS.sleep(seconds);
    switch (scenario) {
      case "backend" -> facts.put("killed backend", killBackend());
      case "postmaster" -> {
        facts.put("killed postmaster", killPostmaster());
        TimeUnit.SECONDS.sleep(2);
        closeQuietly(); // releases the data directory's lock; there is no postmaster left to stop
        database =
            EmbeddedDatabase.start(
                databasePort, data.resolve("postgres"), EmbeddedDatabase.Durability.DURABLE);
      }
      case "server" -> {
        facts.put("killed server pid", server.kill());
        TimeUnit.SECONDS.sleep(2);
        server.restart("channel", demo.password("channel"));
      }
      case "outage" -> outage(load, facts);
      case "nodes" -> killSecondNode(load, facts);
      default ->
          throw new IllegalArgumentException(
              "unknown scenario '"
                  + scenario
                  + "'; scenarios are backend, postmaster, server, outage, nodes");
    }
    TimeUnit.SECONDS.sleep(seconds);
    load.stop();
    int left = load.resend(Duration.ofSeconds(120));
    System.out.println(
        "  " + Instant.now() + " load stopped, unacknowledged writes sent again; counting");
    TimeUnit.SECONDS.sleep(
        4); // the snapshot period and the catch-up: the models follow the stored responses
    check(scenario, load, left, facts);
    if (second != null) {
      second.stop();
      second = null;
    }
  }

  /**
   * Starts the second server (domain {@code crash2}) on the same PostgreSQL, its caches on the next
   * JGroups port, and checks that the two formed one cluster.
   */
  private void startSecondNode(Map<String, Object> facts) throws Exception {
    Map<String, String> env = new HashMap<>(demo.environment());
    env.put("PARCOURS_CACHE_JGROUPS_BIND_PORT", String.valueOf(CACHE_PORTS.get(1)));
    second = new PayaraDomain(payara, "crash2", SECOND_PORT_BASE, env);
    System.out.println(
        "starting a second Payara (domain crash2, "
            + second.baseUrl()
            + ") on the same PostgreSQL");
    second.startAndDeploy(ear, "channel", demo.password("channel"));
    Optional<PayaraDomain.ClusterView> view = awaitCluster(-1, Duration.ofSeconds(60));
    facts.put(
        "cluster before the kill",
        view.map(v -> v.members() + " members (view " + v.id() + ")").orElse("none"));
    if (view.isEmpty()) {
      fail(
          "nodes: the two servers did not log one cluster view of two members; see "
              + server.serverLog()
              + " and "
              + second.serverLog());
    }
  }

  /**
   * Kills the second server with SIGKILL under load, counts what the first acknowledged until the
   * second answers again, starts it again and checks that it joined the cluster anew.
   */
  private void killSecondNode(CrashLoad load, Map<String, Object> facts) throws Exception {
    long viewBefore = server.clusterView(CLUSTER).map(PayaraDomain.ClusterView::number).orElse(-1L);
    long acknowledgedBefore = load.acknowledgedBy(server.baseUrl());
    long unavailableBefore = load.unavailableBy(server.baseUrl());
    facts.put("killed node 2 pid", second.kill());
    long killed = System.nanoTime();
    System.out.println("  " + Instant.now() + " node 2 killed; node 1 serves alone");
    TimeUnit.SECONDS.sleep(2);
    long restarted = System.nanoTime();
    long restartedAt = System.currentTimeMillis();
    second.restart("channel", demo.password("channel"));
    long answered = System.nanoTime();
    System.out.println("  " + Instant.now() + " node 2 answers again");
    long acknowledged = load.acknowledgedBy(server.baseUrl()) - acknowledgedBefore;
    facts.put("node 2 down (ms)", TimeUnit.NANOSECONDS.toMillis(answered - killed));
    facts.put("acknowledged by node 1 while node 2 was down", acknowledged);
    facts.put(
        "503 by node 1 while node 2 was down",
        load.unavailableBy(server.baseUrl()) - unavailableBefore);
    facts.put(
        "node 2 answers again after (ms)", TimeUnit.NANOSECONDS.toMillis(answered - restarted));
    if (acknowledged == 0) {
      fail("nodes: node 1 acknowledged nothing while node 2 was down");
    }
    Optional<PayaraDomain.ClusterView> view = awaitCluster(viewBefore, Duration.ofSeconds(60));
    facts.put(
        "cluster after the restart",
        view.map(v -> v.members() + " members (view " + v.id() + ")").orElse("none"));
    view.ifPresent(v -> facts.put("node 2 rejoined after (ms)", v.loggedAt() - restartedAt));
    if (view.isEmpty()) {
      fail(
          "nodes: node 2 did not rejoin node 1 in a cluster view of two members after view "
              + viewBefore
              + "; see "
              + server.serverLog()
              + " and "
              + second.serverLog());
    }
  }

  /**
   * The view newer than {@code after} that both servers logged last, when it has two members; empty
   * when there is none within {@code within}.
   */
  private Optional<PayaraDomain.ClusterView> awaitCluster(long after, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<PayaraDomain.ClusterView> first = server.clusterView(CLUSTER);
      Optional<PayaraDomain.ClusterView> other = second.clusterView(CLUSTER);
      if (first.isPresent()
          && other.isPresent()
          && first.get().id().equals(other.get().id())
          && first.get().members() == 2
          && first.get().number() > after) {
        // the second node's own line: when it, the one that joined, learned of the view
        return other;
      }
      if (System.nanoTime() > deadline) {
        System.out.println(
            "  cluster views: node 1 " + first.orElse(null) + ", node 2 " + other.orElse(null));
        return Optional.empty();
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  /** Stops PostgreSQL for 30 s under load, watching answers and readiness, then starts it again. */
  private void outage(CrashLoad load, Map<String, Object> facts) throws Exception {
    database.close();
    long stoppedAt = System.nanoTime();
    long before = load.unavailable.sum();
    boolean readinessDown = false;
    while (System.nanoTime() - stoppedAt < TimeUnit.SECONDS.toNanos(30)) {
      readinessDown |= "DOWN".equals(databaseCheck(readiness()));
      TimeUnit.MILLISECONDS.sleep(500);
    }
    facts.put("503 answers while down", load.unavailable.sum() - before);
    facts.put("slowest 503 (ms)", load.slowestUnavailableMillis.get());
    facts.put("readiness said DOWN", readinessDown);
    if (!readinessDown) {
      fail("readiness never reported the database down");
    }
    if (load.slowestUnavailableMillis.get() > 1_000) {
      fail("a 503 took " + load.slowestUnavailableMillis.get() + " ms; the bound is 1 s");
    }
    database =
        EmbeddedDatabase.start(
            databasePort, data.resolve("postgres"), EmbeddedDatabase.Durability.DURABLE);
    long back = System.nanoTime();
    long recovered = awaitDecision(Duration.ofSeconds(30));
    facts.put("decides again after (ms)", TimeUnit.NANOSECONDS.toMillis(recovered - back));
    if (recovered - back > TimeUnit.SECONDS.toNanos(5)) {
      fail(
          "the server decided again "
              + TimeUnit.NANOSECONDS.toMillis(recovered - back)
              + " ms after the database"
              + " returned; the bound is 5 s");
    }
    // a decision was answered, so the probe saw PostgreSQL answer: readiness must say so now
    String ready = readiness();
    facts.put("readiness after the return", databaseCheck(ready));
    if (!"UP".equals(databaseCheck(ready))) {
      fail("the server decides again but readiness does not say the database is up: " + ready);
    }
  }

  /** The status of the {@code database} check in a readiness answer; empty when it has none. */
  private static String databaseCheck(String readiness) {
    try (JsonReader reader = Json.createReader(new StringReader(readiness))) {
      for (JsonValue check : reader.readObject().getJsonArray("checks")) {
        JsonObject c = check.asJsonObject();
        if (c.getString("name").equals("database")) {
          return c.getString("status");
        }
      }
    } catch (RuntimeException notReadiness) {
      // no answer, or not MicroProfile Health's
    }
    return "";
  }

  /** The time of the first decision answered 200 after now, waiting at most {@code within}. */
  private long awaitDecision(Duration within) throws Exception {
    CrashLoad probe =
        new CrashLoad(List.of(server.baseUrl()), "channel", demo.password("channel"), CUSTOMERS);
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      CrashLoad.Answer a =
          probe.send(
              server.baseUrl(),
              "api/v1/decisions",
              null,
              "{\"customerId\":\"C000001\",\"channel\":\"web\",\"limit\":1}");
      if (a != null && a.status() == 200) {
        return System.nanoTime();
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IOException("no decision within " + within + " of the database's return");
  }

  private String readiness() {
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(server.baseUrl() + "health/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private long killBackend() throws Exception {
    long pid;
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select pid from pg_stat_activity where application_name = 'parcours'"
                    + " order by (state = 'active') desc, backend_start limit 1")) {
      if (!r.next()) {
        throw new IOException("no PostgreSQL backend serves Parcours");
      }
      pid = r.getLong(1);
    }
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    return pid;
  }

  private long killPostmaster() throws IOException {
    Path file = data.resolve("postgres/postmaster.pid");
    long pid = Long.parseLong(Files.readAllLines(file, StandardCharsets.UTF_8).get(0).trim());
    ProcessHandle postmaster =
        ProcessHandle.of(pid).orElseThrow(() -> new IOException("no postmaster " + pid));
    postmaster.destroyForcibly();
    postmaster.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    return pid;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + databasePort + "/postgres", "postgres", "postgres");
  }

  /** Counts, from PostgreSQL, what the load was told was kept; records the scenario's line. */
  private void check(String scenario, CrashLoad load, int notResent, Map<String, Object> facts)
      throws Exception {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = connect()) {
      List<String> decisions = new ArrayList<>(load.acknowledgedDecisions.keySet());
      long decisionsFound =
          count(
              c,
              "select count(*) from decisions d join audit_records a using (decision_id)"
                  + " where d.decision_id = any(?::uuid[])",
              decisions);
      counts.put("decisions acknowledged", (long) decisions.size());
      counts.put("decisions lost", decisions.size() - decisionsFound);

      List<String> responses = new ArrayList<>(load.acknowledgedResponses.keySet());
      long responsesFound =
          count(
              c,
              "select count(distinct idempotency_key) from responses where idempotency_key = any(?)",
              responses);
      long responseRows =
          count(c, "select count(*) from responses where idempotency_key = any(?)", responses);
      counts.put("responses acknowledged", (long) responses.size());
      counts.put("responses lost", responses.size() - responsesFound);
      counts.put("responses duplicated", responseRows - responsesFound);

      List<String> events = new ArrayList<>(load.acknowledgedEvents.keySet());
      long eventsFound =
          count(
              c,
              "select count(distinct idempotency_key) from events where idempotency_key = any(?)",
              events);
      long eventRows =
          count(c, "select count(*) from events where idempotency_key = any(?)", events);
      counts.put("events acknowledged", (long) events.size());
      counts.put("events lost", events.size() - eventsFound);
      counts.put("events duplicated", eventRows - eventsFound);
      counts.put("writes never acknowledged after resending", (long) notResent);

      counts.put("volume counters off", volumeCountersOff(c));
      counts.put("channel models off", modelsOff(c, server, true));
      if (second != null) {
        long started = System.nanoTime();
        long deadline = started + MODELS_FOLLOW.toNanos();
        long off;
        while ((off = modelsOff(c, second, false)) != 0 && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(500);
        }
        if (off != 0) {
          off = modelsOff(c, second, true);
        } else {
          facts.put(
              "node 2 models matched after (ms)",
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        counts.put("node 2 channel models off", off);
      }
    }
    JsonObject audit = json(get(server, "compliance", "api/v1/audit/verification"));
    boolean intact = audit.getBoolean("intact", false);
    counts.put("audit records verified", audit.getJsonNumber("verified").longValue());
    counts.put("audit chain broken", intact ? 0L : 1L);
    counts.put(
        "violations (bare 5xx, 4xx, 503 without Retry-After)", (long) load.violations.size());
    counts.put("unanswered requests (server down)", load.unanswered.sum());
    counts.put("container error pages before Parcours was ready", load.notReady.sum());

    for (String k :
        List.of(
            "decisions lost",
            "responses lost",
            "responses duplicated",
            "events lost",
            "events duplicated",
            "writes never acknowledged after resending",
            "volume counters off",
            "channel models off",
            "node 2 channel models off",
            "audit chain broken")) {
      if (counts.getOrDefault(k, 0L) != 0) {
        fail(scenario + ": " + k + " = " + counts.get(k));
      }
    }
    if (!load.violations.isEmpty()) {
      fail(
          scenario
              + ": "
              + load.violations.size()
              + " violation(s), the first: "
              + load.violations.peek());
    }
    report.add("  " + scenario + ": " + facts + " " + counts);
  }

  private static long count(Connection c, String sql, List<String> keys) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      Array array = c.createArrayOf("text", keys.toArray(new String[0]));
      s.setArray(1, array);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Daily volume counters whose count differs from the impressions of their action and day. */
  private static long volumeCountersOff(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select count(*) from volume_counters v left join (select action_id,"
                    + " (shown_at at time zone 'UTC')::date as day, count(*) as shown from impressions"
                    + " group by 1, 2) i using (action_id, day) where v.used <> coalesce(i.shown, 0)")) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * Channel models that did not learn each stored response exactly once: a model's evidence must
   * equal the responses of its channel up to the last response it learned, and that must be the
   * newest stored response of its channel. Reading the models first and counting up to their own
   * last response keeps the two readings consistent, whatever a late request stores in between. The
   * models are those of {@code node}, read through its API; {@code say} prints each model that is
   * off.
   */
  private long modelsOff(Connection c, PayaraDomain node, boolean say) throws Exception {
    long off = 0;
    for (JsonValue v : jsonArray(get(node, "scientist", "api/v1/models"))) {
      JsonObject m = v.asJsonObject();
      if (!"champion".equals(m.getString("role", ""))) {
        continue;
      }
      String channel = m.getString("model").substring(m.getString("model").indexOf(':') + 1);
      long evidence = m.getJsonNumber("evidence").longValue();
      long last = m.getJsonNumber("lastResponseId").longValue();
      long stored;
      long newest;
      try (PreparedStatement s =
          c.prepareStatement(
              "select count(*) filter (where response_id <= ?), coalesce(max(response_id), 0)"
                  + " from responses where channel = ?")) {
        s.setLong(1, last);
        s.setString(2, channel);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          stored = r.getLong(1);
          newest = r.getLong(2);
        }
      }
      if (evidence != stored || newest > last) {
        if (say) {
          System.out.println(
              "  model "
                  + m.getString("modelId")
                  + " of "
                  + node.baseUrl()
                  + " learned "
                  + evidence
                  + " responses up to response "
                  + last
                  + "; "
                  + stored
                  + " of "
                  + channel
                  + " are stored up to it, the"
                  + " newest stored for it is "
                  + newest);
        }
        off++;
      }
    }
    return off;
  }

  private String get(PayaraDomain node, String user, String path) throws Exception {
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (user + ":" + demo.password(user)).getBytes(StandardCharsets.UTF_8));
    long start = System.nanoTime();
    HttpResponse<String> r;
    try {
      r =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                      .header("Authorization", auth)
                      .timeout(Duration.ofSeconds(60))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException(
          "GET "
              + node.baseUrl()
              + path
              + " failed after "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
              + " ms: "
              + e.getMessage(),
          e);
    }
    if (r.statusCode() != 200) {
      throw new IOException(
          "GET " + node.baseUrl() + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private static JsonObject json(String body) {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    }
  }

  private static jakarta.json.JsonArray jsonArray(String body) {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.readArray();
    }
  }

  private void fail(String why) {
    failed = true;
    report.add("  FAILED: " + why);
  }
}
