package io.parcours.models.cli;

import io.parcours.models.offline.CandidateScorer;
import io.parcours.models.offline.OffPolicyEstimate;
import io.parcours.models.offline.OffPolicyEvaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * The data scientist's off-policy evaluation of a model trained offline: reads the decision-log
 * export, ranks each decision's candidates on the model's probability of a positive response ×
 * context weight × value × lever, and estimates the response rate this greedy policy would have had
 * by IPS and self-normalised IPS, beside the engine's own rate on the same decisions.
 *
 * <pre>
 * evaluate-offline --data decisions.csv --model model.tribuo [--channel web] [--threshold 0.05]
 *                  [--clip 100] [--positive yes]
 * </pre>
 *
 * <p>Exits 0 when done, 2 with one line on standard error when the input or an option is wrong, 1
 * with one line when the evaluation itself fails.
 */
public final class EvaluateOffline {

  private EvaluateOffline() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      Map<String, String> o = options(args);
      if (o.containsKey("help")) {
        out.println(
            "evaluate-offline --data decisions.csv --model model.tribuo [--channel web]"
                + " [--threshold 0.05] [--clip 100] [--positive yes]");
        return 0;
      }
      return evaluate(o, out);
    } catch (IllegalArgumentException | IOException e) {
      err.println("evaluate-offline: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("evaluate-offline: the evaluation stopped: " + e);
      return 1;
    }
  }

  @SuppressWarnings("unchecked")
  private static int evaluate(Map<String, String> o, PrintStream out) throws IOException {
    Path data = readable(o, "data", "a CSV from GET /api/v1/models/decision-log");
    Path modelFile =
        readable(o, "model", "a Tribuo model file, such as the one retrain --model writes");
    String channel = o.get("channel");
    double threshold = decimal(o, "threshold", 0.05, 0, Double.MAX_VALUE);
    double clip =
        o.containsKey("clip") ? decimal(o, "clip", 0, 1.000001, 1e12) : Double.POSITIVE_INFINITY;
    String positive = o.getOrDefault("positive", TrainingExamples.POSITIVE);
    Model<?> read;
    try {
      read = Model.deserializeFromFile(modelFile);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read the model " + modelFile + ": " + e.getMessage(), e);
    }
    if (!read.validate(Label.class)) {
      throw new IllegalArgumentException(
          modelFile + " is not a classification model (its outputs are not labels)");
    }
    CandidateScorer candidate = CandidateScorer.of((Model<Label>) read, positive);
    OffPolicyEvaluation evaluation = new OffPolicyEvaluation(candidate, threshold, clip);
    DecisionLogExport.Read r;
    try (Reader in = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
      r =
          DecisionLogExport.read(
              in,
              d -> {
                if (channel == null || channel.equals(d.channel())) {
                  evaluation.add(d);
                }
              });
    }
    for (String p : r.problems().subList(0, Math.min(10, r.problems().size()))) {
      out.println("skipped " + p);
    }
    OffPolicyEstimate e = evaluation.estimate();
    out.printf(
        Locale.ROOT,
        "%s on %s%s: %,d decisions (%,d unreadable rows, %,d without a probability),"
            + " %,d matched, effective sample size %s, mean weight %s%n",
        modelFile.getFileName(),
        data.getFileName(),
        channel == null ? "" : " (" + channel + ")",
        e.decisions(),
        r.skipped(),
        evaluation.skipped(),
        e.matched(),
        format(e.effectiveSampleSize(), "%.0f"),
        format(e.meanWeight(), "%.3f"));
    out.printf(Locale.ROOT, "  IPS    %s%n", interval(e.ips(), e.ipsLow(), e.ipsHigh()));
    out.printf(Locale.ROOT, "  SNIPS  %s%n", interval(e.snips(), e.snipsLow(), e.snipsHigh()));
    out.printf(
        Locale.ROOT,
        "  logged %s%n",
        interval(e.loggedRate().rate(), e.loggedRate().low(), e.loggedRate().high()));
    if (e.clip() != null) {
      out.printf(Locale.ROOT, "  weights clipped at %s: %,d%n", e.clip(), e.clippedWeights());
    }
    return 0;
  }

  private static String interval(Double estimate, Double low, Double high) {
    return estimate == null
        ? "not estimable (no decision matched)"
        : String.format(Locale.ROOT, "%.4f  95 %% [%.4f, %.4f]", estimate, low, high);
  }

  private static String format(Double x, String pattern) {
    return x == null ? "-" : String.format(Locale.ROOT, pattern, x);
  }

  private static Path readable(Map<String, String> o, String option, String what) {
    String value = o.get(option);
    if (value == null) {
      throw new IllegalArgumentException("--" + option + " is required: " + what);
    }
    Path p = Path.of(value);
    if (!Files.isReadable(p)) {
      throw new IllegalArgumentException("cannot read --" + option + " " + p.toAbsolutePath());
    }
    return p;
  }

  private static double decimal(
      Map<String, String> o, String option, double fallback, double min, double max) {
    String value = o.get(option);
    if (value == null) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(value);
      if (d >= min && d <= max) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--" + option + " must be a number ≥ " + min + ", not '" + value + "'");
  }

  private static Map<String, String> options(String[] args) {
    return CommandOptions.parse(
        args, List.of("data", "model", "channel", "threshold", "clip", "positive", "help"));
  }
}
