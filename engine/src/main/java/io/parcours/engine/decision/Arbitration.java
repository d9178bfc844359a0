package io.parcours.engine.decision;

import io.parcours.domain.Action;
import io.parcours.domain.Proposal;
import io.parcours.models.PropensityPosterior;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Ranks eligible actions and decides whether any is worth showing.
 *
 * <p>priority = p̃ × w × v × λ, where p̃ is the propensity the exploration ranks on, w the context
 * weight the rules gave, v the action's business value and λ the business lever. Actions are ranked
 * by priority, highest first; those below the threshold are not shown, so when none reaches it the
 * answer is to do nothing.
 *
 * <p>Two explorations ({@link Exploration}). <b>Thompson</b> (the default): p̃ is a draw from the
 * action's propensity posterior (for the probit models, a draw scaled to a share of the posterior's
 * spread that keeps its mean: {@code ProbitPosterior}), so uncertain (new) actions get shown often
 * enough to learn about them. <b>Inverse gap weighting</b> (SquareCB, Foster and Rakhlin, ICML
 * 2020): p̃ is the posterior mean; among the optional actions worth showing, the best b by priority
 * P keeps the first place with the remaining probability and any other a takes it with probability
 * 1 / (K + γ·(P_b − P_a)/P_b), where K is their number and γ = γ0·√(t + 1), t the responses the
 * channel's model has learned; the other places follow by priority. Exploration thus goes where the
 * gap is small and fades as the model learns. In the journey simulator it gave a lower regret than
 * plain Thompson draws on the same learner, and a higher one than the scaled draws
 * (docs/models.md).
 */
public final class Arbitration {

  /** How arbitration explores. */
  public enum Exploration {
    /** Rank on a Thompson draw from each action's posterior. */
    THOMPSON("thompson"),
    /** Rank on the posterior means, and give the first place by inverse gap weighting. */
    INVERSE_GAP("inverse-gap");

    private final String code;

    Exploration(String code) {
      this.code = code;
    }

    /** The name used in configuration. */
    public String code() {
      return code;
    }

    /**
     * The exploration named {@code code}.
     *
     * @throws IllegalArgumentException naming the accepted codes
     */
    public static Exploration fromCode(String code) {
      for (Exploration e : values()) {
        if (e.code.equals(code)) {
          return e;
        }
      }
      throw new IllegalArgumentException(
          "unknown exploration '" + code + "'; use thompson or inverse-gap");
    }
  }

  /**
   * γ0 of inverse gap weighting, chosen on the journey simulator (seed 11, 200,000 decisions, among
   * 30, 60, 120, 250 and 500: {@code --rank igw --igw-gamma G}).
   */
  public static final double GAMMA0 = 30;

  /**
   * An eligible action with its model's score and the rules' context weight.
   *
   * @param posterior the distribution {@code sampled} was drawn from
   */
  public record Scored(
      Action action,
      double propensity,
      double sampled,
      double contextWeight,
      String modelId,
      long modelVersion,
      long evidence,
      PropensityPosterior posterior) {

    /** A score whose draw is known exactly: {@code sampled} is its only value. */
    public Scored(
        Action action,
        double propensity,
        double sampled,
        double contextWeight,
        String modelId,
        long modelVersion,
        long evidence) {
      this(
          action,
          propensity,
          sampled,
          contextWeight,
          modelId,
          modelVersion,
          evidence,
          PropensityPosterior.fixed(sampled));
    }

    /** Context weight × value × lever: the priority is the ranked propensity times this. */
    double factor() {
      return contextWeight * action.value() * action.lever();
    }

    double priority() {
      return sampled * contextWeight * action.value() * action.lever();
    }

    double meanPriority() {
      return propensity * contextWeight * action.value() * action.lever();
    }
  }

  /**
   * The proposals to show (ranked, at most the limit) and those that did not reach the threshold.
   */
  public record Ranking(List<Proposal> shown, List<Proposal> belowThreshold) {}

