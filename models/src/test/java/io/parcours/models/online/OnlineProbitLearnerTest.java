package io.parcours.models.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The probit update on small cases with answers worked out by hand, and on data with a known truth.
 */
class OnlineProbitLearnerTest {

  private static OnlineProbitLearner learner(double priorVariance) {
    return new OnlineProbitLearner(
        new OnlineProbitLearner.Settings(1.0, FeaturePrior.uniform(priorVariance), 0.0, 0));
  }

  @Test
  void onePositiveOnOneFeatureMovesItsWeightByTheClosedForm() {
    // Prior N(0, 1), β = 1: s² = 2, t = 0, v = φ(0)/Φ(0) = 2/√(2π), w = v².
    OnlineProbitLearner l = learner(1.0);
    assertTrue(l.learn(List.of("bias"), true, 1));
    ProbitWeights w = l.weights();
    double v = 2 / Math.sqrt(2 * Math.PI);
    assertEquals(v / Math.sqrt(2), w.weightMean("bias"), 1e-12); // 0.5641895835
    assertEquals(1 - v * v / 2, w.weightVariance("bias"), 1e-12); // 0.6816901138
    assertEquals(0.5641895835, w.weightMean("bias"), 1e-9);
    assertEquals(0.6816901138, w.weightVariance("bias"), 1e-9);
  }

  @Test
  void aNegativeIsTheMirrorImageOfAPositive() {
    OnlineProbitLearner yes = learner(0.5);
    OnlineProbitLearner no = learner(0.5);
    yes.learn(List.of("a", "b"), true, 1);
    no.learn(List.of("a", "b"), false, 1);
    assertEquals(yes.weights().weightMean("a"), -no.weights().weightMean("a"), 1e-15);
    assertEquals(yes.weights().weightVariance("b"), no.weights().weightVariance("b"), 1e-15);
  }

  @Test
  void theEvidenceIsSharedBetweenTheActiveFeaturesInProportionToTheirVariance() {
    OnlineProbitLearner l =
        new OnlineProbitLearner(
            new OnlineProbitLearner.Settings(
                1.0,
                new FeaturePrior() {
                  @Override
                  public double mean(String feature) {
                    return 0;
                  }

                  @Override
                  public double variance(String feature) {
                    return feature.equals("wide") ? 2.0 : 0.5;
                  }
                },
                0.0,
                0));
    l.learn(List.of("wide", "narrow"), true, 1);
    // Δμᵢ = σᵢ² v / s: the ratio of the moves is the ratio of the prior variances.
    assertEquals(4.0, l.weights().weightMean("wide") / l.weights().weightMean("narrow"), 1e-12);
  }

  @Test
  void aSurprisingResponseMovesTheWeightsAFiniteAmount() {
    OnlineProbitLearner l = learner(1.0);
    for (int i = 1; i <= 200; i++) {
      l.learn(List.of("bias"), false, i);
    }
    double before = l.weights().weightMean("bias");
    l.learn(List.of("bias"), true, 201);
    double after = l.weights().weightMean("bias");
    assertTrue(Double.isFinite(after) && after > before, before + " -> " + after);
    assertTrue(l.weights().weightVariance("bias") > 0);
  }

  @Test
  void aResponseAlreadyLearnedIsIgnoredSoAReplayCountsNothingTwice() {
    OnlineProbitLearner l = learner(1.0);
    l.learn(List.of("bias"), true, 5);
    double mean = l.weights().weightMean("bias");
    assertFalse(l.learn(List.of("bias"), true, 5));
    assertFalse(l.learn(List.of("bias"), false, 3));
    assertEquals(mean, l.weights().weightMean("bias"));
    assertEquals(1, l.weights().evidence());
    assertEquals(5, l.lastResponseId());
  }

  @Test
  void anUnseenFeatureScoresWithItsPriorAndNothingIsAddedByScoring() {
    OnlineProbitLearner l = learner(0.3);
    l.learn(List.of("bias"), true, 1);
    ProbitWeights w = l.weights();
    ProbitWeights.Encoded e = w.encode(List.of("bias", "action=new"));
    assertEquals(w.weightMean("bias"), e.mean(), 1e-15);
    assertEquals(w.weightVariance("bias") + 0.3, e.variance(), 1e-15);
    assertEquals(1, w.features());
  }

