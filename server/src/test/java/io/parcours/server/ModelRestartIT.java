package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The adaptive models survive a restart of the application: what they learned before is restored
 * from the PostgreSQL snapshot plus the responses stored after it, each counted once.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class ModelRestartIT {

  private static final String DEPLOYMENT = "parcours";

  @ArquillianResource Deployer deployer;

  @Deployment(name = DEPLOYMENT, managed = false, testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  @Test
  void whatTheModelsLearnedSurvivesARestartAndIsNotCountedTwice() {
    deployer.deploy(DEPLOYMENT);
    List<String> customers = Api.customers(600).subList(500, 600);
    String action = null;
    String respondedDecision = null;
    long learned = -1;
    try {
      for (String customer : customers) {
        JsonObject decision = Api.decide(customer, "email", 5);
        if (decision.getJsonArray("actions").isEmpty()) {
          continue;
        }
        String decisionId = decision.getString("decisionId");
        action = decision.getJsonArray("actions").getJsonObject(0).getString("actionId");
        long evidence = Api.score(decisionId, action).getJsonNumber("evidence").longValue();
        assertEquals(
            201,
            Api.respond(decisionId, action, "rejected", UUID.randomUUID().toString()).statusCode());
        learned = evidence + 1;
        respondedDecision = decisionId;
        break;
      }
      assertNotNull(action, "some email decision showed an action");
      assertEquals(
          learned, evidenceOf(action, customers), "the model learned the response at once");
    } finally {
      deployer.undeploy(DEPLOYMENT);
    }
    deployer.deploy(DEPLOYMENT);
    try {
      assertEquals(
          learned,
          evidenceOf(action, customers),
          "after a restart the model has the same evidence");

      // A data scientist sees the model, what it learned about the action and its largest weights.
      JsonArray models = Api.jsonArray(Api.get("scientist", "api/v1/models"));
      JsonObject email =
          models.getValuesAs(JsonObject.class).stream()
              .filter(m -> m.getString("modelId").equals("probit:email@1"))
              .findFirst()
              .orElseThrow();
      assertEquals("champion", email.getString("role"));
      assertTrue(email.getJsonNumber("evidence").longValue() >= 1);
      JsonObject detail = Api.json(Api.get("scientist", "api/v1/models/probit:email"));
      assertEquals("probit", detail.getString("family"));
      assertFalse(detail.getJsonArray("topWeights").isEmpty());
      String shown = action;
      assertEquals(
          learned,
          detail.getJsonArray("actions").getValuesAs(JsonObject.class).stream()
              .filter(a -> a.getString("actionId").equals(shown))
              .findFirst()
              .orElseThrow()
              .getJsonNumber("responses")
              .longValue());
      HttpResponse<String> unknown = Api.get("scientist", "api/v1/models/probit:fax");
      assertEquals(404, unknown.statusCode());
      assertEquals(
          "application/problem+json",
          unknown.headers().firstValue("Content-Type").orElse("").split(";")[0]);
      assertTrue(Api.json(unknown).getString("detail").contains("probit:fax"));
      assertEquals(403, Api.get("channel", "api/v1/models").statusCode());

      // The training data holds the rejected impression, its label and the features the model saw.
      java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
      HttpResponse<String> csv =
          Api.get(
              "scientist",
              "api/v1/models/training-data?from="
                  + today.minusDays(1)
                  + "&to="
                  + today.plusDays(1));
      assertEquals(200, csv.statusCode());
      assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
      String[] lines = csv.body().split("\r\n");
      assertTrue(lines[0].startsWith("decision_id,decided_at,customer_id,channel"), lines[0]);
      String decided = respondedDecision;
      String row =
          java.util.Arrays.stream(lines)
              .filter(l -> l.startsWith(decided + ","))
              .filter(l -> l.contains("," + shown + ","))
              .findFirst()
              .orElseThrow();
      assertTrue(row.contains(",rejected,0,") && row.contains("bias direction="), row);
      JsonObject uplift =
          Api.json(
              Api.get(
                  "scientist",
                  "api/v1/models/uplift?from=" + today.minusDays(1) + "&to=" + today.plusDays(1)));
      JsonObject byModels =
          uplift.getJsonArray("policies").getValuesAs(JsonObject.class).stream()
              .filter(p -> p.getString("policy").equals("models"))
              .findFirst()
              .orElseThrow();
      assertTrue(byModels.getJsonNumber("decisions").longValue() >= 1, uplift.toString());
      assertEquals(
          400,
          Api.get("scientist", "api/v1/models/uplift?from=2026-02-01&to=2026-01-01").statusCode());
      HttpResponse<String> missing =
          Api.get("scientist", "api/v1/models/training-data?to=2026-01-01");
      assertEquals(400, missing.statusCode());
      assertTrue(Api.json(missing).toString().contains("from"), missing.body());
    } finally {
      deployer.undeploy(DEPLOYMENT);
    }
  }

  /**
   * The data scientist's loop end to end: export the history, retrain offline with the retrain
   * command, upload the model as a challenger, see it serve its share and keep its role across a
   * restart, promote it, roll back, drop it; every change in the model's history.
   */
  @Test
  void aRetrainedModelBecomesAChallengerKeepsItsRoleAcrossARestartAndIsPromotedAndRolledBack()
      throws Exception {
    deployer.deploy(DEPLOYMENT);
    String challenger;
    try {
      List<String> customers = Api.customers(400).subList(100, 400);
      int answered = 0;
      for (String customer : customers) {
        JsonObject d = Api.decide(customer, "app", 2);
        for (JsonObject p : d.getJsonArray("actions").getValuesAs(JsonObject.class)) {
          String outcome = answered % 4 == 0 ? "accepted" : "ignored";
          assertEquals(
              201,
              Api.respond(
                      d.getString("decisionId"),
                      p.getString("actionId"),
                      outcome,
                      UUID.randomUUID().toString())
                  .statusCode());
          answered++;
        }
      }
      assertTrue(answered >= 40, answered + " responses");
      java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("retrain");
      java.nio.file.Path export = dir.resolve("export.csv");
      java.nio.file.Files.writeString(
          export,
          Api.get(
                  "scientist",
                  "api/v1/models/training-data?from="
                      + today.minusDays(1)
                      + "&to="
                      + today.plusDays(1))
              .body());
      java.nio.file.Path password = dir.resolve("password");
      java.nio.file.Files.writeString(password, Api.password("scientist"));
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      int status =
          io.parcours.models.cli.Retrain.run(
              new String[] {
                "--data",
                export.toString(),
                "--channel",
                "app",
                "--report",
                dir.resolve("report.html").toString(),
                "--upload",
                Api.BASE,
                "--user",
                "scientist",
                "--password-file",
                password.toString(),
                "--share",
                "0.5",
                "--description",
                "logistic regression on the app history"
              },
              new java.io.PrintStream(out, true),
              new java.io.PrintStream(err, true));
      assertEquals(0, status, err.toString());
      java.util.regex.Matcher uploaded =
          java.util.regex.Pattern.compile("uploaded as challenger (probit:app@\\d+)")
              .matcher(out.toString());
      assertTrue(uploaded.find(), out.toString());
      challenger = uploaded.group(1);

      int byChallenger = 0;
      int decided = 0;
      for (String customer : customers.subList(0, 120)) {
        JsonObject d = Api.decide(customer, "app", 1);
        if (!d.getJsonArray("actions").isEmpty()) {
          decided++;
          JsonObject score =
              Api.score(
                  d.getString("decisionId"),
                  d.getJsonArray("actions").getJsonObject(0).getString("actionId"));
          byChallenger += score.getString("modelId").equals(challenger) ? 1 : 0;
        }
      }
      assertTrue(
          byChallenger > decided / 5 && byChallenger < decided * 4 / 5,
          byChallenger + " of " + decided + " decisions served by the challenger (share 0.5)");

      HttpResponse<String> garbage =
          Api.post(
              "scientist",
              "api/v1/models/probit:app/challengers",
              "{\"modelBase64\":\"AAEC\",\"trafficShare\":0.1,\"description\":\"not a model\"}");
      assertEquals(422, garbage.statusCode(), garbage.body());
      assertTrue(garbage.body().contains("not a Tribuo model"), garbage.body());
      HttpResponse<String> tooMuch =
          Api.post(
              "scientist",
              "api/v1/models/probit:app/challengers",
              "{\"modelBase64\":\"AAEC\",\"trafficShare\":0.9,\"description\":\"too much\"}");
      assertEquals(400, tooMuch.statusCode());
      assertTrue(tooMuch.body().contains("trafficShare"), tooMuch.body());
      assertEquals(
          409,
          Api.post("scientist", "api/v1/models/probit:app@1/promote", "{}").statusCode(),
          "the champion cannot be promoted");
      assertEquals(
          403, Api.post("channel", "api/v1/models/" + challenger + "/promote", "{}").statusCode());
    } finally {
      deployer.undeploy(DEPLOYMENT);
    }
    deployer.deploy(DEPLOYMENT);
    try {
      JsonObject status =
          Api.jsonArray(Api.get("scientist", "api/v1/models"))
              .getValuesAs(JsonObject.class)
              .stream()
              .filter(m -> m.getString("modelId").equals(challenger))
              .findFirst()
              .orElseThrow();
      assertEquals("challenger", status.getString("role"), "the role survives the restart");
      assertEquals(0.5, status.getJsonNumber("trafficShare").doubleValue());

      HttpResponse<String> promoted =
          Api.post(
              "scientist",
              "api/v1/models/" + challenger + "/promote",
              "{\"reason\":\"converts better\"}");
      assertEquals(200, promoted.statusCode(), promoted.body());
      assertEquals(
          challenger,
          Api.json(Api.get("scientist", "api/v1/models/probit:app"))
              .getJsonObject("status")
              .getString("modelId"),
          "the channel's model is now the promoted version");
      assertEquals(
          200,
          Api.post("scientist", "api/v1/models/probit:app/rollback", "{\"reason\":\"complaints\"}")
              .statusCode());
      assertEquals(
          "probit:app@1",
          Api.json(Api.get("scientist", "api/v1/models/probit:app"))
              .getJsonObject("status")
              .getString("modelId"));
      HttpResponse<String> dropped =
          Api.post("scientist", "api/v1/models/" + challenger + "/drop", "");
      assertEquals(200, dropped.statusCode(), dropped.body());
      assertEquals(
          409,
          Api.post("scientist", "api/v1/models/probit:app/rollback", "").statusCode(),
          "nothing stands by after the drop");

      JsonObject versions = Api.json(Api.get("scientist", "api/v1/models/probit:app/versions"));
      JsonObject version =
          versions.getJsonArray("versions").getValuesAs(JsonObject.class).stream()
              .filter(v -> v.getString("versionId").equals(challenger))
              .findFirst()
              .orElseThrow();
      assertEquals("retired", version.getString("role"));
      assertTrue(
          version.getString("provenance").contains("LinearSGDModel")
              && version.getString("provenance").contains("channel app"),
          version.toString());
      List<String> actions =
          versions.getJsonArray("changes").getValuesAs(JsonObject.class).stream()
              .filter(
                  c ->
                      c.getInt("version")
                          == Integer.parseInt(challenger.substring(challenger.indexOf('@') + 1)))
              .map(c -> c.getString("action") + " by " + c.getString("changedBy"))
              .toList();
      assertEquals(
          List.of(
              "challenger by scientist",
              "promote by scientist",
              "rollback by scientist",
              "drop by scientist"),
          actions);
      assertTrue(
          versions.getJsonArray("served").getValuesAs(JsonObject.class).stream()
              .anyMatch(
                  v ->
                      v.getString("modelId").equals(challenger)
                          && v.getJsonNumber("impressions").longValue() > 0),
          versions.getJsonArray("served").toString());
    } finally {
      deployer.undeploy(DEPLOYMENT);
    }
  }

  private static long evidenceOf(String action, List<String> customers) {
    for (String customer : customers) {
      JsonObject decision = Api.decide(customer, "email", 20);
      JsonObject score = Api.score(decision.getString("decisionId"), action);
      if (score != null) {
        return score.getJsonNumber("evidence").longValue();
      }
    }
    throw new AssertionError("action " + action + " was not scored for any of the customers");
  }
}