  /** Mandatory actions first, then by priority, highest first. */
  private static final Comparator<Proposal> BY_PRIORITY =
      Comparator.comparing((Proposal p) -> !p.action().mandatory())
          .thenComparing(Comparator.comparingDouble(Proposal::priority).reversed());

  private final double threshold;
  private final Exploration exploration;
  private final double gamma0;

  /** Arbitration exploring by Thompson draws; see {@link #Arbitration(double, Exploration)}. */
  public Arbitration(double threshold) {
    this(threshold, Exploration.THOMPSON);
  }

  /** Arbitration with {@link #GAMMA0}; see {@link #Arbitration(double, Exploration, double)}. */
  public Arbitration(double threshold, Exploration exploration) {
    this(threshold, exploration, GAMMA0);
  }

  /**
   * @param threshold the least priority worth showing; 0 shows every eligible action
   * @param gamma0 γ0 of inverse gap weighting, &gt; 0
   */
  public Arbitration(double threshold, Exploration exploration, double gamma0) {
    if (threshold < 0 || Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must be ≥ 0, was " + threshold);
    }
    if (!(gamma0 > 0) || Double.isInfinite(gamma0)) {
      throw new IllegalArgumentException("gamma0 must be finite and > 0, was " + gamma0);
    }
    this.threshold = threshold;
    this.exploration = Objects.requireNonNull(exploration, "exploration");
    this.gamma0 = gamma0;
  }

  /** How this arbitration explores. */
  public Exploration exploration() {
    return exploration;
  }

  public double threshold() {
    return threshold;
  }

  /**
   * Ranks {@code scored} and keeps at most {@code limit} above the threshold. A mandatory action (a
   * regulatory notice) is ranked before every other and shown whatever its priority: the rules
   * decided it must be, and the models only order what is optional.
   */
  public Ranking rank(List<Scored> scored, int limit) {
    return rank(scored, limit, null, true);
  }

  /**
   * As {@link #rank(List, int)}, with this arbitration's exploration.
   *
   * @param rng draws the first place under inverse gap weighting
   * @param onDraws rank on each action's {@code sampled} propensity whatever the exploration (the
   *     random control group)
   */
  public Ranking rank(List<Scored> scored, int limit, UniformRandomProvider rng, boolean onDraws) {
    boolean gap = exploration == Exploration.INVERSE_GAP && !onDraws;
    List<Proposal> all = new ArrayList<>(scored.size());
    long evidence = 0;
    for (Scored s : scored) {
      evidence = Math.max(evidence, s.modelVersion());
      all.add(
          new Proposal(
              s.action(),
              0,
              s.propensity(),
              gap ? s.propensity() : s.sampled(),
              s.contextWeight(),
              gap ? s.meanPriority() : s.priority(),
              s.modelId(),
              s.modelVersion(),
              s.evidence()));
    }
    all.sort(BY_PRIORITY);
    if (gap) {
      explore(all, rng, gamma0 * Math.sqrt(evidence + 1.0));
    }
    List<Proposal> shown = new ArrayList<>(Math.min(limit, all.size()));
    List<Proposal> below = new ArrayList<>();
    for (Proposal p : all) {
      boolean worth = p.action().mandatory() || p.priority() >= threshold;
      if (worth && shown.size() < limit) {
        shown.add(withRank(p, shown.size() + 1));
      } else if (!worth) {
        below.add(p);
      }
    }
    return new Ranking(shown, below);
  }

