package io.parcours.domain;

import java.time.Instant;

/**
 * One change of stage: {@code fromStage} null means the customer entered the journey, {@code
 * toStage} null that they left it. It was found by a decision ({@code decisionId}) or by an event
 * ({@code eventId}); the other is null.
 */
public record StageChange(
    String customerId,
    String journey,
    String fromStage,
    String toStage,
    String rule,
    String decisionId,
    Long eventId,
    Instant changedAt) {

  /** A change found by decision {@code decisionId}. */
  public StageChange(
      String customerId,
      String journey,
      String fromStage,
      String toStage,
      String rule,
      String decisionId,
      Instant changedAt) {
    this(customerId, journey, fromStage, toStage, rule, decisionId, null, changedAt);
  }
}
