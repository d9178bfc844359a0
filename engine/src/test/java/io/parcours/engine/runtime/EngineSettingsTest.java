package io.parcours.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.models.online.OnlineProbitLearner;
import org.junit.jupiter.api.Test;

/**
 * The learner settings read from configuration: the defaults, and a clear answer when one is out of
 * range.
 */
class EngineSettingsTest {

  @Test
  void theConfigurationDefaultsGiveTheLearnersDefaults() {
    // The defaults written in EngineRuntime's @ConfigProperty annotations.
    OnlineProbitLearner.Settings configured = EngineSettings.learner(0.03, 0, 0.4);
    OnlineProbitLearner.Settings defaults = OnlineProbitLearner.Settings.defaults();
    assertEquals(defaults.prior().variance("bias"), configured.prior().variance("bias"));
    assertEquals(defaults.forgetting(), configured.forgetting());
    assertEquals(defaults.drawScale(), configured.drawScale());
    assertEquals(defaults.beta(), configured.beta());
    assertEquals(defaults.publishEveryNanos(), configured.publishEveryNanos());
  }

  @Test
  void aSettingOutOfRangeIsNamedWithItsRange() {
    assertNamed("parcours.models.prior-variance", () -> EngineSettings.learner(0, 0, 0.4));
    assertNamed(
        "parcours.models.prior-variance",
        () -> EngineSettings.learner(Double.POSITIVE_INFINITY, 0, 0.4));
    assertNamed("parcours.models.forgetting", () -> EngineSettings.learner(0.03, -0.1, 0.4));
    assertNamed("parcours.models.forgetting", () -> EngineSettings.learner(0.03, 1, 0.4));
    assertNamed("parcours.models.draw-scale", () -> EngineSettings.learner(0.03, 0, 1.5));
    assertNamed("parcours.models.draw-scale", () -> EngineSettings.learner(0.03, 0, Double.NaN));
  }

  private static void assertNamed(String setting, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith(setting + " must be"), e.getMessage());
  }
}
