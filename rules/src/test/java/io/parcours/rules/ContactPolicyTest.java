package io.parcours.rules;

import static io.parcours.rules.Scenario.libraryAction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Direction;
import io.parcours.domain.Exclusion;
import io.parcours.domain.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scenarios for the decision table {@code contact-policy.xlsx}: caps, pauses and quiet hours. */
class ContactPolicyTest {

  private static final String OFFER = "savings-account";
  private static final String OTHER = "personal-loan";
  private static final List<Action> CANDIDATES = List.of(libraryAction(OFFER));
  private static final Duration HOURS_AGO_2 = Duration.ofHours(2);

  private static RuleEngine rules;

  @BeforeAll
  static void compile() throws RuleSetCompilationException {
    rules = Scenario.bundledEngine("contact-policy.xlsx");
  }

  private static void assertCappedBy(Scenario s, String rule) {
    RuleEvaluation e = s.evaluate(rules, CANDIDATES);
    Exclusion x = e.exclusionOf(OFFER);
    assertNotNull(x, "the offer should be held back by " + rule);
    assertEquals(rule, x.rule());
    assertTrue(e.eligible().isEmpty());
  }

  private static void assertOffered(Scenario s) {
    RuleEvaluation e = s.evaluate(rules, CANDIDATES);
    assertEquals(List.of(), e.exclusions());
    assertEquals(CANDIDATES, e.eligible());
  }

  @Test
  void theDecisionTableNamesEachRowsRule() {
    assertEquals(
        List.of("ActionCapAllChannels7Days", "ActionCapApp7Days", "ActionCapCallCentre7Days",
            "ActionCapEmail7Days", "ActionCapSms7Days", "ActionCapWeb7Days", "ChannelCapEmailToday",
            "ChannelCapSmsToday", "QuietHoursCallCentre", "QuietHoursSms", "RejectedPause30Days"),
        rules.ruleNames());
  }

  @Test
  void aCustomerNeverContactedMayBeContacted() {
    assertOffered(new Scenario());
  }

  // Weekly cap per action and channel

  @ParameterizedTest(name = "{0}: {1} impressions in 7 days is the cap ({2})")
  @CsvSource({
    "WEB, 3, ActionCapWeb7Days",
    "APP, 3, ActionCapApp7Days",
    "EMAIL, 1, ActionCapEmail7Days",
    "SMS, 1, ActionCapSms7Days",
    "CALL_CENTRE, 2, ActionCapCallCentre7Days"
  })
  void anActionReachingItsWeeklyCapOnAChannelIsHeldBack(Channel channel, int cap, String rule) {
    Direction direction =
        channel == Channel.WEB || channel == Channel.APP ? Direction.INBOUND : Direction.OUTBOUND;
    Duration threeDaysAgo = Duration.ofDays(3);
    assertCappedBy(new Scenario().on(channel, direction).shown(OFFER, channel, cap, threeDaysAgo), rule);
    assertOffered(new Scenario().on(channel, direction).shown(OFFER, channel, cap - 1, threeDaysAgo));
  }

  @Test
  void impressionsOlderThanSevenDaysNoLongerCount() {
    Scenario s =
        new Scenario()
            .shown(OFFER, Channel.WEB, 2, Duration.ofDays(1))
            .shown(OFFER, Channel.WEB, 1, Duration.ofDays(7).plusMinutes(1));
    assertOffered(s);
    s.shown(OFFER, Channel.WEB, 1, Duration.ofDays(7));
    assertCappedBy(s, "ActionCapWeb7Days");
  }

  @Test
  void impressionsOnAnotherChannelDoNotCountTowardsThisChannelsCap() {
    Scenario s =
        new Scenario()
            .on(Channel.EMAIL, Direction.OUTBOUND)
            .shown(OFFER, Channel.WEB, 3, Duration.ofDays(1));
    assertOffered(s);
  }

  @Test
  void impressionsOfOtherActionsDoNotCountTowardsAnActionsCap() {
    Scenario s = new Scenario().shown(OTHER, Channel.WEB, 3, Duration.ofDays(1));
    assertOffered(s);
  }

  // Daily cap per channel, all actions

  @Test
  void twoEmailsTodayAreTheDailyEmailCap() {
    Scenario two =
        new Scenario().on(Channel.EMAIL, Direction.OUTBOUND).shown(OTHER, Channel.EMAIL, 2, HOURS_AGO_2);
    assertCappedBy(two, "ChannelCapEmailToday");

    Scenario one =
        new Scenario().on(Channel.EMAIL, Direction.OUTBOUND).shown(OTHER, Channel.EMAIL, 1, HOURS_AGO_2);
    assertOffered(one);
  }

  @Test
  void todayIsTheCustomersCalendarDay() {
    // 11:00 in Paris: e-mails sent at 23:30 the evening before were sent yesterday.
    Scenario s =
        new Scenario()
            .on(Channel.EMAIL, Direction.OUTBOUND)
            .shown(OTHER, Channel.EMAIL, 2, Duration.ofHours(11).plusMinutes(30));
    assertOffered(s);
    // 00:30 in Paris is already today.
    s.shown(OTHER, Channel.EMAIL, 2, Duration.ofHours(10).plusMinutes(30));
    assertCappedBy(s, "ChannelCapEmailToday");
  }

