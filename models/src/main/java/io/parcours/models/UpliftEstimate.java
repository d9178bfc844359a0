package io.parcours.models;

/**
 * What the models add over chance: the positive-response rate of the impressions chosen by the
 * models divided by that of the random control group, with 95 % confidence intervals.
 *
 * <p>Each rate r = x / n (x positive responses out of n impressions) gets a Wilson score interval.
 * The ratio R = r₁ / r₀ gets the Katz log interval: log R ± 1.96 · √(1/x₁ − 1/n₁ + 1/x₀ − 1/n₀)
 * (Katz, Baptista, Azen & Pike, Biometrics 34, 1978).
 */
public final class UpliftEstimate {

  private static final double Z = 1.959963984540054;

  private UpliftEstimate() {}

  /**
   * A rate with its 95 % Wilson interval; rate and interval are null when there is no impression.
   */
  public record Rate(long positives, long impressions, Double rate, Double low, Double high) {

    /** The rate of {@code positives} out of {@code impressions}. */
    public static Rate of(long positives, long impressions) {
      if (positives < 0 || impressions < 0 || positives > impressions) {
        throw new IllegalArgumentException(
            positives + " positives out of " + impressions + " impressions");
      }
      if (impressions == 0) {
        return new Rate(0, 0, null, null, null);
      }
      double n = impressions;
      double p = positives / n;
      double z2 = Z * Z;
      double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
      double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
      return new Rate(
          positives, impressions, p, Math.max(0, centre - half), Math.min(1, centre + half));
    }
  }

  /** A ratio of rates with its 95 % interval. */
  public record Ratio(double ratio, double low, double high) {}

  /**
   * The ratio of {@code treated} to {@code control}, or null when it cannot be estimated (no
   * impression or no positive response on either side).
   */
  public static Ratio ratio(Rate treated, Rate control) {
    if (treated.positives() == 0 || control.positives() == 0) {
      return null;
    }
    double r = treated.rate() / control.rate();
    double se =
        Math.sqrt(
            1.0 / treated.positives()
                - 1.0 / treated.impressions()
                + 1.0 / control.positives()
                - 1.0 / control.impressions());
    return new Ratio(r, r * Math.exp(-Z * se), r * Math.exp(Z * se));
  }
}
