package io.parcours.models.cli;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.exceptions.CsvException;
import io.parcours.models.offline.LoggedDecision;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Reads the engine's decision-log export ({@code GET /api/v1/models/decision-log}) one row at a
 * time, handing each decision to a consumer, so that any export streams in constant memory. A row
 * that cannot be read is reported with its line and skipped.
 */
public final class DecisionLogExport {

  /** What was read: how many decisions, and the rows skipped with the reason (the first 100). */
  public record Read(long decisions, long skipped, List<String> problems) {}

  private static final List<String> COLUMNS =
      List.of(
          "decision_id",
          "decided_at",
          "channel",
          "first_action",
          "first_place_probability",
          "label",
          "candidate_actions",
          "candidate_groups",
          "candidate_issues",
          "candidate_context_weights",
          "candidate_values",
          "candidate_levers",
          "features");

  private DecisionLogExport() {}

  /**
   * Reads an export, handing every readable decision to {@code sink} in file order.
   *
   * @throws IllegalArgumentException when the header is not the export's, naming the missing
   *     columns
   */
  public static Read read(Reader in, Consumer<LoggedDecision> sink) throws IOException {
    try (CSVReader csv = new CSVReaderBuilder(in).build()) {
      String[] header = csv.readNext();
      if (header == null) {
        throw new IllegalArgumentException(
            "the file is empty; expected the decision-log export's CSV");
      }
      Map<String, Integer> column =
          IntStream.range(0, header.length)
              .boxed()
              .collect(Collectors.toMap(i -> header[i].trim(), Function.identity(), (a, b) -> a));
      List<String> missing = COLUMNS.stream().filter(c -> !column.containsKey(c)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(
            "not a decision-log export (GET /api/v1/models/decision-log): missing"
                + " column(s) "
                + missing
                + " in the header "
                + Arrays.toString(header));
      }
      long decisions = 0;
      long skipped = 0;
      List<String> problems = new ArrayList<>();
      String[] row;
      long line = 1;
      while ((row = csv.readNext()) != null) {
        line++;
        try {
          if (row.length < header.length) {
            throw new IllegalArgumentException(row.length + " fields, expected " + header.length);
          }
          sink.accept(decision(row, column));
          decisions++;
        } catch (RuntimeException e) {
          skipped++;
          if (problems.size() < 100) {
            problems.add("line " + line + ": " + e.getMessage());
          }
        }
      }
      return new Read(decisions, skipped, problems);
    } catch (CsvException e) {
      throw new IllegalArgumentException("the CSV cannot be read: " + e.getMessage(), e);
    }
  }

  private static LoggedDecision decision(String[] row, Map<String, Integer> column) {
    String[] actions = words(row[column.get("candidate_actions")]);
    String[] groups = words(row[column.get("candidate_groups")]);
    String[] issues = words(row[column.get("candidate_issues")]);
    String[] weights = words(row[column.get("candidate_context_weights")]);
    String[] values = words(row[column.get("candidate_values")]);
    String[] levers = words(row[column.get("candidate_levers")]);
    int n = actions.length;
    if (groups.length != n
        || issues.length != n
        || weights.length != n
        || values.length != n
        || levers.length != n) {
      throw new IllegalArgumentException("the candidate columns do not all hold " + n + " values");
    }
    List<LoggedDecision.Candidate> candidates = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      candidates.add(
          new LoggedDecision.Candidate(
              actions[i],
              groups[i],
              issues[i],
              number(weights[i]),
              number(values[i]),
              number(levers[i])));
    }
    String first = row[column.get("first_action")].trim();
    String probability = row[column.get("first_place_probability")].trim();
    String label = row[column.get("label")].trim();
    if (!label.isEmpty() && !label.equals("0") && !label.equals("1")) {
      throw new IllegalArgumentException("label '" + label + "' is neither 0, 1 nor empty");
    }
    return new LoggedDecision(
        row[column.get("decision_id")],
        Instant.parse(row[column.get("decided_at")].trim()),
        row[column.get("channel")].trim(),
        List.of(words(row[column.get("features")])),
        candidates,
        first.isEmpty() ? null : first,
        probability.isEmpty() ? null : number(probability),
        label.equals("1"));
  }

  private static String[] words(String s) {
    String t = s.trim();
    return t.isEmpty() ? new String[0] : t.split(" +");
  }

  private static double number(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "' is not a number");
    }
  }
}
