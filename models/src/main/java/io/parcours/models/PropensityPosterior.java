package io.parcours.models;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * What a model believes about one propensity in one decision: the distribution its Thompson draw
 * came from. Arbitration ranks on one draw; the probability that the action shown first would have
 * been put first is estimated by drawing again from the same distributions (see the engine's {@code
 * FirstPlace}).
 *
 * <p>{@link #low()} and {@link #high()} bound the draws with negligible loss (each tail well under
 * one in a million for the families here): an action whose highest plausible priority stays below
 * another's lowest cannot plausibly be ranked above it, so it need not be drawn again.
 */
public interface PropensityPosterior {

  /** The posterior mean propensity. */
  double mean();

  /** One draw, made with {@code rng}. */
  double sample(UniformRandomProvider rng);

  /** A propensity that draws fall below with negligible probability. */
  double low();

  /** A propensity that draws rise above with negligible probability. */
  double high();

  /** A propensity known exactly: every draw is {@code p}. */
  static PropensityPosterior fixed(double p) {
    return new Fixed(p);
  }

  /** Uniform on [0, 1): the random propensities of the control group. */
  static PropensityPosterior uniform() {
    return Uniform.INSTANCE;
  }

  /** A propensity known exactly. */
  record Fixed(double mean) implements PropensityPosterior {
    @Override
    public double sample(UniformRandomProvider rng) {
      return mean;
    }

    @Override
    public double low() {
      return mean;
    }

    @Override
    public double high() {
      return mean;
    }
  }

  /** Uniform on [0, 1). */
  enum Uniform implements PropensityPosterior {
    INSTANCE;

    @Override
    public double mean() {
      return 0.5;
    }

    @Override
    public double sample(UniformRandomProvider rng) {
      return rng.nextDouble();
    }

    @Override
    public double low() {
      return 0;
    }

    @Override
    public double high() {
      return 1;
    }
  }
}
