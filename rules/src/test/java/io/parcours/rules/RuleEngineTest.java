package io.parcours.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.Direction;
import io.parcours.domain.Outcome;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rule engine: compiling, reporting problems where they are, and evaluating safely in parallel.
 */
class RuleEngineTest {

  private static RuleEngine bundled;

  @BeforeAll
  static void compileBundled() throws RuleSetCompilationException {
    bundled = RuleEngine.compile(RuleSetSource.bundled());
  }

  private static RuleFile drl(String name, String text) {
    return new RuleFile(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private static RuleSetCompilationException failing(RuleFile... files) {
    return assertThrows(
        RuleSetCompilationException.class,
        () -> RuleEngine.compile(new RuleSetSource("7", List.of(files))));
  }

  // Compilation problems

  @Test
  void aSyntaxErrorIsReportedWithItsFileAndLine() {
    RuleFile broken =
        drl(
            "retention-eligibility.drl",
            """
            package io.parcours.rules;

            global Verdict verdict;

            rule "RetentionNeedsTenure"
            when
                $c : Candidate( issue == "retention" ))
                Customer( tenureMonths < 12 )
            then
                verdict.exclude($c, "too new");
            end
            """);
    RuleSetCompilationException e =
        failing(drl("good.drl", "package io.parcours.rules;\n"), broken);

    assertFalse(e.problems().isEmpty());
    RuleProblem first = e.problems().get(0);
    assertEquals("retention-eligibility.drl", first.file());
    assertEquals(7, first.line(), e.getMessage());
    assertEquals(43, first.column(), "the stray parenthesis; " + e.getMessage());
    assertEquals(1, e.problems().size(), "no follow-up noise: " + e.getMessage());
    assertFalse(first.message().isBlank());
    assertTrue(e.getMessage().startsWith("rule set 7 does not compile"), e.getMessage());
    assertTrue(e.getMessage().contains("\nretention-eligibility.drl:7:"), e.getMessage());
  }

  @Test
  void anUnknownPropertyIsReportedWithItsFileAndLine() {
    RuleFile wrong =
        drl(
            "stages.drl",
            """
            package io.parcours.rules;
            global Verdict verdict;
            rule "WealthyStage"
            when
                Customer( wealth > 100000 )
            then
                verdict.stage("lifecycle", "wealthy");
            end
            """);
    RuleSetCompilationException e = failing(wrong);
    RuleProblem p = e.problems().get(0);
    assertEquals("stages.drl", p.file());
    assertTrue(p.line() >= 3 && p.line() <= 5, e.getMessage());
    assertTrue(p.message().contains("wealth"), p.message());
  }

  @Test
  void aFileOfAnUnsupportedTypeIsRefusedByName() {
    RuleSetCompilationException e = failing(drl("notes.txt", "caps are in the table"));
    assertEquals(
        List.of(
            new RuleProblem(
                "notes.txt",
                0,
                0,
                "unsupported file type; a rule set accepts " + RuleFile.ACCEPTED_TYPES + " files")),
        e.problems());
  }

  @Test
  void aGlobalTheEngineDoesNotProvideIsRefused() {
    RuleSetCompilationException e =
        failing(drl("audit.drl", "package io.parcours.rules;\nglobal java.util.List audit;\n"));
    RuleProblem p = e.problems().get(0);
    assertEquals("audit.drl", p.file());
    assertEquals(2, p.line());
    assertTrue(p.message().contains("audit"), e.getMessage());
  }

  @Test
  void aRuleSetWithoutTheVerdictGlobalStillEvaluates() throws RuleSetCompilationException {
    RuleEngine plain =
        RuleEngine.compile(
            new RuleSetSource(
                "plain",
                List.of(
                    drl(
                        "noop.drl",
                        "package io.parcours.rules;\nrule \"Seen\" when Customer() then end\n"))));
    RuleEvaluation e = new Scenario().evaluate(plain);
    assertEquals(List.of("Seen"), e.rulesFired());
    assertEquals(Scenario.LIBRARY, e.eligible());
  }

  @Test
  void aCsvDecisionTableCompiles() throws RuleSetCompilationException {
    String csv =
        """
        RuleSet,io.parcours.rules
        Variables,io.parcours.rules.Verdict verdict
        ,
        RuleTable Caps,,
        NAME,CONDITION,ACTION
        ,$c : Candidate,
        ,impressionsLast7Days >= $param,"verdict.exclude($c, ""$param"");"
        Rule,Shown in 7 days at least,Reason
        WeeklyCapTwo,2,shown twice this week
        """;
    RuleEngine table = RuleEngine.compile(new RuleSetSource("csv", List.of(drl("caps.csv", csv))));
    assertEquals(List.of("WeeklyCapTwo"), table.ruleNames());
    RuleEvaluation e =
        new Scenario().shown("savings-account", Channel.WEB, 2, Duration.ofDays(1)).evaluate(table);
    assertEquals("WeeklyCapTwo", e.exclusionOf("savings-account").rule());
    assertEquals("shown twice this week", e.exclusionOf("savings-account").reason());
  }

  @Test
  void rulesReadCustomAttributesAndDerivedFeaturesByName() throws RuleSetCompilationException {
    String drl =
        """
        package io.parcours.rules;
        global Verdict verdict;
        rule "NoUpgradeOnMonthlyContract"
        when
            Customer( attribute("contract") == "Month-to-month", attribute("monthlyCharges") > 50.0 )
            $c : Candidate( id == "savings-account" )
        then
            verdict.exclude($c, "monthly");
        end
        rule "QuietAfterManyLogins"
        when
            Customer( feature("loginsLast7Days") >= 10 )
            $c : Candidate( id == "personal-loan" )
        then
            verdict.exclude($c, "busy");
        end
        """;
    RuleEngine rules =
        RuleEngine.compile(new RuleSetSource("attributes", List.of(drl("attributes.drl", drl))));
    Scenario monthly = new Scenario();
    monthly.attributes.put("contract", "Month-to-month");
    monthly.attributes.put("monthlyCharges", 70.35);
    monthly.features.put("loginsLast7Days", 12.0);
    RuleEvaluation e = monthly.evaluate(rules);
    assertEquals("NoUpgradeOnMonthlyContract", e.exclusionOf("savings-account").rule());
    assertEquals("QuietAfterManyLogins", e.exclusionOf("personal-loan").rule());
    Scenario yearly = new Scenario();
    yearly.attributes.put("contract", "One year");
    yearly.attributes.put("monthlyCharges", 70.35);
    assertNull(yearly.evaluate(rules).exclusionOf("savings-account"));
    assertNull(
        new Scenario().evaluate(rules).exclusionOf("savings-account"),
        "no attribute: no match, no error");
    assertNull(new Scenario().evaluate(rules).exclusionOf("personal-loan"));
  }

  @Test
  void aSpreadsheetThatIsNoSpreadsheetIsReportedByName() {
    RuleSetCompilationException e = failing(drl("caps.xlsx", "caps: 3 a week"));
    assertEquals("caps.xlsx", e.problems().get(0).file());
    assertFalse(e.problems().get(0).message().startsWith("["), e.getMessage());
  }

  @Test
  void aMistakeInADecisionTableIsReportedWithTheTablesName() {
    String csv =
        """
        RuleSet,io.parcours.rules
        Variables,io.parcours.rules.Verdict verdict
        ,
        RuleTable Caps,,
        NAME,CONDITION,ACTION
        ,$c : Candidate,
        ,impressionsThisYear >= $param,"verdict.exclude($c, ""$param"");"
        Rule,Shown this year at least,Reason
        YearlyCap,20,shown 20 times this year
        """;
    RuleSetCompilationException e = failing(drl("yearly-caps.csv", csv));
    assertEquals("yearly-caps.csv", e.problems().get(0).file());
    assertTrue(e.getMessage().contains("impressionsThisYear"), e.getMessage());
  }

  @Test
  void compilingNeedsNoHelpFromTheThreadsClassLoader() throws Exception {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread foreign =
        new Thread(
            () -> {
              try {
                result.set(RuleEngine.compile(RuleSetSource.bundled()));
              } catch (Exception | LinkageError e) {
                result.set(e);
              }
            });
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      foreign.setContextClassLoader(empty);
      foreign.start();
      foreign.join();
    }
    assertTrue(result.get() instanceof RuleEngine, String.valueOf(result.get()));
    assertEquals(bundled.ruleNames(), ((RuleEngine) result.get()).ruleNames());
  }

  // The bundled rule set

  @Test
  void theBundledRuleSetCompilesWithEveryRuleFile() {
    assertEquals("bundled", bundled.version());
    assertEquals(
        List.of(
            "actions.json",
            "applicability.drl",
            "contact-policy.xlsx",
            "context-weights.drl",
            "demo-brand.scenarios",
            "eligibility.drl",
            "event-types.json",
            "journey-stages.drl",
            "journeys.json",
            "quiet-hours.csv",
            "suitability.drl"),
        RuleSetSource.bundled().files().stream().map(RuleFile::name).sorted().toList());
    assertTrue(
        bundled
            .ruleNames()
            .containsAll(
                List.of(
                    "RetentionAtRiskStage",
                    "NoCommercialDuringComplaint",
                    "ActionCapWeb7Days",
                    "RejectedPause30Days",
                    "QuietHoursSms")),
        bundled.ruleNames().toString());
    assertEquals(bundled.ruleNames().stream().sorted().toList(), bundled.ruleNames());
  }

  @Test
  void theChecksumIsStableAndDependsOnContentOnly() {
    RuleSetSource a = RuleSetSource.bundled();
    RuleSetSource b = RuleSetSource.bundled();
    assertEquals(a.checksum(), b.checksum());
    assertTrue(a.checksum().matches("[0-9a-f]{64}"), a.checksum());
    assertEquals(a.checksum(), bundled.checksum());

    List<RuleFile> reversed = new ArrayList<>(a.files());
    java.util.Collections.reverse(reversed);
    assertEquals(a.checksum(), new RuleSetSource("another name", reversed).checksum());

    List<RuleFile> changed = new ArrayList<>(a.files());
    changed.add(drl("extra.drl", "package io.parcours.rules;\n"));
    assertNotEquals(a.checksum(), new RuleSetSource("bundled", changed).checksum());

    RuleFile one = drl("x.drl", "ab");
    RuleFile other = drl("x.dr", "lab");
    assertNotEquals(
        new RuleSetSource("v", List.of(one)).checksum(),
        new RuleSetSource("v", List.of(other)).checksum());
  }

  @Test
  void aRuleSetMayNotContainTheSameFileNameTwice() {
    RuleFile f = drl("a.drl", "package io.parcours.rules;\n");
    assertThrows(IllegalArgumentException.class, () -> new RuleSetSource("v", List.of(f, f)));
  }

  @Test
  void aRuleFileCannotBeChangedAfterItIsMade() {
    byte[] bytes = "package io.parcours.rules;\n".getBytes(StandardCharsets.UTF_8);
    RuleFile f = new RuleFile("a.drl", bytes);
    bytes[0] = 'X';
    f.content()[1] = 'Y';
    assertEquals("package io.parcours.rules;\n", new String(f.content(), StandardCharsets.UTF_8));
  }

  // Evaluating with the whole rule set

  @Test
  void stagesAreFoundFirstThenEligibilityThenContactPolicy() {
    Scenario s =
        new Scenario()
            .holding("current-account", "credit-card")
            .shown("savings-account", Channel.WEB, 3, Duration.ofDays(3));
    s.churnRisk = 0.65;
    RuleEvaluation e = s.evaluate(bundled);
    List<String> fired = e.rulesFired();
    assertEquals(fired.stream().distinct().toList(), fired, "each rule once");
    assertTrue(
        fired.indexOf("RetentionAtRiskStage") < fired.indexOf("AlreadyHoldsProduct"), "" + fired);
    assertTrue(
        fired.indexOf("AlreadyHoldsProduct") < fired.indexOf("ActionCapWeb7Days"), "" + fired);
    assertEquals("at-risk", e.journeyStages().get("retention"));
    assertEquals("AlreadyHoldsProduct", e.exclusionOf("credit-card-classic").rule());
    assertEquals("ActionCapWeb7Days", e.exclusionOf("savings-account").rule());
  }

  @Test
  void anActionBothIneligibleAndCappedIsReportedAsIneligible() {
    Scenario s =
        new Scenario()
            .holding("current-account", "savings-account")
            .shown("savings-account", Channel.WEB, 5, Duration.ofDays(1))
            .responded("savings-account", Outcome.REJECTED, Duration.ofDays(2));
    assertEquals("AlreadyHoldsProduct", s.evaluate(bundled).exclusionOf("savings-account").rule());
  }

  @Test
  void aCustomerWithAnOpenComplaintIsOfferedOnlyHelp() {
    Scenario s = new Scenario().on(Channel.EMAIL, Direction.OUTBOUND);
    s.openComplaint = true;
    RuleEvaluation e = s.evaluate(bundled);
    assertTrue(e.doNothingReason().contains("complaint"));
    assertEquals(
        List.of("card-controls-app", "complaint-follow-up"),
        e.eligible().stream().map(a -> a.id()).toList());
    assertEquals("NoCommercialDuringComplaint", e.exclusionOf("savings-tips").rule());
    assertEquals("complaint", e.journeyStages().get("service"));
  }

  @Test
  void noCandidatesNoHistory() {
    RuleEvaluation e =
        bundled.evaluate(new Scenario().profile(), new Scenario().request(), List.of(), null);
    assertEquals(List.of(), e.eligible());
    assertEquals(List.of(), e.exclusions());
    assertNull(e.doNothingReason());
    assertEquals("keep-in-touch", e.journeyStages().get("lifecycle"));
  }

  @Test
  void theSameActionTwiceAmongCandidatesIsRefused() {
    Scenario s = new Scenario();
    assertThrows(
        IllegalArgumentException.class,
        () -> s.evaluate(bundled, List.of(Scenario.LIBRARY.get(0), Scenario.LIBRARY.get(0))));
  }

  @Test
  void evaluationsInParallelGiveTheSameAnswersAsOneByOne() throws Exception {
    List<Scenario> scenarios = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Scenario s = new Scenario();
      s.churnRisk = (i % 10) / 10.0;
      s.missedPayments = i % 3;
      s.openComplaint = i % 7 == 0;
      s.travellingAbroad = i % 4 == 0;
      s.tenureMonths = i * 3;
      s.channel = Channel.values()[i % Channel.values().length];
      s.direction = i % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND;
      if (i % 5 == 0) {
        s.context("intent", "personal-loan");
      }
      s.shown("savings-account", s.channel, i % 4, Duration.ofDays(i % 9));
      scenarios.add(s);
    }
    List<RuleEvaluation> expected = new ArrayList<>();
    for (Scenario s : scenarios) {
      expected.add(s.evaluate(bundled));
    }

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        tasks.add(
            () -> {
              for (int round = 0; round < 50; round++) {
                for (int k = 0; k < scenarios.size(); k++) {
                  int i = (k + offset * 7 + round) % scenarios.size();
                  assertEquals(
                      expected.get(i), scenarios.get(i).evaluate(bundled), "scenario " + i);
                }
              }
              return true;
            });
      }
      for (Future<Boolean> f : pool.invokeAll(tasks)) {
        assertSame(Boolean.TRUE, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // Statistics and scenarios

  @Test
  void statisticsCountEachFiredRuleAndWhenItLastFired() throws RuleSetCompilationException {
    RuleEngine fresh = RuleEngine.compile(RuleSetSource.bundled());
    Scenario complaint = new Scenario();
    complaint.openComplaint = true;
    complaint.evaluate(fresh);
    complaint.evaluate(fresh);
    new Scenario().evaluate(fresh);
    RuleStatistics stats = fresh.statistics();
    assertEquals(3, stats.evaluations());
    RuleStatistics.RuleFiring complaintRule = firing(stats, "NoCommercialDuringComplaint");
    assertEquals(2, complaintRule.count());
    assertEquals(Scenario.NOW, complaintRule.lastFired());
    RuleStatistics.RuleFiring never = firing(stats, "QuietSundayCalls");
    assertEquals(0, never.count());
    assertNull(never.lastFired());
    assertEquals(
        fresh.ruleNames().size() + ConsentChecks.NAMES.size(),
        stats.firings().size(),
        "every rule and the consent checks the engine makes");
  }

  @Test
  void runningScenariosDoesNotCountInTheStatistics() throws RuleSetCompilationException {
    RuleEngine fresh = RuleEngine.compile(RuleSetSource.bundled());
    fresh.runScenarios(c -> Scenario.LIBRARY, Scenario::findInLibrary);
    assertEquals(0, fresh.statistics().evaluations());
  }

  private static RuleStatistics.RuleFiring firing(RuleStatistics stats, String rule) {
    return stats.firings().stream().filter(f -> f.rule().equals(rule)).findFirst().orElseThrow();
  }
}
