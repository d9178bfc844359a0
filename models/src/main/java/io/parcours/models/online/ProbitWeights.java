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

  /** Whether the prior differs by feature: see {@link FeaturePrior#byName()}. */
  private final boolean priorByName;

  /** The prior mean and variance of every feature when the prior is the same for all; else NaN. */
  private final double unseenMean;

  private final double unseenVariance;

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
    this.priorByName = prior.byName();
    this.unseenMean = prior.byName() ? Double.NaN : prior.mean("");
    this.unseenVariance = prior.byName() ? Double.NaN : prior.variance("");
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

  /**
   * A context looked up once in this snapshot, to encode each item in it by {@code crossing}
   * without building the names of its crossed features: what a decision does before scoring its
   * candidates.
   */
  public InContext in(Crossing crossing, List<String> context) {
    return new InContext(crossing, context);
  }

  /**
   * A context's features looked up in a snapshot, with the part of every item's linear predictor
   * they make (the context comes first in every example, so that part is the same for all). Encodes
   * exactly as {@link ProbitWeights#encode(List)} encodes the same features by name, sum for sum in
   * the same order. Immutable; any thread.
   */
  public final class InContext {

    private final Crossing crossing;

    /** The context features that are crossed, in order; their numbers as right parts. */
    private final String[] crossed;

    private final int[] rights;

    /** Whether a crossed feature is looked up by name: its name holds {@link Crossing#CROSS}. */
    private final boolean[] byName;

    private final double contextMean;
    private final double contextVariance;

    private InContext(Crossing crossing, List<String> context) {
      this.crossing = crossing;
      double m = 0;
      double v = 0;
      int n = 0;
      for (String c : context) {
        int i = domain.index(c);
        if (i >= 0 && i < mean.length) {
          m += mean[i];
          v += variance[i];
        } else {
          m += prior.mean(c);
          v += prior.variance(c);
        }
        n += c.equals(crossing.uncrossed()) ? 0 : 1;
      }
      this.contextMean = m;
      this.contextVariance = v;
      this.crossed = new String[n];
      this.rights = new int[n];
      this.byName = new boolean[n];
      int p = 0;
      for (String c : context) {
        if (!c.equals(crossing.uncrossed())) {
          crossed[p] = c;
          byName[p] = c.indexOf(Crossing.CROSS) >= 0;
          rights[p] = byName[p] ? -1 : domain.right(c);
          p++;
        }
      }
    }

    /** Encodes the item with features {@code own} in this context. */
    public Encoded encode(List<String> own) {
      double m = contextMean;
      double v = contextVariance;
      int j = Math.min(crossing.crossedOwn(), own.size());
      int[] lefts = new int[j];
      for (int q = 0; q < own.size(); q++) {
        String o = own.get(q);
        int i = domain.index(o);
        if (i >= 0 && i < mean.length) {
          m += mean[i];
          v += variance[i];
        } else {
          m += prior.mean(o);
          v += prior.variance(o);
        }
        if (q < j) {
          lefts[q] = domain.left(o);
        }
      }
      for (int p = 0; p < crossed.length; p++) {
        for (int q = 0; q < j; q++) {
          int i =
              byName[p]
                  ? domain.index(Crossing.cross(own.get(q), crossed[p]))
                  : domain.crossed(lefts[q], rights[p]);
          if (i >= 0 && i < mean.length) {
            m += mean[i];
            v += variance[i];
          } else if (!priorByName) {
            m += unseenMean;
            v += unseenVariance;
          } else {
            String f = Crossing.cross(own.get(q), crossed[p]);
            m += prior.mean(f);
            v += prior.variance(f);
          }
        }
      }
      return new Encoded(m, v);
    }
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
