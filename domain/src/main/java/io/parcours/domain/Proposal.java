package io.parcours.domain;

/**
 * One ranked action of a decision, with everything arbitration used to rank it.
 *
 * <p>priority = sampledPropensity × contextWeight × value × lever. The propensity shown to people
 * is the posterior mean; the ranking uses the Thompson draw, so that uncertain actions are
 * explored.
 *
 * @param action the action
 * @param rank 1 for the first
 * @param propensity the model's current estimate (posterior mean) of a positive response
 * @param sampledPropensity the Thompson draw arbitration ranked on
 * @param contextWeight the situation's relevance, from the rules (1 when no rule spoke)
 * @param priority the arbitration score
 * @param modelId the adaptive model that scored the action
 * @param modelVersion that model's version (the count of responses it had learned from)
 * @param evidence responses the model had learned from
 * @param treatment what the channel shows for the action; null when the action has no treatment on
 *     the channel (an action declared before treatments existed)
 */
public record Proposal(
    Action action,
    int rank,
    double propensity,
    double sampledPropensity,
    double contextWeight,
    double priority,
    String modelId,
    long modelVersion,
    long evidence,
    Treatment treatment) {

  /** A proposal without a treatment. */
  public Proposal(
      Action action,
      int rank,
      double propensity,
      double sampledPropensity,
      double contextWeight,
      double priority,
      String modelId,
      long modelVersion,
      long evidence) {
    this(
        action,
        rank,
        propensity,
        sampledPropensity,
        contextWeight,
        priority,
        modelId,
        modelVersion,
        evidence,
        null);
  }

  /** This proposal with {@code chosen} as its treatment. */
  public Proposal with(Treatment chosen) {
    return new Proposal(
        action,
        rank,
        propensity,
        sampledPropensity,
        contextWeight,
        priority,
        modelId,
        modelVersion,
        evidence,
        chosen);
  }
}
