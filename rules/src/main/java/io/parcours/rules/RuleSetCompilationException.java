package io.parcours.rules;

import java.util.List;

/**
 * A rule set that does not compile, with every problem the compiler reported. The message lists one
 * problem per line as {@code file:line:column: message}, so that the person who wrote the rules can
 * go straight to the place.
 */
public class RuleSetCompilationException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<RuleProblem> problems;

  public RuleSetCompilationException(String version, List<RuleProblem> problems) {
    super(message(version, problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the compiler's order. */
  public List<RuleProblem> problems() {
    return problems;
  }

  private static String message(String version, List<RuleProblem> problems) {
    StringBuilder m =
        new StringBuilder("rule set ")
            .append(version)
            .append(" does not compile (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem):" : " problems):");
    for (RuleProblem p : problems) {
      m.append('\n').append(p);
    }
    return m.toString();
  }
}
