package io.parcours.models.online;

/**
 * What an online model believes about a feature's weight before any response: a normal distribution
 * per feature name. The default is the same N(0, σ0²) for every feature; a warm start gives the
 * weights an offline-trained model learned, so retraining never throws away what was learned
 * online.
 */
public interface FeaturePrior {

  /** The prior mean of the weight of {@code feature}. */
  double mean(String feature);

  /** The prior variance of the weight of {@code feature}, &gt; 0. */
  double variance(String feature);

  /**
   * Whether the prior differs from one feature to another. When it does not, scoring needs no name
   * for a feature it has never met, and builds none.
   */
  default boolean byName() {
    return true;
  }

  /** N(0, {@code variance}) for every feature. */
  static FeaturePrior uniform(double variance) {
    if (!(variance > 0) || Double.isInfinite(variance)) {
      throw new IllegalArgumentException(
          "a prior variance must be finite and > 0, got " + variance);
    }
    return new FeaturePrior() {
      @Override
      public double mean(String feature) {
        return 0;
      }

      @Override
      public double variance(String feature) {
        return variance;
      }

      @Override
      public boolean byName() {
        return false;
      }

      @Override
      public String toString() {
        return "N(0, " + variance + ")";
      }
    };
  }
}
