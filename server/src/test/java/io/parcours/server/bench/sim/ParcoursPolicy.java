package io.parcours.server.bench.sim;

import io.parcours.domain.Action;
import io.parcours.domain.Outcome;
import io.parcours.models.ContextualProbitModels;
import io.parcours.models.PropensityFeatures;
import io.parcours.models.Randomness;
import io.parcours.models.Score;
import io.parcours.models.online.OnlineProbitLearner;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * What the engine does once the rules have found the eligible actions: score each with the channel's
 * {@link ContextualProbitModels} on {@link PropensityFeatures}, rank on the Thompson draw × value ×
 * lever (every action here has value and lever 1, and the context weight is 1), show the first, learn
 * its response against the features it was scored with, and publish the weights every {@code
 * publishEvery} responses (1: before the next decision, as the response writer does when responses
 * come one at a time).
 *
 * <p>For investigation only, the policy can rank on the posterior mean propensity instead of the draw
 * ({@link Ranking#MEAN}), or explore by inverse gap weighting on the means ({@link Ranking#IGW}): not
 * what the engine does, but they tell how much of the regret is the exploration of the Thompson draw.
 */
public final class ParcoursPolicy implements JourneyPolicy {

  /** What arbitration ranks on. */
  public enum Ranking {
    /** The Thompson draw, as the engine does. */
    DRAW,
    /** The posterior mean propensity: no deliberate exploration (an investigation, not the engine). */
    MEAN,
    /**
     * Inverse gap weighting on the posterior means (SquareCB: Foster and Rakhlin, ICML 2020): the best
     * action b by mean is chosen with the remaining probability, every other action a with probability
     * 1 / (K + γ·(μ_b − μ_a)), γ = γ0·√t. An investigation of another exploration, not the engine.
     */
    IGW
  }

  private final List<Action> actions;
  private final ContextualProbitModels models;
  private final UniformRandomProvider rng;
  private final int publishEvery;
  private final Ranking ranking;
  private final String name;
  private List<String> chosenFeatures;
  private long responseId;

  /**
   * @param settings the learner's settings; their time-based publishing should be off ({@link
   *     Long#MAX_VALUE}) so that a run depends on its seed alone
   */
  public ParcoursPolicy(
      String name, List<Action> actions, OnlineProbitLearner.Settings settings, int publishEvery,
      Ranking ranking, long seed) {
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

  private long t;
  private double igwGamma = 100;

  /** Sets γ0 of inverse gap weighting ({@link Ranking#IGW}); 100 unless set. */
  public ParcoursPolicy withIgwGamma(double gamma0) {
    this.igwGamma = gamma0;
    return this;
  }

  @Override
  public int choose(JourneySimulator.Situation s) {
    List<String> context = PropensityFeatures.context(s.customer(), s.request(), s.stages());
    if (ranking == Ranking.IGW) {
      t++;
      int[] el = s.eligible();
      double[] mean = new double[el.length];
      List<List<String>> fs = new java.util.ArrayList<>();
      int b = 0;
      for (int i = 0; i < el.length; i++) {
        Action action = actions.get(el[i]);
        List<String> features = PropensityFeatures.of(action, context);
        fs.add(features);
        mean[i] = models.score(action.id(), s.request().channel(), features, rng).propensity();
        if (mean[i] > mean[b]) {
          b = i;
        }
      }
      double gamma = igwGamma * Math.sqrt(t);
      double[] p = new double[el.length];
      double rest = 0;
      for (int i = 0; i < el.length; i++) {
        if (i != b) {
          p[i] = 1.0 / (el.length + gamma * (mean[b] - mean[i]));
          rest += p[i];
        }
      }
      p[b] = 1 - rest;
      double u = rng.nextDouble();
      int pick = el.length - 1;
      for (int i = 0; i < el.length; i++) {
        u -= p[i];
        if (u <= 0) {
          pick = i;
          break;
        }
      }
      chosenFeatures = fs.get(pick);
      return el[pick];
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
        chosenFeatures = features;
      }
    }
    return best;
  }

  @Override
  public void learn(JourneySimulator.Situation s, int chosen, boolean positive) {
    models.learn(actions.get(chosen).id(), s.request().channel(), chosenFeatures,
        positive ? Outcome.ACCEPTED : Outcome.IGNORED, ++responseId);
    if (responseId % publishEvery == 0) {
      models.publish();
    }
  }
}
