package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rules that reach outside the fact model, through the real upload path on Payara: each is refused
 * with 422 problem+json naming its file, line and what is not allowed, the refusal is audited, and
 * nothing of it ran — the file it would have written on this machine is not there. A rule set that
 * goes past its evaluation limit for one customer answers that customer's decisions with 503, and
 * the other customers' as usual.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class RuleConfinementIT {

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  private static HttpResponse<String> upload(String comment, JsonArrayBuilder files) {
    return Api.post(
        "business",
        "api/v1/rulesets",
        Json.createObjectBuilder().add("comment", comment).add("files", files).build().toString());
  }

  private static JsonArrayBuilder files(String name, String content) {
    return Json.createArrayBuilder()
        .add(Json.createObjectBuilder().add("name", name).add("content", content));
  }

  /**
   * Puts an uploaded version in force, after the demo approver approved it: the one place that
   * knows how activation is asked for.
   */
  private static void activate(String version) {
    HttpResponse<String> approved =
        Api.post(
            "approver",
            "api/v1/rulesets/" + version + "/reviews",
            Json.createObjectBuilder()
                .add("verdict", "approved")
                .add("comment", "confinement test")
                .build()
                .toString());
    assertEquals(201, approved.statusCode(), approved.body());
    HttpResponse<String> r =
        Api.post(
            "business",
            "api/v1/rulesets/" + version + "/activate",
            "{\"comment\":\"confinement test\"}");
    assertEquals(200, r.statusCode(), r.body());
  }

  private static byte[] bytes(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(Api.BASE + path))
            .header("Authorization", Api.basic("business", Api.password("business")))
            .GET()
            .build();
    try {
      HttpResponse<byte[]> r =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, r.statusCode(), path);
      return r.body();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonObject refusal(HttpResponse<String> refused) {
    assertEquals(422, refused.statusCode(), refused.body());
    assertEquals(
        "application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
    return Api.json(refused).getJsonArray("compilation").getJsonObject(0);
  }

  @Test
  void aRuleThatReadsSecretsAndWritesAFileIsRefusedWithFileLineAndReasonAndNeverRuns()
      throws IOException {
    Path written = Files.createTempDirectory("parcours-it-hostile").resolve("written.txt");
    String before = Api.json(Api.get("business", "api/v1/rulesets/active")).getString("version");
    String drl =
        "package io.parcours.rules;\n"
            + "global Verdict verdict;\n"
            + "rule \"Leak\"\n"
            + "when\n"
            + "    $c : Candidate()\n"
            + "then\n"
            + "    java.nio.file.Files.writeString(java.nio.file.Path.of(\""
            + written
            + "\"), \"ran\");\n"
            + "    verdict.exclude($c, \"user=\" + System.getProperty(\"user.name\") + \" db=\""
            + " + System.getenv(\"PARCOURS_DB_URL\"));\n"
            + "end\n";
    JsonObject first = refusal(upload("leak", files("leak.drl", drl)));
    assertEquals("leak.drl", first.getString("file"));
    assertEquals(7, first.getInt("line"));
    assertEquals(5, first.getInt("column"));
    assertTrue(
        first.getString("message").contains("`java.nio.file.Files` is not part of the fact model"),
        first.toString());
    assertFalse(Files.exists(written), "the rule never ran, not even in a scenario");
    assertEquals(
        before, Api.json(Api.get("business", "api/v1/rulesets/active")).getString("version"));
    var changes = Api.jsonArray(Api.get("compliance", "api/v1/rulesets/changes?limit=1"));
    assertEquals("refused", changes.getJsonObject(0).getString("kind"));
    Files.delete(written.getParent());
  }

  @Test
  void codeInADecisionTableCellIsRefusedWithTheRowOfItsRule() throws IOException {
    Path written = Files.createTempDirectory("parcours-it-hostile").resolve("cell.txt");
    String csv =
        "RuleSet,io.parcours.rules\n"
            + "Import,\"io.parcours.rules.Candidate, io.parcours.rules.Verdict\"\n"
            + "Variables,io.parcours.rules.Verdict verdict\n"
            + ",\n"
            + "RuleTable Smuggled\n"
            + "CONDITION,ACTION\n"
            + "$c : Candidate,\n"
            + "\"id == \"\"$param\"\"\",\"new java.io.FileOutputStream(\"\""
            + written
            + "\"\").close();\"\n"
            + "Action,Code\n"
            + "savings-account,x\n";
    JsonObject first = refusal(upload("a cell with code", files("smuggled.csv", csv)));
    assertEquals("smuggled.csv", first.getString("file"));
    assertEquals(10, first.getInt("line"), "the row of the rule's values");
    assertTrue(
        first.getString("message").contains("`new` is not allowed in a rule"), first.toString());
    assertFalse(Files.exists(written));
    Files.delete(written.getParent());
  }

  @Test
  void aScenarioThatRepeatsAnImpressionBeyondReasonIsRefusedWithItsLine() {
    String scenarios =
        "scenario: shown more often than memory allows\n"
            + "decide: web inbound\n"
            + "shown: savings-account on web 2147483647 times 1 days ago\n"
            + "expect eligible: savings-account\n";
    JsonObject first = refusal(upload("many impressions", files("many.scenarios", scenarios)));
    assertEquals("many.scenarios", first.getString("file"));
    assertEquals(3, first.getInt("line"));
    assertTrue(first.getString("message").contains("at most 10000 impressions"), first.toString());
  }

  @Test
  void aRuleSetPastItsFiringLimitForOneCustomerAnswers503ForThatCustomerOnly() {
    List<String> customers = Api.customers(2);
    String target = customers.get(0);
    String other = customers.get(1);
    String before = Api.json(Api.get("business", "api/v1/rulesets/active")).getString("version");
    JsonArrayBuilder files = Json.createArrayBuilder();
    for (var f : Api.json(Api.get("business", "api/v1/rulesets/active")).getJsonArray("files")) {
      String name = f.asJsonObject().getString("name");
      byte[] content = bytes("api/v1/rulesets/active/files/" + name);
      files.add(
          name.endsWith(".xlsx")
              ? Json.createObjectBuilder()
                  .add("name", name)
                  .add("contentBase64", Base64.getEncoder().encodeToString(content))
              : Json.createObjectBuilder()
                  .add("name", name)
                  .add("content", new String(content, StandardCharsets.UTF_8)));
    }
    // Every four of the web offers for one customer, whom no scenario covers.
    files.add(
        Json.createObjectBuilder()
            .add("name", "cross.drl")
            .add(
                "content",
                "package io.parcours.rules;\n"
                    + "global Verdict verdict;\n"
                    + "rule \"EveryFourOffers\"\n"
                    + "when\n"
                    + "    Customer( customerId == \""
                    + target
                    + "\" )\n"
                    + "    $a : Candidate()\n    $b : Candidate()\n    $c : Candidate()\n    $d : Candidate()\n"
                    + "then\n"
                    + "    verdict.weigh($a, 1.0);\n"
                    + "end\n"));
    HttpResponse<String> stored = upload("every four offers for one customer", files);
    assertEquals(201, stored.statusCode(), stored.body());
    String version = Api.json(stored).getString("version");
    activate(version);
    try {
      HttpResponse<String> stopped =
          Api.post(
              "channel",
              "api/v1/decisions",
              "{\"customerId\":\"" + target + "\",\"channel\":\"web\",\"limit\":3}");
      assertEquals(503, stopped.statusCode(), stopped.body());
      assertEquals(
          "application/problem+json", stopped.headers().firstValue("Content-Type").orElse(""));
      JsonObject problem = Api.json(stopped);
      assertEquals("The rule set exceeded its evaluation limit", problem.getString("title"));
      assertTrue(problem.getString("type").endsWith("rule-set-limit"), problem.toString());
      assertTrue(problem.getString("detail").contains("rule EveryFourOffers"), problem.toString());

      HttpResponse<String> usual =
          Api.post(
              "channel",
              "api/v1/decisions",
              "{\"customerId\":\"" + other + "\",\"channel\":\"web\",\"limit\":3}");
      assertEquals(200, usual.statusCode(), usual.body());
      assertEquals(version, Api.json(usual).getString("ruleSetVersion"));
    } finally {
      HttpResponse<String> back =
          Api.post(
              "business",
              "api/v1/rulesets/active/rollback",
              "{\"comment\":\"undo the cross product\"}");
      assertEquals(200, back.statusCode(), back.body());
      assertEquals(
          before, Api.json(Api.get("business", "api/v1/rulesets/active")).getString("version"));
    }
  }
}
