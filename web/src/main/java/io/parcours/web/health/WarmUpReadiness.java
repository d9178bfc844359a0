package io.parcours.web.health;

import io.parcours.engine.OperationsFacade;
import io.parcours.engine.runtime.EngineWarmUp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the node has rehearsed its decisions at start ({@code parcours.warmup.decisions}), so
 * that a load balancer sends it traffic only when the JIT has compiled the decision path; says how
 * many it rehearsed and how long that took. A node told not to rehearse is ready at once.
 */
@Readiness
@ApplicationScoped
public class WarmUpReadiness implements HealthCheck {

  @Inject OperationsFacade operations;

  @Override
  public HealthCheckResponse call() {
    EngineWarmUp.Progress warmUp = operations.warmUp();
    return HealthCheckResponse.named("warm-up")
        .status(warmUp.ready())
        .withData("state", warmUp.state().name().toLowerCase(Locale.ROOT))
        .withData("rehearsed", warmUp.rehearsed())
        .withData("wanted", warmUp.wanted())
        .withData("millis", warmUp.millis())
        .build();
  }
}
