package io.parcours.engine.outbound;

import io.parcours.db.PostgresOutbound;
import io.parcours.db.PostgresOutbound.NewContact;
import io.parcours.db.PostgresResponseLog.Stored;
import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.CustomerEvent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Decision;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.OutboundContact;
import io.parcours.domain.Outcome;
import io.parcours.domain.Proposal;
import io.parcours.engine.UnknownCustomerException;
import io.parcours.engine.decision.CustomerState;
import io.parcours.engine.decision.DecisionEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbound queue per channel.
 *
 * <p><b>Triggers.</b> An event whose type names trigger channels is followed, on each, by an
 * outbound decision with the context {@code trigger = <event type>}: the same rules, contact
 * policies and arbitration as any decision. When quiet hours keep the channel from contacting the
 * customer now, the decision is made for the first whole hour when they no longer do (within two
 * days), and the contact waits until then. The action shown, if any, is queued.
 *
 * <p><b>Cancellation.</b> A queued contact is cancelled when the customer accepts the same action,
 * or another of its product line, on any channel (the rule {@code NoOutboundAfterAcceptance} keeps
 * later decisions from choosing it), and when they withdraw the consent to the contact's purpose on
 * its channel. The delivery system fetches what is due and acknowledges what it delivered.
 */
public final class OutboundQueue {

  private static final Logger LOG = Logger.getLogger(OutboundQueue.class.getName());

  /** How far ahead a trigger looks for an hour outside quiet hours. */
  static final Duration LOOK_AHEAD = Duration.ofHours(48);

  private final PostgresOutbound store;
  private final DecisionEngine decisions;
  private final CustomerState customers;
  private final Clock clock;

  public OutboundQueue(
      PostgresOutbound store, DecisionEngine decisions, CustomerState customers, Clock clock) {
    this.store = store;
    this.decisions = decisions;
    this.customers = customers;
    this.clock = clock;
  }

  /**
   * What a trigger did on one channel: the decision, and the contact queued (if the decision showed
   * one).
   */
  public record Triggered(Channel channel, Decision decision, Instant sendAfter) {}

  /**
   * Decides on each trigger channel after an event and queues what the decisions show.
   *
   * @return one entry per channel
   */
  public List<Triggered> trigger(CustomerEvent event, long eventId, List<Channel> channels) {
    List<Triggered> done = new ArrayList<>(channels.size());
    Instant now = clock.instant();
    for (Channel channel : channels) {
      Instant at = firstContactable(event.customerId(), channel, event.type(), now);
      Decision d = decisions.decide(request(event.customerId(), channel, event.type(), at));
      List<NewContact> contacts = new ArrayList<>();
      for (Proposal p : d.proposals()) {
        contacts.add(
            new NewContact(
                channel.code(), event.customerId(), p.action().id(), d.decisionId(), eventId, at));
      }
      store.enqueue(contacts, now);
      done.add(new Triggered(channel, d, contacts.isEmpty() ? null : at));
    }
    return done;
  }

  private static DecisionRequest request(
      String customerId, Channel channel, String trigger, Instant at) {
    return new DecisionRequest(
        customerId, channel, Direction.OUTBOUND, Map.of("trigger", trigger), 1, at);
  }

  /** Now, or the first whole hour within {@link #LOOK_AHEAD} outside the channel's quiet hours. */
  private Instant firstContactable(
      String customerId, Channel channel, String trigger, Instant now) {
    Instant at = now;
    Instant end = now.plus(LOOK_AHEAD);
    while (at.isBefore(end)) {
      if (!decisions.quietHours(request(customerId, channel, trigger, at))) {
        return at;
      }
      at = at.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    }
    return now; // quiet for two days: decide now, and the decision says why nothing goes out
  }

  /** The contacts of {@code channel} due now, the oldest first. */
  public List<OutboundContact> due(Channel channel, int limit) {
    return store.due(channel.code(), clock.instant(), limit);
  }

  /** What became of an acknowledgement. */
  public enum Delivery {
    DELIVERED,
    ALREADY_DELIVERED,
    CANCELLED,
    UNKNOWN
  }

  /** Acknowledges the delivery of a contact; delivering one twice is harmless. */
  public Delivery deliver(Channel channel, long contactId) {
    if (store.deliver(channel.code(), contactId, clock.instant())) {
      return Delivery.DELIVERED;
    }
    Optional<OutboundContact> c = store.find(channel.code(), contactId);
    if (c.isEmpty()) {
      return Delivery.UNKNOWN;
    }
    return c.get().status().equals("delivered") ? Delivery.ALREADY_DELIVERED : Delivery.CANCELLED;
  }

  /** How many contacts each channel has queued, due or not; every channel, 0 for none. */
  public Map<Channel, Long> queuedByChannel() {
    Map<String, Long> byCode = store.queuedByChannel();
    Map<Channel, Long> queued = new java.util.EnumMap<>(Channel.class);
    for (Channel c : Channel.values()) {
      queued.put(c, byCode.getOrDefault(c.code(), 0L));
    }
    return queued;
  }

  /** Every queued contact of a customer, due or not. */
  public List<OutboundContact> queuedFor(String customerId) {
    return store.queuedFor(customerId);
  }

  /** The contact, whatever its status. */
  public Optional<OutboundContact> find(Channel channel, long contactId) {
    return store.find(channel.code(), contactId);
  }

  /**
   * Cancels the queued contacts that new accepted responses make pointless: the same action or
   * another of its product line. A failure is logged: the responses are stored, and the rules keep
   * later decisions from choosing the accepted line.
   */
  public void afterResponses(List<Stored> responses) {
    for (Stored r : responses) {
      if (r.outcome() != Outcome.ACCEPTED) {
        continue;
      }
      try {
        Action accepted = decisions.library().find(r.actionId()).orElse(null);
        List<Long> cancel = new ArrayList<>();
        for (OutboundContact c : store.queuedFor(r.customerId())) {
          Action queued = decisions.library().find(c.actionId()).orElse(null);
          if (c.actionId().equals(r.actionId())
              || accepted != null && queued != null && accepted.group().equals(queued.group())) {
            cancel.add(c.contactId());
          }
        }
        if (!cancel.isEmpty()) {
          store.cancel(
              cancel,
              "the customer accepted " + r.actionId() + " on " + r.channel().code(),
              clock.instant());
        }
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "queued contacts of " + r.customerId() + " not checked after an acceptance",
            e);
      }
    }
  }

  /** Cancels the customer's queued contacts whose channel and purpose they no longer consent to. */
  public int purgeWithoutConsent(String customerId) {
    CustomerProfile profile;
    try {
      profile = customers.profile(customerId);
    } catch (UnknownCustomerException e) {
      return 0;
    }
    int n = 0;
    for (OutboundContact c : store.queuedFor(customerId)) {
      Channel channel = Channel.fromCode(c.channel());
      Optional<Action> action = decisions.library().find(c.actionId());
      if (action.isPresent() && !profile.consentsTo(channel, action.get().issue().purpose())) {
        n +=
            store.cancel(
                List.of(c.contactId()),
                "consent to "
                    + action.get().issue().purpose().code()
                    + " contact by "
                    + channel.code()
                    + " withdrawn",
                clock.instant());
      }
    }
    return n;
  }
}
