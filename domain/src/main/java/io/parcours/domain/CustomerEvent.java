package io.parcours.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to or by a customer, as a channel or a source system reports it.
 *
 * @param customerId the customer it happened to
 * @param type the declared event type, for example {@code payment.missed}
 * @param occurredAt when it happened (not when it was received)
 * @param attributes its attributes, checked against the type's declaration: strings, numbers
 *     ({@link Double}) and booleans
 * @param idempotencyKey the sender's key; the same key twice has one effect
 */
public record CustomerEvent(
    String customerId, String type, Instant occurredAt, Map<String, Object> attributes, String idempotencyKey) {

  public CustomerEvent {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    attributes = Map.copyOf(attributes);
  }
}
