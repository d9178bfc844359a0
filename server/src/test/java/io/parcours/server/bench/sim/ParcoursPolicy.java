package io.parcours.server.bench.sim;

import io.parcours.domain.Action;
import io.parcours.domain.Outcome;
import io.parcours.engine.decision.Arbitration;
import io.parcours.models.ActionFeatures;
import io.parcours.models.ContextualProbitModels;
import io.parcours.models.PropensityFeatures;
import io.parcours.models.Randomness;
import io.parcours.models.Score;
import io.parcours.models.online.OnlineProbitLearner;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * What the engine does once the rules have found the eligible actions: score each with the
 * channel's {@link ContextualProbitModels} on {@link PropensityFeatures}, rank on the (scaled)
 * Thompson draw × value × lever (every action here has value and lever 1, and the context weight is
 * 1), show the first, learn its response against the features it was scored with, and publish the
 * weights every {@code publishEvery} responses (1: before the next decision, as the response writer
 * does when responses come one at a time).
 *
 * <p>For investigation only, the policy can rank on the posterior mean propensity instead of the
 * draw ({@link Ranking#MEAN}): not what the engine does, but it tells how much of the regret is the
 * exploration of the Thompson draw. {@link Ranking#IGW} is the engine's other exploration, run
 * through the engine's own {@link Arbitration}.
 */
public final class ParcoursPolicy implements JourneyPolicy {

  /** What arbitration ranks on. */
  public enum Ranking {
    /** The Thompson draw, scaled as the learner's settings say, as the engine does. */
    DRAW,
    /**
     * The posterior mean propensity: no deliberate exploration (an investigation, not the engine).
     */
    MEAN,
    /**
     * The engine's {@link Arbitration} with {@link Arbitration.Exploration#INVERSE_GAP}: the
     * posterior means, and the first place by inverse gap weighting ({@code
     * parcours.models.exploration=inverse-gap}).
     */
    IGW
  }

  private final List<Action> actions;
  private final ContextualProbitModels models;
  private final UniformRandomProvider rng;
  private final int publishEvery;
  private final Ranking ranking;
  private final String name;

  /** The context of the last decision, whose chosen action's response is learned next. */
  private List<String> chosenContext;

  private long responseId;

  /**
   * @param settings the learner's settings; their time-based publishing should be off ({@link
   *     Long#MAX_VALUE}) so that a run depends on its seed alone
   */
  public ParcoursPolicy(
      String name,
      List<Action> actions,
      OnlineProbitLearner.Settings settings,
      int publishEvery,
      Ranking ranking,
      long seed) {
    if (publishEvery < 1) {
      throw new IllegalArgumentException("publishEvery must be ≥ 1, not " + publishEvery);
    }
    this.name = name;
    this.actions = actions;
    this.models = new ContextualProbitModels(settings);
    this.rng = Randomness.seeded(seed);
    this.publishEvery = publishEvery;
    this.ranking = ranking;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * The engine's arbitration with inverse gap weighting, threshold 0: every eligible action may be
   * shown.
   */
  private Arbitration igw = new Arbitration(0, Arbitration.Exploration.INVERSE_GAP);

  /**
   * Sets γ0 of inverse gap weighting ({@link Ranking#IGW}); {@link Arbitration#GAMMA0} unless set.
   */
  public ParcoursPolicy withIgwGamma(double gamma0) {
    this.igw = new Arbitration(0, Arbitration.Exploration.INVERSE_GAP, gamma0);
    return this;
  }

  @Override
  public int choose(JourneySimulator.Situation s) {
    List<String> context = PropensityFeatures.context(s.customer(), s.request(), s.stages());
    chosenContext = context;
    if (ranking == Ranking.IGW) {
      // The engine's own arbitration, exploring by inverse gap weighting.
      List<Arbitration.Scored> scored = new ArrayList<>();
      for (int a : s.eligible()) {
        Action action = actions.get(a);
        List<String> features = PropensityFeatures.of(action, context);
        Score score = models.score(action.id(), s.request().channel(), features, rng);
        scored.add(
            new Arbitration.Scored(
                action,
                score.propensity(),
                score.sampled(),
                1.0,
                score.modelId(),
                score.modelVersion(),
                score.evidence()));
      }
      String first = igw.rank(scored, 1, rng, false).shown().get(0).action().id();
      for (int a : s.eligible()) {
        if (actions.get(a).id().equals(first)) {
          return a;
        }
      }
      throw new IllegalStateException(
          "the arbitration chose an action that was not eligible: " + first);
    }
    int best = -1;
    double bestPriority = Double.NEGATIVE_INFINITY;
    for (int a : s.eligible()) {
      Action action = actions.get(a);
      List<String> features = PropensityFeatures.of(action, context);
      Score score = models.score(action.id(), s.request().channel(), features, rng);
      double propensity = ranking == Ranking.DRAW ? score.sampled() : score.propensity();
      double priority = propensity * action.value() * action.lever();
      if (priority > bestPriority) {
        bestPriority = priority;
        best = a;
      }
    }
    return best;
  }

  @Override
  public void learn(JourneySimulator.Situation s, int chosen, boolean positive) {
    models.learn(
        ActionFeatures.of(actions.get(chosen)),
        s.request().channel(),
        chosenContext,
        positive ? Outcome.ACCEPTED : Outcome.IGNORED,
        ++responseId);
    if (responseId % publishEvery == 0) {
      models.publish();
    }
  }
}
