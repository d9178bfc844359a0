package io.parcours.models;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Random generators for Thompson draws: one per thread, so scoring threads never share or lock one.
 *
 * <p>The source is XO_RO_SHI_RO_128_PP (xoroshiro128++): fast, small state, and good statistical
 * quality, which is all a Thompson draw needs; it is not for secrets.
 */
public final class Randomness {

  private static final ThreadLocal<UniformRandomProvider> PER_THREAD =
      ThreadLocal.withInitial(RandomSource.XO_RO_SHI_RO_128_PP::create);

  private Randomness() {}

  /**
   * This thread's generator, created and randomly seeded on first use. Never share it with another
   * thread.
   */
  public static UniformRandomProvider current() {
    return PER_THREAD.get();
  }

  /** A new generator of the same kind with a fixed seed, for reproducible simulations and tests. */
  public static UniformRandomProvider seeded(long seed) {
    return RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
  }
}
