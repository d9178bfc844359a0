package io.parcours.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A new action reaches a growing share of customers by outbound contact. */
class MaturityRampTest {

  private static double reached(MaturityRamp ramp, String action, long evidence) {
    int n = 0;
    for (int i = 1; i <= 20_000; i++) {
      if (ramp.reaches(String.format("C%06d", i), action, evidence)) {
        n++;
      }
    }
    return n / 20_000.0;
  }

  @Test
  void aNewActionReachesTheStartingShareAndEveryoneOnceMature() {
    MaturityRamp ramp = MaturityRamp.DEFAULT;
    assertEquals(0.1, ramp.share(0), 1e-12);
    assertEquals(0.55, ramp.share(500), 1e-12);
    assertEquals(1.0, ramp.share(1000), 1e-12);
    assertEquals(0.1, reached(ramp, "new-offer", 0), 0.01);
    assertEquals(0.55, reached(ramp, "new-offer", 500), 0.015);
    assertEquals(1.0, reached(ramp, "new-offer", 1000));
  }

  @Test
  void theCustomersReachedStayReachedAsTheShareGrows() {
    MaturityRamp ramp = MaturityRamp.DEFAULT;
    for (int i = 1; i <= 5000; i++) {
      String c = "C" + i;
      if (ramp.reaches(c, "new-offer", 0)) {
        assertTrue(ramp.reaches(c, "new-offer", 300), c);
        assertTrue(ramp.reaches(c, "new-offer", 0), "the same answer every time");
      }
    }
  }

  @Test
  void differentActionsReachDifferentCustomersFirst() {
    int both = 0;
    for (int i = 1; i <= 20_000; i++) {
      String c = "C" + i;
      if (MaturityRamp.DEFAULT.reaches(c, "offer-a", 0)
          && MaturityRamp.DEFAULT.reaches(c, "offer-b", 0)) {
        both++;
      }
    }
    assertEquals(0.01, both / 20_000.0, 0.005, "independent 10 % shares overlap on about 1 %");
  }

  @Test
  void zeroResponsesToMaturityTurnsTheRampOffAndBadSettingsAreRefused() {
    assertEquals(1.0, reached(new MaturityRamp(0.1, 0), "x", 0));
    assertThrows(IllegalArgumentException.class, () -> new MaturityRamp(0, 100));
    assertThrows(IllegalArgumentException.class, () -> new MaturityRamp(0.5, -1));
  }
}
