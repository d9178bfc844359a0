package io.parcours.engine.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Decision;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.Exclusion;
import io.parcours.domain.Proposal;
import io.parcours.domain.Treatment;
import io.parcours.engine.decision.DecisionEngine;
import io.parcours.engine.decision.VolumeLedger;
import io.parcours.engine.rules.RuleSetLifecycle;
import io.parcours.engine.runtime.Engine;
import io.parcours.engine.runtime.EngineSettings;
import io.parcours.rules.RuleFile;
import io.parcours.rules.RuleSetSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data files of the version in force shape real decisions on a real PostgreSQL: a decision
 * answers with the treatment of the channel asked (a conditional one only for the customers who
 * meet it), an action outside its active period is not shown, a total budget holds across
 * customers, and a version put in force brings its actions in and takes them out again on rollback.
 */
class StrategyInForceTest {

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

  private static Decision decide(String customer, Channel channel, int limit) {
    return engine
        .decisions()
        .decide(
            new DecisionRequest(
                customer, channel, Direction.INBOUND, Map.of(), limit, Instant.now()));
  }

  /** A service action of its own group, worth far more than any other, with one web treatment. */
  private static Action probe(String id) {
    return new Action(
            id,
            "Probe " + id,
            io.parcours.domain.Issue.SERVICE,
            "probe",
            "service",
            java.util.Set.of(Channel.WEB),
            100_000,
            1,
            "a probe",
            java.util.Set.of(),
            false,
            0)
        .withTreatments(
            List.of(
                new Treatment(
                    "web",
                    Channel.WEB,
                    "Probe " + id,
                    "text",
                    "web/banner",
                    URI.create("https://bank.example/" + id),
                    null)));
  }

  /** The shipped files with {@code actions} added to the shipped library. */
  private static List<RuleFile> shippedWith(Action... actions) {
    List<Action> library =
        new ArrayList<>(StrategyFiles.read(StrategyVersion.shippedData()).strategy().actions());
    library.addAll(List.of(actions));
    List<RuleFile> files = new ArrayList<>();
    for (RuleFile f : RuleSetSource.bundled().files()) {
      files.add(
          f.name().equals(StrategyFiles.ACTIONS_JSON)
              ? new RuleFile(StrategyFiles.ACTIONS_JSON, StrategyFiles.actionsJson(library))
              : f);
    }
    return files;
  }

  private static String putInForce(String comment, List<RuleFile> files) {
    RuleSetLifecycle rules = engine.ruleSets();
    String version = rules.upload("alice", comment, files).version();
    rules.review(version, "bob", true, "looked at it");
    rules.activate(version, "alice", comment);
    return version;
  }

  private static Optional<Proposal> shown(Decision d, String actionId) {
    return d.proposals().stream().filter(p -> p.action().id().equals(actionId)).findFirst();
  }

  private static Optional<Exclusion> excluded(Decision d, String actionId) {
    return d.exclusions().stream().filter(e -> e.actionId().equals(actionId)).findFirst();
  }

  @Test
  void aDecisionAnswersWithTheTreatmentOfTheChannelAndAConditionalOneOnlyForThoseWhoMeetIt() {
    Decision d = null;
    Treatment savings = null;
    String rich = null;
    String modest = null;
    for (int i = 1; i <= 2000 && (rich == null || modest == null); i++) {
      String id = String.format("C%06d", i);
      Decision web = decide(id, Channel.WEB, 10);
      Optional<Proposal> p = shown(web, "savings-account");
      if (p.isEmpty()) {
        continue;
      }
      CustomerProfile profile = engine.customerState().profile(id);
      if (profile.balance() >= 20_000 && rich == null) {
        rich = id;
        assertEquals(
            "web-high-balance", p.get().treatment().id(), id + " holds " + profile.balance());
      } else if (profile.balance() < 20_000 && modest == null) {
        modest = id;
        assertEquals("web", p.get().treatment().id(), id + " holds " + profile.balance());
        d = web;
        savings = p.get().treatment();
      }
    }
    assertNotNull(
        rich, "a demo customer with a balance of 20,000 or more is offered savings on the web");
    assertNotNull(modest, "a demo customer with a smaller balance is offered savings on the web");
    assertEquals(Channel.WEB, savings.channel());
    assertEquals(URI.create("https://bank.example/offers/savings-account"), savings.link());
    for (Proposal p : d.proposals()) {
      assertNotNull(
          p.treatment(),
          "every shipped action has a treatment on each of its channels: " + p.action().id());
      assertEquals(Channel.WEB, p.treatment().channel());
    }
  }

