package io.parcours.models.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The data scientist's offline retraining: reads the training-data export, trains a Tribuo trainer
 * configured from an OLCUT file on the earlier part of the history, evaluates it on the later part
 * (a time-based hold-out: the model is judged on the future it would have served), compares it with
 * the engine's own online learner streamed over the same training part, and writes an HTML report
 * and the model in Tribuo's format.
 *
 * <pre>
 * retrain --data export.csv [--channel web]
 *         [--config trainer.xml | builtin:logistic-regression | builtin:online-probit]
 *         [--holdout 0.2] [--report retrain-report.html] [--model model.tribuo]
 *         [--upload http://localhost:8080 --user scientist --share 0.1 [--description text]
 *          [--password-file file]]
 * </pre>
 *
 * <p>With {@code --channel} only that channel's impressions are used (each channel has its own
 * online model). With {@code --upload} the model is then uploaded to the engine as a challenger of
 * the channel's model ({@code POST /api/v1/models/probit:<channel>/challengers}), serving {@code
 * --share} of its decisions; the password is read from {@code --password-file} or from the
 * environment variable {@code PARCOURS_PASSWORD}, never from the command line.
 *
 * <p>Exits 0 when done, 2 with one line on standard error when the input or an option is wrong, 1
 * with one line when the training itself fails.
 */
public final class Retrain {

  private static final LabelFactory LABELS = new LabelFactory();
  private static final String BUILTIN = "builtin:";

  private Retrain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> options;
    try {
      options = options(args);
    } catch (IllegalArgumentException e) {
      err.println("retrain: " + e.getMessage());
      return 2;
    }
    if (options.containsKey("help")) {
      out.println(
          "retrain --data export.csv [--channel web] [--config trainer.xml | builtin:logistic-regression |"
              + " builtin:online-probit] [--holdout 0.2] [--report retrain-report.html] [--model model.tribuo]"
              + " [--upload http://localhost:8080 --user scientist --share 0.1 [--description text]"
              + " [--password-file file]] (or the password in PARCOURS_PASSWORD)");
      return 0;
    }
    try {
      return retrain(options, out);
    } catch (IllegalArgumentException e) {
      err.println("retrain: " + e.getMessage());
      return 2;
    } catch (ChallengerUpload.Refused e) {
      err.println("retrain: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("retrain: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("retrain: the training stopped: " + e);
      return 1;
    }
  }

  private static int retrain(Map<String, String> o, PrintStream out) throws IOException {
    String data = o.get("data");
    if (data == null) {
      throw new IllegalArgumentException(
          "--data is required: a CSV from GET /api/v1/models/training-data");
    }
    Path dataPath = Path.of(data);
    if (!Files.isReadable(dataPath)) {
      throw new IllegalArgumentException("cannot read --data " + dataPath.toAbsolutePath());
    }
    double holdout = fraction(o.getOrDefault("holdout", "0.2"));
    String config = o.getOrDefault("config", BUILTIN + "logistic-regression");
    Path report = Path.of(o.getOrDefault("report", "retrain-report.html"));
    String channel = o.get("channel");
    ChallengerUpload upload = o.containsKey("upload") ? ChallengerUpload.of(o, channel) : null;

    TrainingExamples.Read read;
    try (Reader in = Files.newBufferedReader(dataPath, StandardCharsets.UTF_8)) {
      read = TrainingExamples.read(in, channel);
    }
    List<TrainingExamples.Timed> all = read.examples();
    if (all.size() < 20) {
      throw new IllegalArgumentException(
          dataPath
              + " holds "
              + all.size()
              + " answered impressions"
              + (channel == null ? "" : " on " + channel)
              + "; at least 20 are needed to train and evaluate");
    }
    int cut = (int) Math.round(all.size() * (1 - holdout));
    cut = Math.max(1, Math.min(all.size() - 1, cut));
    Instant firstTrain = all.get(0).decidedAt();
    Instant firstTest = all.get(cut).decidedAt();
    Instant last = all.get(all.size() - 1).decidedAt();
    String description =
        dataPath.getFileName()
            + (channel == null ? "" : " (channel " + channel + ")")
            + ": "
            + all.size()
            + " answered impressions ("
            + read.unanswered()
            + " unanswered skipped, "
            + read.problems().size()
            + " unreadable rows); training "
            + cut
            + " decided "
            + firstTrain
            + " to "
            + firstTest
            + ", hold-out "
            + (all.size() - cut)
            + " decided "
            + firstTest
            + " to "
            + last;
    for (String p : read.problems().subList(0, Math.min(10, read.problems().size()))) {
      out.println("skipped " + p);
    }
    MutableDataset<Label> train =
        new MutableDataset<>(new SimpleDataSourceProvenance(description, LABELS), LABELS);
    for (TrainingExamples.Timed t : all.subList(0, cut)) {
      train.add(t.example());
    }
    List<TrainingExamples.Timed> test = all.subList(cut, all.size());

    Trainer<Label> candidate = trainer(config);
    Trainer<Label> baseline = trainer(BUILTIN + "online-probit");
    List<RetrainReport.Entry> entries = new ArrayList<>();
    Model<Label> model = candidate.train(train);
    entries.add(entry(config, model, test));
    if (!config.equals(BUILTIN + "online-probit")) {
      entries.add(
          entry("online probit (the engine's learner, streamed)", baseline.train(train), test));
    }
    Files.writeString(
        report, RetrainReport.html("Parcours retraining report", description, entries));
    if (o.containsKey("model")) {
      model.serializeToFile(Path.of(o.get("model")));
    }
    for (RetrainReport.Entry e : entries) {
      out.printf(
          Locale.ROOT,
          "%s: hold-out AUC %.4f, top-decile lift %.2f%n",
          e.name(),
          e.evaluation().auc(),
          e.evaluation().deciles().get(0).lift());
    }
    out.println("report: " + report.toAbsolutePath());
    if (upload != null) {
      out.println("uploaded as challenger " + upload.send(model));
    }
    return 0;
  }

