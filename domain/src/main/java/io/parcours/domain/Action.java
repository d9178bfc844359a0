package io.parcours.domain;

import java.util.Objects;
import java.util.Set;

/**
 * Something the brand can do for or say to a customer, organised as issue → group → action, offered on
 * the channels it has a treatment for.
 *
 * @param id stable identifier, used in rules, models and the API (for example {@code travel-card-abroad})
 * @param name what a person reads
 * @param issue the business purpose
 * @param group the product line or theme within the issue
 * @param journey the journey this action belongs to (lifecycle, service, nurture, retention, resilience)
 * @param channels the channels with a treatment for this action
 * @param value the business value of a positive response, in the arbitration's unit (≥ 0)
 * @param lever a business user's deliberate boost (&gt; 1) or brake (&lt; 1); 1 is neutral
 * @param description what the action offers, for consoles and audit
 */
public record Action(
    String id,
    String name,
    Issue issue,
    String group,
    String journey,
    Set<Channel> channels,
    double value,
    double lever,
    String description) {

  public Action {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(journey, "journey");
    channels = Set.copyOf(channels);
    if (value < 0 || Double.isNaN(value)) {
      throw new IllegalArgumentException("value of action " + id + " must be ≥ 0");
    }
    if (lever < 0 || Double.isNaN(lever)) {
      throw new IllegalArgumentException("lever of action " + id + " must be ≥ 0");
    }
    description = description == null ? "" : description;
  }

  /** Whether the action has a treatment on {@code channel}. */
  public boolean offeredOn(Channel channel) {
    return channels.contains(channel);
  }
}
