package io.parcours.web.health;

import io.parcours.engine.OperationsFacade;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while PostgreSQL answers: without it nothing can be acknowledged, so a load balancer
 * should send channels elsewhere. Says since when, why, and what a commit promises (fsync,
 * synchronous commit, full-page writes), so an operator sees a non-durable database at a glance.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

  @Inject OperationsFacade operations;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder answer = HealthCheckResponse.named("database");
    OperationsFacade.DatabaseHealth health;
    try {
      health = operations.databaseHealth();
    } catch (RuntimeException e) {
      // the engine is not started (yet): nothing is acknowledged
      return answer.down().withData("problem", "the engine is not running").build();
    }
    var state = health.state();
    answer
        .status(state.up())
        .withData(state.up() ? "upSince" : "downSince", state.since().toString());
    if (!state.up()) {
      answer.withData("problem", state.problem());
    }
    var d = health.durability();
    return answer
        .withData("fsync", d.fsync())
        .withData("synchronousCommit", d.synchronousCommit())
        .withData("fullPageWrites", d.fullPageWrites())
        .withData("durable", d.durable())
        .build();
  }
}