  private static RetrainReport.Entry entry(
      String name, Model<Label> model, List<TrainingExamples.Timed> test) {
    boolean[] positive = new boolean[test.size()];
    double[] predicted = new double[test.size()];
    for (int i = 0; i < test.size(); i++) {
      Example<Label> e = test.get(i).example();
      positive[i] = e.getOutput().getLabel().equals(TrainingExamples.POSITIVE);
      Label yes = model.predict(e).getOutputScores().get(TrainingExamples.POSITIVE);
      predicted[i] = yes == null ? 0 : yes.getScore();
    }
    return new RetrainReport.Entry(
        name, HoldoutEvaluation.of(positive, predicted), model.getProvenance().toString());
  }

  /**
   * The Tribuo trainer configured by {@code config}: an OLCUT file's component {@code trainer}, or
   * {@code builtin:logistic-regression} or {@code builtin:online-probit}.
   *
   * @throws IllegalArgumentException naming what cannot be used
   */
  @SuppressWarnings("unchecked")
  public static Trainer<Label> trainer(String config) {
    URL url;
    try {
      if (config.startsWith(BUILTIN)) {
        url = Retrain.class.getResource(config.substring(BUILTIN.length()) + ".xml");
        if (url == null) {
          throw new IllegalArgumentException(
              "no built-in configuration '"
                  + config
                  + "'; use builtin:logistic-regression or builtin:online-probit");
        }
      } else {
        Path p = Path.of(config);
        if (!Files.isReadable(p)) {
          throw new IllegalArgumentException("cannot read --config " + p.toAbsolutePath());
        }
        url = p.toUri().toURL();
      }
      ConfigurationManager cm = new ConfigurationManager(url);
      Object trainer = cm.lookup("trainer");
      if (!(trainer instanceof Trainer<?>)) {
        throw new IllegalArgumentException(
            config + " has no component named 'trainer' that is a Tribuo Trainer");
      }
      return (Trainer<Label>) trainer;
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException(
          "the configuration " + config + " cannot be used: " + e.getMessage(), e);
    }
  }

  private static double fraction(String s) {
    try {
      double f = Double.parseDouble(s);
      if (f > 0 && f < 1) {
        return f;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--holdout must be a fraction between 0 and 1, such as 0.2; got '" + s + "'");
  }

  private static Map<String, String> options(String[] args) {
    return CommandOptions.parse(
        args,
        List.of(
            "data",
            "channel",
            "config",
            "holdout",
            "report",
            "model",
            "upload",
            "user",
            "password-file",
            "share",
            "description",
            "help"));
  }
}
