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
 * The adaptive models survive a restart of the application: what they learned before is restored from
 * the PostgreSQL snapshot plus the responses stored after it, each counted once.
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
        assertEquals(201, Api.respond(decisionId, action, "rejected", UUID.randomUUID().toString()).statusCode());
        learned = evidence + 1;
        respondedDecision = decisionId;
        break;
      }
      assertNotNull(action, "some email decision showed an action");
      assertEquals(learned, evidenceOf(action, customers), "the model learned the response at once");
    } finally {
      deployer.undeploy(DEPLOYMENT);
    }
    deployer.deploy(DEPLOYMENT);
    try {
      assertEquals(learned, evidenceOf(action, customers), "after a restart the model has the same evidence");

      // A data scientist sees the model, what it learned about the action and its largest weights.
      JsonArray models = Api.jsonArray(Api.get("scientist", "api/v1/models"));
      JsonObject email = models.getValuesAs(JsonObject.class).stream()
          .filter(m -> m.getString("modelId").equals("probit:email")).findFirst().orElseThrow();
      assertTrue(email.getJsonNumber("evidence").longValue() >= 1);
      JsonObject detail = Api.json(Api.get("scientist", "api/v1/models/probit:email"));
      assertEquals("probit", detail.getString("family"));
      assertFalse(detail.getJsonArray("topWeights").isEmpty());
      String shown = action;
      assertEquals(learned, detail.getJsonArray("actions").getValuesAs(JsonObject.class).stream()
          .filter(a -> a.getString("actionId").equals(shown)).findFirst().orElseThrow()
          .getJsonNumber("responses").longValue());
      HttpResponse<String> unknown = Api.get("scientist", "api/v1/models/probit:fax");
      assertEquals(404, unknown.statusCode());
      assertEquals("application/problem+json", unknown.headers().firstValue("Content-Type").orElse("").split(";")[0]);
      assertTrue(Api.json(unknown).getString("detail").contains("probit:fax"));
      assertEquals(403, Api.get("channel", "api/v1/models").statusCode());

      // The training data holds the rejected impression, its label and the features the model saw.
      java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
      HttpResponse<String> csv = Api.get("scientist",
          "api/v1/models/training-data?from=" + today.minusDays(1) + "&to=" + today.plusDays(1));
      assertEquals(200, csv.statusCode());
      assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
      String[] lines = csv.body().split("\r\n");
      assertTrue(lines[0].startsWith("decision_id,decided_at,customer_id,channel"), lines[0]);
      String decided = respondedDecision;
      String row = java.util.Arrays.stream(lines).filter(l -> l.startsWith(decided + ","))
          .filter(l -> l.contains("," + shown + ",")).findFirst().orElseThrow();
      assertTrue(row.contains(",rejected,0,") && row.contains("bias direction="), row);
      JsonObject uplift = Api.json(Api.get("scientist",
          "api/v1/models/uplift?from=" + today.minusDays(1) + "&to=" + today.plusDays(1)));
      JsonObject byModels = uplift.getJsonArray("policies").getValuesAs(JsonObject.class).stream()
          .filter(p -> p.getString("policy").equals("models")).findFirst().orElseThrow();
      assertTrue(byModels.getJsonNumber("decisions").longValue() >= 1, uplift.toString());
      assertEquals(400, Api.get("scientist", "api/v1/models/uplift?from=2026-02-01&to=2026-01-01").statusCode());
      HttpResponse<String> missing = Api.get("scientist", "api/v1/models/training-data?to=2026-01-01");
      assertEquals(400, missing.statusCode());
      assertTrue(Api.json(missing).toString().contains("from"), missing.body());
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
