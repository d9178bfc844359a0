package io.parcours.server.bench.sim;

import java.util.SplittableRandom;

/** Any eligible action, with equal chances: the baseline every lift is measured against. */
public final class UniformRandomPolicy implements JourneyPolicy {

  private final SplittableRandom random;

  public UniformRandomPolicy(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public String name() {
    return "uniform random";
  }

  @Override
  public int choose(JourneySimulator.Situation situation) {
    int[] eligible = situation.eligible();
    return eligible[random.nextInt(eligible.length)];
  }

  @Override
  public void learn(JourneySimulator.Situation situation, int chosen, boolean positive) {}
}
