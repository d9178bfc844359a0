package io.parcours.rules;

import static io.parcours.rules.Scenario.libraryActions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An evaluation stops at its limits: a cross product of candidates for one customer, or rules that
 * keep naming new stages, are cut short with the rule that was firing named, and its file and line
 * found.
 */
class EvaluationLimitsTest {

  private static final String CROSS_PRODUCT =
      """
      package io.parcours.rules;
      global Verdict verdict;

      rule "EveryTripleOfOffers"
      when
          Customer( age == 35 )
          $a : Candidate()
          $b : Candidate()
          $c : Candidate()
      then
          verdict.weigh($a, 1.0);
      end
      """;

  private static RuleEngine compile(String drl, EvaluationLimits limits)
      throws RuleSetCompilationException {
    return RuleEngine.compile(
        new RuleSetSource(
            "limits", List.of(new RuleFile("cross.drl", drl.getBytes(StandardCharsets.UTF_8)))),
        limits);
  }

  @Test
  void aCrossProductIsStoppedAtTheFiringLimitAndTheRuleIsNamedWithItsFileAndLine()
      throws RuleSetCompilationException {
    RuleEngine engine = compile(CROSS_PRODUCT, new EvaluationLimits(100, 60_000));
    Scenario s = new Scenario();
    EvaluationLimitExceededException e =
        assertThrows(
            EvaluationLimitExceededException.class, () -> s.evaluate(engine, Scenario.LIBRARY));
    assertEquals("EveryTripleOfOffers", e.rule());
    assertTrue(
        e.getMessage().contains("more than 100 rule firings for one decision"), e.getMessage());
    RuleProblem p = engine.problem(e);
    assertEquals("cross.drl", p.file());
    assertEquals(4, p.line());
  }

  @Test
  void aCustomerTheRuleDoesNotConcernIsDecidedAsUsual() throws RuleSetCompilationException {
    RuleEngine engine = compile(CROSS_PRODUCT, new EvaluationLimits(100, 60_000));
    Scenario other = new Scenario();
    other.age = 50;
    assertEquals(Scenario.LIBRARY, other.evaluate(engine, Scenario.LIBRARY).eligible());
  }

  @Test
  void aSlowEvaluationIsStoppedAtTheTimeLimitOnceTheRuleSetIsWarm()
      throws RuleSetCompilationException {
    RuleEngine engine = compile(CROSS_PRODUCT, new EvaluationLimits(Long.MAX_VALUE, 1));
    Scenario other = new Scenario();
    other.age = 50;
    other.evaluate(engine, Scenario.LIBRARY);
    // The first evaluation finished, however long it took; the next one is timed, and firing once
    // per
    // triple of the test library's offers takes far more than 1 ms.
    EvaluationLimitExceededException e =
        assertThrows(
            EvaluationLimitExceededException.class,
            () -> new Scenario().evaluate(engine, Scenario.LIBRARY));
    assertTrue(e.getMessage().contains("more than 1 ms of rules for one decision"), e.getMessage());
  }

  @Test
  void theFirstEvaluationOfAColdRuleSetIsHeldToTheFiringLimitOnly()
      throws RuleSetCompilationException {
    RuleEngine engine = compile(CROSS_PRODUCT, new EvaluationLimits(Long.MAX_VALUE, 1));
    assertEquals(Scenario.LIBRARY, new Scenario().evaluate(engine, Scenario.LIBRARY).eligible());
  }

  @Test
  void rulesThatKeepNamingNewStagesAreStopped() throws RuleSetCompilationException {
    RuleEngine engine =
        compile(
            """
            package io.parcours.rules;
            global Verdict verdict;

            rule "Start"
            when
                Customer()
            then
                verdict.stage("j", "s");
            end

            rule "OneMore"
            when
                $s : JourneyStage()
            then
                verdict.stage($s.getJourney() + "j", "s");
            end
            """,
            // Below the 63 firings after which the journey id would pass 64 characters.
            new EvaluationLimits(50, 60_000));
    EvaluationLimitExceededException e =
        assertThrows(EvaluationLimitExceededException.class, () -> new Scenario().evaluate(engine));
    assertEquals("OneMore", e.rule());
  }

  @Test
  void aStageIdThatKeepsGrowingIsRefusedBeforeItExhaustsMemory()
      throws RuleSetCompilationException {
    RuleEngine engine =
        compile(
            """
            package io.parcours.rules;
            global Verdict verdict;

            rule "Start"
            when
                Customer()
            then
                verdict.stage("j", "s");
            end

            rule "Double"
            when
                $s : JourneyStage()
            then
                verdict.stage($s.getJourney() + $s.getJourney(), "s");
            end
            """,
            EvaluationLimits.DEFAULT);
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> new Scenario().evaluate(engine));
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains("at most 64 characters"), cause.toString());
  }

  @Test
  void theDefaultLimitsLeaveTheShippedRuleSetAlone() throws RuleSetCompilationException {
    RuleEngine bundled = RuleEngine.compile(RuleSetSource.bundled());
    assertEquals(EvaluationLimits.DEFAULT, bundled.limits());
    assertTrue(
        new Scenario()
            .evaluate(bundled, libraryActions("savings-account"))
            .isEligible("savings-account"));
  }
}
