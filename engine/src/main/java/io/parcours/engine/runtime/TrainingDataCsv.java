package io.parcours.engine.runtime;

import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;
import io.parcours.db.PostgresTrainingData;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The training-data export as CSV (RFC 4180, UTF-8, one header row): one row per impression. The
 * {@code label} is 1 when the customer accepted or clicked, 0 when they rejected or ignored, empty
 * when they did not respond; {@code features} are the context features the models saw, separated by
 * spaces (the action's own features and the crosses follow from them, see {@code
 * PropensityFeatures.of}).
 */
public final class TrainingDataCsv {

  /** The columns, in order. */
  public static final String[] HEADER = {
    "decision_id",
    "decided_at",
    "customer_id",
    "channel",
    "direction",
    "action_id",
    "action_group",
    "issue",
    "rank",
    "propensity",
    "sampled",
    "model_id",
    "model_version",
    "outcome",
    "label",
    "features"
  };

  private TrainingDataCsv() {}

  /**
   * Streams the rows of [{@code from}, {@code to}) to {@code out}; returns how many were written.
   */
  public static long write(PostgresTrainingData data, Instant from, Instant to, OutputStream out)
      throws Exception {
    BufferedWriter text =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    ICSVWriter csv =
        new CSVWriter(
            text,
            ',',
            ICSVWriter.DEFAULT_QUOTE_CHARACTER,
            ICSVWriter.DEFAULT_ESCAPE_CHARACTER,
            "\r\n");
    csv.writeNext(HEADER, false);
    long rows =
        data.stream(
            from,
            to,
            r ->
                csv.writeNext(
                    new String[] {
                      r.decisionId(),
                      r.decidedAt().toString(),
                      r.customerId(),
                      r.channel(),
                      r.direction(),
                      r.actionId(),
                      r.group(),
                      r.issue(),
                      Integer.toString(r.rank()),
                      Double.toString(r.propensity()),
                      Double.toString(r.sampled()),
                      r.modelId(),
                      Long.toString(r.modelVersion()),
                      r.outcome() == null ? "" : r.outcome(),
                      label(r.outcome()),
                      String.join(" ", r.features())
                    },
                    false));
    csv.flush();
    text.flush();
    return rows;
  }

  private static String label(String outcome) {
    if (outcome == null) {
      return "";
    }
    return outcome.equals("accepted") || outcome.equals("clicked") ? "1" : "0";
  }
}
