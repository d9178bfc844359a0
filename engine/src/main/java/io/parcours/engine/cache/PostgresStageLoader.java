package io.parcours.engine.cache;

import java.util.HashMap;
import java.util.Map;

/**
 * Loads a customer's current stage per journey from {@code customer_stages}; a customer never
 * placed in a journey has {@link CurrentStages#NONE}.
 */
public final class PostgresStageLoader extends PostgresLoader<CurrentStages> {

  @Override
  CurrentStages read(CacheSources sources, String customerId) {
    Map<String, String> byJourney = new HashMap<>();
    sources
        .journeys()
        .currentStages(customerId)
        .forEach((journey, s) -> byJourney.put(journey, s.stage()));
    return byJourney.isEmpty() ? CurrentStages.NONE : new CurrentStages(byJourney);
  }
}
