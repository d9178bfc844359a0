package io.parcours.models;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The adaptive propensity models of every action on every channel: scored by decisions, taught by
 * responses.
 *
 * <p>Threading contract: {@link #score} may be called from any number of threads at once and never
 * blocks; {@link #learn} is called by one writer thread, in increasing response id order. A response
 * learned is visible to the next score.
 */
public interface PropensityModels {

  /**
   * Scores {@code actionId} on {@code channel}: the posterior mean, and one Thompson draw made with
   * {@code rng} (arbitration ranks on the draw, so uncertain actions are explored). An action with no
   * response yet is scored from the prior.
   *
   * @param rng the caller's generator; {@link Randomness#current()} gives one per thread
   */
  Score score(String actionId, Channel channel, UniformRandomProvider rng);

  /**
   * Learns one response: positive when {@code outcome.isPositive()}.
   *
   * <p>Responses must arrive in increasing {@code responseId} order from a single thread. A response whose
   * id is not above {@link #lastResponseId()} has already been applied (this is what happens when a
   * snapshot is restored and the responses after it are replayed with some overlap) and is ignored, so
   * replay is idempotent.
   *
   * @param responseId the durable id of the response, ≥ 1
   * @throws IllegalArgumentException when {@code responseId} is below 1
   */
  void learn(String actionId, Channel channel, Outcome outcome, long responseId);

  /**
   * A consistent copy of every model: all posteriors exactly as they were after response
   * {@link ModelSnapshot#lastResponseId()}, and none of a later response.
   */
  ModelSnapshot snapshot();

  /** The highest response id applied so far; 0 when none. */
  long lastResponseId();
}
