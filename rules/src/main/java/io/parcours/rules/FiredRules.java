package io.parcours.rules;

import java.util.ArrayList;
import java.util.List;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/** Collects the names of the rules that fire in one evaluation, each once, in the order they first fire. */
final class FiredRules extends DefaultAgendaEventListener {

  private final List<String> names = new ArrayList<>(16);

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
