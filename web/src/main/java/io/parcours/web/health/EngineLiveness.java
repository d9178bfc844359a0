package io.parcours.web.health;

import io.parcours.engine.OperationsFacade;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the engine runs and both of its writers write: a writer thread that stopped leaves
 * every decision waiting for its audit record (or every response for its commit) until the
 * time-out, and only a restart brings it back. A database away is not a reason to restart:
 * readiness says that.
 */
@Liveness
@ApplicationScoped
public class EngineLiveness implements HealthCheck {

  @Inject OperationsFacade operations;

  @Override
  public HealthCheckResponse call() {
    var answer = HealthCheckResponse.named("engine");
    try {
      var audit = operations.auditWriter();
      var responses = operations.responseWriter();
      var events = operations.eventWriter();
      answer
          .status(audit.writing() && responses.writing() && events.writing())
          .withData("auditWriter", audit.writing() ? "writing" : "stopped")
          .withData("auditQueued", audit.queued())
          .withData("responseWriter", responses.writing() ? "writing" : "stopped")
          .withData("responsesQueued", responses.queued())
          .withData("eventWriter", events.writing() ? "writing" : "stopped")
          .withData("eventsQueued", events.queued());
    } catch (RuntimeException e) {
      answer.down().withData("problem", "the engine is not running");
    }
    return answer.build();
  }
}
