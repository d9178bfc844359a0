package io.parcours.rules;

import static io.parcours.rules.Scenario.libraryActions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.Direction;
import io.parcours.domain.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenarios for the decision table {@code contact-policy.xlsx}: caps per action, group, channel and
 * overall per day, 7 and 30 days; suppression of unanswered actions; the pause after a rejection;
 * and mandatory notices, which are exempt.
 */
class ContactPolicyTest {

  private static final Duration DAY = Duration.ofDays(1);
  private static RuleEngine rules;

  @BeforeAll
  static void compile() throws RuleSetCompilationException {
    rules = Scenario.bundledEngine("contact-policy.xlsx");
  }

  /** The rule that held {@code actionId} back, or null when it may be shown. */
  private static String excludedBy(Scenario s, String actionId) {
    var e = s.evaluate(rules, libraryActions(actionId));
    var x = e.exclusionOf(actionId);
    return x == null ? null : x.rule();
  }

  /** As {@link #excludedBy}, with impressions of other library actions counted for their group. */
  private static String excludedWithLibrary(Scenario s, String actionId) {
    var e =
        rules.evaluate(
            s.profile(),
            s.request(),
            libraryActions(actionId),
            s.history(),
            Scenario::findInLibrary);
    var x = e.exclusionOf(actionId);
    return x == null ? null : x.rule();
  }

  @Test
  void theTableNamesEachRowsRule() {
    assertEquals(
        List.of(
            "ActionCapAllChannels30Days",
            "ActionCapAllChannels7Days",
            "ActionCapApp7Days",
            "ActionCapCallCentre7Days",
            "ActionCapEmail7Days",
            "ActionCapSms7Days",
            "ActionCapToday",
            "ActionCapWeb7Days",
            "ChannelCapCallCentreMonth",
            "ChannelCapEmailToday",
            "ChannelCapEmailWeek",
            "ChannelCapSmsToday",
            "ChannelCapSmsWeek",
            "GroupCapMonth",
            "GroupCapToday",
            "GroupCapWeek",
            "OverallMarketingCapMonth",
            "OverallMarketingCapToday",
            "OverallMarketingCapWeek",
            "RejectedPause30Days",
            "UnansweredPause14Days"),
        rules.ruleNames());
  }

  @Test
  void aCustomerNeverContactedMayBeContacted() {
    assertNull(excludedBy(new Scenario(), "savings-account"));
  }

  // Per action

  @Test
  void theWebCapHoldsAnOfferBackExactlyAtThreeImpressionsInSevenDays() {
    Scenario two = new Scenario().shown("savings-account", Channel.WEB, 2, DAY.multipliedBy(3));
    assertNull(excludedBy(two, "savings-account"));
    Scenario three = new Scenario().shown("savings-account", Channel.WEB, 3, DAY.multipliedBy(3));
    assertEquals("ActionCapWeb7Days", excludedBy(three, "savings-account"));
  }

  @Test
  void impressionsOlderThanSevenDaysNoLongerCountForTheWeeklyCap() {
    Scenario s =
        new Scenario().shown("savings-account", Channel.WEB, 3, DAY.multipliedBy(7).plusMinutes(1));
    assertNull(excludedBy(s, "savings-account"));
  }

  @Test
  void anActionIsShownAtMostTwiceADayAcrossChannels() {
    Scenario s =
        new Scenario()
            .shown("savings-account", Channel.WEB, 1, Duration.ofHours(1))
            .shown("savings-account", Channel.APP, 1, Duration.ofHours(2));
    assertEquals("ActionCapToday", excludedBy(s, "savings-account"));
  }

  @Test
  void impressionsRecordedAfterTheRequestsInstantCountAsMadeNow() {
    // Two decisions for one customer: the second request's instant is a few milliseconds before the
    // first decision recorded its impressions, as when it waited for that decision.
    Scenario s = new Scenario().shown("savings-account", Channel.WEB, 2, Duration.ofMillis(-5));
    assertEquals("ActionCapToday", excludedBy(s, "savings-account"));
  }

