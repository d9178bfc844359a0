package io.parcours.models;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;

/**
 * What one model believes now about a propensity p: the distribution Beta(α, β), and the responses
 * it has learned from.
 *
 * <p><b>Beta-Bernoulli update.</b> Each response is a Bernoulli trial with success probability p.
 * The Beta distribution is conjugate to the Bernoulli: starting from the prior Beta(α0, β0), after
 * s positive and f negative responses the posterior is exactly Beta(α0 + s, β0 + f). So learning
 * one response adds 1 to α (positive) or to β (negative), in any order, with no approximation and
 * no learning rate.
 *
 * <p>The posterior mean α / (α + β) is the propensity shown to people; the posterior variance αβ /
 * ((α + β)²(α + β + 1)) shrinks roughly as 1 / evidence, which is what makes Thompson draws ({@link
 * #sample}) concentrate as a model matures.
 *
 * <p>Immutable: {@link #learn} returns a new value, so a model map can replace a key's posterior
 * atomically and readers never see half an update.
 *
 * @param alpha α = α0 + positives (&gt; 0)
 * @param beta β = β0 + negatives (&gt; 0)
 * @param positives positive responses learned
 * @param negatives negative responses learned
 */
public record Posterior(double alpha, double beta, long positives, long negatives)
    implements PropensityPosterior {

  public Posterior {
    if (!(alpha > 0) || !(beta > 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException(
          "a posterior needs finite alpha > 0 and beta > 0, got Beta(" + alpha + ", " + beta + ")");
    }
    if (positives < 0 || negatives < 0) {
      throw new IllegalArgumentException(
          "response counts must be ≥ 0, got "
              + positives
              + " positives and "
              + negatives
              + " negatives");
    }
  }

  /** The posterior mean α / (α + β): the current estimate of the propensity. */
  @Override
  public double mean() {
    return alpha / (alpha + beta);
  }

  /** The posterior variance αβ / ((α + β)²(α + β + 1)). */
  public double variance() {
    double sum = alpha + beta;
    return alpha * beta / (sum * sum * (sum + 1));
  }

  /** Responses learned: positives + negatives. This is also the model's version. */
  public long evidence() {
    return positives + negatives;
  }

  /**
   * The posterior after one more response: Beta(α + 1, β) when positive, Beta(α, β + 1) when not.
   */
  public Posterior learn(boolean positive) {
    return positive
        ? new Posterior(alpha + 1, beta, positives + 1, negatives)
        : new Posterior(alpha, beta + 1, positives, negatives + 1);
  }

  /**
   * A Thompson draw: one propensity drawn from Beta(α, β) with {@code rng}, using Cheng's algorithm
   * (R. C. H. Cheng, "Generating beta variates with nonintegral shape parameters", CACM 21, 1978).
   */
  @Override
  public double sample(UniformRandomProvider rng) {
    return ChengBetaSampler.of(rng, alpha, beta).sample();
  }

  /**
   * The mean less {@link #SPREAD} standard deviations, at least 0. A Beta distribution's tails are
   * no heavier than a normal's beyond a few deviations, so draws below it are negligible.
   */
  @Override
  public double low() {
    return Math.max(0, mean() - SPREAD * Math.sqrt(variance()));
  }

  /** The mean plus {@link #SPREAD} standard deviations, at most 1. */
  @Override
  public double high() {
    return Math.min(1, mean() + SPREAD * Math.sqrt(variance()));
  }

  /** How many standard deviations {@link #low()} and {@link #high()} lie from the mean. */
  static final double SPREAD = 8;
}
