package io.parcours.models.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OffPolicyEvaluationTest {

  private static final List<String> CONTEXT = List.of("bias", "segment=affluent");

  /** A candidate that gives each action a fixed propensity. */
  private static CandidateScorer fixed(Map<String, Double> propensities) {
    return (actionId, features) -> propensities.get(actionId);
  }

  private static LoggedDecision.Candidate candidate(
      String id, double weight, double value, double lever) {
    return new LoggedDecision.Candidate(id, "g-" + id, "sales", weight, value, lever);
  }

  private static LoggedDecision decision(String first, Double p, boolean positive) {
    return new LoggedDecision(
        "d",
        Instant.EPOCH,
        "web",
        CONTEXT,
        List.of(candidate("loan", 1, 1, 1), candidate("card", 2, 1, 1)),
        first,
        p,
        positive);
  }

  @Test
  void theGreedyPolicyRanksOnPropensityTimesWeightTimesValueTimesLever() {
    // loan: 0.10 × 1 = 0.10; card: 0.06 × 2 = 0.12.
    GreedyPolicy g = new GreedyPolicy(fixed(Map.of("loan", 0.10, "card", 0.06)), 0);
    assertEquals("card", g.choose(decision("loan", 0.5, false)));
    assertNull(
        new GreedyPolicy(fixed(Map.of("loan", 0.10, "card", 0.06)), 0.2)
            .choose(decision("loan", 0.5, false)));
  }

  @Test
  void theScorerSeesTheActionsFeaturesInTheDecisionsContext() {
    // loan: 0.3 × 1 when its own features are there; card: 0.1 × 2 otherwise.
    CandidateScorer seesCrosses =
        (id, features) ->
            features.contains("action=loan&segment=affluent") && features.contains("group=g-loan")
                ? 0.3
                : 0.1;
    assertEquals("loan", new GreedyPolicy(seesCrosses, 0).choose(decision("loan", 0.5, false)));
  }

  @Test
  void matchesAreWeightedByTheInverseOfTheLoggedProbability() {
    OffPolicyEvaluation e =
        new OffPolicyEvaluation(
            fixed(Map.of("loan", 0.10, "card", 0.06)), 0, Double.POSITIVE_INFINITY);
    e.add(decision("card", 0.25, true)); // matched: w = 4, r = 1
    e.add(decision("loan", 0.75, true)); // not matched
    e.add(decision(null, null, false)); // the logging policy showed nothing: not matched
    e.add(decision("card", null, true)); // no probability: skipped
    OffPolicyEstimate r = e.estimate();
    assertEquals(3, r.decisions());
    assertEquals(1, r.matched());
    assertEquals(1, e.skipped());
    assertEquals(4.0 / 3, r.ips(), 1e-12);
    assertEquals(1.0, r.snips(), 1e-12);
    assertEquals(2.0 / 3, r.loggedRate().rate(), 1e-12);
  }

  @Test
  void aLoggedDecisionNeedsAProbabilityInItsRange() {
    assertThrows(IllegalArgumentException.class, () -> decision("card", 0.0, true));
    assertThrows(IllegalArgumentException.class, () -> decision(null, null, true));
  }
}
