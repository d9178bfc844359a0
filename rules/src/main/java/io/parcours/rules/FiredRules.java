package io.parcours.rules;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieRuntime;

/**
 * Watches one evaluation: tells the verdict which rule is about to fire, keeps the evaluation
 * within its {@link EvaluationLimits}, and collects the names of the rules that fire, each once, in
 * the order they first fire.
 *
 * <p>The limits are checked before each consequence, so a rule set that would fire without end or
 * for too long is stopped at the firing that crosses the line, and that rule is named. The time is
 * not checked while the rule set is cold (no evaluation of it has finished yet): the first
 * evaluations of a freshly compiled rule set build and compile its conditions as they go, which
 * takes seconds on a loaded machine; the firing limit still holds for them.
 *
 * <p>The time is the processor time of the evaluating thread, read every {@value #TIME_EVERY}
 * firings: the rules' own work, not the time the thread waited for a processor while other
 * decisions ran, so a busy node does not turn sound decisions into refusals.
 */
final class FiredRules extends DefaultAgendaEventListener {

  /** How many firings go between two readings of the clock. */
  static final int TIME_EVERY = 16;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_TIME =
      THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

  private final List<String> names = new ArrayList<>(16);
  private final Verdict verdict;
  private final EvaluationLimits limits;
  private final long started;
  private final boolean timed;
  private long firings;
  private KieRuntime runtime;

  /**
   * @param timed whether the time limit applies: the rule set is warm
   */
  FiredRules(Verdict verdict, EvaluationLimits limits, boolean timed) {
    this.verdict = verdict;
    this.limits = limits;
    this.timed = timed;
    this.started = timed ? now() : 0;
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
    if (timed && firings % TIME_EVERY == 0) {
      long millis = (now() - started) / 1_000_000;
      if (millis > limits.maxMillis()) {
        throw new EvaluationLimitExceededException(
            name,
            "more than "
                + limits.maxMillis()
                + " ms of rules for one decision ("
                + millis
                + " ms)");
      }
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

  /** The processor time of this thread, where the runtime measures it; otherwise the wall clock. */
  private static long now() {
    return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  List<String> names() {
    return names;
  }
}