  @Test
  void oneSmsTodayIsTheDailySmsCap() {
    Scenario today =
        new Scenario().on(Channel.SMS, Direction.OUTBOUND).shown(OTHER, Channel.SMS, 1, HOURS_AGO_2);
    assertCappedBy(today, "ChannelCapSmsToday");
    Scenario yesterday =
        new Scenario().on(Channel.SMS, Direction.OUTBOUND).shown(OTHER, Channel.SMS, 1, Duration.ofDays(1));
    assertOffered(yesterday);
  }

  @Test
  void theWebHasNoDailyCapAcrossActions() {
    assertOffered(new Scenario().shown(OTHER, Channel.WEB, 20, HOURS_AGO_2));
  }

  // Weekly cap per action, all channels

  @Test
  void fiveImpressionsOfAnActionAcrossChannelsInAWeekAreTheCap() {
    Scenario five =
        new Scenario()
            .shown(OFFER, Channel.WEB, 2, Duration.ofDays(2))
            .shown(OFFER, Channel.APP, 2, Duration.ofDays(2))
            .shown(OFFER, Channel.EMAIL, 1, Duration.ofDays(6));
    assertCappedBy(five, "ActionCapAllChannels7Days");

    Scenario four =
        new Scenario()
            .shown(OFFER, Channel.WEB, 2, Duration.ofDays(2))
            .shown(OFFER, Channel.APP, 2, Duration.ofDays(2));
    assertOffered(four);
  }

  // Pause after a rejection

  @Test
  void anActionRejected29DaysAgoIsStillPaused() {
    Scenario s = new Scenario().responded(OFFER, Outcome.REJECTED, Duration.ofDays(29));
    assertCappedBy(s, "RejectedPause30Days");
  }

  @Test
  void anActionRejected31DaysAgoMayBeOfferedAgain() {
    assertOffered(new Scenario().responded(OFFER, Outcome.REJECTED, Duration.ofDays(31)));
  }

  @Test
  void thePauseEndsAfterThirtyWholeDays() {
    assertCappedBy(
        new Scenario().responded(OFFER, Outcome.REJECTED, Duration.ofDays(30).minusMinutes(1)),
        "RejectedPause30Days");
    assertOffered(new Scenario().responded(OFFER, Outcome.REJECTED, Duration.ofDays(30)));
  }

  @Test
  void theLatestRejectionCounts() {
    Scenario s =
        new Scenario()
            .responded(OFFER, Outcome.REJECTED, Duration.ofDays(31))
            .responded(OFFER, Outcome.REJECTED, Duration.ofDays(3));
    assertCappedBy(s, "RejectedPause30Days");
  }

  @Test
  void otherResponsesAndOtherActionsDoNotPause() {
    Scenario s =
        new Scenario()
            .responded(OFFER, Outcome.IGNORED, Duration.ofDays(2))
            .responded(OFFER, Outcome.CLICKED, Duration.ofDays(2))
            .responded(OTHER, Outcome.REJECTED, Duration.ofDays(2));
    assertOffered(s);
  }

  // Quiet hours for outbound contact

  private static Scenario outboundAtParisTime(Channel channel, String localTime) {
    Scenario s = new Scenario().on(channel, Direction.OUTBOUND);
    // Paris is UTC+1 in March before the switch to summer time.
    s.at = Instant.parse("2026-03-11T" + localTime + ":00Z").minus(Duration.ofHours(1));
    return s;
  }

  @Test
  void noSmsBeforeEightOrFromNineInTheEvening() {
    assertCappedBy(outboundAtParisTime(Channel.SMS, "07:59"), "QuietHoursSms");
    assertOffered(outboundAtParisTime(Channel.SMS, "08:00"));
    assertOffered(outboundAtParisTime(Channel.SMS, "20:59"));
    assertCappedBy(outboundAtParisTime(Channel.SMS, "21:00"), "QuietHoursSms");
  }

  @Test
  void noCallBeforeNineOrFromEightInTheEvening() {
    assertCappedBy(outboundAtParisTime(Channel.CALL_CENTRE, "08:59"), "QuietHoursCallCentre");
    assertOffered(outboundAtParisTime(Channel.CALL_CENTRE, "09:00"));
    assertOffered(outboundAtParisTime(Channel.CALL_CENTRE, "19:59"));
    assertCappedBy(outboundAtParisTime(Channel.CALL_CENTRE, "20:00"), "QuietHoursCallCentre");
  }

  @Test
  void quietHoursFollowTheCustomersClock() {
    // On 11 March 2026 New York is already on summer time: 14:00 in Paris is 09:00 there.
    Scenario s = outboundAtParisTime(Channel.CALL_CENTRE, "13:59");
    s.timeZone = "America/New_York";
    assertCappedBy(s, "QuietHoursCallCentre");
    s.timeZone = "Europe/Paris";
    assertOffered(s);
  }

  @Test
  void quietHoursDoNotApplyWhenTheCustomerComesToUs() {
    Scenario s = outboundAtParisTime(Channel.CALL_CENTRE, "22:00");
    s.direction = Direction.INBOUND;
    assertOffered(s);
  }

  @Test
  void emailHasNoQuietHours() {
    assertOffered(outboundAtParisTime(Channel.EMAIL, "03:00"));
  }
}
