package io.parcours.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;

/** The retrain command on an export with a known signal, and on the mistakes people make. */
class RetrainTest {

  @TempDir Path dir;

  /**
   * An export in the engine's format: affluent customers accept the premium card 25 % of the time,
   * others 2 %; the loan is the other way round. A fifth of the impressions get no response.
   */
  private Path export(int rows) throws Exception {
    StringBuilder csv =
        new StringBuilder(
            "decision_id,decided_at,customer_id,channel,direction,action_id,action_group,issue,rank,propensity,"
                + "sampled,model_id,model_version,outcome,label,features\r\n");
    SplittableRandom r = new SplittableRandom(42);
    Instant t = Instant.parse("2026-10-01T00:00:00Z");
    for (int i = 0; i < rows; i++) {
      boolean affluent = r.nextBoolean();
      boolean card = r.nextBoolean();
      double p = card == affluent ? 0.25 : 0.02;
      String outcome = r.nextDouble() < 0.2 ? "" : r.nextDouble() < p ? "accepted" : "ignored";
      String label = outcome.isEmpty() ? "" : outcome.equals("accepted") ? "1" : "0";
      csv.append(UUID.randomUUID())
          .append(',')
          .append(t.plusSeconds(60L * i))
          .append(",C")
          .append(i % 500)
          .append(",web,inbound,")
          .append(card ? "premium-card,credit-card,sales" : "loan,personal-loan,sales")
          .append(",1,0.1,0.1,probit:web,")
          .append(i)
          .append(',')
          .append(outcome)
          .append(',')
          .append(label)
          .append(",\"bias direction=inbound segment=")
          .append(affluent ? "affluent" : "mass")
          .append(" hour=morning\"\r\n");
    }
    Path file = dir.resolve("export.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return file;
  }

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Retrain.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void retrainsEvaluatesOnTheLaterHistoryAndWritesAReportAndAModel() throws Exception {
    Path data = export(6000);
    Path report = dir.resolve("report.html");
    Path model = dir.resolve("model.tribuo");
    Run run =
        run("--data", data.toString(), "--report", report.toString(), "--model", model.toString());
    assertEquals(0, run.status(), run.err());
    String html = Files.readString(report);
    assertTrue(
        html.contains("ROC curve") && html.contains("<svg") && html.contains("Lift by decile"));
    long answered =
        Files.readAllLines(data).stream().skip(1).filter(l -> !l.contains(",,,\"")).count();
    long heldOut = answered - Math.round(answered * 0.8);
    assertTrue(
        html.contains(answered + " answered impressions")
            && html.contains("hold-out " + heldOut + " decided"),
        "the later fifth of the " + answered + " answered impressions is held out");
    assertTrue(html.contains("LinearSGDTrainer"), "the provenance names the trainer");
    // The signal allows an AUC of about 0.8; both models must find it.
    for (String line : run.out().split("\n")) {
      if (line.contains("hold-out AUC")) {
        double auc = Double.parseDouble(line.replaceAll(".*hold-out AUC ([0-9.]+).*", "$1"));
        assertTrue(auc > 0.72, line);
      }
    }
    Model<?> read = Model.deserializeFromFile(model);
    assertTrue(read.getProvenance().toString().contains("export.csv"));
  }

  @Test
  void theEnginesOwnLearnerCanBeTheCandidate() throws Exception {
    Run run =
        run(
            "--data",
            export(3000).toString(),
            "--config",
            "builtin:online-probit",
            "--report",
            dir.resolve("r.html").toString());
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().startsWith("builtin:online-probit: hold-out AUC"), run.out());
  }

  @Test
  void mistakesGetOneClearLineAndStatusTwo() throws Exception {
    Run none = run();
    assertEquals(2, none.status());
    assertTrue(none.err().startsWith("retrain: --data is required"), none.err());
    Run holdout = run("--data", export(100).toString(), "--holdout", "1.5");
    assertEquals(2, holdout.status());
    assertTrue(holdout.err().contains("--holdout must be a fraction"), holdout.err());
    Path wrong = dir.resolve("wrong.csv");
    Files.writeString(wrong, "a,b\n1,2\n");
    Run notExport = run("--data", wrong.toString());
    assertEquals(2, notExport.status());
    assertTrue(notExport.err().contains("missing column(s)"), notExport.err());
    Run unknown = run("--data", wrong.toString(), "--config", "builtin:neural-net");
    assertEquals(2, unknown.status());
    Run option = run("--epochs", "3");
    assertEquals(2, option.status());
    assertTrue(option.err().contains("unknown option --epochs"), option.err());
  }
}
