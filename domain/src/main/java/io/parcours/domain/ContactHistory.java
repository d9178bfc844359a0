package io.parcours.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A customer's recent impressions and responses, as much of it as contact policies look at.
 *
 * <p>Immutable: {@link #withImpressions} and {@link #withResponse} return a new history, so a
 * cached history can be replaced atomically and read without locks. Entries older than {@link
 * #WINDOW} are dropped when a new one is added.
 */
public record ContactHistory(
    String customerId, List<Impression> impressions, List<ResponseEvent> responses) {

  /** The longest period any contact policy counts over. */
  public static final Duration WINDOW = Duration.ofDays(31);

  /** How long an acceptance is remembered: 400 days, a year and its renewal month. */
  public static final Duration ACCEPTANCE_WINDOW = Duration.ofDays(400);

  /** A response as contact policies see it. */
  public record ResponseEvent(String actionId, Channel channel, Outcome outcome, Instant at) {}

  public ContactHistory {
    Objects.requireNonNull(customerId, "customerId");
    impressions = List.copyOf(impressions);
    responses = List.copyOf(responses);
  }

  /** A customer with no recorded contact. */
  public static ContactHistory empty(String customerId) {
    return new ContactHistory(customerId, List.of(), List.of());
  }

  /** Impressions of {@code actionId} on {@code channel} at or after {@code since}. */
  public int impressionsSince(String actionId, Channel channel, Instant since) {
    int n = 0;
    for (Impression i : impressions) {
      if (i.channel() == channel && i.actionId().equals(actionId) && !i.at().isBefore(since)) {
        n++;
      }
    }
    return n;
  }

  /** Impressions of {@code actionId} on any channel at or after {@code since}. */
  public int impressionsSince(String actionId, Instant since) {
    int n = 0;
    for (Impression i : impressions) {
      if (i.actionId().equals(actionId) && !i.at().isBefore(since)) {
        n++;
      }
    }
    return n;
  }

  /** Impressions of any action on {@code channel} at or after {@code since}. */
  public int impressionsOnChannelSince(Channel channel, Instant since) {
    int n = 0;
    for (Impression i : impressions) {
      if (i.channel() == channel && !i.at().isBefore(since)) {
        n++;
      }
    }
    return n;
  }

  /** The latest response with {@code outcome} to {@code actionId}, or {@code null} when none. */
  public Instant lastResponse(String actionId, Outcome outcome) {
    Instant last = null;
    for (ResponseEvent r : responses) {
      if (r.outcome() == outcome
          && r.actionId().equals(actionId)
          && (last == null || r.at().isAfter(last))) {
        last = r.at();
      }
    }
    return last;
  }

  /** This history with {@code added} impressions, forgetting what fell out of the window. */
  public ContactHistory withImpressions(List<Impression> added, Instant now) {
    Instant horizon = now.minus(WINDOW);
    List<Impression> kept = new ArrayList<>(impressions.size() + added.size());
    for (Impression i : impressions) {
      if (!i.at().isBefore(horizon)) {
        kept.add(i);
      }
    }
    kept.addAll(added);
    return new ContactHistory(customerId, kept, responses);
  }

  /**
   * This history without one occurrence of each of {@code taken} (impressions of a decision not
   * recorded).
   */
  public ContactHistory without(List<Impression> taken) {
    List<Impression> kept = new ArrayList<>(impressions);
    for (Impression i : taken) {
      kept.remove(i);
    }
    return new ContactHistory(customerId, kept, responses);
  }

  /** This history with one more response, forgetting what fell out of the window. */
  public ContactHistory withResponse(ResponseEvent added, Instant now) {
    Instant horizon = now.minus(WINDOW);
    Instant acceptanceHorizon = now.minus(ACCEPTANCE_WINDOW);
    List<ResponseEvent> kept = new ArrayList<>(responses.size() + 1);
    for (ResponseEvent r : responses) {
      boolean accepted = r.outcome() == Outcome.ACCEPTED;
      if (!r.at().isBefore(accepted ? acceptanceHorizon : horizon)) {
        kept.add(r);
      }
    }
    kept.add(added);
    return new ContactHistory(customerId, impressions, kept);
  }
}
