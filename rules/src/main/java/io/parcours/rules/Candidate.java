package io.parcours.rules;

import io.parcours.domain.Action;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One action under consideration in a decision, as rules see it: what the action is, and how often
 * this customer has already been contacted with it, counted at the decision time.
 *
 * <p>Counters are for the channel of the decision unless their name says otherwise; "today" is the
 * calendar day on the customer's clock; "last 7 days" and "last 30 days" are the 7 × 24 and 30 × 24
 * hours before the decision. Group counters count the impressions of every action of the
 * candidate's group; "all" counters count every impression of the customer, whatever the action and
 * channel.
 */
public final class Candidate {

  /** Stage lists already written out: libraries have a few dozen distinct sets of stages. */
  private static final Map<Set<String>, String> STAGE_LISTS = new ConcurrentHashMap<>();

  private final Action action;
  private final int index;
  private final String channel;
  int impressionsToday;
  int impressionsLast7Days;
  int impressionsLast30Days;
  int impressionsOfActionAllChannels7Days;
  int impressionsOnChannelToday;
  int impressionsOfActionAllChannelsToday;
  int impressionsOfActionAllChannels30Days;
  int impressionsOfGroupToday;
  int impressionsOfGroupLast7Days;
  int impressionsOfGroupLast30Days;
  int impressionsOnChannelLast7Days;
  int impressionsOnChannelLast30Days;
  int allImpressionsToday;
  int allImpressionsLast7Days;
  int allImpressionsLast30Days;
  int impressionsSincePositiveResponse;
  int daysSinceLastImpression = -1;
  int daysSinceLastRejection = -1;
  int daysSinceLastAcceptance = -1;
  int daysSinceGroupAcceptance = -1;
  int marketingImpressionsOnChannelLast30Days;
  int marketingImpressionsToday;
  int marketingImpressionsLast7Days;
  int marketingImpressionsLast30Days;

  Candidate(Action action, int index, String channel) {
    this.action = action;
    this.index = index;
    this.channel = channel;
  }

  /** The action itself, for consequences that need more than the getters below. */
  public Action getAction() {
    return action;
  }

  /** Position in the candidate list of the decision. */
  int index() {
    return index;
  }

  /** The action's stable identifier. */
  public String getId() {
    return action.id();
  }

  /** What a person reads. */
  public String getName() {
    return action.name();
  }

  /** The business purpose: sales, service, retention, resilience or nurture. */
  public String getIssue() {
    return action.issue().code();
  }

  /** The product line or theme; for sales actions the product code. */
  public String getGroup() {
    return action.group();
  }

  /** The journey the action belongs to. */
  public String getJourney() {
    return action.journey();
  }

  /**
   * What contacting the customer about this action is for: {@code service} or {@code marketing}.
   */
  public String getPurpose() {
    return action.issue().purpose().code();
  }

  /** Whether the action is mandatory: contact policies leave it alone and it is ranked first. */
  public boolean isMandatory() {
    return action.mandatory();
  }

  /** The stages of its journey in which the action applies; empty when it applies in any stage. */
  public Set<String> getStages() {
    return action.stages();
  }

  /** Its stages in alphabetical order, joined by " or ", for reasons a person reads. */
  public String getStageList() {
    return STAGE_LISTS.computeIfAbsent(
        action.stages(), stages -> String.join(" or ", new TreeSet<>(stages)));
  }

  /** Whether the action applies in some stages of its journey only. */
  public boolean isStageBound() {
    return !action.stages().isEmpty();
  }

  /** Whether the action applies at {@code stage} of its journey. */
  public boolean appliesAt(String stage) {
    return action.appliesAt(stage);
  }

  /** The code of the channel of the decision. */
  public String getChannel() {
    return channel;
  }

  /** The business value of a positive response. */
  public double getValue() {
    return action.value();
  }

  /** The business user's boost or brake; 1 is neutral. */
  public double getLever() {
    return action.lever();
  }

  /** Impressions of this action on this channel today. */
  public int getImpressionsToday() {
    return impressionsToday;
  }

