package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rule lifecycle on a real Payara Server with a real PostgreSQL, as a business user lives it: a
 * broken upload is refused with file, line and column; a version whose scenarios fail is stored but
 * cannot be activated; a good version is activated while channels decide, without one failed
 * decision, and rolled back in one call; every change is audited.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class RuleSetLifecycleIT {

  /** A rule that pauses home insurance on the web: no shipped scenario mentions it. */
  private static final String PAUSE_HOME_INSURANCE =
      "package io.parcours.rules;\n"
          + "global Verdict verdict;\n"
          + "rule \"HomeInsurancePausedOnWeb\"\n"
          + "when\n"
          + "    Situation( channel == \"web\" )\n"
          + "    $c : Candidate( id == \"home-insurance\" )\n"
          + "then\n"
          + "    verdict.exclude($c, \"home insurance is paused on the web\");\n"
          + "end\n";

  /** A rule that holds back the savings account on the web: it breaks a shipped scenario. */
  private static final String PAUSE_SAVINGS =
      "package io.parcours.rules;\n"
          + "global Verdict verdict;\n"
          + "rule \"SavingsPausedOnWeb\"\n"
          + "when\n"
          + "    Situation( channel == \"web\" )\n"
          + "    $c : Candidate( id == \"savings-account\" )\n"
          + "then\n"
          + "    verdict.exclude($c, \"savings are paused on the web\");\n"
          + "end\n";

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  /** The files of the version in force, ready to upload again with changes. */
  private static JsonArrayBuilder activeFiles() {
    JsonObject active = Api.json(Api.get("business", "api/v1/rulesets/active"));
    JsonArrayBuilder files = Json.createArrayBuilder();
    for (JsonValue v : active.getJsonArray("files")) {
      String name = v.asJsonObject().getString("name");
      HttpResponse<byte[]> content = bytes("api/v1/rulesets/active/files/" + name);
      assertEquals(200, content.statusCode(), name);
      files.add(
          name.endsWith(".xlsx")
              ? Json.createObjectBuilder()
                  .add("name", name)
                  .add("contentBase64", Base64.getEncoder().encodeToString(content.body()))
              : Json.createObjectBuilder()
                  .add("name", name)
                  .add("content", new String(content.body(), StandardCharsets.UTF_8)));
    }
    return files;
  }

  private static HttpResponse<byte[]> bytes(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(Api.BASE + path))
            .header("Authorization", Api.basic("business", Api.password("business")))
            .GET()
            .build();
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> upload(String comment, JsonArrayBuilder files) {
    return Api.post(
        "business",
        "api/v1/rulesets",
        Json.createObjectBuilder().add("comment", comment).add("files", files).build().toString());
  }

  @Test
  void aBrokenRuleFileIsRefusedWithFileLineAndColumnAndNothingChanges() {
    String before = Api.json(Api.get("business", "api/v1/rulesets/active")).getString("version");
    JsonArrayBuilder files =
        activeFiles()
            .add(
                Json.createObjectBuilder()
                    .add("name", "broken.drl")
                    .add(
                        "content",
                        "package io.parcours.rules;\nrule \"Broken\"\nwhen\n    Candidate( id == )\nthen\nend\n"));
    HttpResponse<String> refused = upload("a typo", files);
    assertEquals(422, refused.statusCode(), refused.body());
    assertEquals(
        "application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
    JsonObject problem = Api.json(refused);
    JsonObject first = problem.getJsonArray("compilation").getJsonObject(0);
    assertEquals("broken.drl", first.getString("file"));
    assertEquals(4, first.getInt("line"));
    assertTrue(first.getInt("column") > 0, first.toString());
    assertFalse(first.getString("message").isBlank());
    assertEquals(
        before, Api.json(Api.get("business", "api/v1/rulesets/active")).getString("version"));

    var changes = Api.jsonArray(Api.get("compliance", "api/v1/rulesets/changes?limit=1"));
    assertEquals("refused", changes.getJsonObject(0).getString("kind"));
    assertEquals("business", changes.getJsonObject(0).getString("actor"));
    assertEquals(
        "broken.drl",
        changes
            .getJsonObject(0)
            .getJsonObject("details")
            .getJsonArray("problems")
            .getJsonObject(0)
            .getString("file"));
  }

  @Test
  void aFailingScenarioBlocksActivationAndSaysWhich() {
    HttpResponse<String> stored =
        upload(
            "pause savings on the web",
            activeFiles()
                .add(
                    Json.createObjectBuilder()
                        .add("name", "pause-savings.drl")
                        .add("content", PAUSE_SAVINGS)));
    assertEquals(201, stored.statusCode(), stored.body());
    JsonObject version = Api.json(stored);
    assertFalse(version.getBoolean("activatable"));
    assertTrue(version.getJsonObject("scenarios").getInt("failed") >= 1);

    approve(version.getString("version"));
    HttpResponse<String> refused =
        Api.post("business", "api/v1/rulesets/" + version.getString("version") + "/activate", "{}");
    assertEquals(422, refused.statusCode(), refused.body());
    JsonObject failed = Api.json(refused).getJsonArray("scenarios").getJsonObject(0);
    assertEquals("demo-brand.scenarios", failed.getString("file"));
    assertTrue(
        failed.getJsonArray("failures").getString(0).contains("SavingsPausedOnWeb"),
        failed.toString());
    assertNotEquals(
        version.getString("version"),
        Api.json(Api.get("business", "api/v1/rulesets/active")).getString("version"));

    HttpResponse<String> again =
        upload(
            "the same files again",
            activeFiles()
                .add(
                    Json.createObjectBuilder()
                        .add("name", "pause-savings.drl")
                        .add("content", PAUSE_SAVINGS)));
    assertEquals(409, again.statusCode(), again.body());
    assertEquals(version.getString("version"), Api.json(again).getString("version"));
  }

  @Test
  void activatingUnderLoadFailsNoDecisionAndRollbackIsOneCall() throws Exception {
    String shipped = Api.json(Api.get("business", "api/v1/rulesets/active")).getString("version");
    HttpResponse<String> stored =
        upload(
            "pause home insurance on the web",
            activeFiles()
                .add(
                    Json.createObjectBuilder()
                        .add("name", "pause-home-insurance.drl")
                        .add("content", PAUSE_HOME_INSURANCE)));
    assertEquals(201, stored.statusCode(), stored.body());
    String paused = Api.json(stored).getString("version");
    assertTrue(Api.json(stored).getBoolean("activatable"), stored.body());

    JsonObject diff =
        Api.json(Api.get("business", "api/v1/rulesets/" + paused + "/diff?against=" + shipped));
    boolean added = false;
    for (JsonValue f : diff.getJsonArray("files")) {
      if (f.asJsonObject().getString("name").equals("pause-home-insurance.drl")) {
        added = f.asJsonObject().getString("change").equals("ADDED");
      } else {
        assertEquals("UNCHANGED", f.asJsonObject().getString("change"), f.toString());
      }
    }
    assertTrue(added, diff.toString());

    List<String> customers = Api.customers(300);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger decisions = new AtomicInteger();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
    Map<String, String> homeInsuranceExclusion = new ConcurrentHashMap<>();
    ExecutorService load = Executors.newFixedThreadPool(6);
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < 6; w++) {
      int offset = w;
      workers.add(
          load.submit(
              () -> {
                int i = offset;
                while (running.get()) {
                  String customer = customers.get(i++ % customers.size());
                  HttpResponse<String> r =
                      Api.post(
                          "channel",
                          "api/v1/decisions",
                          "{\"customerId\":\"" + customer + "\",\"channel\":\"web\",\"limit\":3}");
                  decisions.incrementAndGet();
                  if (r.statusCode() != 200) {
                    failures.add(r.statusCode() + " " + r.body());
                    continue;
                  }
                  JsonObject d = Api.json(r);
                  String v = d.getString("ruleSetVersion");
                  versionsSeen.add(v);
                  for (JsonValue x : d.getJsonArray("excluded")) {
                    if (x.asJsonObject().getString("actionId").equals("home-insurance")) {
                      homeInsuranceExclusion.put(
                          v + ":" + x.asJsonObject().getString("rule"), customer);
                    }
                  }
                }
              }));
    }
    Thread.sleep(2_000);
    HttpResponse<String> unapproved =
        Api.post(
            "business", "api/v1/rulesets/" + paused + "/activate", "{\"comment\":\"too soon\"}");
    assertEquals(409, unapproved.statusCode(), unapproved.body());
    assertEquals(
        "application/problem+json",
        unapproved.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    assertTrue(
        Api.json(unapproved)
            .getString("detail")
            .contains("needs 1 approval(s) by an approver other than its author"),
        unapproved.body());
    HttpResponse<String> selfReview =
        Api.post(
            "business",
            "api/v1/rulesets/" + paused + "/reviews",
            Json.createObjectBuilder()
                .add("verdict", "approved")
                .add("comment", "looks good to me")
                .build()
                .toString());
    assertEquals(
        403, selfReview.statusCode(), "a business author cannot approve: " + selfReview.body());
    approve(paused);
    HttpResponse<String> activated =
        Api.post(
            "business",
            "api/v1/rulesets/" + paused + "/activate",
            "{\"comment\":\"campaign review\"}");
    assertEquals(200, activated.statusCode(), activated.body());
    Thread.sleep(3_000);
    HttpResponse<String> rolledBack =
        Api.post(
            "business",
            "api/v1/rulesets/active/rollback",
            "{\"comment\":\"back to the shipped rules\"}");
    assertEquals(200, rolledBack.statusCode(), rolledBack.body());
    assertEquals(shipped, Api.json(rolledBack).getString("version"));
    Thread.sleep(2_000);
    running.set(false);
    for (Future<?> f : workers) {
      f.get(60, TimeUnit.SECONDS);
    }
    load.shutdown();

    assertEquals(List.of(), failures, "no decision fails while rule sets change");
    assertTrue(decisions.get() > 50, decisions.get() + " decisions");
    assertEquals(Set.of(shipped, paused), versionsSeen);
    assertTrue(
        homeInsuranceExclusion.containsKey(paused + ":HomeInsurancePausedOnWeb"),
        homeInsuranceExclusion.toString());
    assertEquals(
        shipped, Api.json(Api.get("business", "api/v1/rulesets/active")).getString("version"));

    var changes = Api.jsonArray(Api.get("compliance", "api/v1/rulesets/changes?limit=4"));
    assertEquals("rolled-back", changes.getJsonObject(0).getString("kind"));
    assertEquals(paused, changes.getJsonObject(0).getString("previousVersion"));
    assertEquals("activated", changes.getJsonObject(1).getString("kind"));
    assertEquals("campaign review", changes.getJsonObject(1).getString("comment"));
    assertEquals("approved", changes.getJsonObject(2).getString("kind"));
    assertEquals("approver", changes.getJsonObject(2).getString("actor"));
    assertEquals("uploaded", changes.getJsonObject(3).getString("kind"));
    JsonObject approval =
        Api.json(Api.get("compliance", "api/v1/rulesets/" + paused)).getJsonObject("approval");
    assertEquals(1, approval.getInt("approvals"));
    assertEquals(
        "approver", approval.getJsonArray("reviews").getJsonObject(0).getString("reviewer"));

    JsonObject statistics = Api.json(Api.get("business", "api/v1/rulesets/active/statistics"));
    assertEquals(shipped, statistics.getString("version"));
    assertTrue(statistics.getJsonNumber("evaluations").longValue() > 0);
    long fired =
        statistics.getJsonArray("rules").stream()
            .mapToLong(r -> r.asJsonObject().getJsonNumber("count").longValue())
            .sum();
    assertTrue(fired > 0, statistics.toString());
  }

  /** The demo approver approves {@code version}: the second pair of eyes every activation needs. */
  private static void approve(String version) {
    HttpResponse<String> approved =
        Api.post(
            "approver",
            "api/v1/rulesets/" + version + "/reviews",
            Json.createObjectBuilder()
                .add("verdict", "approved")
                .add("comment", "checked against the campaign brief")
                .build()
                .toString());
    assertEquals(201, approved.statusCode(), approved.body());
    assertTrue(Api.json(approved).getBoolean("approved"), approved.body());
  }
}
