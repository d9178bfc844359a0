package io.parcours.engine.response;

import io.parcours.domain.Outcome;
import java.time.Instant;

/**
 * The engine's acknowledgement of a response, given only once it is durably stored.
 *
 * @param responseId the stored response's id
 * @param created true when this request stored it, false when it was stored before (a replay)
 * @param decisionId the decision answered
 * @param actionId the action answered
 * @param outcome the customer's reaction
 * @param receivedAt when the engine first received it
 */
public record ResponseReceipt(
    long responseId,
    boolean created,
    String decisionId,
    String actionId,
    Outcome outcome,
    Instant receivedAt) {}
