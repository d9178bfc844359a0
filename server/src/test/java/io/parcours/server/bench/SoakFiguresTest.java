package io.parcours.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The soak benchmark reads jstat's table and fits the heap's slope as its javadoc says. */
class SoakFiguresTest {

  private static final String JSTAT_GC =
      """
          S0C         S1C         S0U         S1U          EC           EU           OC           OU          MC \
              MU       CCSC      CCSU     YGC     YGCT     FGC    FGCT     CGC    CGCT       GCT
              0.0     12288.0         0.0      9963.1     139264.0      65536.0     352256.0      17744.5    15744.0 \
            15501.0    1792.0    1683.1      7     0.084     2     0.250     0     0.000     0.084
      """;

  @Test
  void jstatColumnsAreReadByTheirHeaders() {
    Map<String, Double> gc = ServerSampler.columns(JSTAT_GC);
    assertEquals(9963.1, gc.get("S1U"));
    assertEquals(15501.0, gc.get("MU"));
    assertEquals(2.0, gc.get("FGC"));
    assertEquals(0.25, gc.get("FGCT"));
    assertEquals(Math.round(9963.1 + 65536.0 + 17744.5), ServerSampler.heapUsedKiB(gc));
  }

  @Test
  void aTableWithoutFiguresHasNoColumns() {
    assertTrue(ServerSampler.columns("12345 not found").isEmpty());
    Map<String, Double> dashes = ServerSampler.columns("S0U OU\n- 10.0\n");
    assertFalse(dashes.containsKey("S0U"));
    assertEquals(10.0, dashes.get("OU"));
  }

  @Test
  void theSlopeIsPerHourAndLeastSquares() {
    // 1.8 MiB a minute by least squares: 108 MiB an hour
    List<SoakBenchmark.Sample> samples =
        List.of(sample(0, 100), sample(1, 103), sample(2, 103), sample(3, 107), sample(4, 107));
    assertEquals(
        0.0, SoakBenchmark.slopePerHour(List.of(sample(0, 5), sample(10, 5)), s -> 5), 1e-9);
    assertEquals(
        108.0,
        SoakBenchmark.slopePerHour(samples, s -> s.reading().heapAfterGcKiB() / 1024d),
        1e-9);
    assertTrue(Double.isNaN(SoakBenchmark.slopePerHour(List.of(sample(1, 1)), s -> 1)));
  }

  private static SoakBenchmark.Sample sample(double minutes, long heapMiB) {
    return new SoakBenchmark.Sample(
        minutes, new ServerSampler.Reading(heapMiB * 1024, 0, 0, 0, 0, 0, 0, 0), 0, 0, 0, "");
  }
}
