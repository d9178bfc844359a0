package io.parcours.engine.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.engine.decision.ActionLibrary;
import io.parcours.rules.RuleEngine;
import io.parcours.rules.RuleSetCompilationException;
import io.parcours.rules.RuleSetSource;
import io.parcours.rules.ScenarioReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenarios shipped with the bundled rule set hold for the demo brand's action library. */
class BundledScenariosTest {

  @Test
  void everyShippedScenarioPassesOnTheDemoLibrary() throws RuleSetCompilationException {
    RuleEngine rules = RuleEngine.compile(RuleSetSource.bundled());
    ActionLibrary library = new ActionLibrary(DemoActions.library());
    ScenarioReport report =
        rules.runScenarios(library::candidates, id -> library.find(id).orElse(null));
    assertTrue(report.results().size() >= 10, report.results().size() + " scenarios");
    assertEquals(List.of(), report.failures());
  }

  @Test
  void aScenarioFailsWhenTheActionLibraryNoLongerMatchesTheRules()
      throws RuleSetCompilationException {
    RuleEngine rules = RuleEngine.compile(RuleSetSource.bundled());
    // Without its stage restriction, reduced instalments would be offered in early difficulty too.
    List<Action> changed = new ArrayList<>();
    for (Action a : DemoActions.library()) {
      changed.add(
          a.id().equals("reduced-instalments")
              ? new Action(
                  a.id(),
                  a.name(),
                  a.issue(),
                  a.group(),
                  a.journey(),
                  a.channels(),
                  a.value(),
                  a.lever(),
                  a.description())
              : a);
    }
    ActionLibrary library = new ActionLibrary(changed);
    ScenarioReport report =
        rules.runScenarios(library::candidates, id -> library.find(id).orElse(null));
    assertEquals(1, report.failures().size());
    ScenarioReport.ScenarioResult failed = report.failures().get(0);
    assertEquals("demo-brand.scenarios", failed.file());
    assertTrue(
        failed
            .failures()
            .get(0)
            .contains("expected excluded: reduced-instalments by ActionOnlyInItsStages"),
        failed.failures().toString());
  }
}
