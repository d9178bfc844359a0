package io.parcours.models.cli;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.exceptions.CsvException;
import io.parcours.models.PropensityFeatures;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * Reads the engine's training-data export ({@code GET /api/v1/models/training-data}) into Tribuo
 * examples in time order: each answered impression becomes an example labelled {@code yes}
 * (accepted or clicked) or {@code no} (rejected or ignored), with exactly the features the online
 * model learned it with (the decision's context, the action, and their crosses). Unanswered
 * impressions are skipped.
 */
public final class TrainingExamples {

  /** The label of a positive response. */
  public static final String POSITIVE = "yes";

  /** The label of a negative response. */
  public static final String NEGATIVE = "no";

  /** An example with the time of its decision. */
  public record Timed(Instant decidedAt, Example<Label> example) {}

  /** What was read: the examples in time order, and the rows skipped with the reason. */
  public record Read(List<Timed> examples, long unanswered, List<String> problems) {}

  private TrainingExamples() {}

  /**
   * Reads an export.
   *
   * @throws IllegalArgumentException when the header is not the export's, naming the missing
   *     columns
   */
  public static Read read(Reader in) throws IOException {
    return read(in, null);
  }

  /**
   * Reads the rows of one channel of an export ({@code null}: every channel).
   *
   * @throws IllegalArgumentException when the header is not the export's, naming the missing
   *     columns
   */
  public static Read read(Reader in, String channel) throws IOException {
    try (CSVReader csv = new CSVReaderBuilder(in).build()) {
      String[] header = csv.readNext();
      if (header == null) {
        throw new IllegalArgumentException(
            "the file is empty; expected the training-data export's CSV");
      }
      Map<String, Integer> column =
          IntStream.range(0, header.length)
              .boxed()
              .collect(Collectors.toMap(i -> header[i].trim(), Function.identity(), (a, b) -> a));
      List<String> needed =
          channel == null
              ? List.of("decided_at", "action_id", "action_group", "issue", "label", "features")
              : List.of(
                  "decided_at",
                  "channel",
                  "action_id",
                  "action_group",
                  "issue",
                  "label",
                  "features");
      List<String> missing = needed.stream().filter(c -> !column.containsKey(c)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(
            "not a training-data export: missing column(s) "
                + missing
                + " in the header "
                + Arrays.toString(header));
      }
      List<Timed> examples = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      long unanswered = 0;
      String[] row;
      long line = 1;
      while ((row = csv.readNext()) != null) {
        line++;
        if (row.length < header.length) {
          problems.add("line " + line + ": " + row.length + " fields, expected " + header.length);
          continue;
        }
        if (channel != null && !row[column.get("channel")].trim().equals(channel)) {
          continue;
        }
        String label = row[column.get("label")].trim();
        if (label.isEmpty()) {
          unanswered++;
          continue;
        }
        if (!label.equals("0") && !label.equals("1")) {
          problems.add("line " + line + ": label '" + label + "' is neither 0, 1 nor empty");
          continue;
        }
        Instant at;
        try {
          at = Instant.parse(row[column.get("decided_at")].trim());
        } catch (DateTimeParseException e) {
          problems.add(
              "line "
                  + line
                  + ": decided_at '"
                  + row[column.get("decided_at")]
                  + "' is not an instant");
          continue;
        }
        String features = row[column.get("features")].trim();
        List<String> context = features.isEmpty() ? List.of() : List.of(features.split(" +"));
        List<String> names =
            PropensityFeatures.of(
                row[column.get("action_id")],
                row[column.get("action_group")],
                row[column.get("issue")],
                context);
        ArrayExample<Label> e =
            new ArrayExample<>(new Label(label.equals("1") ? POSITIVE : NEGATIVE));
        for (String n : names.stream().distinct().toList()) {
          e.add(n, 1.0);
        }
        examples.add(new Timed(at, e));
      }
      examples.sort(java.util.Comparator.comparing(Timed::decidedAt));
      return new Read(examples, unanswered, problems);
    } catch (CsvException e) {
      throw new IllegalArgumentException("the CSV cannot be read: " + e.getMessage(), e);
    }
  }
}
