package io.parcours.engine.demo;

import io.parcours.domain.Journey;
import java.util.List;

/**
 * The journeys of the demo brand, with their stages in their usual order. The bundled rule file
 * {@code journey-stages.drl} holds each stage's entry criteria.
 */
public final class DemoJourneys {

  private static final List<Journey> ALL =
      List.of(
          new Journey(
              "lifecycle", "Customer lifecycle",
              List.of("need", "research", "selection", "purchase", "receipt", "use", "keep-in-touch",
                  "advocacy"),
              "From a first need to a loyal customer who recommends us."),
          new Journey(
              "service", "Service", List.of("travelling", "complaint"),
              "Help with what the customer is doing now: a trip abroad, a complaint."),
          new Journey(
              "nurture", "Nurture", List.of("welcome", "learning", "engaged"),
              "Content on the topics the customer engages with, to build the relationship."),
          new Journey(
              "retention", "Retention", List.of("at-risk", "leaving"),
              "A valuable customer who may leave, and the gestures that may keep them."),
          new Journey(
              "resilience", "Resilience", List.of("early-difficulty", "in-difficulty"),
              "Short-term difficulty and the risk of missed payments, met with support."));

  private DemoJourneys() {}

  /** The five demo journeys, lifecycle first. */
  public static List<Journey> all() {
    return ALL;
  }
}
