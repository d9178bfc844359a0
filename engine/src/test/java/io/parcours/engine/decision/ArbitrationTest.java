package io.parcours.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Issue;
import io.parcours.domain.Proposal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArbitrationTest {

  private static Arbitration.Scored scored(
      String id, double value, double lever, double draw, double weight) {
    Action a =
        new Action(id, id, Issue.SALES, "g", "lifecycle", Set.of(Channel.WEB), value, lever, "");
    return new Arbitration.Scored(a, 0.05, draw, weight, "beta:" + id + ":web", 3, 3);
  }

  @Test
  void priorityIsDrawTimesWeightTimesValueTimesLever() {
    Arbitration.Ranking r = new Arbitration(0).rank(List.of(scored("a", 10, 1.2, 0.1, 1.5)), 3);
    assertEquals(0.1 * 1.5 * 10 * 1.2, r.shown().get(0).priority(), 1e-12);
  }

  @Test
  void actionsAreRankedByPriorityAndNumberedFromOne() {
    Arbitration.Ranking r =
        new Arbitration(0)
            .rank(
                List.of(
                    scored("low", 1, 1, 0.1, 1),
                    scored("high", 50, 1, 0.1, 1),
                    scored("mid", 5, 1, 0.1, 1)),
                3);
    assertEquals(
        List.of("high", "mid", "low"), r.shown().stream().map(p -> p.action().id()).toList());
    assertEquals(List.of(1, 2, 3), r.shown().stream().map(Proposal::rank).toList());
  }

  @Test
  void theLimitCutsTheListButDoesNotCountAsBelowThreshold() {
    Arbitration.Ranking r =
        new Arbitration(0)
            .rank(
                List.of(
                    scored("a", 3, 1, 0.5, 1),
                    scored("b", 2, 1, 0.5, 1),
                    scored("c", 1, 1, 0.5, 1)),
                2);
    assertEquals(2, r.shown().size());
    assertTrue(r.belowThreshold().isEmpty());
  }

  @Test
  void nothingAboveTheThresholdMeansDoNothing() {
    Arbitration.Ranking r =
        new Arbitration(1.0).rank(List.of(scored("a", 2, 1, 0.1, 1), scored("b", 1, 1, 0.4, 1)), 3);
    assertTrue(r.shown().isEmpty());
    assertEquals(2, r.belowThreshold().size());
  }

  @Test
  void exactlyAtTheThresholdIsShown() {
    Arbitration.Ranking r = new Arbitration(0.5).rank(List.of(scored("a", 1, 1, 0.5, 1)), 3);
    assertEquals(1, r.shown().size());
  }

  @Test
  void aZeroLeverBrakesAnActionOut() {
    Arbitration.Ranking r = new Arbitration(0.01).rank(List.of(scored("a", 50, 0, 0.9, 1)), 3);
    assertTrue(r.shown().isEmpty());
  }

  @Test
  void aMandatoryNoticeIsRankedFirstEvenBelowTheThreshold() {
    Action notice =
        new Action(
                "notice",
                "notice",
                Issue.SERVICE,
                "regulatory",
                "service",
                Set.of(Channel.WEB),
                0,
                1,
                "")
            .asMandatory();
    Arbitration.Ranking r =
        new Arbitration(0.5)
            .rank(
                List.of(
                    scored("offer", 50, 1, 0.9, 1),
                    new Arbitration.Scored(notice, 0.01, 0.01, 1, "beta:notice:web", 1, 0)),
                2);
    assertEquals(List.of("notice", "offer"), r.shown().stream().map(p -> p.action().id()).toList());
    assertEquals(1, r.shown().get(0).rank());
    assertTrue(r.belowThreshold().isEmpty());
  }

  @Test
  void aNegativeThresholdIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Arbitration(-0.1));
  }

  // Inverse gap weighting

  private static Arbitration.Scored mean(String id, double propensity, long modelVersion) {
    Action a = new Action(id, id, Issue.SALES, "g", "lifecycle", Set.of(Channel.WEB), 1, 1, "");
    return new Arbitration.Scored(a, propensity, 0.99, 1, "probit:web", modelVersion, 3);
  }

  private static java.util.Map<String, Double> firstPlaceShares(
      Arbitration arbitration, List<Arbitration.Scored> s) {
    org.apache.commons.rng.UniformRandomProvider rng = io.parcours.models.Randomness.seeded(3);
    java.util.Map<String, Double> shares = new java.util.HashMap<>();
    int n = 40_000;
    for (int i = 0; i < n; i++) {
      String first = arbitration.rank(s, 3, rng, false).shown().get(0).action().id();
      shares.merge(first, 1.0 / n, Double::sum);
    }
    return shares;
  }

  @Test
  void inverseGapWeightingGivesTheFirstPlaceByTheGapToTheBest() {
    Arbitration igw = new Arbitration(0.01, Arbitration.Exploration.INVERSE_GAP);
    // γ = 30·√(0 + 1) = 30; K = 3; gaps relative to 0.30: b 1/30, c 25/30.
    var shares =
        firstPlaceShares(igw, List.of(mean("a", 0.30, 0), mean("b", 0.29, 0), mean("c", 0.05, 0)));
    double pb = 1 / (3 + 30 * (0.01 / 0.30));
    double pc = 1 / (3 + 30 * (0.25 / 0.30));
    assertEquals(pb, shares.get("b"), 0.01);
    assertEquals(pc, shares.get("c"), 0.005);
    assertEquals(1 - pb - pc, shares.get("a"), 0.01);
  }

  @Test
  void explorationFadesAsTheModelLearnsAndNeverReachesBelowTheThreshold() {
    Arbitration igw = new Arbitration(0.1, Arbitration.Exploration.INVERSE_GAP);
    var shares =
        firstPlaceShares(
            igw,
            List.of(
                mean("a", 0.30, 1_000_000),
                mean("b", 0.20, 1_000_000),
                mean("c", 0.05, 1_000_000)));
    assertTrue(
        shares.get("a") > 0.99,
        "with a million responses the best keeps the first place: " + shares);
    assertEquals(null, shares.get("c"), "below the threshold is never shown");
  }

  @Test
  void underInverseGapWeightingTheMeanIsRankedAndTheControlGroupStillRanksOnItsDraws() {
    Arbitration igw = new Arbitration(0, Arbitration.Exploration.INVERSE_GAP);
    org.apache.commons.rng.UniformRandomProvider rng = io.parcours.models.Randomness.seeded(1);
    Proposal p = igw.rank(List.of(mean("a", 0.2, 5)), 1, rng, false).shown().get(0);
    assertEquals(0.2, p.sampledPropensity(), 1e-12, "no draw: the propensity ranked is the mean");
    assertEquals(0.2, p.priority(), 1e-12);
    Proposal control = igw.rank(List.of(mean("a", 0.2, 5)), 1, rng, true).shown().get(0);
    assertEquals(0.99, control.sampledPropensity(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> Arbitration.Exploration.fromCode("greedy"));
    assertEquals(
        Arbitration.Exploration.INVERSE_GAP, Arbitration.Exploration.fromCode("inverse-gap"));
  }

  @Test
  void aMandatoryNoticeStaysFirstUnderInverseGapWeighting() {
    Action notice =
        new Action(
                "notice",
                "notice",
                Issue.SERVICE,
                "regulatory",
                "service",
                Set.of(Channel.WEB),
                0,
                1,
                "")
            .asMandatory();
    Arbitration igw = new Arbitration(0.01, Arbitration.Exploration.INVERSE_GAP);
    var shares = new java.util.HashMap<String, Integer>();
    org.apache.commons.rng.UniformRandomProvider rng = io.parcours.models.Randomness.seeded(2);
    for (int i = 0; i < 2000; i++) {
      var shown =
          igw.rank(
                  List.of(
                      new Arbitration.Scored(notice, 0.01, 0.01, 1, "probit:web", 0, 0),
                      mean("a", 0.30, 0),
                      mean("b", 0.29, 0)),
                  3,
                  rng,
                  false)
              .shown();
      assertEquals("notice", shown.get(0).action().id());
      shares.merge(shown.get(1).action().id(), 1, Integer::sum);
    }
    assertTrue(shares.get("b") > 300, "the optional places are still explored: " + shares);
  }
}