  @Test
  void todayStartsAtMidnightOnTheCustomersClock() {
    // 15:30 UTC is 00:30 the next day in Tokyo: impressions at 14:30 UTC were yesterday there.
    Scenario yesterday = new Scenario();
    yesterday.timeZone = "Asia/Tokyo";
    yesterday.at = Instant.parse("2026-03-11T15:30:00Z");
    yesterday.shown("savings-account", Channel.APP, 2, Duration.ofHours(1));
    assertNull(excludedBy(yesterday, "savings-account"));

    Scenario today = new Scenario();
    today.timeZone = "Asia/Tokyo";
    today.at = Instant.parse("2026-03-11T15:30:00Z");
    today.shown("savings-account", Channel.APP, 2, Duration.ofMinutes(20));
    assertEquals("ActionCapToday", excludedBy(today, "savings-account"));
  }

  @Test
  void fiveImpressionsAcrossChannelsInSevenDaysCapAnAction() {
    Scenario s =
        new Scenario()
            .shown("savings-account", Channel.APP, 2, DAY.multipliedBy(3))
            .shown("savings-account", Channel.EMAIL, 1, DAY.multipliedBy(3))
            .shown("savings-account", Channel.SMS, 1, DAY.multipliedBy(4))
            .shown("savings-account", Channel.WEB, 1, DAY.multipliedBy(5));
    assertEquals("ActionCapAllChannels7Days", excludedBy(s, "savings-account"));
  }

  @Test
  void twelveImpressionsInThirtyDaysCapAnActionEvenWhenAnswered() {
    Scenario eleven =
        new Scenario()
            .shown("savings-account", Channel.APP, 11, DAY.multipliedBy(10))
            .responded("savings-account", Outcome.CLICKED, DAY.multipliedBy(9));
    assertNull(excludedBy(eleven, "savings-account"));
    Scenario twelve =
        new Scenario()
            .shown("savings-account", Channel.APP, 12, DAY.multipliedBy(10))
            .responded("savings-account", Outcome.CLICKED, DAY.multipliedBy(9));
    assertEquals("ActionCapAllChannels30Days", excludedBy(twelve, "savings-account"));
  }

  // Per group

  @Test
  void offersOfTheSameProductLineCountTogether() {
    Scenario today =
        new Scenario().shown("credit-card-premium", Channel.APP, 3, Duration.ofHours(1));
    assertEquals("GroupCapToday", excludedWithLibrary(today, "credit-card-classic"));
    Scenario week =
        new Scenario().shown("credit-card-premium", Channel.APP, 8, DAY.multipliedBy(2));
    assertEquals("GroupCapWeek", excludedWithLibrary(week, "credit-card-classic"));
    Scenario month =
        new Scenario()
            .shown("credit-card-premium", Channel.APP, 20, DAY.multipliedBy(10))
            .responded("credit-card-premium", Outcome.CLICKED, DAY.multipliedBy(9));
    assertEquals("GroupCapMonth", excludedWithLibrary(month, "credit-card-classic"));
  }

  @Test
  void groupCapsAreForMarketingNotForServiceHelp() {
    Scenario s = new Scenario().shown("travel-card-abroad", Channel.APP, 3, Duration.ofHours(1));
    assertNull(excludedWithLibrary(s, "atm-abroad-finder"));
  }

  // Per channel

  @Test
  void atMostTwoEmailsAndOneSmsADay() {
    Scenario emails =
        new Scenario()
            .on(Channel.EMAIL, Direction.OUTBOUND)
            .shown("savings-tips", Channel.EMAIL, 1, Duration.ofHours(2))
            .shown("personal-loan", Channel.EMAIL, 1, Duration.ofHours(1));
    assertEquals("ChannelCapEmailToday", excludedBy(emails, "savings-account"));
    Scenario sms =
        new Scenario()
            .on(Channel.SMS, Direction.OUTBOUND)
            .shown("payment-reminder", Channel.SMS, 1, Duration.ofHours(1));
    assertEquals("ChannelCapSmsToday", excludedBy(sms, "savings-account"));
  }

