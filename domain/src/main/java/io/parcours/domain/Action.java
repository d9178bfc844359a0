package io.parcours.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Something the brand can do for or say to a customer, organised as issue → group → action, offered
 * on the channels it has a treatment for.
 *
 * @param id stable identifier, used in rules, models and the API (for example {@code
 *     travel-card-abroad})
 * @param name what a person reads
 * @param issue the business purpose
 * @param group the product line or theme within the issue
 * @param journey the journey this action belongs to (lifecycle, service, nurture, retention,
 *     resilience)
 * @param channels the channels with a treatment for this action
 * @param value the business value of a positive response, in the arbitration's unit (≥ 0)
 * @param lever a business user's deliberate boost (&gt; 1) or brake (&lt; 1); 1 is neutral
 * @param description what the action offers, for consoles and audit
 * @param stages the stages of its journey in which the action applies; empty means any stage
 * @param mandatory whether the action must be shown whenever it is eligible (a regulatory notice):
 *     it bypasses contact limits and is ranked before every other action
 * @param dailyLimit the most impressions of this action across the whole population per day (a
 *     volume constraint), 0 for no limit
 * @param treatments what each channel shows, in order of preference: a decision answers with the
 *     first treatment of the channel asked that the customer may get; every channel of a treatment
 *     is one of {@code channels}, and each id is used once
 * @param activeFrom the first instant the action may be shown; null: since ever
 * @param activeUntil the instant from which the action is no longer shown; null: for ever
 * @param budget the most impressions of this action across the whole population in its whole life
 *     (a total volume), 0 for no limit
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
    int dailyLimit,
    List<Treatment> treatments,
    Instant activeFrom,
    Instant activeUntil,
    long budget) {

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
      throw new IllegalArgumentException(
          "daily limit of action " + id + " must be ≥ 0 (0: no limit)");
    }
    treatments = treatments == null ? List.of() : List.copyOf(treatments);
    Set<String> ids = new HashSet<>();
    for (Treatment t : treatments) {
      if (!ids.add(t.id())) {
        throw new IllegalArgumentException(
            "action " + id + " has two treatments with id " + t.id());
      }
      if (!channels.contains(t.channel())) {
        throw new IllegalArgumentException(
            "treatment "
                + t.id()
                + " of action "
                + id
                + " is for "
                + t.channel().code()
                + ", which is not one of the action's channels");
      }
    }
    if (activeFrom != null && activeUntil != null && !activeFrom.isBefore(activeUntil)) {
      throw new IllegalArgumentException(
          "action "
              + id
              + " is active from "
              + activeFrom
              + " until "
              + activeUntil
              + ": the end must come after the start");
    }
    if (budget < 0) {
      throw new IllegalArgumentException("budget of action " + id + " must be ≥ 0 (0: no limit)");
    }
  }

  /** An action without treatments, always active, without a total budget. */
  public Action(
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
    this(
        id,
        name,
        issue,
        group,
        journey,
        channels,
        value,
        lever,
        description,
        stages,
        mandatory,
        dailyLimit,
        List.of(),
        null,
        null,
        0);
  }

  /** An action for any stage of its journey, not mandatory, without a volume constraint. */
  public Action(
      String id,
      String name,
      Issue issue,
      String group,
      String journey,
      Set<Channel> channels,
      double value,
      double lever,
      String description) {
    this(id, name, issue, group, journey, channels, value, lever, description, Set.of(), false, 0);
  }

  /** This action, applying only in {@code applicableStages} of its journey. */
  public Action inStages(String... applicableStages) {
    return new Action(
        id,
        name,
        issue,
        group,
        journey,
        channels,
        value,
        lever,
        description,
        Set.of(applicableStages),
        mandatory,
        dailyLimit,
        treatments,
        activeFrom,
        activeUntil,
        budget);
  }

  /**
   * This action, mandatory: shown whenever eligible, before any other, whatever the contact limits.
   */
  public Action asMandatory() {
    return new Action(
        id,
        name,
        issue,
        group,
        journey,
        channels,
        value,
        lever,
        description,
        stages,
        true,
        dailyLimit,
        treatments,
        activeFrom,
        activeUntil,
        budget);
  }

  /** This action, shown at most {@code limit} times a day across the whole population. */
  public Action limitedTo(int limit) {
    return new Action(
        id,
        name,
        issue,
        group,
        journey,
        channels,
        value,
        lever,
        description,
        stages,
        mandatory,
        limit,
        treatments,
        activeFrom,
        activeUntil,
        budget);
  }

  /** This action with {@code list} as its treatments. */
  public Action withTreatments(List<Treatment> list) {
    return new Action(
        id,
        name,
        issue,
        group,
        journey,
        channels,
        value,
        lever,
        description,
        stages,
        mandatory,
        dailyLimit,
        list,
        activeFrom,
        activeUntil,
        budget);
  }

  /**
   * This action, shown only from {@code from} (inclusive, null: since ever) until {@code until}
   * (exclusive).
   */
  public Action activeBetween(Instant from, Instant until) {
    return new Action(
        id,
        name,
        issue,
        group,
        journey,
        channels,
        value,
        lever,
        description,
        stages,
        mandatory,
        dailyLimit,
        treatments,
        from,
        until,
        budget);
  }

  /**
   * This action, shown at most {@code impressions} times in its whole life across the population.
   */
  public Action withBudget(long impressions) {
    return new Action(
        id,
        name,
        issue,
        group,
        journey,
        channels,
        value,
        lever,
        description,
        stages,
        mandatory,
        dailyLimit,
        treatments,
        activeFrom,
        activeUntil,
        impressions);
  }

  /** This action with business value {@code newValue}. */
  public Action withValue(double newValue) {
    return new Action(
        id,
        name,
        issue,
        group,
        journey,
        channels,
        newValue,
        lever,
        description,
        stages,
        mandatory,
        dailyLimit,
        treatments,
        activeFrom,
        activeUntil,
        budget);
  }

  /** Whether the action may be shown at {@code at}: within its active period. */
  public boolean activeAt(Instant at) {
    return (activeFrom == null || !at.isBefore(activeFrom))
        && (activeUntil == null || at.isBefore(activeUntil));
  }

  /** The treatments for {@code channel}, in order of preference. */
  public List<Treatment> treatmentsFor(Channel channel) {
    List<Treatment> list = new ArrayList<>(2);
    for (Treatment t : treatments) {
      if (t.channel() == channel) {
        list.add(t);
      }
    }
    return list;
  }

  /**
   * Whether the action applies at {@code stage} of its journey ({@code null}: not in the journey).
   */
  public boolean appliesAt(String stage) {
    return stages.isEmpty() || (stage != null && stages.contains(stage));
  }

  /** Whether the action has a treatment on {@code channel}. */
  public boolean offeredOn(Channel channel) {
    return channels.contains(channel);
  }
}
