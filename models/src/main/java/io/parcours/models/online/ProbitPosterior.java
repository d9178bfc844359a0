package io.parcours.models.online;

import io.parcours.models.PropensityPosterior;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The propensity of one example under a probit model's posterior: the linear predictor a ~ N(m, v),
 * the propensity Φ(a / β) (see {@link ProbitWeights}).
 *
 * <p><b>A scaled draw.</b> A draw splits the uncertainty v of the linear predictor in two: a part
 * α²v that is sampled, and a part (1 − α²)v that is averaged over, as the posterior mean propensity
 * does:
 *
 * <pre>
 *   a ~ N(m, α² v),   draw = Φ( a / √(β² + (1 − α²) v) )
 * </pre>
 *
 * Whatever α, the draws average to the posterior mean propensity Φ(m / √(β² + v)) (the expectation
 * of Φ(a / c) over a ~ N(m, τ²) is Φ(m / √(c² + τ²))), so scaling the draw changes how widely the
 * ranking explores, not what it believes. α = 1 is Thompson sampling; α = 0 ranks on the posterior
 * mean. Reshaping the posterior's spread for Thompson sampling is Chapelle and Li's ("An empirical
 * evaluation of Thompson sampling", NeurIPS 2011), whose experiments found that a narrower spread
 * (α &lt; 1) can pay.
 *
 * @param linearMean m
 * @param linearVariance v
 * @param beta the probit noise β
 * @param drawScale α in [0, 1]
 */
public record ProbitPosterior(
    double linearMean, double linearVariance, double beta, double drawScale)
    implements PropensityPosterior {

  /**
   * How many standard deviations of a bound {@link #low()} and {@link #high()} are: each tail ≈
   * 3·10⁻⁷.
   */
  static final double TAIL = 5;

  public ProbitPosterior {
    if (!(drawScale >= 0 && drawScale <= 1)) {
      throw new IllegalArgumentException("the draw scale must be in [0, 1], got " + drawScale);
    }
  }

  /** An unscaled posterior (α = 1): a draw is a Thompson sample Φ(a / β), a ~ N(m, v). */
  public ProbitPosterior(double linearMean, double linearVariance, double beta) {
    this(linearMean, linearVariance, beta, 1.0);
  }

  @Override
  public double mean() {
    return GaussianTail.cdf(linearMean / Math.sqrt(beta * beta + linearVariance));
  }

  @Override
  public double sample(UniformRandomProvider rng) {
    return at(
        linearMean
            + drawScale
                * Math.sqrt(linearVariance)
                * ZigguratSampler.NormalizedGaussian.of(rng).sample());
  }

  @Override
  public double low() {
    return at(linearMean - TAIL * drawScale * Math.sqrt(linearVariance));
  }

  @Override
  public double high() {
    return at(linearMean + TAIL * drawScale * Math.sqrt(linearVariance));
  }

  /** The propensity of a sampled linear predictor a: Φ(a / √(β² + (1 − α²) v)). */
  private double at(double a) {
    return GaussianTail.cdf(
        a / Math.sqrt(beta * beta + (1 - drawScale * drawScale) * linearVariance));
  }
}
