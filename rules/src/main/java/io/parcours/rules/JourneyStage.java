package io.parcours.rules;

import java.util.Objects;

/**
 * A customer's current stage in one journey, as a fact: a journey-stage rule names it ({@code
 * verdict.stage("retention", "at-risk")}), the verdict makes it a fact, and applicability rules
 * match on it. The engine records which rule named it, so a stage change can be explained.
 */
public final class JourneyStage {

  private final String journey;
  private final String stage;

  /**
   * @param journey the journey's id, for example {@code retention}
   * @param stage the stage's id within it, for example {@code at-risk}
   */
  public JourneyStage(String journey, String stage) {
    this.journey = Objects.requireNonNull(journey, "journey");
    this.stage = Objects.requireNonNull(stage, "stage");
  }

  public String getJourney() {
    return journey;
  }

  public String getStage() {
    return stage;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JourneyStage s && journey.equals(s.journey) && stage.equals(s.stage);
  }

  @Override
  public int hashCode() {
    return 31 * journey.hashCode() + stage.hashCode();
  }

  @Override
  public String toString() {
    return journey + ":" + stage;
  }
}
