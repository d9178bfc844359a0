package io.parcours.models.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The scaled draw a ~ N(m, α²v), Φ(a / √(β² + (1 − α²)v)), on cases worked out by hand. */
class ProbitPosteriorTest {

  @Test
  void aDrawOneStandardDeviationUpHasTheClosedForm() {
    // m = 0, v = 3, β = 1, α = 0.5: a = 0.5·√3·z, divided by √(1 + 0.75·3) = √3.25, at z = 1:
    // Φ(0.8660254 / 1.8027756) = Φ(0.4803845) = 0.6845230.
    ProbitPosterior p = new ProbitPosterior(0, 3, 1, 0.5);
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(5L);
    double z = ZigguratSampler.NormalizedGaussian.of(RandomSource.SPLIT_MIX_64.create(5L)).sample();
    double expected = GaussianTail.cdf(0.5 * Math.sqrt(3) * z / Math.sqrt(3.25));
    assertEquals(expected, p.sample(rng), 1e-15);
    assertEquals(0.6845229794, GaussianTail.cdf(0.5 * Math.sqrt(3) / Math.sqrt(3.25)), 1e-9);
    // The bounds are 5 scaled standard deviations: Φ(∓5 · 0.4803845).
    assertEquals(0.0081545859, p.low(), 1e-9);
    assertEquals(1 - 0.0081545859, p.high(), 1e-9);
  }

  @Test
  void scaleOneIsTheThompsonDrawOfTheWeights() {
    OnlineProbitLearner l =
        new OnlineProbitLearner(
            new OnlineProbitLearner.Settings(1.0, FeaturePrior.uniform(0.4), 0.0, 0));
    l.learn(List.of("bias", "x"), false, 1);
    ProbitWeights w = l.weights();
    ProbitWeights.Encoded e = w.encode(List.of("bias", "x", "new"));
    ProbitPosterior p = w.posterior(e, 1.0);
    for (long seed = 1; seed <= 20; seed++) {
      assertEquals(
          w.sample(e, RandomSource.SPLIT_MIX_64.create(seed)),
          p.sample(RandomSource.SPLIT_MIX_64.create(seed)),
          0.0);
    }
    assertEquals(w.propensity(e), p.mean(), 0.0);
  }

  @Test
  void scaleZeroIsThePosteriorMeanPropensity() {
    // m = −1, v = 0.5, β = 1: Φ(−1 / √1.5) = 0.2071081, every draw and both bounds.
    ProbitPosterior p = new ProbitPosterior(-1, 0.5, 1, 0);
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(9L);
    assertEquals(0.2071080891, p.mean(), 1e-9);
    for (int i = 0; i < 10; i++) {
      assertEquals(p.mean(), p.sample(rng), 1e-15);
    }
    assertEquals(p.mean(), p.low(), 1e-15);
    assertEquals(p.mean(), p.high(), 1e-15);
  }

  @Test
  void drawsAverageToThePosteriorMeanWhateverTheScale() {
    // E[Φ(a / c)] over a ~ N(m, τ²) is Φ(m / √(c² + τ²)): the scale changes the spread, not the
    // mean.
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(11L);
    for (double alpha : new double[] {0.25, 0.5, 0.75, 1.0}) {
      ProbitPosterior p = new ProbitPosterior(-1, 0.5, 1, alpha);
      int n = 200_000;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += p.sample(rng);
      }
      assertEquals(0.2071080891, sum / n, 0.002, "alpha " + alpha);
    }
  }

  @Test
  void aSmallerScaleSpreadsTheDrawsLess() {
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(13L);
    double previous = 0;
    for (double alpha : new double[] {0.25, 0.5, 1.0}) {
      ProbitPosterior p = new ProbitPosterior(-1, 0.5, 1, alpha);
      double sum = 0;
      double sq = 0;
      int n = 50_000;
      for (int i = 0; i < n; i++) {
        double s = p.sample(rng);
        sum += s;
        sq += s * s;
      }
      double sd = Math.sqrt(sq / n - (sum / n) * (sum / n));
      assertEquals(true, sd > previous, "alpha " + alpha + ": sd " + sd + " after " + previous);
      previous = sd;
    }
  }

  @Test
  void aScaleOutsideZeroToOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ProbitPosterior(0, 1, 1, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new ProbitPosterior(0, 1, 1, -0.1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new OnlineProbitLearner.Settings(1.0, FeaturePrior.uniform(0.1), 0, 0, 2));
  }
}
