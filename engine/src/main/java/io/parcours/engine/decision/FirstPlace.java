package io.parcours.engine.decision;

import io.parcours.models.PropensityPosterior;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The probability that arbitration puts a given optional action first, given the decision's scores:
 * what off-policy evaluation divides by (the logged probability of the logged choice).
 *
 * <p>The engine's policy is a mixture: a share s of decisions (the control group, drawn
 * independently of everything else) ranks on uniform draws, the others on the models' exploration.
 * The probability that matters for off-policy evaluation is the mixture's, (1 − s)·p_models +
 * s·p_control, computed for every decision whichever side it fell on. Besides being the true
 * probability of the engine's choice, it is never below s·p_control ≥ s/K: every optional action
 * keeps some support, so weights stay bounded by K/s even for a candidate that chooses what the
 * models almost never do.
 *
 * <p>Write c_j = w_j·v_j·λ_j for the product of an action's context weight, value and lever, so
 * that its priority is p̃_j·c_j, and t for the threshold. Three cases, one per way of ranking:
 *
 * <ul>
 *   <li><b>Inverse gap weighting</b> — exact: among the K optional actions worth showing, the best
 *       b keeps the first place with 1 − Σ_{a≠b} 1/(K + γ·(P_b − P_a)/P_b), any other a takes it
 *       with 1/(K + γ·(P_b − P_a)/P_b) ({@link #inverseGap}).
 *   <li><b>Control group</b> — exact: p̃_j = U_j, independent uniforms, so action a is first with
 *       probability ∫_{t/c_a}^{1} Π_{j≠a} min(1, u·c_a/c_j) du, a piecewise polynomial integrated
 *       between its breakpoints c_j/c_a ({@link #uniform}).
 *   <li><b>Thompson draws</b> — Monte Carlo ({@link #thompson}): every contender draws again from
 *       its posterior, round after round, until a has won {@link #WINS} rounds; with n rounds, k/n
 *       estimates the probability and n/k is an <i>unbiased</i> estimate of its inverse (the rounds
 *       until the k-th win follow a negative binomial law of mean k/p), which is what the inverse
 *       propensity estimators use. Its relative standard deviation is √((1 − p)/k) ≤ 25 %, noise
 *       the confidence intervals absorb (it adds at most (1 − p)/k ≤ 6 % to a weight's second
 *       moment). Because a is shown with probability p and costs about k/p rounds when it is, a
 *       decision costs k rounds per plausible winner on average, whatever p. Contenders whose
 *       highest plausible priority (the posterior's {@link PropensityPosterior#high()} × c) stays
 *       below a's lowest, or below the threshold, cannot plausibly beat a and are not drawn; when
 *       none is left and a always passes the threshold, the probability is 1 without a draw — the
 *       usual case of a mature model.
 * </ul>
 */
public final class FirstPlace {

  /** Rounds a must win before the Monte Carlo estimate stops. */
  static final int WINS = 16;

  /**
   * The most rounds drawn; reached only when a's probability is below about {@code WINS /
   * MAX_ROUNDS}.
   */
  static final int MAX_ROUNDS = 50_000;

  private FirstPlace() {}

  /**
   * Inverse gap weighting's probability of putting {@code index} first.
   *
   * @param priorities the mean priorities of the optional actions worth showing, best first (as
   *     ranked)
   * @param index the action's place in {@code priorities}
   * @param gamma γ = γ0·√(t + 1)
   */
  public static double inverseGap(double[] priorities, int index, double gamma) {
    int k = priorities.length;
    double best = priorities[0];
    if (k < 2 || !(best > 0)) {
      return index == 0 ? 1 : 0;
    }
    double others = 0;
    for (int i = 1; i < k; i++) {
      double p = 1.0 / (k + gamma * (best - priorities[i]) / best);
      if (i == index) {
        return p;
      }
      others += p;
    }
    return 1 - others;
  }

  /**
   * The probability that {@code index} comes first when every action's propensity is an independent
   * uniform draw (the control group) and its priority reaches {@code threshold}.
   *
   * @param factors c_j = context weight × value × lever of each optional action
   * @return the probability, or NaN when c_a is not positive (a priority of 0 wins only on ties)
   */
  public static double uniform(double[] factors, int index, double threshold) {
    double ca = factors[index];
    if (!(ca > 0)) {
      return Double.NaN;
    }
    double start = threshold / ca;
    if (start >= 1) {
      return 0;
    }
    // Breakpoints b_j = c_j / c_a: below b_j, action j beats a with probability 1 − u/b_j.
    double[] b = new double[factors.length - 1];
    int m = 0;
    for (int j = 0; j < factors.length; j++) {
      if (j != index && factors[j] > 0) {
        b[m++] = factors[j] / ca;
      }
    }
    b = Arrays.copyOf(b, m);
    Arrays.sort(b);
    // Σ log b over the breakpoints still ahead of u (the active factors u/b_j).
    double logProduct = 0;
    for (double x : b) {
      logProduct += Math.log(x);
    }
    double total = 0;
    double lo = 0;
    for (int t = 0; t <= m; t++) {
      double hi = t < m ? Math.min(b[t], 1) : 1;
      double from = Math.max(lo, start);
      if (hi > from) {
        int active = m - t;
        // ∫ u^active / Π b du over [from, hi]
        total +=
            (Math.exp((active + 1) * Math.log(hi) - logProduct)
                    - (from > 0 ? Math.exp((active + 1) * Math.log(from) - logProduct) : 0))
                / (active + 1);
      }
      if (hi >= 1) {
        break;
      }
      lo = hi;
      logProduct -= Math.log(b[t]);
    }
    return Math.min(1, Math.max(0, total));
  }

  /**
   * The Monte Carlo estimate of the probability that {@code index} comes first when every action
   * ranks on a fresh draw from its posterior and its priority must reach {@code threshold}; see the
   * class comment.
   *
   * @param factors c_j = context weight × value × lever of each optional action
   * @param resolution a probability below which the answer need not be resolved, 0 for none: the
   *     rounds stop after {@code WINS / resolution} (and {@link #MAX_ROUNDS} in any case),
   *     answering wins/rounds
   * @return in [0, 1]; 1 without drawing when no other action can plausibly come first; above 0
   *     when {@code resolution} is 0
   */
  public static double thompson(
      PropensityPosterior[] posteriors,
      double[] factors,
      int index,
      double threshold,
      double resolution,
      UniformRandomProvider rng) {
    PropensityPosterior target = posteriors[index];
    double ca = factors[index];
    double bar = Math.max(target.low() * ca, threshold);
    Integer[] plausible = new Integer[posteriors.length];
    int n = 0;
    for (int j = 0; j < posteriors.length; j++) {
      if (j != index && posteriors[j].high() * factors[j] >= bar) {
        plausible[n++] = j;
      }
    }
    // The strongest first: a round is lost as soon as one contender beats a, so it ends sooner.
    Arrays.sort(
        plausible,
        0,
        n,
        Comparator.comparingDouble((Integer j) -> -posteriors[j].mean() * factors[j]));
    int[] contenders = new int[n];
    for (int i = 0; i < n; i++) {
      contenders[i] = plausible[i];
    }
    if (n == 0 && target.low() * ca >= threshold) {
      return 1;
    }
    int maxRounds =
        resolution > 0 ? (int) Math.min(MAX_ROUNDS, Math.ceil(WINS / resolution)) : MAX_ROUNDS;
    int wins = 0;
    int rounds = 0;
    while (wins < WINS && rounds < maxRounds) {
      rounds++;
      double mine = target.sample(rng) * ca;
      if (mine < threshold) {
        continue;
      }
      boolean won = true;
      for (int i = 0; i < n; i++) {
        int j = contenders[i];
        if (posteriors[j].sample(rng) * factors[j] > mine) {
          won = false;
          break;
        }
      }
      if (won) {
        wins++;
      }
    }
    if (wins == WINS) {
      return (double) WINS / rounds;
    }
    return resolution > 0 ? (double) wins / rounds : (wins + 1.0) / (rounds + 1.0);
  }
}
