package io.parcours.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.Direction;
import io.parcours.domain.Outcome;
import io.parcours.domain.Purpose;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading and running {@code .scenarios} files, the business users' tests of a rule set. */
class ScenarioFileTest {

  private static RuleFile file(String text) {
    return new RuleFile("my.scenarios", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aScenarioIsReadWithItsCustomerQuestionHistoryAndExpectations() throws Exception {
    List<RuleScenario> read =
        ScenarioFile.parse(
            file(
                "# comment\n\nscenario: in difficulty\n"
                    + "customer: missedPayments=2, products=current-account personal-loan, openComplaint=no, timeZone=Asia/Tokyo\n"
                    + "consents: sms:service email:marketing\n"
                    + "decide: sms outbound\n"
                    + "context: intent=personal-loan, page=home\n"
                    + "at: 2026-03-11T21:30:00Z\n"
                    + "shown: reduced-instalments on app 2 times 3 days ago\n"
                    + "responded: payment-holiday rejected on web 10 days ago\n"
                    + "expect eligible: reduced-instalments, payment-reminder\n"
                    + "expect excluded: personal-loan by NoSalesInDifficulty\n"
                    + "expect stage: resilience = in-difficulty\n"
                    + "expect no stage: retention\n"
                    + "expect weight: reduced-instalments = 2\n"
                    + "expect do nothing: no\n"),
            "v");
    assertEquals(1, read.size());
    RuleScenario s = read.get(0);
    assertEquals(3, s.line());
    assertEquals("in difficulty", s.name());
    assertEquals(2, s.profile().missedPayments());
    assertEquals(Set.of("current-account", "personal-loan"), s.profile().products());
    assertEquals("Asia/Tokyo", s.profile().timeZone());
    assertEquals(
        Set.of(
            new Consent(Channel.SMS, Purpose.SERVICE),
            new Consent(Channel.EMAIL, Purpose.MARKETING)),
        s.profile().consents());
    assertEquals(Channel.SMS, s.request().channel());
    assertEquals(Direction.OUTBOUND, s.request().direction());
    assertEquals("home", s.request().context().get("page"));
    Instant at = Instant.parse("2026-03-11T21:30:00Z");
    assertEquals(at, s.request().at());
    assertEquals(2, s.history().impressions().size());
    assertEquals(at.minusSeconds(3 * 86_400), s.history().impressions().get(0).at());
    assertEquals(Outcome.REJECTED, s.history().responses().get(0).outcome());
    assertEquals(Channel.WEB, s.history().responses().get(0).channel());
    assertEquals(7, s.expectations().size());
    assertEquals(
        new RuleScenario.Excluded(12, "personal-loan", "NoSalesInDifficulty"),
        s.expectations().get(2));
    assertEquals(new RuleScenario.DoNothing(16, false), s.expectations().get(6));
  }

  @Test
  void everyUnreadableLineIsReportedWithItsNumber() {
    RuleSetCompilationException e =
        assertThrows(
            RuleSetCompilationException.class,
            () ->
                ScenarioFile.parse(
                    file(
                        "customer: age=30\nscenario: x\ncustomer: height=2\ndecide: fax inbound\n"
                            + "shown: a on web yesterday\nexpect eligible: a\nscenario: nothing expected\n"),
                    "v"));
    List<Integer> lines = e.problems().stream().map(RuleProblem::line).toList();
    assertEquals(List.of(1, 3, 4, 5, 7), lines);
    assertTrue(e.problems().get(1).message().contains("unknown customer attribute 'height'"));
    assertTrue(e.problems().get(2).message().contains("unknown channel 'fax'"));
    assertTrue(e.problems().get(3).message().contains("'yesterday' is not a time ago"));
    assertTrue(e.problems().get(4).message().contains("expects nothing"));
  }

  @Test
  void aRuleSetWithAnUnreadableScenarioDoesNotCompile() {
    RuleSetSource source =
        new RuleSetSource("v", List.of(file("scenario: x\nexpect stage: retention\n")));
    RuleSetCompilationException e =
        assertThrows(RuleSetCompilationException.class, () -> RuleEngine.compile(source));
    assertEquals("my.scenarios", e.problems().get(0).file());
    assertEquals(2, e.problems().get(0).line());
  }

  @Test
  void aFailingScenarioSaysWhatWasExpectedAndWhatTheRulesConcluded() throws Exception {
    RuleSetSource source =
        new RuleSetSource(
            "v",
            List.of(
                RuleSetSource.bundled().file("journey-stages.drl").orElseThrow(),
                RuleSetSource.bundled().file("applicability.drl").orElseThrow(),
                file(
                    "scenario: right\ncustomer: missedPayments=2\nexpect eligible: reduced-instalments\n"
                        + "\nscenario: wrong\ncustomer: missedPayments=1\nexpect eligible: reduced-instalments\n"
                        + "expect stage: resilience = in-difficulty\nexpect eligible: no-such-action\n")));
    RuleEngine engine = RuleEngine.compile(source);
    ScenarioReport report = engine.runScenarios(c -> Scenario.LIBRARY, Scenario::findInLibrary);
    assertEquals(1, report.passed());
    ScenarioReport.ScenarioResult wrong = report.failures().get(0);
    assertEquals("wrong", wrong.name());
    assertEquals(5, wrong.line());
    assertEquals(3, wrong.failures().size());
    assertTrue(
        wrong
            .failures()
            .get(0)
            .startsWith(
                "my.scenarios:7: expected eligible: reduced-instalments, but it was excluded by ActionOnlyInItsStages"),
        wrong.failures().get(0));
    assertTrue(
        wrong
            .failures()
            .get(1)
            .contains("the customer is at stage early-difficulty (ResilienceEarlyDifficultyStage)"),
        wrong.failures().get(1));
    assertTrue(
        wrong.failures().get(2).contains("no-such-action is not an action offered on web"),
        wrong.failures().get(2));
  }
}
