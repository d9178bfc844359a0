package io.parcours.models;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The adaptive propensity models of every action on every channel: scored by decisions, taught by
 * responses, saved and restored with the id of the last response they learned.
 *
 * <p>Threading contract: {@link #score} may be called from any number of threads at once and never
 * blocks; {@link #learn} is called by one writer thread, in increasing response id order, and the
 * writer calls {@link #publish} when it has no more responses waiting, so that the next score sees
 * what was learned. {@link #save} may be called from any thread.
 */
public interface PropensityModels {

  /** The family name under which the models' snapshots are stored, for example {@code probit}. */
  String family();

  /**
   * Scores {@code actionId} on {@code channel} for one decision: the posterior mean, and one
   * Thompson draw made with {@code rng} (arbitration ranks on the draw, so uncertain actions are
   * explored).
   *
   * @param features the action's features in this decision ({@link PropensityFeatures#of}); models
   *     that learn per action alone ignore them
   * @param rng the caller's generator; {@link Randomness#current()} gives one per thread
   */
  Score score(String actionId, Channel channel, List<String> features, UniformRandomProvider rng);

  /**
   * The model that serves one decision on {@code channel}: the champion, or a challenger drawn with
   * its traffic share. Every action of the decision is scored by the same model, so that its
   * ranking is one model's; the decision's context is looked up in it once, not once per action.
   * Families without versions always serve their one model.
   *
   * @param context the decision's context features ({@link PropensityFeatures#context})
   * @param rng the caller's generator, for the draw
   */
  Serving serving(Channel channel, List<String> context, UniformRandomProvider rng);

  /** Scores the actions of one decision with the model chosen for it. */
  @FunctionalInterface
  interface Serving {
    /**
     * As {@link PropensityModels#score}, on the chosen model, for {@code action} in the decision's
     * context: the same score as for the features {@link PropensityFeatures#of(ActionFeatures,
     * List)} names.
     */
    Score score(ActionFeatures action, UniformRandomProvider rng);
  }

  /**
   * Learns one response: positive when {@code outcome.isPositive()}, to the features the action had
   * in the decision that showed it ({@link PropensityFeatures#of(ActionFeatures, List)} of its
   * recorded context).
   *
   * <p>Responses must arrive in increasing {@code responseId} order from a single thread. A
   * response whose id is not above {@link #lastResponseId()} has already been applied (this is what
   * happens when a snapshot is restored and the responses after it are replayed with some overlap)
   * and is ignored, so replay is idempotent.
   *
   * @param context the context features the decision recorded
   * @param responseId the durable id of the response, ≥ 1
   * @throws IllegalArgumentException when {@code responseId} is below 1
   */
  void learn(
      ActionFeatures action,
      Channel channel,
      List<String> context,
      Outcome outcome,
      long responseId);

  /** Makes everything learned so far visible to {@link #score}. */
  default void publish() {}

  /**
   * A consistent snapshot of every model: exactly the responses up to {@link
   * Saved#lastResponseId()} and none after, in the family's own binary form.
   */
  Saved save();

  /** The highest response id applied so far; 0 when none. */
  long lastResponseId();

  /** What every model looks like now, for monitoring. */
  List<ModelStatus> status();

  /** A saved state of a family of models. */
  record Saved(String family, long lastResponseId, byte[] content) {}
}
