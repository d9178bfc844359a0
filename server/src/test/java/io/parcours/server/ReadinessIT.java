package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Readiness follows PostgreSQL: DOWN, with its database check saying so, while the database is
 * stopped, and UP again once it is back, when decisions are answered again; liveness stays UP all
 * along, so that an orchestrator takes the node out of the load balancer instead of restarting it.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class ReadinessIT {

  /** How long readiness may take to notice; a bound to fail on, not a measure. */
  private static final long PATIENCE_SECONDS = 120;

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  @Test
  void readinessIsDownWhilePostgresIsStoppedAndUpAfter() throws InterruptedException {
    HttpResponse<String> ready = awaitReadiness(r -> r.statusCode() == 200);
    assertEquals("UP", database(ready), ready.body());

    ParcoursPostgres.stop();
    try {
      HttpResponse<String> down = awaitReadiness(r -> r.statusCode() == 503);
      assertEquals("DOWN", database(down), down.body());
      assertEquals(200, health("health/live").statusCode(), "liveness stays UP");
    } finally {
      ParcoursPostgres.start();
    }

    HttpResponse<String> up = awaitReadiness(r -> r.statusCode() == 200);
    assertEquals("UP", database(up), up.body());
    HttpResponse<String> decided = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (System.nanoTime() < deadline) {
      decided =
          Api.post(
              "channel", "api/v1/decisions", "{\"customerId\":\"C000001\",\"channel\":\"web\"}");
      if (decided.statusCode() == 200) {
        break;
      }
      TimeUnit.SECONDS.sleep(1);
    }
    assertTrue(
        decided != null && decided.statusCode() == 200,
        "decisions are answered again: " + (decided == null ? "" : decided.body()));
  }

  private static HttpResponse<String> awaitReadiness(Predicate<HttpResponse<String>> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      last = health("health/ready");
      if (wanted.test(last)) {
        return last;
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    throw new AssertionError(
        "readiness did not change within " + PATIENCE_SECONDS + " s: " + last.body());
  }

  private static String database(HttpResponse<String> health) {
    JsonObject body = Json.createReader(new StringReader(health.body())).readObject();
    return body.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("name").equals("database"))
        .map(c -> c.getString("status"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no database check in " + health.body()));
  }

  private static HttpResponse<String> health(String path) {
    return Api.get(null, path);
  }
}
