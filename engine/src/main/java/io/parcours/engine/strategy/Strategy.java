package io.parcours.engine.strategy;

import io.parcours.domain.Action;
import io.parcours.domain.Journey;
import io.parcours.engine.decision.ActionLibrary;
import io.parcours.engine.events.EventCatalogue;
import java.util.List;
import java.util.Optional;

/**
 * What a strategy version declares besides its rules: the action library with each action's
 * treatments, the journeys with their stages, and the event types with their triggers and derived
 * features. Read from the version's data files ({@link StrategyFiles}); immutable, so decisions
 * read it without locks.
 *
 * @param library the actions, indexed by id and by channel
 * @param journeys the journeys, in the order the file gives them
 * @param events the event types and derived features
 */
public record Strategy(ActionLibrary library, List<Journey> journeys, EventCatalogue events) {

  public Strategy {
    journeys = List.copyOf(journeys);
  }

  /** The actions, in library order. */
  public List<Action> actions() {
    return library.all();
  }

  /** The journey with {@code id}, if declared. */
  public Optional<Journey> journey(String id) {
    return journeys.stream().filter(j -> j.id().equals(id)).findFirst();
  }
}
