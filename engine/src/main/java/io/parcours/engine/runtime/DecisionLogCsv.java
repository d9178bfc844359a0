package io.parcours.engine.runtime;

import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;
import io.parcours.db.PostgresDecisionLog;
import io.parcours.db.PostgresTrainingData;
import io.parcours.domain.Action;
import io.parcours.engine.decision.ActionLibrary;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The decision-log export as CSV (RFC 4180, UTF-8, one header row): one row per decision that
 * off-policy evaluation can replay. The {@code candidate_*} columns hold one value per optional
 * candidate, separated by spaces and in the same order; {@code first_action} is the action shown
 * first (empty when nothing was), {@code first_place_probability} the probability that the engine's
 * policy would have put it first, {@code label} 1 when the customer accepted or clicked it; {@code
 * features} are the context features the models saw, separated by spaces.
 */
public final class DecisionLogCsv {

  /** The columns, in order. */
  public static final String[] HEADER = {
    "decision_id",
    "decided_at",
    "channel",
    "policy",
    "first_action",
    "first_place_probability",
    "label",
    "candidate_actions",
    "candidate_groups",
    "candidate_issues",
    "candidate_context_weights",
    "candidate_values",
    "candidate_levers",
    "candidate_propensities",
    "features"
  };

  private DecisionLogCsv() {}

  /**
   * Streams the replayable decisions of [{@code from}, {@code to}) on {@code channel} (every
   * channel when null) to {@code out}; returns how many were written.
   */
  public static long write(
      PostgresTrainingData data,
      ActionLibrary library,
      Instant from,
      Instant to,
      String channel,
      OutputStream out)
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
        data.streamLoggedDecisions(
            from,
            to,
            channel,
            d -> {
              List<PostgresDecisionLog.Candidate> c = d.candidates();
              csv.writeNext(
                  new String[] {
                    d.decisionId(),
                    d.decidedAt().toString(),
                    d.channel(),
                    d.policy(),
                    d.firstAction() == null ? "" : d.firstAction(),
                    d.firstPlaceProbability() == null
                        ? ""
                        : Double.toString(d.firstPlaceProbability()),
                    d.firstAction() == null ? "" : d.positive() ? "1" : "0",
                    join(c, PostgresDecisionLog.Candidate::actionId),
                    join(c, k -> action(library, k).map(Action::group).orElse("unknown")),
                    join(c, k -> action(library, k).map(a -> a.issue().code()).orElse("unknown")),
                    join(c, k -> Double.toString(k.contextWeight())),
                    join(c, k -> Double.toString(k.value())),
                    join(c, k -> Double.toString(k.lever())),
                    join(c, k -> Double.toString(k.propensity())),
                    String.join(" ", d.features())
                  },
                  false);
            });
    csv.flush();
    text.flush();
    return rows;
  }

  private static Optional<Action> action(ActionLibrary library, PostgresDecisionLog.Candidate c) {
    return library.find(c.actionId());
  }

  private static String join(
      List<PostgresDecisionLog.Candidate> candidates,
      Function<PostgresDecisionLog.Candidate, String> part) {
    StringBuilder s = new StringBuilder();
    for (PostgresDecisionLog.Candidate c : candidates) {
      if (!s.isEmpty()) {
        s.append(' ');
      }
      s.append(part.apply(c));
    }
    return s.toString();
  }
}
