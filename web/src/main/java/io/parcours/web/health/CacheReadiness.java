package io.parcours.web.health;

import io.parcours.engine.OperationsFacade;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the Infinispan cache manager and every cache run; says whether the caches are local
 * or distributed and, distributed, the cluster members this node sees, so that a node that split
 * from its cluster shows it.
 */
@Readiness
@ApplicationScoped
public class CacheReadiness implements HealthCheck {

  @Inject OperationsFacade operations;

  @Override
  public HealthCheckResponse call() {
    var answer = HealthCheckResponse.named("caches");
    try {
      OperationsFacade.CacheHealth caches = operations.caches();
      answer
          .status(caches.running())
          .withData("status", caches.status())
          .withData("mode", caches.distributed() ? "distributed" : "local")
          .withData("members", caches.members().size())
          .withData("memberNames", String.join(", ", caches.members()));
      if (caches.cluster() != null) {
        answer.withData("cluster", caches.cluster());
      }
    } catch (RuntimeException e) {
      answer.down().withData("problem", "the engine is not running");
    }
    return answer.build();
  }
}
