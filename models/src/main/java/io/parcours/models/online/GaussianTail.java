package io.parcours.models.online;

import org.apache.commons.numbers.gamma.Erfc;

/**
 * The standard normal functions the probit update needs: the density φ, the distribution Φ, and the
 * ratios v(t) = φ(t) / Φ(t) and w(t) = v(t) (v(t) + t) of assumed-density filtering.
 *
 * <p>For very negative t, Φ(t) underflows long before φ(t) / Φ(t) does; there the
 * continued-fraction asymptote v(t) ≈ −t − 1/t + 2/t³ keeps the update finite (a surprising
 * response moves the weights a lot, but never by infinity).
 */
final class GaussianTail {

  private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);
  private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2);

  private GaussianTail() {}

  /** The standard normal density φ(t). */
  static double density(double t) {
    return INV_SQRT_2PI * Math.exp(-0.5 * t * t);
  }

  /** The standard normal distribution function Φ(t). */
  static double cdf(double t) {
    return 0.5 * Erfc.value(-t * INV_SQRT_2);
  }

  /**
   * v(t) = φ(t) / Φ(t): how far a positive observation moves the mean, in units of the total
   * spread.
   */
  static double v(double t) {
    if (t < -30) {
      double inv = 1 / t;
      return -t - inv + 2 * inv * inv * inv;
    }
    return density(t) / cdf(t);
  }

  /** w(t) = v(t) (v(t) + t), in (0, 1): how much of the variance an observation removes. */
  static double w(double t) {
    double v = v(t);
    double w = v * (v + t);
    // Rounding can push w a hair outside (0, 1) in the far tails; the update needs it inside.
    return Math.min(Math.max(w, 0.0), 1.0 - 1e-12);
  }
}
