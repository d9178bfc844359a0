package io.parcours.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.models.PropensityFeatures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The evaluate-offline command on a decision log with a known truth: affluent customers accept the
 * premium card 25 % of the time and the loan 2 %, others the other way round; the logging policy
 * chose between them at random (p = 1/2). A model that learned this chooses right every time: true
 * rate 0.25.
 */
class EvaluateOfflineTest {

  @TempDir Path dir;

  private static double truth(boolean affluent, boolean card) {
    return card == affluent ? 0.25 : 0.02;
  }

  private static List<String> context(boolean affluent) {
    return List.of("bias", "direction=inbound", "segment=" + (affluent ? "affluent" : "mass"));
  }

  private Path model() throws Exception {
    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("test", labels), labels);
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 4_000; i++) {
      boolean affluent = r.nextBoolean();
      boolean card = r.nextBoolean();
      boolean positive = r.nextDouble() < truth(affluent, card);
      ArrayExample<Label> e = new ArrayExample<>(new Label(positive ? "yes" : "no"));
      List<String> f =
          card
              ? PropensityFeatures.of("premium-card", "credit-card", "sales", context(affluent))
              : PropensityFeatures.of("loan", "personal-loan", "sales", context(affluent));
      for (String name : f) {
        e.add(name, 1.0);
      }
      data.add(e);
    }
    Model<Label> model = Retrain.trainer("builtin:logistic-regression").train(data);
    Path file = dir.resolve("model.tribuo");
    model.serializeToFile(file);
    return file;
  }

  private Path log(int decisions) throws Exception {
    StringBuilder csv =
        new StringBuilder(
            "decision_id,decided_at,channel,policy,first_action,first_place_probability,label,candidate_actions,"
                + "candidate_groups,candidate_issues,candidate_context_weights,candidate_values,candidate_levers,"
                + "candidate_propensities,features\r\n");
    SplittableRandom r = new SplittableRandom(11);
    Instant t = Instant.parse("2026-11-01T00:00:00Z");
    for (int i = 0; i < decisions; i++) {
      boolean affluent = r.nextBoolean();
      boolean card = r.nextBoolean();
      boolean positive = r.nextDouble() < truth(affluent, card);
      csv.append("d")
          .append(i)
          .append(',')
          .append(t.plusSeconds(i))
          .append(",web,models,")
          .append(card ? "premium-card" : "loan")
          .append(",0.5,")
          .append(positive ? 1 : 0)
          .append(
              ",premium-card loan,credit-card personal-loan,sales sales,1.0 1.0,1.0 1.0,1.0 1.0,0.1 0.1,\"")
          .append(String.join(" ", context(affluent)))
          .append("\"\r\n");
    }
    csv.append(
        "broken,not-a-time,web,models,loan,0.5,1,loan,personal-loan,sales,1,1,1,0.1,bias\r\n");
    Path file = dir.resolve("decisions.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return file;
  }

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        EvaluateOffline.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aModelThatLearnedTheTruthIsEstimatedAtItsTrueRate() throws Exception {
    Run r = run("--data", log(4_000).toString(), "--model", model().toString(), "--threshold", "0");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("4,000 decisions (1 unreadable rows"), r.out());
    for (String estimator : List.of("IPS", "SNIPS")) {
      Matcher m =
          Pattern.compile(estimator + " +([0-9.]+) +95 % \\[([0-9.]+), ([0-9.]+)\\]")
              .matcher(r.out());
      assertTrue(m.find(), r.out());
      double low = Double.parseDouble(m.group(2));
      double high = Double.parseDouble(m.group(3));
      assertTrue(low <= 0.25 && 0.25 <= high, estimator + " brackets 0.25: " + r.out());
    }
    // The logging policy chose at random: (0.25 + 0.02) / 2.
    Matcher logged = Pattern.compile("logged ([0-9.]+)").matcher(r.out());
    assertTrue(logged.find());
    assertEquals(0.135, Double.parseDouble(logged.group(1)), 0.03);
  }

  @Test
  void mistakesEndWithOneLineAndStatusTwo() throws Exception {
    Run noModel = run("--data", log(10).toString());
    assertEquals(2, noModel.status());
    assertTrue(noModel.err().startsWith("evaluate-offline: --model is required"), noModel.err());
    Path notALog = dir.resolve("training.csv");
    Files.writeString(notALog, "decision_id,decided_at,action_id\r\n");
    Run wrong = run("--data", notALog.toString(), "--model", model().toString());
    assertEquals(2, wrong.status());
    assertTrue(wrong.err().contains("not a decision-log export"), wrong.err());
    assertEquals(1, wrong.err().lines().count());
  }
}
