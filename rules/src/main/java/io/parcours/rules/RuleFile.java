package io.parcours.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One file of a strategy version: a DRL file ({@code .drl}), a decision table ({@code .xlsx},
 * {@code .xls} or {@code .csv}), business scenarios the rule set must pass ({@code .scenarios}), or
 * one of the strategy's data files, which have reserved names ({@link #STRATEGY_FILES}: the action
 * library with its treatments, the journeys and their stages, the event types with their triggers
 * and derived features).
 *
 * <p>The content is copied in and out, so a rule file cannot change after it is made.
 *
 * @param name the file name, for example {@code eligibility.drl} or {@code contact-policy.xlsx}; it
 *     names the file in compilation problems and decides how the content is read
 * @param content the bytes of the file (DRL and CSV in UTF-8)
 */
public record RuleFile(String name, byte[] content) {

  /** The file name endings of the rules, decision tables and scenarios a rule set may contain. */
  public static final java.util.List<String> EXTENSIONS =
      java.util.List.of(".drl", ".xlsx", ".xls", ".csv", ".scenarios");

  /** The file name endings a rule set may contain. */
  public static final String ACCEPTED_TYPES =
      ".drl, .xlsx, .xls, .csv, .scenarios, and the strategy files actions.json (or actions.csv or"
          + " actions.xlsx), journeys.json and event-types.json";

  /**
   * The reserved names of the strategy's data files; each is read by the engine, not compiled as
   * rules.
   */
  public static final java.util.List<String> STRATEGY_FILES =
      java.util.List.of(
          "actions.json", "actions.csv", "actions.xlsx", "journeys.json", "event-types.json");

  public RuleFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    if (name.isBlank() || name.startsWith("/") || name.contains("\\") || name.contains("..")) {
      throw new IllegalArgumentException(
          "rule file name '" + name + "' must be a relative name such as eligibility.drl");
    }
    content = content.clone();
  }

  /** A copy of the bytes of the file. */
  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The bytes themselves, for reading inside this package without a copy. */
  byte[] bytes() {
    return content;
  }

  /** Whether the name ends with one of the {@link #ACCEPTED_TYPES}. */
  public boolean hasAcceptedType() {
    String lower = name.toLowerCase(Locale.ROOT);
    return isStrategy() || EXTENSIONS.stream().anyMatch(lower::endsWith);
  }

  /**
   * Whether this is one of the strategy's data files ({@link #STRATEGY_FILES}) rather than rules.
   */
  public boolean isStrategy() {
    return STRATEGY_FILES.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Whether this is a file of scenarios rather than of rules. */
  public boolean isScenarios() {
    return name.toLowerCase(Locale.ROOT).endsWith(".scenarios");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RuleFile f && name.equals(f.name) && Arrays.equals(content, f.content);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "RuleFile[" + name + ", " + content.length + " bytes]";
  }
}
