package io.parcours.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Prequential AUC and calibration on cases whose answers are known. */
class ModelMonitorTest {

  @Test
  void aPerfectRankingHasAucOneAndAReversedOneZero() {
    ModelMonitor perfect = new ModelMonitor();
    ModelMonitor reversed = new ModelMonitor();
    for (int i = 0; i < 10; i++) {
      perfect.record(0.8, true);
      perfect.record(0.1, false);
      reversed.record(0.1, true);
      reversed.record(0.8, false);
    }
    assertEquals(1.0, perfect.auc(), 1e-12);
    assertEquals(0.0, reversed.auc(), 1e-12);
  }

  @Test
  void tiesCountHalfAndTheAucMatchesPairCounting() {
    ModelMonitor m = new ModelMonitor();
    m.record(0.3, true);
    m.record(0.3, false);
    m.record(0.1, false);
    m.record(0.6, true);
    m.record(0.05, true);
    // Pairs (positive, negative): (0.3, 0.3) ½, (0.3, 0.1) 1, (0.6, 0.3) 1, (0.6, 0.1) 1,
    // (0.05, 0.3) 0, (0.05, 0.1) 0 → 3.5 / 6.
    assertEquals(3.5 / 6, m.auc(), 1e-12);
  }

  @Test
  void noAucUntilBothOutcomesWereSeen() {
    ModelMonitor m = new ModelMonitor();
    assertNull(m.auc());
    m.record(0.2, false);
    assertNull(m.auc());
  }

  @Test
  void calibrationSetsPredictedBesideObservedPerRange() {
    ModelMonitor m = new ModelMonitor();
    for (int i = 0; i < 100; i++) {
      m.record(0.04, i < 4);
      m.record(0.25, i < 30);
    }
    List<ModelMonitor.CalibrationBin> rows = m.calibration();
    assertEquals(2, rows.size());
    assertEquals(0.02, rows.get(0).from());
    assertEquals(0.05, rows.get(0).to());
    assertEquals(100, rows.get(0).responses());
    assertEquals(0.04, rows.get(0).meanPredicted(), 1e-12);
    assertEquals(0.04, rows.get(0).observedRate(), 1e-12);
    assertEquals(0.2, rows.get(1).from());
    assertEquals(0.3, rows.get(1).to());
    assertEquals(0.25, rows.get(1).meanPredicted(), 1e-12);
    assertEquals(0.30, rows.get(1).observedRate(), 1e-12);
  }
}
