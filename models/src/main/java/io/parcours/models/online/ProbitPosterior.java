package io.parcours.models.online;

import io.parcours.models.PropensityPosterior;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The propensity of one example under a probit model's posterior: the linear predictor a ~ N(m, v), the
 * propensity Φ(a / β) (see {@link ProbitWeights}).
 *
 * @param linearMean m
 * @param linearVariance v
 * @param beta the probit noise β
 */
public record ProbitPosterior(double linearMean, double linearVariance, double beta)
    implements PropensityPosterior {

  /** How many standard deviations of a bound {@link #low()} and {@link #high()} are: each tail ≈ 3·10⁻⁷. */
  static final double TAIL = 5;

  @Override
  public double mean() {
    return GaussianTail.cdf(linearMean / Math.sqrt(beta * beta + linearVariance));
  }

  @Override
  public double sample(UniformRandomProvider rng) {
    double a = linearMean + Math.sqrt(linearVariance) * ZigguratSampler.NormalizedGaussian.of(rng).sample();
    return GaussianTail.cdf(a / beta);
  }

  @Override
  public double low() {
    return GaussianTail.cdf((linearMean - TAIL * Math.sqrt(linearVariance)) / beta);
  }

  @Override
  public double high() {
    return GaussianTail.cdf((linearMean + TAIL * Math.sqrt(linearVariance)) / beta);
  }
}
