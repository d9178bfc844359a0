package io.parcours.rules;

import static io.parcours.rules.Scenario.libraryActions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.Direction;
import io.parcours.domain.Purpose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scenarios for {@code consent.drl}: the customer's consents per channel and purpose. */
class ConsentTest {

  private static RuleEngine rules;

  @BeforeAll
  static void compile() throws RuleSetCompilationException {
    rules = Scenario.bundledEngine("consent.drl");
  }

  private static String excludedBy(Scenario s, String actionId) {
    var x = s.evaluate(rules, libraryActions(actionId)).exclusionOf(actionId);
    return x == null ? null : x.rule();
  }

  @Test
  void noOutboundMarketingOnAChannelWithoutMarketingConsent() {
    Scenario s = new Scenario().on(Channel.SMS, Direction.OUTBOUND).withdrawing(Channel.SMS, Purpose.MARKETING);
    assertEquals("NoContactWithoutConsent", excludedBy(s, "savings-account"));
    assertNull(excludedBy(s, "payment-reminder"), "a service message needs service consent only");
  }

  @Test
  void noOutboundServiceMessageWithoutServiceConsent() {
    Scenario s = new Scenario().on(Channel.SMS, Direction.OUTBOUND).withdrawing(Channel.SMS, Purpose.SERVICE);
    assertEquals("NoContactWithoutConsent", excludedBy(s, "payment-reminder"));
    assertNull(excludedBy(s, "savings-account"));
  }

  @Test
  void consentIsPerChannel() {
    Scenario s = new Scenario().on(Channel.EMAIL, Direction.OUTBOUND).withdrawing(Channel.SMS, Purpose.MARKETING);
    assertNull(excludedBy(s, "savings-account"));
  }

  @Test
  void evenAMandatoryNoticeNeedsConsentToTheChannel() {
    Scenario s = new Scenario().holding("current-account", "credit-card")
        .on(Channel.EMAIL, Direction.OUTBOUND).withdrawing(Channel.EMAIL, Purpose.SERVICE);
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
    assertNull(excludedBy(s, "savings-account"), "the customer came to us: profiling consent decides");
  }

  @Test
  void theReasonNamesThePurposeAndTheChannel() {
    Scenario s = new Scenario().on(Channel.SMS, Direction.OUTBOUND).withdrawing(Channel.SMS, Purpose.MARKETING);
    String reason = s.evaluate(rules, libraryActions("savings-account")).exclusionOf("savings-account").reason();
    assertTrue(reason.contains("marketing") && reason.contains("sms"), reason);
  }
}
