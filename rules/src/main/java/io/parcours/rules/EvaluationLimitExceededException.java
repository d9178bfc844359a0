package io.parcours.rules;

/**
 * A rule set went past its {@link EvaluationLimits} while evaluating one decision: the decision has
 * no answer from the rules, and the rule named is the one that was about to fire when the limit was
 * crossed — usually part of a cross product or of rules that keep triggering one another.
 */
public final class EvaluationLimitExceededException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String rule;

  EvaluationLimitExceededException(String rule, String what) {
    super(
        "the rule set exceeded its evaluation limit: "
            + what
            + "; rule "
            + rule
            + " was about to fire when the limit was crossed");
    this.rule = rule;
  }

  /** The name of the rule that was about to fire when the limit was crossed. */
  public String rule() {
    return rule;
  }
}
