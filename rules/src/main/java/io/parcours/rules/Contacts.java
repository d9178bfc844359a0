package io.parcours.rules;

/**
 * The customer's recent interaction history as journey-stage rules see it: counted over every
 * action and channel at the decision time ("last 30 days" is the 30 × 24 hours before it).
 */
public final class Contacts {

  int acceptancesLast30Days;
  int rejectionsLast30Days;
  int impressionsLast30Days;
  int daysSinceLastAcceptance = -1;
  int daysSinceLastImpression = -1;

  Contacts() {}

  /** Actions the customer accepted in the last 30 days. */
  public int getAcceptancesLast30Days() {
    return acceptancesLast30Days;
  }

  /** Actions the customer rejected in the last 30 days. */
  public int getRejectionsLast30Days() {
    return rejectionsLast30Days;
  }

  /** Impressions of any action on any channel in the last 30 days. */
  public int getImpressionsLast30Days() {
    return impressionsLast30Days;
  }

  /**
   * Whole days since the customer last accepted any action, or -1 when not in the last 400 days.
   */
  public int getDaysSinceLastAcceptance() {
    return daysSinceLastAcceptance;
  }

  /**
   * Whole days since any action was last shown to the customer, or -1 when not in the last 31 days.
   */
  public int getDaysSinceLastImpression() {
    return daysSinceLastImpression;
  }

  @Override
  public String toString() {
    return "Contacts["
        + impressionsLast30Days
        + " impressions, "
        + acceptancesLast30Days
        + " acceptances in 30 days]";
  }
}
