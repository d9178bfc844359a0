package io.parcours.models;

/**
 * What a model believes before its first response: the Beta(α0, β0) distribution of the propensity.
 *
 * <p>α0 and β0 act as pseudo-counts: α0 imagined positives and β0 imagined negatives. Their ratio
 * sets the prior mean α0 / (α0 + β0); their sum sets how quickly real responses outweigh it. A weak
 * prior (a small sum) lets a new action's Thompson draws spread widely, so it is explored until it
 * has evidence.
 *
 * @param alpha0 prior pseudo-count of positive responses (&gt; 0)
 * @param beta0 prior pseudo-count of negative responses (&gt; 0)
 */
public record Prior(double alpha0, double beta0) {

  /**
   * Beta(1, 19): a 5 % prior mean, worth 20 responses. Close to typical response rates of banners
   * and e-mails, and weak enough that twenty real responses weigh as much as the prior.
   */
  public static final Prior DEFAULT = new Prior(1, 19);

  public Prior {
    if (!(alpha0 > 0) || !(beta0 > 0) || Double.isInfinite(alpha0) || Double.isInfinite(beta0)) {
      throw new IllegalArgumentException(
          "a prior needs finite alpha0 > 0 and beta0 > 0, got Beta(" + alpha0 + ", " + beta0 + ")");
    }
  }

  /** The prior mean α0 / (α0 + β0). */
  public double mean() {
    return alpha0 / (alpha0 + beta0);
  }

  /** The posterior of a model that has learned nothing yet. */
  public Posterior posterior() {
    return new Posterior(alpha0, beta0, 0, 0);
  }
}
