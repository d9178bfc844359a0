package io.parcours.rules;

import java.util.ArrayList;
import java.util.List;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;

/**
 * Watches one evaluation: collects the names of the rules that fire, each once, in the order they first
 * fire, and hands every {@link JourneyStage} a rule inserts to the verdict with that rule's name.
 */
final class FiredRules extends DefaultAgendaEventListener implements RuleRuntimeEventListener {

  private final List<String> names = new ArrayList<>(16);
  private final Verdict verdict;

  FiredRules(Verdict verdict) {
    this.verdict = verdict;
  }

  @Override
  public void afterMatchFired(AfterMatchFiredEvent event) {
    String name = event.getMatch().getRule().getName();
    if (!names.contains(name)) {
      names.add(name);
    }
  }

  @Override
  public void objectInserted(ObjectInsertedEvent event) {
    if (event.getObject() instanceof JourneyStage s && event.getRule() != null) {
      verdict.stage(s.getJourney(), s.getStage(), event.getRule().getName());
    }
  }

  @Override
  public void objectUpdated(ObjectUpdatedEvent event) {
    // Facts are not updated by the rules of a decision.
  }

  @Override
  public void objectDeleted(ObjectDeletedEvent event) {
    // Facts are not retracted by the rules of a decision.
  }

  List<String> names() {
    return names;
  }
}
