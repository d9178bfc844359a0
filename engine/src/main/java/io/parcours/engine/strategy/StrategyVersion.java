package io.parcours.engine.strategy;

import io.parcours.rules.EvaluationLimits;
import io.parcours.rules.RuleEngine;
import io.parcours.rules.RuleFile;
import io.parcours.rules.RuleProblem;
import io.parcours.rules.RuleSetCompilationException;
import io.parcours.rules.RuleSetSource;
import java.util.ArrayList;
import java.util.List;

/**
 * One strategy version ready to decide: its rules compiled and its data files read. Immutable; the
 * version in force is one reference, so a decision that read it keeps its rules and its actions
 * together to its end, and activating another version changes both at once.
 *
 * @param rules the compiled rules, with the treatments' eligibility
 * @param strategy the action library, journeys and event types
 */
public record StrategyVersion(RuleEngine rules, Strategy strategy) {

  /** The version's name. */
  public String version() {
    return rules.version();
  }

  /**
   * Reads the data files of {@code files} and compiles the rules with the treatments' eligibility.
   *
   * <p>A version stored before strategies were versioned has no data file: it takes those shipped
   * with Parcours.
   *
   * @throws RuleSetCompilationException listing every problem of every file, with file and line
   */
  public static StrategyVersion compile(
      String version, List<RuleFile> files, EvaluationLimits limits)
      throws RuleSetCompilationException {
    StrategyFiles.Read read = data(files);
    List<RuleFile> rules = new ArrayList<>(files.stream().filter(f -> !f.isStrategy()).toList());
    if (read.eligibilityRules() != null) {
      rules.add(read.eligibilityRules());
    }
    List<RuleProblem> problems = new ArrayList<>(read.problems());
    if (read.strategy() != null) {
      problems.addAll(undeclaredStages(rules, read.strategy()));
    }
    RuleEngine engine = null;
    try {
      engine = RuleEngine.compile(new RuleSetSource(version, rules), limits);
    } catch (RuleSetCompilationException e) {
      e.problems().stream().map(read::placed).forEach(problems::add);
    }
    if (!problems.isEmpty()) {
      throw new RuleSetCompilationException(version, problems);
    }
    return new StrategyVersion(engine, read.strategy());
  }

  /**
   * Reads the data files among {@code files}, without compiling the rules: enough to show or
   * compare what a version declares. A version stored before strategies were versioned has those
   * shipped with Parcours.
   */
  public static StrategyFiles.Read data(List<RuleFile> files) {
    List<RuleFile> data = files.stream().filter(RuleFile::isStrategy).toList();
    return StrategyFiles.read(data.isEmpty() ? shippedData() : data);
  }

  private static final java.util.regex.Pattern STAGE_CALL =
      java.util.regex.Pattern.compile(
          "verdict\\s*\\.\\s*stage\\s*\\(\\s*\"([^\"]*)\"\\s*,\\s*\"([^\"]*)\"\\s*\\)");

  /**
   * The places where a DRL file names, with literal ids, a journey or a stage that {@code
   * journeys.json} does not declare: a typo there would place customers at a stage nobody sees in
   * the journeys. A stage named from a variable is checked by nobody before it runs.
   */
  static List<RuleProblem> undeclaredStages(List<RuleFile> rules, Strategy strategy) {
    List<RuleProblem> problems = new ArrayList<>();
    for (RuleFile f : rules) {
      if (!f.name().toLowerCase(java.util.Locale.ROOT).endsWith(".drl")) {
        continue;
      }
      String[] lines =
          new String(f.content(), java.nio.charset.StandardCharsets.UTF_8).split("\\R", -1);
      for (int i = 0; i < lines.length; i++) {
        java.util.regex.Matcher m = STAGE_CALL.matcher(lines[i]);
        while (m.find()) {
          var journey = strategy.journey(m.group(1));
          if (journey.isEmpty()) {
            problems.add(
                new RuleProblem(
                    f.name(),
                    i + 1,
                    m.start() + 1,
                    "journey '"
                        + m.group(1)
                        + "' is not declared in journeys.json; the journeys are "
                        + strategy.journeys().stream()
                            .map(io.parcours.domain.Journey::id)
                            .toList()));
          } else if (!journey.get().has(m.group(2))) {
            problems.add(
                new RuleProblem(
                    f.name(),
                    i + 1,
                    m.start() + 1,
                    "stage '"
                        + m.group(2)
                        + "' is not a stage of journey "
                        + m.group(1)
                        + " in journeys.json; its stages are "
                        + journey.get().stages()));
          }
        }
      }
    }
    return problems;
  }

  /** The data files of the strategy shipped with Parcours. */
  public static List<RuleFile> shippedData() {
    return RuleSetSource.bundled().files().stream().filter(RuleFile::isStrategy).toList();
  }

  /**
   * The files of an upload completed with the data files it does not carry, taken from the version
   * it is based on: a rule-only upload keeps the actions, journeys and event types in force. An
   * upload with an action library in one form replaces the library in any other form.
   */
  public static List<RuleFile> completed(List<RuleFile> upload, List<RuleFile> base) {
    List<RuleFile> all = new ArrayList<>(upload);
    List<RuleFile> baseData = base.stream().filter(RuleFile::isStrategy).toList();
    if (baseData.isEmpty()) {
      baseData = shippedData();
    }
    boolean hasActions = upload.stream().anyMatch(f -> StrategyFiles.isActions(f.name()));
    for (RuleFile f : baseData) {
      boolean present = upload.stream().anyMatch(u -> u.name().equalsIgnoreCase(f.name()));
      if (!present && !(hasActions && StrategyFiles.isActions(f.name()))) {
        all.add(f);
      }
    }
    return all;
  }
}
