package io.parcours.rules;

/**
 * One reason a rule set does not compile, where it is and what the compiler said.
 *
 * @param file the name of the rule file, as in {@link RuleFile#name()}
 * @param line the line in a DRL file or a scenario file, starting at 1; 0 when the compiler did not
 *     say. For a decision table refused by the confinement check, the row of the rule or of the
 *     setting (Import, Functions, …); for one the compiler refused, the line in the DRL generated
 *     from the table, whose rules are named after their rows
 * @param column the column, starting at 1 where known; 0 when the compiler did not say
 * @param message what the compiler or the confinement check said
 */
public record RuleProblem(String file, int line, int column, String message) {

  /** {@code file:line:column: message}, the form compilers and editors read. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
