package io.parcours.rules;

import static io.parcours.rules.Scenario.libraryActions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.Direction;
import io.parcours.domain.Purpose;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenarios for the consent checks the engine makes on every decision: the customer's consents per
 * channel and purpose hold whatever the rule set says, here with a rule set that has no consent
 * rule at all.
 */
class ConsentTest {

  private static RuleEngine rules;

  @BeforeAll
  static void compile() throws RuleSetCompilationException {
    rules =
        RuleEngine.compile(
            new RuleSetSource(
                "no-consent-rule",
                List.of(
                    new RuleFile(
                        "weights.drl",
                        """
                        package io.parcours.rules;
                        global Verdict verdict;
                        rule "EveryoneWeighsTheSame"
                        when
                            $c : Candidate()
                        then
                            verdict.weigh($c, 1.0);
                        end
                        """
                            .getBytes(StandardCharsets.UTF_8)))));
  }

  @Test
  void aRuleSetWithoutAnyConsentRuleStillExcludesWhatTheCustomerDidNotConsentTo() {
    assertTrue(
        rules.ruleNames().equals(List.of("EveryoneWeighsTheSame")), rules.ruleNames().toString());
    Scenario s =
        new Scenario()
            .on(Channel.SMS, Direction.OUTBOUND)
            .withdrawing(Channel.SMS, Purpose.MARKETING);
    RuleEvaluation e = s.evaluate(rules, libraryActions("savings-account", "payment-reminder"));
    assertEquals("NoContactWithoutConsent", e.exclusionOf("savings-account").rule());
    assertEquals(
        "no consent to marketing contact by sms", e.exclusionOf("savings-account").reason());
    assertTrue(e.isEligible("payment-reminder"));
    assertTrue(e.rulesFired().contains("NoContactWithoutConsent"), e.rulesFired().toString());
    assertTrue(
        rules.statistics().firings().stream()
            .anyMatch(f -> f.rule().equals("NoContactWithoutConsent") && f.count() > 0));
  }

  @Test
  void anEarlierRuleKeepsItsNameAndALaterOneGivesWayToConsent() throws RuleSetCompilationException {
    RuleEngine bundled = RuleEngine.compile(RuleSetSource.bundled());
    Scenario holder =
        new Scenario()
            .on(Channel.SMS, Direction.OUTBOUND)
            .withdrawing(Channel.SMS, Purpose.MARKETING)
            .holding("current-account", "savings-account");
    assertEquals(
        "AlreadyHoldsProduct",
        holder
            .evaluate(bundled, libraryActions("savings-account"))
            .exclusionOf("savings-account")
            .rule(),
        "an eligibility rule (salience 0) fired before consent did");
    Scenario capped =
        new Scenario()
            .on(Channel.SMS, Direction.OUTBOUND)
            .withdrawing(Channel.SMS, Purpose.MARKETING)
            .shown("savings-account", Channel.SMS, 1, Duration.ofDays(2));
    assertEquals(
        "NoContactWithoutConsent",
        capped
            .evaluate(bundled, libraryActions("savings-account"))
            .exclusionOf("savings-account")
            .rule(),
        "the contact policy (salience -10) fires after consent");
  }

  private static String excludedBy(Scenario s, String actionId) {
    var x = s.evaluate(rules, libraryActions(actionId)).exclusionOf(actionId);
    return x == null ? null : x.rule();
  }

  @Test
  void noOutboundMarketingOnAChannelWithoutMarketingConsent() {
    Scenario s =
        new Scenario()
            .on(Channel.SMS, Direction.OUTBOUND)
            .withdrawing(Channel.SMS, Purpose.MARKETING);
    assertEquals("NoContactWithoutConsent", excludedBy(s, "savings-account"));
    assertNull(excludedBy(s, "payment-reminder"), "a service message needs service consent only");
  }

  @Test
  void noOutboundServiceMessageWithoutServiceConsent() {
    Scenario s =
        new Scenario()
            .on(Channel.SMS, Direction.OUTBOUND)
            .withdrawing(Channel.SMS, Purpose.SERVICE);
    assertEquals("NoContactWithoutConsent", excludedBy(s, "payment-reminder"));
    assertNull(excludedBy(s, "savings-account"));
  }

  @Test
  void consentIsPerChannel() {
    Scenario s =
        new Scenario()
            .on(Channel.EMAIL, Direction.OUTBOUND)
            .withdrawing(Channel.SMS, Purpose.MARKETING);
    assertNull(excludedBy(s, "savings-account"));
  }

  @Test
  void evenAMandatoryNoticeNeedsConsentToTheChannel() {
    Scenario s =
        new Scenario()
            .holding("current-account", "credit-card")
            .on(Channel.EMAIL, Direction.OUTBOUND)
            .withdrawing(Channel.EMAIL, Purpose.SERVICE);
    assertEquals("NoContactWithoutConsent", excludedBy(s, "card-terms-notice"));
  }

  @Test
  void inboundOffersChosenForTheCustomerNeedProfilingConsent() {
    Scenario s = new Scenario();
    for (Channel c : Channel.values()) {
      s.withdrawing(c, Purpose.PROFILING);
    }
    assertEquals("NoPersonalisedOffersWithoutProfilingConsent", excludedBy(s, "savings-account"));
    assertNull(excludedBy(s, "card-controls-app"), "service help is still shown");
  }

  @Test
  void inboundNeedsNoContactConsentToTheChannel() {
    Scenario s = new Scenario().withdrawing(Channel.WEB, Purpose.MARKETING);
    assertNull(
        excludedBy(s, "savings-account"), "the customer came to us: profiling consent decides");
  }

  @Test
  void theReasonNamesThePurposeAndTheChannel() {
    Scenario s =
        new Scenario()
            .on(Channel.SMS, Direction.OUTBOUND)
            .withdrawing(Channel.SMS, Purpose.MARKETING);
    String reason =
        s.evaluate(rules, libraryActions("savings-account"))
            .exclusionOf("savings-account")
            .reason();
    assertTrue(reason.contains("marketing") && reason.contains("sms"), reason);
  }
}
