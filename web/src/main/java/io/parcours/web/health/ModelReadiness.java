package io.parcours.web.health;

import io.parcours.domain.Channel;
import io.parcours.engine.OperationsFacade;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the models were restored from their last snapshot and the responses after it; says the
 * family, the last response learned, and per channel the champion's version and the responses its
 * champion models learned ({@code web.evidence}), so that an operator sees a node that restored
 * nothing at a glance.
 */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

  @Inject OperationsFacade operations;

  @Override
  public HealthCheckResponse call() {
    var answer = HealthCheckResponse.named("models");
    try {
      OperationsFacade.ModelHealth models = operations.models();
      answer
          .up()
          .withData("family", models.family())
          .withData("lastResponseId", models.lastResponseId());
      for (Channel channel : Channel.values()) {
        answer.withData(channel.code() + ".evidence", models.evidence(channel));
        String champion = models.champion(channel);
        if (champion != null) {
          answer.withData(channel.code() + ".version", champion);
        }
      }
    } catch (RuntimeException e) {
      answer.down().withData("problem", "the models are not restored: the engine is not running");
    }
    return answer.build();
  }
}
