package io.parcours.models.online;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * An immutable snapshot of an online probit model: for each known feature, the mean and variance of
 * its weight's normal posterior. Scoring reads a snapshot without locks; the learner publishes a
 * new one.
 *
 * <p><b>Prediction.</b> For an example x the linear predictor a = w·x is normal with mean m = Σ
 * μᵢxᵢ and variance v = Σ σᵢ²xᵢ². With the probit link and noise β, P(positive | x) = Φ(m / √(β² +
 * v)): the posterior mean propensity. A Thompson draw samples a ~ N(m, v) and answers Φ(a / β): one
 * plausible propensity under the current uncertainty, wide for a new action, narrow for a mature
 * one; a scaled draw ({@link #posterior}) spreads less around the mean. Features the snapshot does
 * not know (a new action) contribute their prior mean and variance.
 */
public final class ProbitWeights {

  private final FeatureDomain domain;
  private final FeaturePrior prior;
  private final double beta;
  private final double[] mean;
  private final double[] variance;
  private final long evidence;
  private final long positives;
  private final long lastResponseId;

  ProbitWeights(
      FeatureDomain domain,
      FeaturePrior prior,
      double beta,
      double[] mean,
      double[] variance,
      long evidence,
      long positives,
      long lastResponseId) {
    this.domain = domain;
    this.prior = prior;
    this.beta = beta;
    this.mean = mean;
    this.variance = variance;
    this.evidence = evidence;
    this.positives = positives;
    this.lastResponseId = lastResponseId;
  }

  /** An example's linear predictor under this snapshot: its mean m and variance v. */
  public record Encoded(double mean, double variance) {}

  /** Encodes an example given as feature names with value 1. */
  public Encoded encode(List<String> features) {
    double m = 0;
    double v = 0;
    for (String f : features) {
      int i = domain.index(f);
      if (i >= 0 && i < mean.length) {
        m += mean[i];
        v += variance[i];
      } else {
        m += prior.mean(f);
        v += prior.variance(f);
      }
    }
    return new Encoded(m, v);
  }

  /** Encodes an example given as feature names and values. */
  public Encoded encode(String[] features, double[] values) {
    double m = 0;
    double v = 0;
    for (int k = 0; k < features.length; k++) {
      double x = values[k];
      int i = domain.index(features[k]);
      if (i >= 0 && i < mean.length) {
        m += mean[i] * x;
        v += variance[i] * x * x;
      } else {
        m += prior.mean(features[k]) * x;
        v += prior.variance(features[k]) * x * x;
      }
    }
    return new Encoded(m, v);
  }

  /** The posterior mean propensity Φ(m / √(β² + v)). */
  public double propensity(Encoded e) {
    return GaussianTail.cdf(e.mean() / Math.sqrt(beta * beta + e.variance()));
  }

  /**
   * The distribution of an example's propensity, to draw from: a ~ N(m, α²v) answered as Φ(a / √(β²
   * + (1 − α²)v)); see {@link ProbitPosterior}.
   *
   * @param drawScale α in [0, 1]; 1 gives the plain Thompson draw of {@link #sample}
   */
  public ProbitPosterior posterior(Encoded e, double drawScale) {
    return new ProbitPosterior(e.mean(), e.variance(), beta, drawScale);
  }

  /** A Thompson draw: a ~ N(m, v), answered as Φ(a / β). */
  public double sample(Encoded e, UniformRandomProvider rng) {
    double a =
        e.mean() + Math.sqrt(e.variance()) * ZigguratSampler.NormalizedGaussian.of(rng).sample();
    return GaussianTail.cdf(a / beta);
  }

  /** The posterior mean of a feature's weight (the prior mean when never seen). */
  public double weightMean(String feature) {
    int i = domain.index(feature);
    return i >= 0 && i < mean.length ? mean[i] : prior.mean(feature);
  }

  /** The posterior variance of a feature's weight (the prior variance when never seen). */
  public double weightVariance(String feature) {
    int i = domain.index(feature);
    return i >= 0 && i < variance.length ? variance[i] : prior.variance(feature);
  }

  /** Features with a weight in this snapshot. */
  public int features() {
    return mean.length;
  }

  /** The name of feature {@code i}, 0 ≤ i &lt; {@link #features()}. */
  public String featureName(int i) {
    return domain.name(i);
  }

  /** The mean of weight {@code i}. */
  public double meanAt(int i) {
    return mean[i];
  }

  /** The variance of weight {@code i}. */
  public double varianceAt(int i) {
    return variance[i];
  }

  /** The probit noise β. */
  public double beta() {
    return beta;
  }

  /** The prior the model started from. */
  public FeaturePrior prior() {
    return prior;
  }

  /** Responses learned from. */
  public long evidence() {
    return evidence;
  }

  /** Positive responses learned from. */
  public long positives() {
    return positives;
  }

  /** The id of the last response learned; 0 when none. */
  public long lastResponseId() {
    return lastResponseId;
  }
}
