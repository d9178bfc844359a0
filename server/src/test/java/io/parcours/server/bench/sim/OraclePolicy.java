package io.parcours.server.bench.sim;

/** The eligible action with the highest true probability: what no learner can beat on average. */
public final class OraclePolicy implements JourneyPolicy {

  @Override
  public String name() {
    return "oracle";
  }

  @Override
  public int choose(JourneySimulator.Situation situation) {
    return situation.best();
  }

  @Override
  public void learn(JourneySimulator.Situation situation, int chosen, boolean positive) {}
}
