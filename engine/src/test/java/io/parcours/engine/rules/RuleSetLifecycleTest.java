package io.parcours.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.CurrentStage;
import io.parcours.domain.Decision;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.Issue;
import io.parcours.domain.RuleSetChange;
import io.parcours.domain.RuleSetReview;
import io.parcours.domain.RuleSetSummary;
import io.parcours.domain.StageChange;
import io.parcours.engine.InvalidStrategyEditException;
import io.parcours.engine.RuleSetConflictException;
import io.parcours.engine.RuleSetLimitException;
import io.parcours.engine.RuleSetRejectedException;
import io.parcours.engine.RuleSetReviewException;
import io.parcours.engine.ScenariosFailedException;
import io.parcours.engine.UnknownRuleSetException;
import io.parcours.engine.decision.VolumeLedger;
import io.parcours.engine.runtime.Engine;
import io.parcours.engine.runtime.EngineSettings;
import io.parcours.engine.strategy.StrategyDiff;
import io.parcours.engine.strategy.StrategyEdit;
import io.parcours.engine.strategy.StrategyFiles;
import io.parcours.rules.RuleFile;
import io.parcours.rules.RuleSetDiff;
import io.parcours.rules.RuleSetSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rule sets change while the engine runs, on a real PostgreSQL: uploads are validated, scenarios
 * gate activation, rollback goes back one version at a time; decisions record journey-stage changes
 * with their rules, and a volume constraint holds under concurrent reservations.
 */
class RuleSetLifecycleTest {

