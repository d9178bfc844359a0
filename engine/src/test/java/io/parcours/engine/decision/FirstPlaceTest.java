package io.parcours.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Issue;
import io.parcours.models.PropensityPosterior;
import io.parcours.models.Randomness;
import io.parcours.models.online.ProbitPosterior;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class FirstPlaceTest {

  private static double phi(double t) {
    return 0.5 * Erfc.value(-t / Math.sqrt(2));
  }

  @Test
  void inverseGapProbabilitiesSumToOneAndFollowTheFormula() {
    double[] priorities = {0.30, 0.20, 0.15, 0.05};
    double gamma = 30 * Math.sqrt(101);
    double sum = 0;
    for (int i = 0; i < priorities.length; i++) {
      sum += FirstPlace.inverseGap(priorities, i, gamma);
    }
    assertEquals(1, sum, 1e-12);
    assertEquals(
        1 / (4 + gamma * (0.30 - 0.20) / 0.30), FirstPlace.inverseGap(priorities, 1, gamma), 1e-15);
  }

  @Test
  void inverseGapWithOneActionWorthShowingKeepsItFirst() {
    assertEquals(1, FirstPlace.inverseGap(new double[] {0.2}, 0, 30));
  }

  @Test
  void uniformDrawsOnTwoActionsWorkedByHand() {
    // P(U_a > 2 U_b) = ∫₀¹ min(1, u/2) du = 1/4, and the other way 3/4.
    assertEquals(0.25, FirstPlace.uniform(new double[] {1, 2}, 0, 0), 1e-12);
    assertEquals(0.75, FirstPlace.uniform(new double[] {1, 2}, 1, 0), 1e-12);
    // Equal factors: one in three each.
    assertEquals(1.0 / 3, FirstPlace.uniform(new double[] {2, 2, 2}, 1, 0), 1e-12);
    // Alone, the draw must reach the threshold: P(2U ≥ 0.6) = 0.7.
    assertEquals(0.7, FirstPlace.uniform(new double[] {2}, 0, 0.6), 1e-12);
    // With a threshold of 0.5 and factors 1 and 2: ∫_{0.5}^{1} u/2 du = 3/16.
    assertEquals(3.0 / 16, FirstPlace.uniform(new double[] {1, 2}, 0, 0.5), 1e-12);
  }

  @Test
  void uniformProbabilitiesSumToOneWithoutThreshold() {
    double[] factors = {0.3, 1.2, 0.7, 2.5, 1.0};
    double sum = 0;
    for (int i = 0; i < factors.length; i++) {
      sum += FirstPlace.uniform(factors, i, 0);
    }
    assertEquals(1, sum, 1e-12);
  }

  @Test
  void monteCarloAgreesWithTheClosedFormOnTwoProbitActions() {
    // Equal factors: a comes first when its linear predictor's draw is the larger, which happens
    // with
    // probability Φ((m_a − m_b) / √(v_a + v_b)).
    PropensityPosterior a = new ProbitPosterior(-1.0, 0.3, 1);
    PropensityPosterior b = new ProbitPosterior(-1.4, 0.5, 1);
    double exact = phi(0.4 / Math.sqrt(0.8));
    UniformRandomProvider rng = Randomness.seeded(11);
    int runs = 4_000;
    double inverse = 0;
    for (int r = 0; r < runs; r++) {
      inverse +=
          1
              / FirstPlace.thompson(
                  new PropensityPosterior[] {a, b}, new double[] {1, 1}, 0, 0, 0, rng);
    }
    // n/k is unbiased for 1/p, with relative standard deviation √((1 − p)/k) per run.
    double mean = inverse / runs;
    double se = (1 / exact) * Math.sqrt((1 - exact) / FirstPlace.WINS / runs);
    assertEquals(1 / exact, mean, 4 * se, "mean of 1/p̂ " + mean + " vs 1/p " + 1 / exact);
  }

  @Test
  void monteCarloAgreesWithTheExactUniformIntegral() {
    double[] factors = {1, 2, 3};
    PropensityPosterior[] uniform = {
      PropensityPosterior.uniform(), PropensityPosterior.uniform(), PropensityPosterior.uniform()
    };
    UniformRandomProvider rng = Randomness.seeded(5);
    for (int i = 0; i < 3; i++) {
      double exact = FirstPlace.uniform(factors, i, 0.4);
      int runs = 2_000;
      double inverse = 0;
      for (int r = 0; r < runs; r++) {
        inverse += 1 / FirstPlace.thompson(uniform, factors, i, 0.4, 0, rng);
      }
      double se = (1 / exact) * Math.sqrt((1 - exact) / FirstPlace.WINS / runs);
      assertEquals(1 / exact, inverse / runs, 4 * se, "action " + i);
    }
  }

  @Test
  void anActionNoOtherCanPlausiblyBeatIsFirstWithoutDrawing() {
    PropensityPosterior mature = new ProbitPosterior(0.5, 0.001, 1);
    PropensityPosterior weak = new ProbitPosterior(-2.5, 0.001, 1);
    UniformRandomProvider counting = new CountingRandom();
    assertEquals(
        1,
        FirstPlace.thompson(
            new PropensityPosterior[] {mature, weak, weak},
            new double[] {1, 1, 1},
            0,
            0.05,
            0,
            counting));
    assertEquals(0, ((CountingRandom) counting).calls);
  }

  @Test
  void theEnginesChoicesHappenAsOftenAsItsFirstPlaceProbabilitiesSay() {
    List<Arbitration.Scored> scored = new ArrayList<>();
    double[][] probit = {{-1.0, 0.2}, {-1.1, 0.6}, {-1.3, 0.1}, {-0.9, 0.05}};
    double[] values = {1, 1.2, 1.5, 0.8};
    for (int i = 0; i < probit.length; i++) {
      Action a =
          new Action(
              "a" + i,
              "a" + i,
              Issue.SALES,
              "g",
              "lifecycle",
              Set.of(Channel.WEB),
              values[i],
              1,
              "");
      ProbitPosterior p = new ProbitPosterior(probit[i][0], probit[i][1], 1);
      scored.add(new Arbitration.Scored(a, p.mean(), 0, 1, "probit:web", 500, 500, p));
    }
    UniformRandomProvider rng = Randomness.seeded(3);
    for (Arbitration.Exploration e : Arbitration.Exploration.values()) {
      for (double share : new double[] {0, 0.3, 1}) {
        Arbitration arbitration = new Arbitration(0.05, e);
        Map<String, Integer> firsts = new HashMap<>();
        int runs = 40_000;
        for (int r = 0; r < runs; r++) {
          // As the decision engine does: a control-group decision ranks on uniform draws.
          boolean control = rng.nextDouble() < share;
          List<Arbitration.Scored> drawn = new ArrayList<>();
          for (Arbitration.Scored s : scored) {
            double draw = control ? rng.nextDouble() : s.posterior().sample(rng);
            drawn.add(
                new Arbitration.Scored(
                    s.action(), s.propensity(), draw, 1, s.modelId(), 500, 500, s.posterior()));
          }
          var shown = arbitration.rank(drawn, 1, rng, control).shown();
          if (!shown.isEmpty()) {
            firsts.merge(shown.get(0).action().id(), 1, Integer::sum);
          }
        }
        for (Arbitration.Scored s : scored) {
          double p = 0;
          int repeats = e == Arbitration.Exploration.INVERSE_GAP ? 1 : 200;
          for (int k = 0; k < repeats; k++) {
            p += arbitration.firstPlaceProbability(scored, s.action(), share, rng);
          }
          p /= repeats;
          double observed = firsts.getOrDefault(s.action().id(), 0) / (double) runs;
          double tolerance =
              4 * Math.sqrt(Math.max(p * (1 - p), 1e-4) / runs)
                  + (repeats > 1 ? 4 * p * Math.sqrt(1.0 / FirstPlace.WINS / repeats) : 0);
          assertTrue(
              Math.abs(observed - p) <= tolerance,
              e
                  + " control share "
                  + share
                  + " "
                  + s.action().id()
                  + ": observed "
                  + observed
                  + ", said "
                  + p);
        }
      }
    }
  }

  @Test
  void theControlGroupKeepsEveryOptionalActionPossible() {
    PropensityPosterior mature = new ProbitPosterior(0.5, 0.001, 1);
    PropensityPosterior weak = new ProbitPosterior(-2.5, 0.001, 1);
    List<Arbitration.Scored> scored = new ArrayList<>();
    PropensityPosterior[] posteriors = {mature, weak};
    for (int i = 0; i < 2; i++) {
      Action a =
          new Action(
              "a" + i, "a" + i, Issue.SALES, "g", "lifecycle", Set.of(Channel.WEB), 1, 1, "");
      scored.add(
          new Arbitration.Scored(a, posteriors[i].mean(), 0, 1, "probit:web", 9, 9, posteriors[i]));
    }
    // The models never put a1 first; the control group does half of the time: 0.02 × 1/2.
    double p =
        new Arbitration(0)
            .firstPlaceProbability(scored, scored.get(1).action(), 0.02, Randomness.seeded(1));
    assertEquals(0.01, p, 1e-12);
  }

  /** A generator that counts its calls, to show that no draw was made. */
  private static final class CountingRandom implements UniformRandomProvider {
    int calls;
    private final UniformRandomProvider rng = Randomness.seeded(1);

    @Override
    public long nextLong() {
      calls++;
      return rng.nextLong();
    }
  }
}