  @Test
  void aRestartedLearnerContinuesExactlyWhereTheSnapshotLeftOff() {
    List<List<String>> examples = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 400; i++) {
      examples.add(List.of("bias", "a=" + r.nextInt(5), "b=" + r.nextInt(7)));
    }
    OnlineProbitLearner straight = learner(0.2);
    OnlineProbitLearner first = learner(0.2);
    for (int i = 0; i < 400; i++) {
      boolean y = (i * 7919) % 5 == 0;
      straight.learn(examples.get(i), y, i + 1);
      if (i < 250) {
        first.learn(examples.get(i), y, i + 1);
      }
    }
    OnlineProbitLearner resumed = OnlineProbitLearner.resume(first.settings(), first.publish());
    for (int i = 200; i < 400; i++) { // overlapping replay: 200..249 were already learned
      resumed.learn(examples.get(i), (i * 7919) % 5 == 0, i + 1);
    }
    ProbitWeights a = straight.publish();
    ProbitWeights b = resumed.publish();
    assertEquals(a.evidence(), b.evidence());
    for (String f : List.of("bias", "a=0", "a=4", "b=6")) {
      assertEquals(a.weightMean(f), b.weightMean(f), 1e-15, f);
      assertEquals(a.weightVariance(f), b.weightVariance(f), 1e-15, f);
    }
  }

  @Test
  void itRecoversTheWeightsOfAKnownProbitModel() {
    // Truth: P(y | x) = Φ(−1 + 0.8·[segment=affluent] − 0.5·[channel=sms] + 0.3·[stage=use]).
    SplittableRandom r = new SplittableRandom(11);
    OnlineProbitLearner l = learner(1.0);
    for (int i = 1; i <= 60_000; i++) {
      boolean affluent = r.nextBoolean();
      boolean sms = r.nextDouble() < 0.3;
      boolean use = r.nextDouble() < 0.6;
      List<String> x = new ArrayList<>(List.of("bias"));
      double a = -1;
      if (affluent) {
        x.add("segment=affluent");
        a += 0.8;
      }
      if (sms) {
        x.add("channel=sms");
        a -= 0.5;
      }
      if (use) {
        x.add("stage=use");
        a += 0.3;
      }
      // Latent a + N(0, 1) > 0 is exactly a probit with β = 1.
      boolean y = a + gaussian(r) > 0;
      l.learn(x, y, i);
    }
    ProbitWeights w = l.publish();
    // Each weight's posterior is approximated independently (the correlation between the bias and
    // the
    // other weights is dropped), so the weights carry a little of each other's signal and the
    // propensities keep a small bias, about 0.03 here; a constant rate would be off by up to 0.25.
    for (int mask = 0; mask < 8; mask++) {
      List<String> x = new ArrayList<>(List.of("bias"));
      double a = -1;
      if ((mask & 1) != 0) {
        x.add("segment=affluent");
        a += 0.8;
      }
      if ((mask & 2) != 0) {
        x.add("channel=sms");
        a -= 0.5;
      }
      if ((mask & 4) != 0) {
        x.add("stage=use");
        a += 0.3;
      }
      assertEquals(GaussianTail.cdf(a), w.propensity(w.encode(x)), 0.035, x.toString());
    }
    assertTrue(
        w.weightMean("segment=affluent") > 0.6 && w.weightMean("channel=sms") < -0.35,
        "the signs and sizes of the effects are recovered");
  }

  @Test
  void thompsonDrawsNarrowAsEvidenceGrows() {
    OnlineProbitLearner l = learner(1.0);
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(5L);
    double young = spread(l.weights(), rng);
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 1; i <= 2000; i++) {
      l.learn(List.of("bias"), r.nextDouble() < 0.2, i);
    }
    ProbitWeights mature = l.publish();
    double old = spread(mature, rng);
    assertTrue(old < young / 5, "spread " + young + " -> " + old);
    assertEquals(0.2, mature.propensity(mature.encode(List.of("bias"))), 0.03);
  }

  @Test
  void forgettingKeepsTheVarianceFromCollapsing() {
    OnlineProbitLearner stiff = learner(1.0);
    OnlineProbitLearner supple =
        new OnlineProbitLearner(
            new OnlineProbitLearner.Settings(1.0, FeaturePrior.uniform(1.0), 0.01, 0));
    for (int i = 1; i <= 5000; i++) {
      stiff.learn(List.of("bias"), i % 4 == 0, i);
      supple.learn(List.of("bias"), i % 4 == 0, i);
    }
    assertTrue(
        supple.weights().weightVariance("bias") > 20 * stiff.weights().weightVariance("bias"));
  }

  @Test
  void aWeightNoResponseTouchesDriftsBackToItsPriorByTheClosedForm() {
    double e = 0.01;
    OnlineProbitLearner l =
        new OnlineProbitLearner(
            new OnlineProbitLearner.Settings(1.0, FeaturePrior.uniform(1.0), e, 0));
    l.learn(List.of("offer"), true, 1);
    // The first update starts from the prior, which forgetting leaves where it is: the closed form
    // of
    // onePositiveOnOneFeatureMovesItsWeightByTheClosedForm, then this response's own forgetting
    // step.
    double v = 2 / Math.sqrt(2 * Math.PI);
    double mean1 = v / Math.sqrt(2);
    double variance1 = 1 - v * v / 2;
    for (int i = 2; i <= 101; i++) {
      l.learn(List.of("bias"), i % 3 == 0, i);
    }
    // 1 + 100 steps: 1/σ² = κ/σ1² + (1 − κ)/1, μ/σ² = κ μ1/σ1², κ = (1 − ε)^101.
    double kept = Math.pow(1 - e, 101);
    double precision = kept / variance1 + (1 - kept);
    ProbitWeights w = l.weights();
    assertEquals(1 / precision, w.weightVariance("offer"), 1e-12);
    assertEquals(kept * mean1 / variance1 / precision, w.weightMean("offer"), 1e-12);
    assertTrue(
        w.weightVariance("offer") > 0.75,
        "an unseen offer is uncertain again: " + w.weightVariance("offer"));
  }

  @Test
  void forgettingLazilyGivesWhatForgettingEveryWeightAtEveryResponseGives() {
    double e = 0.003;
    double priorVariance = 0.3;
    OnlineProbitLearner lazy =
        new OnlineProbitLearner(
            new OnlineProbitLearner.Settings(
                1.0, FeaturePrior.uniform(priorVariance), e, Long.MAX_VALUE));
    String[] features = {"bias", "a", "b", "c", "d", "e"};
    double[] mean = new double[features.length];
    double[] variance = new double[features.length];
    java.util.Arrays.fill(variance, priorVariance);
    SplittableRandom r = new SplittableRandom(11);
    for (int n = 1; n <= 3000; n++) {
      // Feature 0 always, the others rarely and unevenly, with values other than 1.
      List<Integer> active = new ArrayList<>(List.of(0));
      for (int f = 1; f < features.length; f++) {
        if (r.nextDouble() < 0.5 / f) {
          active.add(f);
        }
      }
      String[] names = new String[active.size()];
      double[] values = new double[active.size()];
      for (int k = 0; k < names.length; k++) {
        names[k] = features[active.get(k)];
        values[k] = k == 0 ? 1 : 0.5 + r.nextDouble();
      }
      boolean positive = r.nextDouble() < 0.3;
      double eager = eagerPredict(mean, variance, active, values);
      assertEquals(eager, lazy.predict(names, values), 1e-9, "prediction before response " + n);
      lazy.learn(names, values, positive, n);
      eagerLearn(mean, variance, active, values, positive);
      for (int f = 0; f < features.length; f++) {
        double p = (1 - e) / variance[f] + e / priorVariance;
        mean[f] = (1 - e) * mean[f] / variance[f] / p;
        variance[f] = 1 / p;
      }
    }
    ProbitWeights w = lazy.publish();
    for (int f = 0; f < features.length; f++) {
      assertEquals(mean[f], w.weightMean(features[f]), 1e-9, features[f]);
      assertEquals(variance[f], w.weightVariance(features[f]), 1e-9, features[f]);
    }
  }

  private static double eagerPredict(
      double[] mean, double[] variance, List<Integer> active, double[] x) {
    double m = 0;
    double s2 = 1;
    for (int k = 0; k < x.length; k++) {
      m += mean[active.get(k)] * x[k];
      s2 += variance[active.get(k)] * x[k] * x[k];
    }
    return GaussianTail.cdf(m / Math.sqrt(s2));
  }

  private static void eagerLearn(
      double[] mean, double[] variance, List<Integer> active, double[] x, boolean positive) {
    double m = 0;
    double s2 = 1;
    for (int k = 0; k < x.length; k++) {
      m += mean[active.get(k)] * x[k];
      s2 += variance[active.get(k)] * x[k] * x[k];
    }
    double y = positive ? 1 : -1;
    double s = Math.sqrt(s2);
    double t = y * m / s;
    for (int k = 0; k < x.length; k++) {
      int i = active.get(k);
      double var = variance[i];
      mean[i] += y * x[k] * (var / s) * GaussianTail.v(t);
      variance[i] = var * (1 - x[k] * x[k] * (var / s2) * GaussianTail.w(t));
    }
  }

  @Test
  void scoringSeesNothingUntilTheLearnerPublishes() {
    OnlineProbitLearner l =
        new OnlineProbitLearner(
            new OnlineProbitLearner.Settings(1.0, FeaturePrior.uniform(1.0), 0, Long.MAX_VALUE));
    ProbitWeights before = l.weights();
    l.learn(List.of("bias"), true, 1);
    assertEquals(0, l.weights().evidence(), "not published yet");
    l.publish();
    assertEquals(1, l.weights().evidence());
    assertEquals(0, before.evidence(), "a snapshot never changes");
  }

  private static double spread(ProbitWeights w, UniformRandomProvider rng) {
    ProbitWeights.Encoded e = w.encode(List.of("bias"));
    double sum = 0;
    double sq = 0;
    int n = 4000;
    for (int i = 0; i < n; i++) {
      double s = w.sample(e, rng);
      sum += s;
      sq += s * s;
    }
    double m = sum / n;
    return Math.sqrt(sq / n - m * m);
  }

  private static double gaussian(SplittableRandom r) {
    // Box–Muller: enough for a test's synthetic truth.
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
