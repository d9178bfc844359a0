package io.parcours.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PosteriorTest {

  private static final double EXACT = 1e-12;

  @Test
  void theDefaultPriorHasAFivePercentMeanWorthTwentyResponses() {
    assertEquals(1, Prior.DEFAULT.alpha0());
    assertEquals(19, Prior.DEFAULT.beta0());
    assertEquals(0.05, Prior.DEFAULT.mean(), EXACT);
    assertEquals(new Posterior(1, 19, 0, 0), Prior.DEFAULT.posterior());
  }

  @Test
  void aPositiveResponseAddsOneToAlpha() {
    Posterior after = Prior.DEFAULT.posterior().learn(true);

    assertEquals(new Posterior(2, 19, 1, 0), after);
    assertEquals(2.0 / 21, after.mean(), EXACT);
    assertEquals(1, after.evidence());
  }

  @Test
  void aNegativeResponseAddsOneToBeta() {
    Posterior after = Prior.DEFAULT.posterior().learn(false);

    assertEquals(new Posterior(1, 20, 0, 1), after);
    assertEquals(1.0 / 21, after.mean(), EXACT);
  }

  @Test
  void threePositivesAndSevenNegativesFromAUniformPriorGiveBetaFourEight() {
    Posterior p = new Prior(1, 1).posterior();
    boolean[] responses = {true, false, false, true, false, false, false, true, false, false};
    for (boolean r : responses) {
      p = p.learn(r);
    }

    assertEquals(new Posterior(4, 8, 3, 7), p);
    assertEquals(1.0 / 3, p.mean(), EXACT);
    assertEquals(10, p.evidence());
    // αβ / ((α+β)²(α+β+1)) = 32 / (144 · 13)
    assertEquals(32.0 / (144 * 13), p.variance(), EXACT);
  }

  @Test
  void theOrderOfResponsesDoesNotMatter() {
    Posterior a = Prior.DEFAULT.posterior().learn(true).learn(false).learn(false);
    Posterior b = Prior.DEFAULT.posterior().learn(false).learn(false).learn(true);

    assertEquals(a, b);
  }

  @Test
  void learningLeavesTheOriginalUnchanged() {
    Posterior before = Prior.DEFAULT.posterior();
    before.learn(true);

    assertEquals(new Posterior(1, 19, 0, 0), before);
  }

  @Test
  void invalidParametersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Prior(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Prior(1, -1));
    assertThrows(IllegalArgumentException.class, () -> new Prior(Double.NaN, 1));
    assertThrows(IllegalArgumentException.class, () -> new Prior(1, Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> new Posterior(0, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Posterior(1, 1, -1, 0));
  }
}
