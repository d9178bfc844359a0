package io.parcours.engine.decision;

import io.parcours.domain.Action;
import io.parcours.domain.Proposal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks eligible actions and decides whether any is worth showing.
 *
 * <p>priority = p̃ × w × v × λ, where p̃ is the Thompson draw from the action's propensity posterior, w
 * the context weight the rules gave, v the action's business value and λ the business lever. Actions are
 * ranked by priority, highest first; those below the threshold are not shown, so when none reaches it
 * the answer is to do nothing. Ranking on the draw rather than on the posterior mean is what makes
 * uncertain (new) actions get shown often enough to learn about them.
 */
public final class Arbitration {

  /** An eligible action with its model's score and the rules' context weight. */
  public record Scored(
      Action action,
      double propensity,
      double sampled,
      double contextWeight,
      String modelId,
      long modelVersion,
      long evidence) {

    double priority() {
      return sampled * contextWeight * action.value() * action.lever();
    }
  }

  /** The proposals to show (ranked, at most the limit) and those that did not reach the threshold. */
  public record Ranking(List<Proposal> shown, List<Proposal> belowThreshold) {}

  /** Mandatory actions first, then by priority, highest first. */
  private static final Comparator<Proposal> BY_PRIORITY =
      Comparator.comparing((Proposal p) -> !p.action().mandatory())
          .thenComparing(Comparator.comparingDouble(Proposal::priority).reversed());

  private final double threshold;

  /** @param threshold the least priority worth showing; 0 shows every eligible action */
  public Arbitration(double threshold) {
    if (threshold < 0 || Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must be ≥ 0, was " + threshold);
    }
    this.threshold = threshold;
  }

  public double threshold() {
    return threshold;
  }

  /**
   * Ranks {@code scored} and keeps at most {@code limit} above the threshold. A mandatory action (a
   * regulatory notice) is ranked before every other and shown whatever its priority: the rules decided
   * it must be, and the models only order what is optional.
   */
  public Ranking rank(List<Scored> scored, int limit) {
    List<Proposal> all = new ArrayList<>(scored.size());
    for (Scored s : scored) {
      all.add(
          new Proposal(
              s.action(),
              0,
              s.propensity(),
              s.sampled(),
              s.contextWeight(),
              s.priority(),
              s.modelId(),
              s.modelVersion(),
              s.evidence()));
    }
    all.sort(BY_PRIORITY);
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
