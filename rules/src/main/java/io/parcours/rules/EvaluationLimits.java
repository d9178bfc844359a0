package io.parcours.rules;

/**
 * How far one evaluation of a rule set may go: a rule set that fires more rules or runs longer than
 * this for one decision is stopped, and the rule firing at that moment is named.
 *
 * <p>Rules have no loops of their own, but a cross product of facts ({@code Candidate() Candidate()
 * Candidate()}) or rules that keep naming new stages can still make one decision fire without end;
 * the limits turn that into a clear refusal instead of a stalled decision.
 *
 * @param maxFirings the most rule firings one evaluation may make, at least 1
 * @param maxMillis the most milliseconds of processor time one evaluation's rules may take, checked
 *     every few firings once an evaluation of the rule set has finished (the first ones compile the
 *     rule set's conditions as they go), at least 1
 */
public record EvaluationLimits(long maxFirings, long maxMillis) {

  /**
   * 10,000 firings and 1,000 ms. A decision of the shipped rule set fires under 100 rules in well
   * under a millisecond once warm; the decisions that follow the first of a freshly compiled rule
   * set still take a few hundred milliseconds on a small, loaded machine while the JIT catches up,
   * so a tighter time limit would refuse sound rule sets at their scenarios. The firing limit is
   * the one a runaway rule set meets first.
   */
  public static final EvaluationLimits DEFAULT = new EvaluationLimits(10_000, 1_000);

  public EvaluationLimits {
    if (maxFirings < 1 || maxMillis < 1) {
      throw new IllegalArgumentException(
          "rule evaluation limits must be at least 1 firing and 1 ms, were "
              + maxFirings
              + " and "
              + maxMillis
              + " ms");
    }
  }
}
