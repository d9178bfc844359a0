package io.parcours.models.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * An online learner that starts from an offline model predicts what the offline model predicted.
 */
class WarmStartTest {

  private static final LabelFactory LABELS = new LabelFactory();
  private static final FeaturePrior DEFAULT = FeaturePrior.uniform(0.1);

  private static List<String> features(boolean savings, boolean mobile) {
    return List.of(
        "bias",
        savings ? "savings=yes" : "savings=no",
        mobile ? "device=mobile" : "device=desktop");
  }

  /** Savings holders say yes far more often (35 % against 8 %); mobile users a little less. */
  private static MutableDataset<Label> data(long seed, int n, String... labels) {
    MutableDataset<Label> d =
        new MutableDataset<>(new SimpleDataSourceProvenance("offers " + seed, LABELS), LABELS);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      boolean savings = r.nextDouble() < 0.4;
      boolean mobile = r.nextDouble() < 0.5;
      double p = (savings ? 0.35 : 0.08) * (mobile ? 0.8 : 1);
      String label =
          labels.length > 2 ? labels[r.nextInt(labels.length)] : r.nextDouble() < p ? "yes" : "no";
      ArrayExample<Label> e = new ArrayExample<>(new Label(label));
      features(savings, mobile).forEach(f -> e.add(f, 1));
      d.add(e);
    }
    return d;
  }

  private static Model<Label> logisticRegression(MutableDataset<Label> d) {
    return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), 5, 1_000_000, 1, 7L)
        .train(d);
  }

  private static double offline(Model<Label> model, List<String> features) {
    ArrayExample<Label> e = new ArrayExample<>(new Label("yes"));
    features.forEach(f -> e.add(f, 1));
    return model.predict(e).getOutputScores().get("yes").getScore();
  }

  private static double online(WarmStart prior, List<String> features) {
    OnlineProbitLearner learner =
        new OnlineProbitLearner(new OnlineProbitLearner.Settings(1.0, prior, 0.0, 0));
    return learner.predict(features);
  }

  @Test
  void aLearnerStartingFromALogisticRegressionPredictsWhatItPredicted() {
    Model<Label> model = logisticRegression(data(1, 20_000));
    WarmStart prior = WarmStart.of(model, "yes", 1e-4, DEFAULT);
    for (boolean savings : new boolean[] {true, false}) {
      for (boolean mobile : new boolean[] {true, false}) {
        List<String> f = features(savings, mobile);
        // The probit's Φ(z·√(π/8)) is within 0.02 of the logistic σ(z) wherever z is.
        assertEquals(offline(model, f), online(prior, f), 0.02, f.toString());
      }
    }
    assertTrue(online(prior, features(true, false)) > 3 * online(prior, features(false, false)));
  }

  @Test
  void anUnknownFeatureGetsTheDefaultPriorAndTheChosenVarianceTheKnownOnes() {
    WarmStart prior = WarmStart.of(logisticRegression(data(2, 2_000)), "yes", 0.02, DEFAULT);
    assertEquals(0.0, prior.mean("action=brand-new"));
    assertEquals(0.1, prior.variance("action=brand-new"));
    assertEquals(0.02, prior.variance("savings=yes"));
    assertTrue(prior.mean("savings=yes") > prior.mean("savings=no"));
  }

  @Test
  void fromTheOnlineProbitItKeepsThePosteriorMeansAndWidensTooNarrowVariances() {
    OnlinePropensityModel model =
        new OnlineProbitTrainer("yes", 1.0, 0.1, 0.0).train(data(3, 5_000));
    WarmStart prior = WarmStart.of(model, "yes", 0.01, DEFAULT);
    for (String f : List.of("bias", "savings=yes", "device=mobile")) {
      assertEquals(model.weightMean(f), prior.mean(f), 1e-12);
      assertEquals(Math.max(0.01, model.weightVariance(f)), prior.variance(f), 1e-12);
    }
  }

  @Test
  void modelsAProbitCannotStartFromAreRefusedWithTheReason() {
    IllegalArgumentException three =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                WarmStart.of(
                    logisticRegression(data(4, 300, "yes", "no", "maybe")), "yes", 0.01, DEFAULT));
    assertTrue(three.getMessage().contains("two labels"), three.getMessage());
    IllegalArgumentException label =
        assertThrows(
            IllegalArgumentException.class,
            () -> WarmStart.of(logisticRegression(data(5, 300)), "accepted", 0.01, DEFAULT));
    assertTrue(label.getMessage().contains("no label 'accepted'"), label.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> WarmStart.of(logisticRegression(data(5, 300)), "yes", 0, DEFAULT));
  }

  @Test
  void itIsStoredAndReadBackExactly() throws Exception {
    WarmStart prior = WarmStart.of(logisticRegression(data(6, 2_000)), "yes", 0.01, DEFAULT);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    prior.write(new DataOutputStream(bytes));
    WarmStart read =
        WarmStart.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), DEFAULT);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    read.write(new DataOutputStream(again));
    assertEquals(prior.features(), read.features());
    assertTrue(java.util.Arrays.equals(bytes.toByteArray(), again.toByteArray()));
    assertEquals(prior.mean("savings=yes"), read.mean("savings=yes"));
  }
}
