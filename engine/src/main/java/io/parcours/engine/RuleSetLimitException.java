package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/**
 * The rule set in force went past its evaluation limit (too many rule firings or too long) for this
 * decision: no answer is given and nothing is recorded. The fault is the rule set's, not the
 * caller's; the rule named is the one that was firing when the limit was crossed, and the way out
 * is to correct the rule set or roll it back.
 */
@ApplicationException
public class RuleSetLimitException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String version;
  private final String rule;

  public RuleSetLimitException(String version, String rule, String message, Throwable cause) {
    super(message, cause);
    this.version = version;
    this.rule = rule;
  }

  /** The version of the rule set in force. */
  public String version() {
    return version;
  }

  /** The rule that was firing when the limit was crossed. */
  public String rule() {
    return rule;
  }
}
