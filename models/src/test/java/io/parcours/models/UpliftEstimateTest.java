package io.parcours.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rates and their ratio, against values computed by hand. */
class UpliftEstimateTest {

  @Test
  void aWilsonIntervalMatchesTheTextbook() {
    // 10 out of 100: Wilson 95 % interval [0.0552, 0.1744].
    UpliftEstimate.Rate r = UpliftEstimate.Rate.of(10, 100);
    assertEquals(0.10, r.rate(), 1e-12);
    assertEquals(0.0552, r.low(), 1e-4);
    assertEquals(0.1744, r.high(), 1e-4);
    UpliftEstimate.Rate none = UpliftEstimate.Rate.of(0, 50);
    assertEquals(0.0, none.low(), 1e-12);
    assertTrue(none.high() > 0.05 && none.high() < 0.08, "0 of 50 still allows up to about 7 %");
  }

  @Test
  void theUpliftIsTheRatioOfRatesWithAKatzInterval() {
    // 60 of 1000 against 30 of 1000: ratio 2; se = √(1/60 − 1/1000 + 1/30 − 1/1000) = 0.2191.
    UpliftEstimate.Ratio u =
        UpliftEstimate.ratio(UpliftEstimate.Rate.of(60, 1000), UpliftEstimate.Rate.of(30, 1000));
    assertEquals(2.0, u.ratio(), 1e-12);
    double se = Math.sqrt(1 / 60.0 - 1 / 1000.0 + 1 / 30.0 - 1 / 1000.0);
    assertEquals(2.0 * Math.exp(-1.959963984540054 * se), u.low(), 1e-9);
    assertEquals(1.3018, u.low(), 1e-4);
    assertEquals(3.0727, u.high(), 1e-4);
  }

  @Test
  void noRatioWithoutAPositiveResponseOnBothSides() {
    assertNull(UpliftEstimate.ratio(UpliftEstimate.Rate.of(5, 100), UpliftEstimate.Rate.of(0, 40)));
    assertNull(UpliftEstimate.Rate.of(0, 0).rate(), "no impression, no rate");
  }
}