  @Test
  void atMostFiveEmailsAndThreeSmsAWeek() {
    Scenario emails =
        new Scenario()
            .on(Channel.EMAIL, Direction.OUTBOUND)
            .shown("savings-tips", Channel.EMAIL, 1, DAY.multipliedBy(2))
            .shown("personal-loan", Channel.EMAIL, 1, DAY.multipliedBy(3))
            .shown("home-insurance", Channel.EMAIL, 1, DAY.multipliedBy(4))
            .shown("travel-insurance", Channel.EMAIL, 1, DAY.multipliedBy(5))
            .shown("loyalty-bonus", Channel.EMAIL, 1, DAY.multipliedBy(6));
    assertEquals("ChannelCapEmailWeek", excludedBy(emails, "savings-account"));
    Scenario sms =
        new Scenario()
            .on(Channel.SMS, Direction.OUTBOUND)
            .shown("payment-reminder", Channel.SMS, 1, DAY.multipliedBy(2))
            .shown("travel-card-abroad", Channel.SMS, 1, DAY.multipliedBy(3))
            .shown("travel-insurance", Channel.SMS, 1, DAY.multipliedBy(4));
    assertEquals("ChannelCapSmsWeek", excludedBy(sms, "savings-account"));
  }

  @Test
  void atMostFourSalesCallsAMonthButServiceCallsAreNotCounted() {
    Scenario s =
        new Scenario()
            .on(Channel.CALL_CENTRE, Direction.OUTBOUND)
            .shown("fee-waiver", Channel.CALL_CENTRE, 1, DAY.multipliedBy(10))
            .shown("loyalty-bonus", Channel.CALL_CENTRE, 1, DAY.multipliedBy(12))
            .shown("home-insurance", Channel.CALL_CENTRE, 1, DAY.multipliedBy(14))
            .shown("personal-loan", Channel.CALL_CENTRE, 1, DAY.multipliedBy(16));
    assertEquals("ChannelCapCallCentreMonth", excludedBy(s, "savings-account"));
    assertNull(excludedBy(s, "debt-advice-call"));
  }

  // Overall

  private static Scenario contents(int n, Duration ago) {
    Scenario s = new Scenario();
    for (int i = 0; i < n; i++) {
      s.shown("article-" + i, i % 2 == 0 ? Channel.WEB : Channel.APP, 1, ago);
    }
    return s;
  }

  @Test
  void marketingStopsAtEightContactsADayThirtyAWeekNinetyAMonth() {
    assertNull(excludedBy(contents(7, Duration.ofHours(1)), "savings-account"));
    assertEquals(
        "OverallMarketingCapToday",
        excludedBy(contents(8, Duration.ofHours(1)), "savings-account"));
    assertNull(excludedBy(contents(29, DAY.multipliedBy(3)), "savings-account"));
    assertEquals(
        "OverallMarketingCapWeek",
        excludedBy(contents(30, DAY.multipliedBy(3)), "savings-account"));
    assertEquals(
        "OverallMarketingCapMonth",
        excludedBy(contents(90, DAY.multipliedBy(10)), "savings-account"));
  }

  @Test
  void overallCapsLeaveServiceHelpAlone() {
    assertNull(excludedBy(contents(30, DAY.multipliedBy(3)), "payment-reminder"));
  }

  @Test
  void serviceMessagesDoNotUseUpTheMarketingCaps() {
    Scenario service = new Scenario();
    for (int i = 0; i < 8; i++) {
      service.shown(
          i % 2 == 0 ? "payment-reminder" : "card-controls-app",
          Channel.APP,
          1,
          Duration.ofHours(1));
    }
    assertNull(
        excludedWithLibrary(service, "savings-account"),
        "8 service messages today are not 8 sales contacts");
    service.shown("home-insurance", Channel.WEB, 7, Duration.ofHours(2));
    assertNull(
        excludedWithLibrary(service, "savings-account"),
        "7 marketing contacts today: one more is allowed");
    service.shown("personal-loan", Channel.WEB, 1, Duration.ofHours(2));
    assertEquals("OverallMarketingCapToday", excludedWithLibrary(service, "savings-account"));
  }

