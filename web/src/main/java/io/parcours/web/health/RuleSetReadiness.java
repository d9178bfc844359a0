package io.parcours.web.health;

import io.parcours.engine.OperationsFacade;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a rule set is in force, compiled; says which version, its checksum and how many rules.
 */
@Readiness
@ApplicationScoped
public class RuleSetReadiness implements HealthCheck {

  @Inject OperationsFacade operations;

  @Override
  public HealthCheckResponse call() {
    var answer = HealthCheckResponse.named("rule-set");
    try {
      OperationsFacade.RuleSetHealth ruleSet = operations.ruleSet();
      answer
          .up()
          .withData("version", ruleSet.version())
          .withData("checksum", ruleSet.checksum())
          .withData("rules", ruleSet.rules().size());
    } catch (RuntimeException e) {
      answer.down().withData("problem", "no rule set is in force: the engine is not running");
    }
    return answer.build();
  }
}
