package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator reads on a real Payara Server: the health checks with their data, and the
 * metrics Prometheus scrapes from {@code /metrics}, counted against what the API itself answered.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class OperationsIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  @Test
  void healthSaysEachPartIsUpWithWhatItRuns() {
    HttpResponse<String> live = plain("health/live", "application/json");
    assertEquals(200, live.statusCode(), live.body());
    JsonObject engine = check(Api.json(live), "engine");
    assertEquals("UP", engine.getString("status"), live.body());
    assertEquals("writing", engine.getJsonObject("data").getString("auditWriter"), live.body());
    assertEquals("writing", engine.getJsonObject("data").getString("responseWriter"), live.body());

    String version = Api.decide(Api.customers(5).get(0), "web", 3).getString("ruleSetVersion");
    HttpResponse<String> ready = awaitWarmUp();
    assertEquals(200, ready.statusCode(), ready.body());
    JsonObject health = Api.json(ready);
    assertEquals("UP", health.getString("status"), ready.body());
    assertEquals("UP", check(health, "database").getString("status"), ready.body());

    JsonObject caches = check(health, "caches");
    assertEquals("UP", caches.getString("status"), ready.body());
    assertEquals("RUNNING", caches.getJsonObject("data").getString("status"), ready.body());
    assertTrue(number(caches.getJsonObject("data"), "members") >= 1, ready.body());

    JsonObject ruleSet = check(health, "rule-set");
    assertEquals("UP", ruleSet.getString("status"), ready.body());
    assertEquals(
        version,
        ruleSet.getJsonObject("data").getString("version"),
        "the version decisions are made with");
    assertTrue(number(ruleSet.getJsonObject("data"), "rules") > 0, ready.body());

    JsonObject warmUp = check(health, "warm-up");
    assertEquals("UP", warmUp.getString("status"), ready.body());
    assertEquals("done", warmUp.getJsonObject("data").getString("state"), ready.body());
    assertEquals(300, number(warmUp.getJsonObject("data"), "wanted"), "the build's setting");
    assertEquals(300, number(warmUp.getJsonObject("data"), "rehearsed"), ready.body());

    JsonObject models = check(health, "models");
    assertEquals("UP", models.getString("status"), ready.body());
    JsonObject data = models.getJsonObject("data");
    assertEquals("probit", data.getString("family"), ready.body());
    assertTrue(data.getString("web.version").startsWith("probit:web@"), ready.body());
    long learned =
        Api.jsonArray(Api.get("scientist", "api/v1/models")).getValuesAs(JsonObject.class).stream()
            .filter(m -> m.getString("modelId").equals(data.getString("web.version")))
            .mapToLong(m -> m.getJsonNumber("evidence").longValue())
            .sum();
    assertEquals(
        learned, number(data, "web.evidence"), "the web champion's evidence, as the API says");
  }

  /**
   * Readiness once the deployment's rehearsal of decisions is over; it runs while the node already
   * answers, so a test that deployed a moment ago may find it still running.
   */
  private static HttpResponse<String> awaitWarmUp() {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    while (true) {
      HttpResponse<String> ready = plain("health/ready", "application/json");
      String state = check(Api.json(ready), "warm-up").getJsonObject("data").getString("state");
      if (!state.equals("running") || System.nanoTime() > deadline) {
        return ready;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for the warm-up", e);
      }
    }
  }

  @Test
  void metricsCountWhatTheApiAnswered() {
    List<String> customers = Api.customers(400).subList(300, 340);
    Map<String, Double> before = scrape();
    JsonObject statsBefore = Api.json(Api.get("business", "api/v1/rulesets/active/statistics"));

    List<JsonObject> web = new ArrayList<>();
    List<JsonObject> app = new ArrayList<>();
    for (String customer : customers.subList(0, 12)) {
      web.add(Api.decide(customer, "web", 3));
    }
    for (String customer : customers.subList(12, 20)) {
      app.add(Api.decide(customer, "app", 3));
    }
    Map<String, Double> decided = scrape();
    JsonObject statsAfter = Api.json(Api.get("business", "api/v1/rulesets/active/statistics"));

    assertEquals(
        12, delta(before, decided, "parcours_decisions_total", "channel", "web"), "web decisions");
    assertEquals(
        8, delta(before, decided, "parcours_decisions_total", "channel", "app"), "app decisions");
    assertEquals(
        12,
        delta(before, decided, "parcours_decision_latency_seconds_count", "channel", "web"),
        "timed");
    assertTrue(
        delta(before, decided, "parcours_decision_latency_seconds_sum", "channel", "web") > 0,
        "time taken");
    assertEquals(
        12,
        delta(
            before,
            decided,
            "parcours_decision_latency_seconds_bucket",
            "channel",
            "web",
            "le",
            "+Inf"),
        "the histogram's last bucket holds every decision");
    long webNothing = web.stream().filter(d -> d.getBoolean("doNothing")).count();
    long appNothing = app.stream().filter(d -> d.getBoolean("doNothing")).count();
    assertEquals(
        (double) webNothing,
        delta(before, decided, "parcours_decisions_do_nothing_total", "channel", "web"));
    assertEquals(
        (double) appNothing,
        delta(before, decided, "parcours_decisions_do_nothing_total", "channel", "app"));

    Map<String, Long> excluded = new HashMap<>();
    for (JsonObject d : concat(web, app)) {
      for (JsonObject x : d.getJsonArray("excluded").getValuesAs(JsonObject.class)) {
        excluded.merge(x.getString("rule"), 1L, Long::sum);
      }
    }
    assertFalse(excluded.isEmpty(), "twenty decisions exclude something");
    for (Map.Entry<String, Long> e : excluded.entrySet()) {
      assertEquals(
          e.getValue().doubleValue(),
          delta(before, decided, "parcours_rule_exclusions_total", "rule", e.getKey()),
          "exclusions by " + e.getKey() + "\n" + lines(decided, "parcours_rule_exclusions_total"));
    }
    assertEquals(
        statsBefore.getString("version"),
        statsAfter.getString("version"),
        "no activation meanwhile");
    Map<String, Long> fired = firings(statsAfter);
    firings(statsBefore).forEach((rule, n) -> fired.merge(rule, -n, Long::sum));
    assertTrue(fired.values().stream().anyMatch(n -> n > 0), "rules fired: " + fired);
    for (Map.Entry<String, Long> f : fired.entrySet()) {
      assertEquals(
          f.getValue().doubleValue(),
          delta(before, decided, "parcours_rule_firings_total", "rule", f.getKey()),
          "firings of " + f.getKey() + ", as the rule statistics count them");
    }
    assertTrue(
        value(decided, "parcours_audit_writer_items_total")
                - value(before, "parcours_audit_writer_items_total")
            >= 20,
        "every decision audited by the writer\n" + lines(decided, "parcours_audit_writer"));
    assertTrue(
        delta(before, decided, "parcours_audit_writer_batch_seconds_count") >= 1,
        lines(decided, "parcours_audit"));
    assertTrue(
        value(decided, "parcours_audit_writer_queued") >= 0, lines(decided, "parcours_audit"));
    double reads =
        delta(before, decided, "parcours_cache_hits", "cache", "customer-profiles")
            + delta(before, decided, "parcours_cache_misses", "cache", "customer-profiles");
    assertTrue(
        reads >= 20,
        "each decision reads its customer's profile: " + lines(decided, "parcours_cache"));
    double ratio = value(decided, "parcours_cache_hit_ratio", "cache", "customer-profiles");
    assertTrue(ratio > 0 && ratio <= 1, "profiles read again are found in memory: " + ratio);

    JsonObject shown =
        web.stream()
            .filter(d -> !d.getJsonArray("actions").isEmpty())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no web decision proposed an action"));
    String key = UUID.randomUUID().toString();
    String action = shown.getJsonArray("actions").getJsonObject(0).getString("actionId");
    assertEquals(
        201, Api.respond(shown.getString("decisionId"), action, "accepted", key).statusCode());
    assertEquals(
        200, Api.respond(shown.getString("decisionId"), action, "accepted", key).statusCode());
    for (int i = 0; i < 2; i++) {
      String event =
          "{\"customerId\":\""
              + customers.get(30 + i)
              + "\",\"type\":\"login\",\"occurredAt\":\""
              + Instant.now()
              + "\"}";
      String eventKey = UUID.randomUUID().toString();
      assertEquals(
          201,
          Api.post("channel", "api/v1/events", event, "Idempotency-Key", eventKey).statusCode());
      assertEquals(
          200,
          Api.post("channel", "api/v1/events", event, "Idempotency-Key", eventKey).statusCode());
    }
    Map<String, Double> after = scrape();
    assertEquals(
        1,
        delta(decided, after, "parcours_responses_total", "outcome", "accepted"),
        "the replay is not counted");
    assertEquals(0, delta(decided, after, "parcours_responses_total", "outcome", "rejected"));
    assertEquals(
        2,
        delta(decided, after, "parcours_events_stored_total"),
        "two events, their replays not counted");
    assertTrue(
        delta(decided, after, "parcours_response_writer_items_total") >= 1,
        lines(after, "parcours_response"));
    assertTrue(
        delta(decided, after, "parcours_response_writer_batch_seconds_count") >= 1,
        lines(after, "parcours_response"));
    assertEquals(
        4,
        delta(decided, after, "parcours_event_writer_items_total"),
        "four calls, two of them replays, each stored by the event writer");
    assertTrue(
        delta(decided, after, "parcours_event_writer_batch_seconds_count") >= 1,
        lines(after, "parcours_event"));

    JsonObject models =
        check(Api.json(plain("health/ready", "application/json")), "models").getJsonObject("data");
    assertEquals(
        (double) number(models, "web.evidence"),
        value(after, "parcours_model_evidence", "channel", "web"),
        "the web models' evidence, as readiness says it");
    assertTrue(
        value(after, "parcours_model_evidence", "channel", "web") >= 1,
        "the accepted response was learned");
    double auc = value(after, "parcours_model_auc", "channel", "web");
    double expected = Double.NaN;
    long weight = 0;
    double sum = 0;
    for (JsonObject m :
        Api.jsonArray(Api.get("scientist", "api/v1/models")).getValuesAs(JsonObject.class)) {
      if (m.getString("role").equals("champion")
          && m.getString("model").endsWith(":web")
          && m.get("prequentialAuc") instanceof jakarta.json.JsonNumber a
          && m.getJsonNumber("evidence").longValue() > 0) {
        long n = m.getJsonNumber("evidence").longValue();
        sum += a.doubleValue() * n;
        weight += n;
      }
    }
    if (weight > 0) {
      expected = sum / weight;
    }
    assertEquals(expected, auc, 1e-9, "the web champions' AUC, as GET /api/v1/models says it");
    for (String channel : List.of("web", "app", "email", "sms", "call-centre")) {
      double channelAuc = value(after, "parcours_model_auc", "channel", channel);
      assertTrue(
          Double.isNaN(channelAuc) || (channelAuc >= 0 && channelAuc <= 1),
          channel + " AUC: " + channelAuc);
      double queued = value(after, "parcours_outbound_queued", "channel", channel);
      assertTrue(
          queued >= 0 && queued == Math.rint(queued), channel + " outbound queue: " + queued);
    }
  }

  private static List<JsonObject> concat(List<JsonObject> a, List<JsonObject> b) {
    List<JsonObject> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Map<String, Long> firings(JsonObject statistics) {
    Map<String, Long> counts = new HashMap<>();
    for (JsonObject r : statistics.getJsonArray("rules").getValuesAs(JsonObject.class)) {
      counts.put(r.getString("rule"), r.getJsonNumber("count").longValue());
    }
    return counts;
  }

  /** A number among a check's data, which Payara writes as a string. */
  private static long number(JsonObject data, String key) {
    return data.get(key) instanceof jakarta.json.JsonNumber n
        ? n.longValue()
        : Long.parseLong(data.getString(key));
  }

  private static JsonObject check(JsonObject health, String name) {
    return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check '" + name + "' in " + health));
  }

  private static HttpResponse<String> plain(String path, String accept) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(Api.BASE + path))
              .header("Accept", accept)
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new AssertionError("no answer from " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * The application's samples from {@code /metrics}, unauthenticated as Prometheus scrapes it: each
   * series by its name and its labels in name order, the scope label left out ({@code
   * parcours_decisions_total{channel="web"}}).
   */
  private static Map<String, Double> scrape() {
    HttpResponse<String> r = plain("metrics", "text/plain");
    assertEquals(
        200,
        r.statusCode(),
        "an operator's Prometheus reads /metrics without a password: " + r.body());
    Map<String, Double> samples = new HashMap<>();
    for (String line : r.body().split("\n")) {
      if (!line.startsWith("parcours_")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = brace < 0 ? line.substring(0, space).trim() : line.substring(0, brace);
      Map<String, String> labels = new java.util.TreeMap<>();
      if (brace >= 0) {
        String inside = line.substring(brace + 1, line.lastIndexOf('}'));
        for (String pair : inside.split(",(?=[a-z_]+=\")")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            String label = pair.substring(0, eq);
            if (!label.equals("mp_scope")) {
              labels.put(label, pair.substring(eq + 2, pair.length() - 1));
            }
          }
        }
      }
      samples.put(series(name, labels), Double.parseDouble(line.substring(space + 1).trim()));
    }
    return samples;
  }

  private static String series(String name, Map<String, String> labels) {
    return name
        + labels.entrySet().stream()
            .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
            .collect(Collectors.joining(",", "{", "}"));
  }

  private static String key(String name, String... labels) {
    Map<String, String> m = new java.util.TreeMap<>();
    for (int i = 0; i + 1 < labels.length; i += 2) {
      m.put(labels[i], labels[i + 1]);
    }
    return series(name, m);
  }

  /** A series' value, failing with the series of that name when it is absent. */
  private static double value(Map<String, Double> samples, String name, String... labels) {
    Double v = samples.get(key(name, labels));
    assertNotNull(v, key(name, labels) + " is not among\n" + lines(samples, name));
    return v;
  }

  /**
   * How much a series grew; a series absent before (a rule's counter not yet registered) counts
   * from 0.
   */
  private static double delta(
      Map<String, Double> before, Map<String, Double> after, String name, String... labels) {
    return value(after, name, labels) - before.getOrDefault(key(name, labels), 0.0);
  }

  private static String lines(Map<String, Double> samples, String prefix) {
    return samples.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getKey() + " " + e.getValue())
        .sorted()
        .collect(Collectors.joining("\n"));
  }
}