  @Test
  void serviceCallsDoNotCountTowardsTheSalesCallCap() {
    Scenario s =
        new Scenario()
            .on(Channel.CALL_CENTRE, Direction.OUTBOUND)
            .shown("debt-advice-call", Channel.CALL_CENTRE, 1, DAY.multipliedBy(10))
            .shown("debt-advice-call", Channel.CALL_CENTRE, 1, DAY.multipliedBy(12))
            .shown("fee-waiver", Channel.CALL_CENTRE, 1, DAY.multipliedBy(14))
            .shown("personal-loan", Channel.CALL_CENTRE, 1, DAY.multipliedBy(16));
    assertNull(
        excludedWithLibrary(s, "savings-account"), "two of the four calls were about debt advice");
    s.shown("home-insurance", Channel.CALL_CENTRE, 2, DAY.multipliedBy(20));
    assertEquals("ChannelCapCallCentreMonth", excludedWithLibrary(s, "savings-account"));
  }

  @Test
  void impressionsOfActionsNoLongerInTheLibraryCountAsMarketing() {
    assertEquals(
        "OverallMarketingCapToday",
        excludedWithLibrary(contents(8, Duration.ofHours(1)), "savings-account"));
  }

  // Suppression and pauses

  private static Scenario unanswered(Duration lastImpressionAgo) {
    Scenario s = new Scenario();
    for (int i = 5; i >= 1; i--) {
      s.shown("savings-account", Channel.APP, 1, lastImpressionAgo.plus(DAY.multipliedBy(2L * i)));
    }
    return s.shown("savings-account", Channel.APP, 1, lastImpressionAgo);
  }

  @Test
  void sixImpressionsWithoutAPositiveResponsePauseTheActionForFourteenDays() {
    assertEquals(
        "UnansweredPause14Days", excludedBy(unanswered(DAY.multipliedBy(2)), "savings-account"));
    Scenario five = new Scenario().shown("savings-account", Channel.APP, 5, DAY.multipliedBy(10));
    assertNull(excludedBy(five, "savings-account"));
  }

  @Test
  void theSuppressionEndsFourteenDaysAfterTheLastImpression() {
    assertEquals(
        "UnansweredPause14Days",
        excludedBy(unanswered(DAY.multipliedBy(14).minusMinutes(1)), "savings-account"),
        "on the 14th day the action is still paused");
    assertNull(
        excludedBy(unanswered(DAY.multipliedBy(14)), "savings-account"),
        "14 full days later it returns");
  }

  @Test
  void aClickResetsTheCountOfUnansweredImpressions() {
    Scenario s = unanswered(DAY.multipliedBy(2)).responded("savings-account", Outcome.CLICKED, DAY);
    assertNull(excludedBy(s, "savings-account"));
    Scenario ignored =
        unanswered(DAY.multipliedBy(2)).responded("savings-account", Outcome.IGNORED, DAY);
    assertEquals(
        "UnansweredPause14Days",
        excludedBy(ignored, "savings-account"),
        "ignoring is not answering");
  }

  @Test
  void aRejectedActionPausesForThirtyDays() {
    Scenario day29 =
        new Scenario()
            .responded("savings-account", Outcome.REJECTED, DAY.multipliedBy(30).minusMinutes(1));
    assertEquals("RejectedPause30Days", excludedBy(day29, "savings-account"));
    Scenario day30 =
        new Scenario().responded("savings-account", Outcome.REJECTED, DAY.multipliedBy(30));
    assertNull(excludedBy(day30, "savings-account"));
  }

  // Mandatory actions

  @Test
  void aMandatoryNoticeIsExemptFromEveryCapAndPause() {
    Scenario s =
        new Scenario()
            .shown("card-terms-notice", Channel.WEB, 10, Duration.ofHours(1))
            .responded("card-terms-notice", Outcome.REJECTED, DAY);
    for (int i = 0; i < 90; i++) {
      s.shown("article-" + i, Channel.APP, 1, Duration.ofHours(2));
    }
    RuleEvaluation e = s.evaluate(rules, libraryActions("card-terms-notice", "savings-account"));
    assertTrue(e.isEligible("card-terms-notice"));
    assertTrue(!e.isEligible("savings-account"));
  }
}
