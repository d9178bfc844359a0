package io.parcours.engine.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.engine.runtime.Engine;
import io.parcours.engine.runtime.EngineSettings;
import io.parcours.rules.RuleFile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The impact preview on a real PostgreSQL with the demo's customers: a candidate that pauses an
 * action on the web moves the customers who had it to another action, names the rule behind each
 * change and shows it in the distribution; a version identical in effect changes nobody; a run can
 * be cancelled.
 */
class SimulationsTest {

  private static final String PAUSE_SAVINGS_ON_WEB =
      "package io.parcours.rules;\n"
          + "global Verdict verdict;\n"
          + "rule \"SavingsPausedOnWebForPreview\"\n"
          + "when\n"
          + "    Situation( channel == \"web\" )\n"
          + "    $c : Candidate( id == \"savings-account\" )\n"
          + "then\n"
          + "    verdict.exclude($c, \"savings are paused on the web\");\n"
          + "end\n";

  private static EmbeddedPostgres postgres;
  private static Engine engine;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    EngineSettings settings = TestEngines.settings(postgres, 8, true, 2000);
    engine = Engine.start(settings, Executors.defaultThreadFactory(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    engine.close();
    postgres.close();
  }

  private static Simulations.Run finished(Simulations.Run run) throws InterruptedException {
    for (int i = 0; i < 1200 && run.state() == Simulations.State.RUNNING; i++) {
      Thread.sleep(100);
    }
    return run;
  }

  @Test
  void aCandidateThatPausesAnActionMovesItsCustomersAndNamesTheRule() throws Exception {
    var upload =
        engine
            .ruleSets()
            .upload(
                "alice",
                "pause savings on the web",
                withFile("savings-pause.drl", PAUSE_SAVINGS_ON_WEB));
    StrategyVersion candidate = engine.ruleSets().compiled(upload.version());
    Simulations.Run run =
        finished(
            engine
                .simulations()
                .start(
                    "alice",
                    candidate,
                    engine.ruleSets().inForce(),
                    new Simulations.Request(List.of(Channel.WEB, Channel.APP), 2000, 7)));

    assertEquals(Simulations.State.DONE, run.state(), run.failure());
    SimulationReport report = run.report();
    assertEquals(2000, report.customers());
    assertEquals(2000, run.done());
    SimulationReport.ChannelReport web = report.channels().get(0);
    assertEquals(Channel.WEB, web.channel());
    assertEquals(2000, web.decisions());
    SimulationReport.ActionCount savings =
        web.actions().stream()
            .filter(a -> a.actionId().equals("savings-account"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        savings.before() > 0,
        "savings is the next best action of some web customers now: " + web.actions());
    assertEquals(0, savings.after());
    assertEquals(
        savings.before(),
        web.changes(),
        "every web customer who had savings has something else now");
    SimulationReport.ChannelReport app = report.channels().get(1);
    assertEquals(0, app.changes(), "the rule is about the web; the app does not change");
    assertEquals(savings.before(), report.rules().get("SavingsPausedOnWebForPreview"));
    SimulationReport.ChangedCustomer changed = report.changedCustomers().get(0);
    assertEquals("savings-account", changed.before());
    assertTrue(changed.rules().contains("SavingsPausedOnWebForPreview"), changed.toString());
    assertTrue(changed.reason().contains("SavingsPausedOnWebForPreview"), changed.reason());
    assertEquals(app.expectedValueBefore(), app.expectedValueAfter());
    assertTrue(
        web.expectedValueBefore() != web.expectedValueAfter(),
        "another action is worth something else");
    assertEquals(
        web.expectedValueAfter() - web.expectedValueBefore(), report.expectedValueChange(), 1e-9);
  }

  @Test
  void theVersionInForceAgainstItselfChangesNobody() throws Exception {
    StrategyVersion active = engine.ruleSets().inForce();
    Simulations.Run run =
        finished(
            engine
                .simulations()
                .start(
                    "alice",
                    active,
                    active,
                    new Simulations.Request(List.of(Channel.values()), 300, 3)));

    assertEquals(Simulations.State.DONE, run.state(), run.failure());
    assertEquals(0, run.report().changes());
    assertTrue(run.report().changedCustomers().isEmpty());
    assertEquals(run.report().expectedValueBefore(), run.report().expectedValueAfter());
    for (SimulationReport.ChannelReport c : run.report().channels()) {
      assertEquals(300, c.decisions());
      for (SimulationReport.ActionCount a : c.actions()) {
        assertEquals(a.before(), a.after(), a.toString());
      }
    }
  }

  @Test
  void aCancelledRunStopsWithoutAReport() throws Exception {
    StrategyVersion active = engine.ruleSets().inForce();
    Simulations.Run run =
        engine
            .simulations()
            .start(
                "alice",
                active,
                active,
                new Simulations.Request(List.of(Channel.values()), Integer.MAX_VALUE, 3));
    assertTrue(engine.simulations().cancel(run.id()));
    finished(run);

    assertEquals(Simulations.State.CANCELLED, run.state());
    assertNull(run.report());
    assertNotNull(run.finishedAt());
    assertFalse(engine.simulations().cancel(run.id()), "a run is cancelled once");
  }

  private static List<RuleFile> withFile(String name, String content) {
    StrategyVersion active = engine.ruleSets().inForce();
    var files = new java.util.ArrayList<RuleFile>();
    for (var info : engine.ruleSets().detail("active").files()) {
      files.add(new RuleFile(info.name(), engine.ruleSets().file("active", info.name())));
    }
    files.add(new RuleFile(name, content.getBytes(StandardCharsets.UTF_8)));
    assertNotNull(active);
    return files;
  }
}
