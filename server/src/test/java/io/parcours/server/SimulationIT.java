package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The impact preview on a real Payara Server with a real PostgreSQL, as an approver uses it before
 * approving: a candidate version that pauses an action on the web is simulated against the version
 * in force; the report names the customers whose next best action changes with the rule behind each
 * change, and the action's share before and after. Bad requests get a problem saying what is wrong,
 * and a run can be cancelled.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class SimulationIT {

  private static final String PAUSE_SAVINGS =
      "package io.parcours.rules;\n"
          + "global Verdict verdict;\n"
          + "rule \"SavingsPausedOnWebForPreview\"\n"
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

  /** Stores a version that is the one in force plus the pause rule; returns its name. */
  private static String candidate() {
    JsonObject active = Api.json(Api.get("business", "api/v1/rulesets/active"));
    JsonArrayBuilder files = Json.createArrayBuilder();
    for (JsonValue v : active.getJsonArray("files")) {
      String name = v.asJsonObject().getString("name");
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
    files.add(
        Json.createObjectBuilder().add("name", "preview-pause.drl").add("content", PAUSE_SAVINGS));
    HttpResponse<String> stored =
        Api.post(
            "business",
            "api/v1/rulesets",
            Json.createObjectBuilder()
                .add("comment", "pause savings on the web, to preview")
                .add("files", files)
                .build()
                .toString());
    if (stored.statusCode() == 409) {
      return Api.json(stored).getString("version");
    }
    assertEquals(201, stored.statusCode(), stored.body());
    return Api.json(stored).getString("version");
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
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonObject until(String location, String state) throws InterruptedException {
    String path = location.substring(location.indexOf("api/v1/"));
    JsonObject run = Api.json(Api.get("approver", path));
    for (int i = 0; i < 600 && run.getString("state").equals("running"); i++) {
      Thread.sleep(100);
      run = Api.json(Api.get("approver", path));
    }
    assertEquals(state, run.getString("state"), run.toString());
    return run;
  }

  @Test
  void anApproverSeesWhichCustomersChangeAndTheRuleBehindEachChange() throws InterruptedException {
    String version = candidate();
    HttpResponse<String> started =
        Api.post(
            "approver",
            "api/v1/rulesets/" + version + "/simulation",
            "{\"channels\":[\"web\",\"app\"],\"sample\":1000,\"seed\":11}");
    assertEquals(202, started.statusCode(), started.body());
    String location = started.headers().firstValue("Location").orElseThrow();
    JsonObject accepted = Api.json(started);
    assertEquals(version, accepted.getString("version"));
    assertEquals(1000, accepted.getInt("sample"));

    JsonObject run = until(location, "done");
    assertEquals(1000, run.getInt("customersDone"));
    assertEquals(1000, run.getInt("customersTotal"));
    assertEquals("approver", run.getString("startedBy"));
    JsonObject report = run.getJsonObject("report");
    assertEquals(version, report.getString("version"));
    assertEquals(2000, report.getInt("decisions"));
    JsonObject web = report.getJsonArray("channels").getJsonObject(0);
    assertEquals("web", web.getString("channel"));
    JsonObject savings =
        web.getJsonArray("actions").stream()
            .map(JsonValue::asJsonObject)
            .filter(a -> a.getString("actionId").equals("savings-account"))
            .findFirst()
            .orElseThrow();
    assertTrue(savings.getInt("before") > 0, web.toString());
    assertEquals(0, savings.getInt("after"));
    assertEquals(savings.getInt("before"), web.getInt("changes"));
    assertEquals(
        0,
        report.getJsonArray("channels").getJsonObject(1).getInt("changes"),
        "the app does not change");
    assertEquals(
        savings.getInt("before"),
        report.getJsonObject("rules").getInt("SavingsPausedOnWebForPreview"));
    JsonObject changed = report.getJsonArray("changedCustomers").getJsonObject(0);
    assertEquals("savings-account", changed.getString("before"));
    assertEquals("web", changed.getString("channel"));
    assertTrue(
        changed.getJsonArray("rules").getString(0).equals("SavingsPausedOnWebForPreview"),
        changed.toString());
    assertFalse(changed.getString("reason").isBlank());

    var listed = Api.jsonArray(Api.get("business", "api/v1/rulesets/" + version + "/simulation"));
    assertTrue(
        listed.stream()
            .anyMatch(v -> v.asJsonObject().getString("id").equals(run.getString("id"))));
  }

  @Test
  void aRunCanBeCancelledAndBadRequestsSayWhatIsWrong() throws InterruptedException {
    String version = candidate();
    HttpResponse<String> started =
        Api.post("business", "api/v1/rulesets/" + version + "/simulation", "{\"sample\":\"all\"}");
    assertEquals(202, started.statusCode(), started.body());
    String id = Api.json(started).getString("id");
    HttpResponse<String> cancelled =
        Api.delete("business", "api/v1/rulesets/" + version + "/simulation/" + id);
    assertEquals(200, cancelled.statusCode(), cancelled.body());
    JsonObject run = until(started.headers().firstValue("Location").orElseThrow(), "cancelled");
    assertFalse(run.containsKey("report"), run.toString());

    HttpResponse<String> badChannel =
        Api.post(
            "business",
            "api/v1/rulesets/" + version + "/simulation",
            "{\"channels\":[\"fax\"],\"sample\":0,\"speed\":1}");
    assertEquals(400, badChannel.statusCode(), badChannel.body());
    assertEquals(
        "application/problem+json", badChannel.headers().firstValue("Content-Type").orElse(""));
    String body = badChannel.body();
    assertTrue(body.contains("fax") && body.contains("sample") && body.contains("speed"), body);

    HttpResponse<String> unknownVersion =
        Api.post("business", "api/v1/rulesets/9999/simulation", "{}");
    assertEquals(404, unknownVersion.statusCode(), unknownVersion.body());
    HttpResponse<String> unknownRun =
        Api.get("business", "api/v1/rulesets/" + version + "/simulation/nope");
    assertEquals(404, unknownRun.statusCode(), unknownRun.body());
    assertTrue(unknownRun.body().contains("unknown-simulation"), unknownRun.body());
    HttpResponse<String> channelMayNot =
        Api.post("channel", "api/v1/rulesets/" + version + "/simulation", "{}");
    assertEquals(403, channelMayNot.statusCode(), channelMayNot.body());
  }
}
