package io.parcours.server.bench.sim;

/**
 * A way of choosing one action per decision of a {@link JourneySimulator} stream, and of learning
 * from the response to it.
 */
public interface JourneyPolicy extends AutoCloseable {

  /** The name printed in the results. */
  String name();

  /**
   * Chooses one of the situation's eligible actions.
   *
   * @return the chosen action's index in {@link JourneySimulator#actions()}, one of {@code
   *     situation.eligible()}
   */
  int choose(JourneySimulator.Situation situation);

  /**
   * Learns the response to the action this policy chose in {@code situation}, right after choosing
   * it.
   */
  void learn(JourneySimulator.Situation situation, int chosen, boolean positive);

  @Override
  default void close() {}
}
