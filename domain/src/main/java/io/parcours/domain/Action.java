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
 * @param stages the stages of its journey in which the action applies; empty means any stage
 * @param mandatory whether the action must be shown whenever it is eligible (a regulatory notice): it
 *     bypasses contact limits and is ranked before every other action
 * @param dailyLimit the most impressions of this action across the whole population per day (a volume
 *     constraint), 0 for no limit
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
    String description,
    Set<String> stages,
    boolean mandatory,
    int dailyLimit) {

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
    stages = stages == null ? Set.of() : Set.copyOf(stages);
    if (dailyLimit < 0) {
      throw new IllegalArgumentException("daily limit of action " + id + " must be ≥ 0 (0: no limit)");
    }
  }

  /** An action for any stage of its journey, not mandatory, without a volume constraint. */
  public Action(
      String id, String name, Issue issue, String group, String journey, Set<Channel> channels,
      double value, double lever, String description) {
    this(id, name, issue, group, journey, channels, value, lever, description, Set.of(), false, 0);
  }

  /** This action, applying only in {@code applicableStages} of its journey. */
  public Action inStages(String... applicableStages) {
    return new Action(
        id, name, issue, group, journey, channels, value, lever, description,
        Set.of(applicableStages), mandatory, dailyLimit);
  }

  /** This action, mandatory: shown whenever eligible, before any other, whatever the contact limits. */
  public Action asMandatory() {
    return new Action(
        id, name, issue, group, journey, channels, value, lever, description, stages, true,
        dailyLimit);
  }

  /** This action, shown at most {@code limit} times a day across the whole population. */
  public Action limitedTo(int limit) {
    return new Action(
        id, name, issue, group, journey, channels, value, lever, description, stages, mandatory,
        limit);
  }

  /** Whether the action applies at {@code stage} of its journey ({@code null}: not in the journey). */
  public boolean appliesAt(String stage) {
    return stages.isEmpty() || (stage != null && stages.contains(stage));
  }

  /** Whether the action has a treatment on {@code channel}. */
  public boolean offeredOn(Channel channel) {
    return channels.contains(channel);
  }
}
