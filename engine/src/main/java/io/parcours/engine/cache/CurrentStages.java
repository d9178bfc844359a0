package io.parcours.engine.cache;

import java.util.Map;
import java.util.Objects;

/**
 * A customer's current stage per journey (journey → stage), as the {@code journey-stages} cache
 * holds it: one value, so that it can be replaced atomically and marshalled to another node.
 */
public record CurrentStages(Map<String, String> byJourney) {

  /** A customer placed in no journey yet. */
  public static final CurrentStages NONE = new CurrentStages(Map.of());

  public CurrentStages {
    byJourney = Map.copyOf(Objects.requireNonNull(byJourney, "byJourney"));
  }
}
