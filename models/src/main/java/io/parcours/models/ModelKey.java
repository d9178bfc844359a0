package io.parcours.models;

import io.parcours.domain.Channel;
import java.util.Objects;

/**
 * Identifies one adaptive model: the action it estimates and the channel it estimates it on.
 *
 * <p>Responses differ by channel (an SMS reminder is read differently from a banner in the app), so
 * each action learns one model per channel.
 *
 * @param actionId the action's stable identifier
 * @param channel where the action is shown
 */
public record ModelKey(String actionId, Channel channel) {

  /** The family prefix of the models this package builds. */
  static final String FAMILY = "beta";

  public ModelKey {
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(channel, "channel");
    if (actionId.isBlank()) {
      throw new IllegalArgumentException("actionId must not be blank");
    }
  }

  /**
   * The identifier recorded in decisions and audit records: family, action and channel, for example
   * {@code beta:travel-card-abroad:web}.
   */
  public String modelId() {
    return FAMILY + ":" + actionId + ":" + channel.code();
  }
}
