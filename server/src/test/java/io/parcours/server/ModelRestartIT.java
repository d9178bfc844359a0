package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.json.JsonObject;
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