  @Test
  void anActionComesInWithItsVersionAndGoesOutOnRollbackOutsideItsPeriodAndOnceItsBudgetIsSpent() {
    String before = engine.ruleSets().activeVersion();
    Instant now = Instant.now();
    Action open = probe("probe-open");
    Action ended =
        probe("probe-ended")
            .activeBetween(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    Action budgeted = probe("probe-budget").withBudget(2).withValue(50_000);
    putInForce("probes", shippedWith(open, ended, budgeted));

    Decision first = decide("C000010", Channel.WEB, 5);
    Proposal probe =
        shown(first, "probe-open")
            .orElseThrow(() -> new AssertionError(first.proposals().toString()));
    assertEquals("Probe probe-open", probe.treatment().title());
    assertEquals(DecisionEngine.ACTIVE_PERIOD, excluded(first, "probe-ended").orElseThrow().rule());
    assertTrue(shown(first, "probe-budget").isPresent(), "the budgeted probe is shown too");

    Decision second = decide("C000011", Channel.WEB, 5);
    assertTrue(shown(second, "probe-budget").isPresent());
    Decision third = decide("C000012", Channel.WEB, 5);
    assertFalse(
        shown(third, "probe-budget").isPresent(), "two impressions spent the budget of two");
    assertEquals(VolumeLedger.BUDGET_RULE, excluded(third, "probe-budget").orElseThrow().rule());

    engine.ruleSets().rollback("alice", "probes done");
    assertEquals(before, engine.ruleSets().activeVersion());
    Decision after = decide("C000013", Channel.WEB, 10);
    assertTrue(
        after.proposals().stream().noneMatch(p -> p.action().id().startsWith("probe-")),
        after.proposals().toString());
    assertTrue(engine.decisions().library().find("probe-open").isEmpty());
  }

  @Test
  void decisionsUnderWayNeverMixTwoVersionsAndAnotherNodeFollowsTheActivationAndTheRollback()
      throws Exception {
    String before = engine.ruleSets().activeVersion();
    List<RuleFile> files = shippedWith(probe("probe-node"));
    String version = engine.ruleSets().upload("alice", "probe on every node", files).version();
    engine.ruleSets().review(version, "bob", true, "fine");
    try (Engine other =
        Engine.start(
            TestEngines.settings(postgres, 4, false, 0),
            Executors.defaultThreadFactory(),
            Clock.systemUTC())) {
      java.util.concurrent.atomic.AtomicBoolean stop =
          new java.util.concurrent.atomic.AtomicBoolean();
      List<String> mixed = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.atomic.AtomicInteger decided =
          new java.util.concurrent.atomic.AtomicInteger();
      var pool = Executors.newFixedThreadPool(4);
      List<java.util.concurrent.Future<?>> load = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        load.add(
            pool.submit(
                () -> {
                  for (int i = 0; !stop.get(); i++) {
                    Decision dec =
                        decide(
                            String.format("C%06d", 100 + (offset * 400 + i) % 1600),
                            Channel.WEB,
                            5);
                    decided.incrementAndGet();
                    boolean probeShown =
                        shown(dec, "probe-node").isPresent()
                            || excluded(dec, "probe-node").isPresent();
                    if (probeShown != dec.ruleSetVersion().equals(version)) {
                      mixed.add(
                          dec.decisionId()
                              + " of version "
                              + dec.ruleSetVersion()
                              + (probeShown ? " saw" : " missed")
                              + " the probe");
                    }
                  }
                  return null;
                }));
      }
      Thread.sleep(300);
      engine.ruleSets().activate(version, "alice", "under load");
      Thread.sleep(300);
      assertTrue(
          eventually(() -> other.decisions().library().find("probe-node").isPresent()),
          "the other node puts the activated version in force");
      engine.ruleSets().rollback("alice", "under load, back");
      Thread.sleep(300);
      stop.set(true);
      for (var f : load) {
        f.get();
      }
      pool.shutdown();
      assertTrue(decided.get() > 0);
      assertEquals(
          List.of(), mixed, "a decision sees the actions of the version whose rules it ran");
      assertEquals(before, engine.ruleSets().activeVersion());
      assertTrue(
          eventually(() -> other.decisions().library().find("probe-node").isEmpty()),
          "the other node follows the rollback");
    }
  }

  private static boolean eventually(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(100);
    }
    return condition.getAsBoolean();
  }
}
