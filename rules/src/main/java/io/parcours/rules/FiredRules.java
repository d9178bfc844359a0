package io.parcours.rules;

import java.util.ArrayList;
import java.util.List;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieRuntime;

/**
 * Watches one evaluation: tells the verdict which rule is about to fire, keeps the evaluation within its
 * {@link EvaluationLimits}, and collects the names of the rules that fire, each once, in the order they
 * first fire.
 *
 * <p>The limits are checked before each consequence, so a rule set that would fire without end or for
 * too long is stopped at the firing that crosses the line, and that rule is named.
 */
final class FiredRules extends DefaultAgendaEventListener {

  private final List<String> names = new ArrayList<>(16);
  private final Verdict verdict;
  private final EvaluationLimits limits;
  private final long started;
  private long firings;
  private KieRuntime runtime;

  FiredRules(Verdict verdict, EvaluationLimits limits) {
    this.verdict = verdict;
    this.limits = limits;
    this.started = System.nanoTime();
    // A stage a rule names becomes a fact of the session that fires the rule.
    verdict.stageFacts(stage -> runtime.insert(stage));
  }

  @Override
  public void beforeMatchFired(BeforeMatchFiredEvent event) {
    String name = event.getMatch().getRule().getName();
    firings++;
    if (firings > limits.maxFirings()) {
      throw new EvaluationLimitExceededException(
          name, "more than " + limits.maxFirings() + " rule firings for one decision");
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (millis > limits.maxMillis()) {
      throw new EvaluationLimitExceededException(
          name, "more than " + limits.maxMillis() + " ms of rules for one decision (" + millis + " ms)");
    }
    runtime = event.getKieRuntime();
    verdict.firing(name, event.getMatch().getSalience());
  }

  @Override
  public void afterMatchFired(AfterMatchFiredEvent event) {
    String name = event.getMatch().getRule().getName();
    if (!names.contains(name)) {
      names.add(name);
    }
  }

  List<String> names() {
    return names;
  }
}
