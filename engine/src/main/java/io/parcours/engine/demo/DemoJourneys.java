package io.parcours.engine.demo;

import io.parcours.domain.Journey;
import io.parcours.engine.strategy.StrategyFiles;
import io.parcours.engine.strategy.StrategyVersion;
import java.util.List;

/**
 * The journeys of the demo brand, with their stages in their usual order: the {@code journeys.json}
 * of the strategy version shipped with Parcours, whose {@code journey-stages.drl} holds each
 * stage's entry criteria.
 */
public final class DemoJourneys {

  private static final List<Journey> ALL =
      StrategyFiles.read(StrategyVersion.shippedData()).strategy().journeys();

  private DemoJourneys() {}

  /** The five demo journeys, lifecycle first. */
  public static List<Journey> all() {
    return ALL;
  }
}
