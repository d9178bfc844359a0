package io.parcours.engine.decision;

/**
 * Lets a new action reach customers by outbound contact gradually: a share of the customers at
 * first, growing with the action's evidence until it reaches everyone. Inbound channels are not
 * ramped: a customer who comes to us sees what the models and rules choose.
 *
 * <p>share(evidence) = s0 + (1 − s0) · evidence / N, capped at 1, where s0 is the starting share
 * and N the responses after which the action is mature. Which customers are in the share is decided
 * by a stable hash of customer and action, so a customer does not flip in and out between
 * decisions, and the customers reached first stay reached as the share grows.
 *
 * @param startShare s0, the share of customers a brand-new action reaches, in (0, 1]
 * @param matureAfter N, the responses after which an action reaches everyone; 0 turns the ramp off
 */
public record MaturityRamp(double startShare, long matureAfter) {

  /** The name under which a ramped-out action is reported among a decision's exclusions. */
  public static final String RULE = "MaturityRamp";

  /** 10 % of customers at first, everyone after 1,000 responses. */
  public static final MaturityRamp DEFAULT = new MaturityRamp(0.1, 1000);

  private static final int BUCKETS = 10_000;

  public MaturityRamp {
    if (!(startShare > 0 && startShare <= 1)) {
      throw new IllegalArgumentException("the starting share must be in (0, 1], got " + startShare);
    }
    if (matureAfter < 0) {
      throw new IllegalArgumentException(
          "the responses to maturity must be >= 0, got " + matureAfter);
    }
  }

  /**
   * The share of customers an action with {@code evidence} responses reaches by outbound contact.
   */
  public double share(long evidence) {
    if (matureAfter == 0 || evidence >= matureAfter) {
      return 1.0;
    }
    return Math.min(1.0, startShare + (1 - startShare) * evidence / (double) matureAfter);
  }

  /** Whether an outbound contact about {@code actionId} may reach {@code customerId} now. */
  public boolean reaches(String customerId, String actionId, long evidence) {
    double share = share(evidence);
    return share >= 1.0 || bucket(customerId, actionId) < share * BUCKETS;
  }

  /**
   * The customer's stable place in [0, 10 000) for this action: String.hashCode is fixed by the
   * Java spec.
   */
  static int bucket(String customerId, String actionId) {
    int h = (customerId + '\u0000' + actionId).hashCode();
    h ^= h >>> 16;
    h *= 0x45d9f3b;
    h ^= h >>> 16;
    return Math.floorMod(h, BUCKETS);
  }
}
