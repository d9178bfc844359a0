package io.parcours.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to or by a customer, as a channel or a source system reports it.
 *
 * @param customerId the customer it happened to; null when the sender named them by {@code
 *     identity} alone, until the identity is resolved to a profile
 * @param type the declared event type, for example {@code payment.missed}
 * @param occurredAt when it happened (not when it was received)
 * @param attributes its attributes, checked against the type's declaration: strings, numbers
 *     ({@link Double}) and booleans
 * @param idempotencyKey the sender's key; the same key twice has one effect
 * @param identity an identifier the sender saw with the event (a device, a cookie), or null: with a
 *     customer id, the event links it to that customer; alone, it names the customer
 */
public record CustomerEvent(
    String customerId,
    String type,
    Instant occurredAt,
    Map<String, Object> attributes,
    String idempotencyKey,
    Identity identity) {

  public CustomerEvent {
    if (customerId == null && identity == null) {
      throw new IllegalArgumentException(
          "an event names its customer by customerId, identity or both");
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    attributes = Map.copyOf(attributes);
  }

  /** An event about the customer {@code customerId}, without another identifier. */
  public CustomerEvent(
      String customerId,
      String type,
      Instant occurredAt,
      Map<String, Object> attributes,
      String idempotencyKey) {
    this(
        Objects.requireNonNull(customerId, "customerId"),
        type,
        occurredAt,
        attributes,
        idempotencyKey,
        null);
  }

  /** This event, about the profile {@code customerId} its identities resolved to. */
  public CustomerEvent about(String customerId) {
    return new CustomerEvent(customerId, type, occurredAt, attributes, idempotencyKey, identity);
  }
}
