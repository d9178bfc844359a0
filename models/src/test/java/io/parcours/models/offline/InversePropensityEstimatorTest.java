package io.parcours.models.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InversePropensityEstimatorTest {

  private static final double Z = InversePropensityEstimator.Z;

  /**
   * Four decisions: matched at p = 1/2 and answered (w = 2, r = 1), matched at p = 1/4 and not
   * answered (w = 4, r = 0), not matched though answered (w = 0), matched at p = 1 and answered (w
   * = 1, r = 1).
   */
  private static void fourDecisions(InversePropensityEstimator e) {
    e.add(true, 0.5, true);
    e.add(true, 0.25, false);
    e.add(false, Double.NaN, true);
    e.add(true, 1, true);
  }

  @Test
  void estimatesOnFourDecisionsWorkedByHand() {
    InversePropensityEstimator e = new InversePropensityEstimator();
    fourDecisions(e);
    OffPolicyEstimate r = e.estimate();
    assertEquals(4, r.decisions());
    assertEquals(3, r.matched());
    assertEquals(3.0 / 4, r.ips(), 1e-12); // Σ w r / n = (2 + 1) / 4
    assertEquals(3.0 / 7, r.snips(), 1e-12); // Σ w r / Σ w = 3 / 7
    assertEquals(49.0 / 21, r.effectiveSampleSize(), 1e-12); // 7² / (4 + 16 + 1)
    assertEquals(7.0 / 4, r.meanWeight(), 1e-12);
    assertEquals(4, r.maxWeight(), 1e-12);
    assertEquals(3.0 / 4, r.loggedRate().rate(), 1e-12);
  }

  @Test
  void intervalsOnAHundredDecisionsWorkedByHand() {
    InversePropensityEstimator e = new InversePropensityEstimator();
    for (int i = 0; i < 25; i++) {
      fourDecisions(e);
    }
    OffPolicyEstimate r = e.estimate();
    // IPS terms 2, 0, 0, 1 (×25): mean 3/4, Σ z² = 125, s² = (125 − 100 · 9/16) / 99 = 1/144 · 100.
    double ipsHalf = Z * Math.sqrt((125 - 100 * 0.5625) / 99 / 100);
    assertEquals(Z / 12, ipsHalf, 1e-12);
    assertEquals(0.75 - Z / 12, r.ipsLow(), 1e-12);
    assertEquals(0.75 + Z / 12, r.ipsHigh(), 1e-12);
    // SNIPS 3/7; Σ w²(r − 3/7)² = 25 · (4·(4/7)² + 16·(3/7)² + (4/7)²) = 25 · 224/49; Σ w = 175.
    double snipsHalf = Z * Math.sqrt(25 * 224.0 / 49) / 175;
    assertEquals(3.0 / 7 - snipsHalf, r.snipsLow(), 1e-12);
    assertEquals(3.0 / 7 + snipsHalf, r.snipsHigh(), 1e-12);
    assertEquals(175.0 * 175 / (25 * 21), r.effectiveSampleSize(), 1e-9);
  }

  @Test
  void intervalsStayWithinTheRangeOfARate() {
    InversePropensityEstimator e = new InversePropensityEstimator();
    fourDecisions(e);
    OffPolicyEstimate r = e.estimate();
    assertEquals(0, r.ipsLow());
    assertEquals(1, r.ipsHigh());
    assertEquals(0, r.snipsLow());
  }

  @Test
  void aClipCapsTheWeightsAndCountsThem() {
    InversePropensityEstimator e = new InversePropensityEstimator(3);
    fourDecisions(e);
    OffPolicyEstimate r = e.estimate();
    assertEquals(1, r.clippedWeights());
    assertEquals(3, r.maxWeight(), 1e-12);
    assertEquals(3.0 / 6, r.snips(), 1e-12); // Σ w r = 3, Σ w = 2 + 3 + 1
    assertEquals(3.0, r.clip());
    assertThrows(IllegalArgumentException.class, () -> new InversePropensityEstimator(0.5));
  }

  @Test
  void aCandidateThatShowsNothingEarnsNothingWithWeightOne() {
    InversePropensityEstimator e = new InversePropensityEstimator();
    e.add(true, 0.5, true);
    e.addNothingShown(true);
    OffPolicyEstimate r = e.estimate();
    assertEquals(1, r.candidateShowsNothing());
    assertEquals(2.0 / 2, r.ips(), 1e-12); // (2 · 1 + 1 · 0) / 2
    assertEquals(2.0 / 3, r.snips(), 1e-12); // 2 / (2 + 1)
    assertEquals(1.0, r.loggedRate().rate(), 1e-12);
  }

  @Test
  void noMatchGivesAZeroIpsAndNoSelfNormalisedEstimate() {
    InversePropensityEstimator e = new InversePropensityEstimator();
    e.add(false, Double.NaN, true);
    e.add(false, Double.NaN, false);
    OffPolicyEstimate r = e.estimate();
    assertEquals(0, r.ips());
    assertNull(r.snips());
    assertNull(r.effectiveSampleSize());
  }

  @Test
  void aMatchWithoutAValidProbabilityIsRefused() {
    InversePropensityEstimator e = new InversePropensityEstimator();
    assertThrows(IllegalArgumentException.class, () -> e.add(true, 0, true));
    assertThrows(IllegalArgumentException.class, () -> e.add(true, 1.5, true));
  }

  @Test
  void onASimulatedLogTheIntervalsCoverTheTrueRateAsOftenAsTheySay() {
    // Logging: one of three actions with probabilities 0.6, 0.3, 0.1; true rates 0.05, 0.10, 0.30.
    // Candidate: always the third action, true rate 0.30. 200 logs of 5,000 decisions each.
    double[] logging = {0.6, 0.3, 0.1};
    double[] truth = {0.05, 0.10, 0.30};
    SplittableRandom random = new SplittableRandom(42);
    int ipsCovered = 0;
    int snipsCovered = 0;
    int logs = 200;
    for (int l = 0; l < logs; l++) {
      InversePropensityEstimator e = new InversePropensityEstimator();
      for (int i = 0; i < 5_000; i++) {
        double u = random.nextDouble();
        int a = u < 0.6 ? 0 : u < 0.9 ? 1 : 2;
        boolean positive = random.nextDouble() < truth[a];
        e.add(a == 2, logging[a], positive);
      }
      OffPolicyEstimate r = e.estimate();
      ipsCovered += r.ipsLow() <= 0.30 && 0.30 <= r.ipsHigh() ? 1 : 0;
      snipsCovered += r.snipsLow() <= 0.30 && 0.30 <= r.snipsHigh() ? 1 : 0;
    }
    // 95 % nominal: with 200 logs, fewer than 180 covering would be a 4-sigma miss.
    assertTrue(ipsCovered >= 180, "IPS covered " + ipsCovered + " of " + logs);
    assertTrue(snipsCovered >= 180, "SNIPS covered " + snipsCovered + " of " + logs);
  }
}
