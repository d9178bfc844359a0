package io.parcours.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A channel's question: which actions, if any, for this customer, now, here.
 *
 * @param customerId whose decision
 * @param channel where the answer will be shown
 * @param direction inbound (the customer is here) or outbound (we reach out)
 * @param context what the channel knows of the situation (page, intent, event), free key/value
 *     pairs
 * @param limit how many actions at most
 * @param at the decision time
 */
public record DecisionRequest(
    String customerId,
    Channel channel,
    Direction direction,
    Map<String, String> context,
    int limit,
    Instant at) {

  /** The most actions one decision may return. */
  public static final int MAX_LIMIT = 20;

  public DecisionRequest {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(at, "at");
    context = context == null ? Map.of() : Map.copyOf(context);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }

  /**
   * The same question about the profile {@code customerId} (the one a merged profile lives on in).
   */
  public DecisionRequest about(String customerId) {
    return new DecisionRequest(customerId, channel, direction, context, limit, at);
  }
}
