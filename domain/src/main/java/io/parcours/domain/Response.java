package io.parcours.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A customer's reaction to an action a decision proposed.
 *
 * @param decisionId the decision that showed the action
 * @param actionId the action reacted to
 * @param outcome accepted, clicked, rejected or ignored
 * @param idempotencyKey the channel's key; the same key twice has one effect
 * @param receivedAt when the engine received it
 */
public record Response(
    String decisionId,
    String actionId,
    Outcome outcome,
    String idempotencyKey,
    Instant receivedAt) {

  public Response {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