  private static EmbeddedPostgres postgres;
  private static Engine engine;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    engine =
        Engine.start(settingsFor(postgres), Executors.defaultThreadFactory(), Clock.systemUTC());
  }

  private static EngineSettings settingsFor(EmbeddedPostgres postgres) {
    EngineSettings d =
        EngineSettings.defaults(
            postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    return new EngineSettings(
        d.databaseUrl(),
        d.databaseUser(),
        d.databasePassword(),
        8,
        true,
        2000,
        d.demoSeed(),
        d.threshold(),
        d.auditBatch(),
        d.responseBatch(),
        Duration.ofHours(1),
        d.modelFamily(),
        d.controlShare(),
        d.ramp(),
        d.exploration());
  }

  @AfterAll
  static void stop() throws Exception {
    engine.close();
    postgres.close();
  }

  private static List<RuleFile> shippedWith(RuleFile... extra) {
    List<RuleFile> files = new ArrayList<>(RuleSetSource.bundled().files());
    files.addAll(List.of(extra));
    return files;
  }

  private static RuleFile drl(String name, String rule, String actionId) {
    String text =
        "package io.parcours.rules;\nglobal Verdict verdict;\nrule \""
            + rule
            + "\"\nwhen\n"
            + "    $c : Candidate( id == \""
            + actionId
            + "\" )\nthen\n"
            + "    verdict.exclude($c, \"paused\");\nend\n";
    return new RuleFile(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private static Decision decide(String customer) {
    return engine
        .decisions()
        .decide(
            new DecisionRequest(
                customer, Channel.WEB, Direction.INBOUND, Map.of(), 5, Instant.now()));
  }

  @Test
  void uploadsAreValidatedGatedByScenariosAndRolledBackOneVersionAtATime() {
    RuleSetLifecycle rules = engine.ruleSets();
    String shipped = rules.activeVersion();
    String shippedScenarios =
        rules.list().stream()
            .filter(v -> v.version().equals(shipped))
            .findFirst()
            .orElseThrow()
            .scenariosJson();
    assertTrue(
        shippedScenarios.contains("demo-brand.scenarios") && !shippedScenarios.contains("expected"),
        "the shipped version is stored with its scenarios' results, all passed: "
            + shippedScenarios);

    RuleFile broken =
        new RuleFile(
            "broken.drl",
            "rule \"X\" when Candidate( id == ) then end".getBytes(StandardCharsets.UTF_8));
    RuleSetRejectedException refused =
        assertThrows(
            RuleSetRejectedException.class,
            () -> rules.upload("business", "typo", shippedWith(broken)));
    assertEquals("broken.drl", refused.problems().get(0).file());
    assertEquals(1, refused.problems().get(0).line());
    assertEquals("refused", rules.changes(1, 0).get(0).kind());

    RuleSetLifecycle.Upload breaking =
        rules.upload(
            "business",
            "pause savings",
            shippedWith(drl("pause.drl", "SavingsPaused", "savings-account")));
    assertFalse(breaking.scenarios().allPassed());
    rules.review(breaking.version(), "carol", true, "scenarios will tell");
    ScenariosFailedException blocked =
        assertThrows(
            ScenariosFailedException.class,
            () -> rules.activate(breaking.version(), "business", "try"));
    assertTrue(blocked.report().failures().get(0).failures().get(0).contains("SavingsPaused"));
    assertEquals(shipped, rules.activeVersion());

    RuleSetLifecycle.Upload first =
        rules.upload(
            "business",
            "pause home insurance",
            shippedWith(drl("home.drl", "HomePaused", "home-insurance")));
    assertTrue(first.scenarios().allPassed(), first.scenarios().failures().toString());
    assertThrows(
        RuleSetConflictException.class,
        () ->
            rules.upload(
                "business", "again", shippedWith(drl("home.drl", "HomePaused", "home-insurance"))));
    RuleSetLifecycle.Upload second =
        rules.upload(
            "business",
            "pause the ATM finder too",
            shippedWith(
                drl("home.drl", "HomePaused", "home-insurance"),
                drl("atm.drl", "AtmFinderPaused", "atm-abroad-finder")));

    rules.review(first.version(), "carol", true, "checked");
    rules.review(second.version(), "carol", true, "checked");
    rules.activate(first.version(), "business", "one");
    rules.activate(second.version(), "business", "two");
    assertEquals(second.version(), decide("C000010").ruleSetVersion());
    assertEquals(first.version(), rules.rollback("business", "undo two").version());
    assertEquals(shipped, rules.rollback("business", "undo one").version());
    assertThrows(RuleSetConflictException.class, () -> rules.rollback("business", "nothing left"));
    assertEquals(shipped, decide("C000011").ruleSetVersion());

    assertThrows(UnknownRuleSetException.class, () -> rules.activate("999", "business", "no"));
    assertEquals(
        List.of("atm.drl"),
        rules.diff(first.version(), second.version()).files().stream()
            .filter(f -> f.change() != RuleSetDiff.Change.UNCHANGED)
            .map(RuleSetDiff.FileDiff::name)
            .toList());
  }

  @Test
  void aVersionGoesLiveOnlyOnceAnotherPersonApprovedItAndNobodyRejectedIt() {
    RuleSetLifecycle rules = engine.ruleSets();
    String before = rules.activeVersion();
    RuleSetLifecycle.Upload upload =
        rules.upload(
            "alice",
            "pause home insurance after review",
            shippedWith(drl("review.drl", "HomeInsuranceReviewed", "home-insurance")));
    assertEquals(1, rules.approvalsRequired());

    RuleSetReviewException unapproved =
        assertThrows(
            RuleSetReviewException.class, () -> rules.activate(upload.version(), "alice", "go"));
    assertEquals(RuleSetReviewException.Kind.NOT_APPROVED, unapproved.kind());
    assertEquals(
        "rule set "
            + upload.version()
            + " needs 1 approval(s) by an approver other than its author before it"
            + " goes live; it has 0",
        unapproved.getMessage());
    RuleSetReviewException own =
        assertThrows(
            RuleSetReviewException.class,
            () -> rules.review(upload.version(), "alice", true, "mine is fine"));
    assertEquals(RuleSetReviewException.Kind.OWN_VERSION, own.kind());
    assertEquals(before, rules.activeVersion());

    RuleSetLifecycle.Approval approval =
        rules.review(upload.version(), "bob", true, "checked with the mortgage team");
    assertTrue(approval.approved());
    assertEquals(1, approval.approvals());
    assertEquals(
        RuleSetReviewException.Kind.ALREADY_REVIEWED,
        assertThrows(
                RuleSetReviewException.class,
                () -> rules.review(upload.version(), "bob", false, "changed my mind"))
            .kind());
    RuleSetChange reviewed = rules.changes(1, 0).get(0);
    assertEquals(
        List.of("approved", upload.version(), "bob", "checked with the mortgage team"),
        List.of(reviewed.kind(), reviewed.version(), reviewed.actor(), reviewed.comment()));
    assertEquals(upload.version(), rules.activate(upload.version(), "alice", "go").version());
    assertEquals(
        List.of("bob"),
        rules.detail(upload.version()).approval().reviews().stream()
            .map(RuleSetReview::reviewer)
            .toList());
    rules.rollback("alice", "back to before");
    assertEquals(before, rules.activeVersion());

    // one rejection stops a version, whatever the approvals
    RuleSetLifecycle.Upload rejected =
        rules.upload(
            "alice",
            "pause the card terms notice",
            shippedWith(drl("notice.drl", "NoticePaused", "card-terms-notice")));
    rules.review(rejected.version(), "bob", true, "fine by me");
    rules.review(rejected.version(), "dora", false, "the notice is a legal duty");
    RuleSetReviewException refused =
        assertThrows(
            RuleSetReviewException.class, () -> rules.activate(rejected.version(), "alice", "go"));
    assertEquals(
        "rule set "
            + rejected.version()
            + " was rejected by dora (\"the notice is a legal duty\"); upload a"
            + " corrected version for review",
        refused.getMessage());
    assertFalse(rules.detail(rejected.version()).approval().approved());
    assertEquals(before, rules.activeVersion());
  }

  @Test
  void aVersionMadeByAnEditIsBasedOnTheVersionEditedAndGoesLiveOnlyOnceApproved() {
    RuleSetLifecycle rules = engine.ruleSets();
    String before = rules.activeVersion();
    Action savings =
        rules.strategy("active").strategy().library().find("savings-account").orElseThrow();
    JsonObject raised;
    try (JsonReader r =
        Json.createReader(
            new ByteArrayInputStream(StrategyFiles.actionsJson(List.of(savings.withValue(55)))))) {
      raised = r.readObject().getJsonArray("actions").getJsonObject(0);
    }

    RuleSetLifecycle.Upload edited =
        rules.edit(
            "alice",
            "savings worth more",
            new StrategyEdit(new StrategyEdit.Part(List.of(raised), List.of()), null, null),
            "active");

    assertTrue(edited.scenarios().allPassed(), edited.scenarios().failures().toString());
    RuleSetSummary stored = rules.detail(edited.version()).summary();
    assertEquals(List.of("alice", before), List.of(stored.author(), stored.basedOn()));
    assertEquals(before, rules.activeVersion(), "nothing goes live by an edit");
    assertEquals(
        55,
        rules
            .strategy(edited.version())
            .strategy()
            .library()
            .find("savings-account")
            .orElseThrow()
            .value());
    assertEquals(before, rules.strategy("active").version());
    assertEquals(
        List.of(new StrategyDiff.FieldChange("value", "20", "55")),
        rules.strategyDiff(before, edited.version()).actions().changed().get(0).fields());
    assertEquals(
        RuleSetReviewException.Kind.NOT_APPROVED,
        assertThrows(
                RuleSetReviewException.class, () -> rules.activate(edited.version(), "alice", "go"))
            .kind());

    StrategyEdit lonely =
        new StrategyEdit(null, new StrategyEdit.Part(List.of(), List.of("resilience")), null);
    RuleSetRejectedException refused =
        assertThrows(
            RuleSetRejectedException.class,
            () -> rules.edit("alice", "no resilience", lonely, edited.version()));
    assertTrue(
        refused.problems().stream()
            .anyMatch(
                p ->
                    p.file().equals("actions.json")
                        && p.message().contains("which journeys.json does not declare")),
        refused.problems().toString());
    assertEquals("refused", rules.changes(1, 0).get(0).kind());
    assertThrows(
        InvalidStrategyEditException.class,
        () ->
            rules.edit(
                "alice",
                "typo",
                new StrategyEdit(
                    new StrategyEdit.Part(List.of(), List.of("savings-acount")), null, null),
                "active"));
    assertThrows(UnknownRuleSetException.class, () -> rules.edit("alice", "none", lonely, "999"));
  }

  @Test
  void aSandboxNeedsNoApprovalAndNegativeCountsAreRefused() throws Exception {
    assertThrows(
        IllegalArgumentException.class, () -> settingsFor(postgres).withApprovalsRequired(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> settingsFor(postgres).withApprovalsRequired(EngineSettings.MAX_APPROVALS + 1));
    // a database of its own: activations here must not reach the engine the other tests share
    try (EmbeddedPostgres own = EmbeddedPostgres.builder().start();
        Engine sandbox =
            Engine.start(
                settingsFor(own).withApprovalsRequired(0),
                Executors.defaultThreadFactory(),
                Clock.systemUTC())) {
      RuleSetLifecycle rules = sandbox.ruleSets();
      String before = rules.activeVersion();
      RuleSetLifecycle.Upload upload =
          rules.upload(
              "erin",
              "try a pause in the sandbox",
              shippedWith(drl("sandbox.drl", "SandboxPaused", "atm-abroad-finder")));
      assertEquals(0, rules.detail(upload.version()).approval().required());
      assertEquals(
          upload.version(), rules.activate(upload.version(), "erin", "no review here").version());
      rules.rollback("erin", "back");
      assertEquals(before, rules.activeVersion());
    }
  }

  @Test
  void aRuleThatReachesOutsideTheFactModelIsRefusedWithItsFileAndLineAndNeverRuns() {
    RuleSetLifecycle rules = engine.ruleSets();
    RuleFile leak =
        new RuleFile(
            "leak.drl",
            ("package io.parcours.rules;\nglobal Verdict verdict;\nrule \"Leak\"\nwhen\n"
                    + "    $c : Candidate()\nthen\n"
                    + "    System.setProperty(\"parcours.leak\", System.getenv(\"PARCOURS_DB_URL\") + \"\");\n"
                    + "    verdict.exclude($c, \"user=\" + System.getProperty(\"user.name\"));\nend\n")
                .getBytes(StandardCharsets.UTF_8));
    RuleSetRejectedException refused =
        assertThrows(
            RuleSetRejectedException.class,
            () -> rules.upload("business", "leak", shippedWith(leak)));
    assertEquals("leak.drl", refused.problems().get(0).file());
    assertEquals(7, refused.problems().get(0).line());
    assertTrue(
        refused.problems().get(0).message().contains("`System` is not part of the fact model"),
        refused.problems().toString());
    assertEquals("refused", rules.changes(1, 0).get(0).kind());
    assertNull(System.getProperty("parcours.leak"), "the rule never ran, not even in a scenario");
  }

  @Test
  void aRuleSetWhoseScenariosGoPastTheFiringLimitIsRefusedNamingTheRule() {
    RuleSetLifecycle rules = engine.ruleSets();
    RuleFile cross = crossProduct("Customer()");
    RuleSetRejectedException refused =
        assertThrows(
            RuleSetRejectedException.class,
            () -> rules.upload("business", "cross", shippedWith(cross)));
    assertEquals("cross.drl", refused.problems().get(0).file());
    assertEquals(3, refused.problems().get(0).line());
    assertTrue(
        refused.problems().get(0).message().contains("rule EveryFourOffers"),
        refused.problems().toString());
    assertEquals("refused", rules.changes(1, 0).get(0).kind());
  }

  @Test
  void aCrossProductForOneCustomerStopsThatCustomersDecisionsOnly() {
    RuleSetLifecycle rules = engine.ruleSets();
    String before = rules.activeVersion();
    RuleSetLifecycle.Upload upload =
        rules.upload(
            "business",
            "one customer",
            shippedWith(crossProduct("Customer( customerId == \"C000777\" )")));
    assertTrue(upload.scenarios().allPassed(), "the scenarios do not cover that customer");
    rules.review(upload.version(), "carol", true, "checked");
    rules.activate(upload.version(), "business", "try");
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            logged.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger("io.parcours.engine.decision.RuleStep");
    log.addHandler(handler);
    try {
      RuleSetLimitException e = assertThrows(RuleSetLimitException.class, () -> decide("C000777"));
      assertTrue(
          logged.stream()
              .anyMatch(
                  r ->
                      r.getLevel() == Level.WARNING
                          && r.getMessage().contains("C000777")
                          && r.getMessage().contains("at rule EveryFourOffers")),
          "the limit is logged as a warning with the customer and the rule");
      assertEquals("EveryFourOffers", e.rule());
      assertEquals(upload.version(), e.version());
      assertTrue(e.getMessage().contains("exceeded its evaluation limit"), e.getMessage());
      assertEquals(upload.version(), decide("C000778").ruleSetVersion());
    } finally {
      log.removeHandler(handler);
      assertEquals(before, rules.rollback("business", "undo the cross product").version());
    }
  }

  /** Every four of the 21 web offers: 194,481 firings for a customer the rule concerns. */
  private static RuleFile crossProduct(String customer) {
    String text =
        "package io.parcours.rules;\nglobal Verdict verdict;\nrule \"EveryFourOffers\"\nwhen\n"
            + "    "
            + customer
            + "\n    $a : Candidate()\n    $b : Candidate()\n    $c : Candidate()\n    $d : Candidate()\nthen\n"
            + "    verdict.weigh($a, 1.0);\nend\n";
    return new RuleFile("cross.drl", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aStageChangeIsRecordedWithTheRuleThatMadeIt() {
    String customer = null;
    for (int i = 1; i <= 2000 && customer == null; i++) {
      String id = String.format("C%06d", i);
      if (engine.customerState().profile(id).missedPayments() >= 2) {
        customer = id;
      }
    }
    assertTrue(customer != null, "the demo has customers in difficulty");
    Decision d = decide(customer);
    assertEquals("in-difficulty", d.journeyStages().get("resilience"));
    CurrentStage now = engine.journeys().currentStages(customer).get("resilience");
    assertEquals("in-difficulty", now.stage());
    assertEquals("ResilienceInDifficultyStage", now.rule());
    int changes = engine.journeys().changes(customer, 100).size();
    decide(customer);
    assertEquals(
        changes, engine.journeys().changes(customer, 100).size(), "no change, nothing recorded");
    StageChange entered =
        engine.journeys().changes(customer, 100).stream()
            .filter(c -> c.journey().equals("resilience"))
            .findFirst()
            .orElseThrow();
    assertNull(entered.fromStage());
    assertEquals(d.decisionId(), entered.decisionId());
  }

  @Test
  void aDailyVolumeLimitHoldsUnderConcurrentReservations() throws Exception {
    Action advisor =
        new Action(
                "advisor-test",
                "Advisor",
                Issue.RETENTION,
                "advice",
                "retention",
                Set.of(Channel.CALL_CENTRE),
                40,
                1,
                "")
            .limitedTo(50);
    VolumeLedger ledger = new VolumeLedger(engine.caches().volumes());
    Instant now = Instant.now();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> tries = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      tries.add(pool.submit(() -> ledger.reserve(advisor, now)));
    }
    int granted = 0;
    for (Future<Boolean> f : tries) {
      granted += f.get() ? 1 : 0;
    }
    pool.shutdown();
    assertEquals(50, granted);
    assertTrue(ledger.exhausted(advisor, now));
    ledger.release(advisor, now);
    assertFalse(ledger.exhausted(advisor, now));
    assertTrue(ledger.reserve(advisor, now));
    assertFalse(ledger.reserve(advisor, now));
    // A new day starts from what PostgreSQL holds for it: nothing yet.
    assertFalse(ledger.exhausted(advisor, now.plus(Duration.ofDays(1))));
  }
}