  /** Impressions of this action on this channel in the last 7 days. */
  public int getImpressionsLast7Days() {
    return impressionsLast7Days;
  }

  /** Impressions of this action on this channel in the last 30 days. */
  public int getImpressionsLast30Days() {
    return impressionsLast30Days;
  }

  /** Impressions of this action on any channel in the last 7 days. */
  public int getImpressionsOfActionAllChannels7Days() {
    return impressionsOfActionAllChannels7Days;
  }

  /** Impressions of any action on this channel today. */
  public int getImpressionsOnChannelToday() {
    return impressionsOnChannelToday;
  }

  /** Impressions of this action on any channel today. */
  public int getImpressionsOfActionAllChannelsToday() {
    return impressionsOfActionAllChannelsToday;
  }

  /** Impressions of this action on any channel in the last 30 days. */
  public int getImpressionsOfActionAllChannels30Days() {
    return impressionsOfActionAllChannels30Days;
  }

  /** Impressions of any action of this action's group, on any channel, today. */
  public int getImpressionsOfGroupToday() {
    return impressionsOfGroupToday;
  }

  /** Impressions of any action of this action's group, on any channel, in the last 7 days. */
  public int getImpressionsOfGroupLast7Days() {
    return impressionsOfGroupLast7Days;
  }

  /** Impressions of any action of this action's group, on any channel, in the last 30 days. */
  public int getImpressionsOfGroupLast30Days() {
    return impressionsOfGroupLast30Days;
  }

  /** Impressions of any action on this channel in the last 7 days. */
  public int getImpressionsOnChannelLast7Days() {
    return impressionsOnChannelLast7Days;
  }

  /** Impressions of any action on this channel in the last 30 days. */
  public int getImpressionsOnChannelLast30Days() {
    return impressionsOnChannelLast30Days;
  }

  /** Impressions of any action on any channel today. */
  public int getAllImpressionsToday() {
    return allImpressionsToday;
  }

  /** Impressions of any action on any channel in the last 7 days. */
  public int getAllImpressionsLast7Days() {
    return allImpressionsLast7Days;
  }

  /** Impressions of any action on any channel in the last 30 days. */
  public int getAllImpressionsLast30Days() {
    return allImpressionsLast30Days;
  }

  /** Impressions of marketing actions on this channel in the last 30 days. */
  public int getMarketingImpressionsOnChannelLast30Days() {
    return marketingImpressionsOnChannelLast30Days;
  }

  /** Impressions of marketing actions on any channel today. */
  public int getMarketingImpressionsToday() {
    return marketingImpressionsToday;
  }

  /** Impressions of marketing actions on any channel in the last 7 days. */
  public int getMarketingImpressionsLast7Days() {
    return marketingImpressionsLast7Days;
  }

  /** Impressions of marketing actions on any channel in the last 30 days. */
  public int getMarketingImpressionsLast30Days() {
    return marketingImpressionsLast30Days;
  }

  /**
   * Impressions of this action on any channel since the customer last accepted or clicked it (in
   * the last 31 days when never): the ones that met no positive response.
   */
  public int getImpressionsSincePositiveResponse() {
    return impressionsSincePositiveResponse;
  }

  /** Whole days since this action was last shown on any channel, or -1 when never. */
  public int getDaysSinceLastImpression() {
    return daysSinceLastImpression;
  }

  /** Whole days since the customer last rejected this action on any channel, or -1 when never. */
  public int getDaysSinceLastRejection() {
    return daysSinceLastRejection;
  }

  /**
   * Whole days since the customer last accepted this action on any channel, or -1 when not in the
   * last 400 days.
   */
  public int getDaysSinceLastAcceptance() {
    return daysSinceLastAcceptance;
  }

  /**
   * Whole days since the customer last accepted this action or any other action of its group, on
   * any channel, or -1 when not in the last 400 days.
   */
  public int getDaysSinceGroupAcceptance() {
    return daysSinceGroupAcceptance;
  }

  @Override
  public String toString() {
    return "Candidate[" + action.id() + " on " + channel + "]";
  }
}
