package io.parcours.domain;

import java.time.Instant;

/**
 * A contact of the outbound queue, waiting for its channel's delivery system, or out of the queue
 * with the reason.
 */
public record OutboundContact(
    long contactId,
    String channel,
    String customerId,
    String actionId,
    String decisionId,
    Long eventId,
    Instant sendAfter,
    String status,
    Instant queuedAt,
    Instant closedAt,
    String reason) {}
