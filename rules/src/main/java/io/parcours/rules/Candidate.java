package io.parcours.rules;

import io.parcours.domain.Action;

/**
 * One action under consideration in a decision, as rules see it: what the action is, and how often this
 * customer has already been contacted with it, counted at the decision time.
 *
 * <p>Counters are for the channel of the decision unless their name says otherwise; "today" is the
 * calendar day on the customer's clock; "last 7 days" and "last 30 days" are the 7 × 24 and 30 × 24 hours
 * before the decision.
 */
public final class Candidate {

  private final Action action;
  private final int index;
  private final String channel;
  int impressionsToday;
  int impressionsLast7Days;
  int impressionsLast30Days;
  int impressionsOfActionAllChannels7Days;
  int impressionsOnChannelToday;
  int daysSinceLastRejection = -1;
  int daysSinceLastAcceptance = -1;

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

  /** Whole days since the customer last rejected this action on any channel, or -1 when never. */
  public int getDaysSinceLastRejection() {
    return daysSinceLastRejection;
  }

  /** Whole days since the customer last accepted this action on any channel, or -1 when never. */
  public int getDaysSinceLastAcceptance() {
    return daysSinceLastAcceptance;
  }

  @Override
  public String toString() {
    return "Candidate[" + action.id() + " on " + channel + "]";
  }
}
