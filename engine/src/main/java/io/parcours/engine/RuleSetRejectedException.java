package io.parcours.engine;

import io.parcours.rules.RuleProblem;
import jakarta.ejb.ApplicationException;
import java.util.List;

/** An uploaded rule set that does not compile: nothing was stored or changed. */
@ApplicationException
public class RuleSetRejectedException extends RuntimeException {

  private final transient List<RuleProblem> problems;

  public RuleSetRejectedException(String message, List<RuleProblem> problems) {
    super(message);
    this.problems = List.copyOf(problems);
  }

  public List<RuleProblem> problems() {
    return problems;
  }
}