  /**
   * The probability that the engine's policy puts {@code first} before every other optional action
   * of {@code scored}, given their scores: with probability {@code controlShare} the decision is in
   * the control group and ranks on uniform draws (exact), otherwise this arbitration's exploration
   * ranks it (exact for inverse gap weighting, a Monte Carlo estimate for Thompson draws); see
   * {@link FirstPlace}. Mandatory actions are left out: the probability is that of the first place
   * among the optional actions.
   *
   * @param scored the decision's scores, each with its model's posterior (not the control group's)
   * @param first an optional action of {@code scored}
   * @param controlShare the share of decisions in the control group
   * @param rng draws the Monte Carlo rounds
   * @return the probability, or NaN when it cannot be told (an action with a priority factor of 0)
   */
  public double firstPlaceProbability(
      List<Scored> scored, Action first, double controlShare, UniformRandomProvider rng) {
    List<Scored> optional = new ArrayList<>(scored.size());
    long evidence = 0;
    for (Scored s : scored) {
      evidence = Math.max(evidence, s.modelVersion());
      if (!s.action().mandatory()) {
        optional.add(s);
      }
    }
    int n = optional.size();
    int index = -1;
    for (int i = 0; i < n && index < 0; i++) {
      if (optional.get(i).action().id().equals(first.id())) {
        index = i;
      }
    }
    if (index < 0) {
      throw new IllegalArgumentException(first.id() + " is not among the optional scored actions");
    }
    double[] factors = new double[n];
    for (int i = 0; i < n; i++) {
      factors[i] = optional.get(i).factor();
    }
    double control = controlShare > 0 ? FirstPlace.uniform(factors, index, threshold) : 0;
    if (controlShare >= 1) {
      return control;
    }
    double models;
    if (exploration == Exploration.THOMPSON) {
      PropensityPosterior[] posteriors = new PropensityPosterior[n];
      for (int i = 0; i < n; i++) {
        posteriors[i] = optional.get(i).posterior();
      }
      // Below this, the models' part is negligible beside the control group's.
      double resolution =
          controlShare > 0 && control > 0 ? controlShare * control / (1 - controlShare) : 0;
      models = FirstPlace.thompson(posteriors, factors, index, threshold, resolution, rng);
    } else {
      models = inverseGap(optional, index, evidence);
    }
    return (1 - controlShare) * models + controlShare * control;
  }

  /**
   * Inverse gap weighting's probability for {@code optional.get(index)}, ranked as rank() sorts
   * (stable).
   */
  private double inverseGap(List<Scored> optional, int index, long evidence) {
    Scored target = optional.get(index);
    List<Scored> sorted = new ArrayList<>(optional);
    sorted.sort(Comparator.comparingDouble(Scored::meanPriority).reversed());
    int k = 0;
    while (k < sorted.size() && sorted.get(k).meanPriority() >= threshold) {
      k++;
    }
    double[] priorities = new double[k];
    int at = -1;
    for (int i = 0; i < k; i++) {
      priorities[i] = sorted.get(i).meanPriority();
      if (sorted.get(i) == target) {
        at = i;
      }
    }
    return at < 0 ? 0 : FirstPlace.inverseGap(priorities, at, gamma0 * Math.sqrt(evidence + 1.0));
  }

  /**
   * Moves to the front of the optional actions worth showing the one inverse gap weighting draws;
   * {@code ranked} is sorted, mandatory actions first.
   */
  private void explore(List<Proposal> ranked, UniformRandomProvider rng, double gamma) {
    int first = 0;
    while (first < ranked.size() && ranked.get(first).action().mandatory()) {
      first++;
    }
    int end = first;
    while (end < ranked.size() && ranked.get(end).priority() >= threshold) {
      end++;
    }
    int k = end - first;
    if (k < 2) {
      return;
    }
    double best = ranked.get(first).priority();
    if (!(best > 0)) {
      return;
    }
    double u = rng.nextDouble();
    double others = 0;
    for (int i = first + 1; i < end; i++) {
      double p = 1.0 / (k + gamma * (best - ranked.get(i).priority()) / best);
      others += p;
      if (u < others) {
        ranked.add(first, ranked.remove(i));
        return;
      }
    }
  }

  private static Proposal withRank(Proposal p, int rank) {
    return new Proposal(
        p.action(),
        rank,
        p.propensity(),
        p.sampledPropensity(),
        p.contextWeight(),
        p.priority(),
        p.modelId(),
        p.modelVersion(),
        p.evidence());
  }
}
