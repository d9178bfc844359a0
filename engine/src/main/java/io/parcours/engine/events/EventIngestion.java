package io.parcours.engine.events;

import io.parcours.db.PostgresEvents;
import io.parcours.db.PostgresJourneys;
import io.parcours.domain.Channel;
import java.util.logging.Level;
import java.util.logging.Logger;
import io.parcours.domain.CustomerEvent;
import io.parcours.domain.EventType;
import io.parcours.db.PersistenceException;
import io.parcours.engine.EngineUnavailableException;
import io.parcours.engine.InvalidEventException;
import io.parcours.engine.UnknownCustomerException;
import io.parcours.engine.decision.DecisionEngine;
import io.parcours.engine.identities.IdentityGraph;
import io.parcours.engine.outbound.OutboundQueue;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes customer events in: checks each against its declared type, stores them with the profile
 * changes they make in one transaction (nothing is acknowledged before it is durable; a repeated key
 * changes nothing), then reloads the changed profiles into the cache, so that the very next decision
 * sees them, then runs the outbound decisions the events' types trigger ({@link OutboundQueue}).
 */
public final class EventIngestion {

  /**
   * What became of one event: its id, whether it had been received before, and the profile it was
   * stored for (the one its identifiers resolved to).
   */
  public record Receipt(long eventId, boolean replayed, String customerId) {}

  private final EventCatalogue catalogue;
  private final PostgresEvents events;
  private final IdentityGraph identities;
  private final PostgresJourneys journeys;

  private static final Logger LOG = Logger.getLogger(EventIngestion.class.getName());
  private final DecisionEngine decisions;
  private final OutboundQueue outbound;
  private final Clock clock;

  public EventIngestion(
      EventCatalogue catalogue, PostgresEvents events, PostgresJourneys journeys, IdentityGraph identities,
      DecisionEngine decisions, OutboundQueue outbound, Clock clock) {
    this.journeys = journeys;
    this.catalogue = catalogue;
    this.events = events;
    this.identities = identities;
    this.decisions = decisions;
    this.outbound = outbound;
    this.clock = clock;
  }

  /** The declared event types. */
  public EventCatalogue catalogue() {
    return catalogue;
  }

  /**
   * Stores {@code batch}, all or nothing.
   *
   * @param prefix how the fields of event i are named in problems: {@code ""} for one event,
   *     {@code "events[i]."} in a batch (a {@code %d} in it is replaced by i)
   * @throws InvalidEventException when any event has an undeclared type or wrong attributes
   * @throws UnknownCustomerException when an event names a customer without a profile
   */
  public List<Receipt> ingest(List<CustomerEvent> batch, String prefix) {
    List<InvalidEventException.Problem> problems = new ArrayList<>();
    List<EventType> types = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      CustomerEvent e = batch.get(i);
      String at = prefix.contains("%d") ? String.format(prefix, i) : prefix;
      EventType type = catalogue.find(e.type()).orElse(null);
      types.add(type);
      if (type == null) {
        problems.add(new InvalidEventException.Problem(at + "type", "'" + e.type()
            + "' is not a declared event type; GET /api/v1/event-types lists them"));
        continue;
      }
      for (EventType.Violation v : type.check(e.attributes())) {
        problems.add(new InvalidEventException.Problem(at + "attributes." + v.attribute(), v.message()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidEventException(problems);
    }
    List<CustomerEvent> resolved = resolve(batch);
    Map<String, EventType> byType = new java.util.HashMap<>();
    types.forEach(t -> byType.put(t.name(), t));
    List<PostgresEvents.Stored> stored;
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    try {
      stored = events
          .record(resolved, EventIngestion::json, (profile, e) -> catalogue.apply(profile, e, today), now)
          .orElseThrow(() -> new UnknownCustomerException(firstUnknown(resolved)));
    } catch (PersistenceException e) {
      throw new EngineUnavailableException("the events could not be stored, so none was; retry with the same keys", e);
    }
    Set<String> changed = new LinkedHashSet<>();
    List<Receipt> receipts = new ArrayList<>(stored.size());
    for (PostgresEvents.Stored s : stored) {
      receipts.add(new Receipt(s.eventId(), !s.created(), s.event().customerId()));
      if (s.created()) {
        changed.add(s.event().customerId());
      }
    }
    changed.forEach(decisions::reloadProfile);
    reevaluateStages(stored);
    // Triggers run after the profile changed, so their decisions see it. An event whose triggers did
    // not run (a failure after it was stored) runs them when it is sent again with the same key.
    for (PostgresEvents.Stored s : stored) {
      EventType type = byType.get(s.event().type());
      if (!s.triggered() && !type.triggers().isEmpty()) {
        try {
          outbound.trigger(s.event(), s.eventId(), type.triggers());
          events.markTriggered(s.eventId(), clock.instant());
        } catch (PersistenceException e) {
          throw new EngineUnavailableException(
              "the event is stored but what it triggers could not be decided; send it again with the same key", e);
        }
      }
    }
    return receipts;
  }

  /**
   * Finds the journey stages of each customer whose profile the events changed, in the situation of
   * their last new event (its channel attribute if it names one, else the web), and records the changes
   * with that event. A failure here loses nothing: the events are stored, and the next decision finds
   * the stages anyway.
   */
  private void reevaluateStages(List<PostgresEvents.Stored> stored) {
    Map<String, PostgresEvents.Stored> last = new java.util.LinkedHashMap<>();
    for (PostgresEvents.Stored s : stored) {
      if (s.created()) {
        last.put(s.event().customerId(), s);
      }
    }
    for (PostgresEvents.Stored s : last.values()) {
      CustomerEvent e = s.event();
      Channel channel = Channel.WEB;
      if (e.attributes().get("channel") instanceof String code) {
        try {
          channel = Channel.fromCode(code);
        } catch (IllegalArgumentException notAChannel) {
          channel = Channel.WEB;
        }
      }
      try {
        decisions.reevaluateStages(e.customerId(), channel, e.type(), s.eventId(), clock.instant(), journeys::record);
      } catch (PersistenceException | UnknownCustomerException x) {
        LOG.log(Level.WARNING, "the stages of " + e.customerId() + " were not re-evaluated after event "
            + s.eventId() + "; the next decision finds them", x);
      }
    }
  }

  /**
   * Each event about the profile it names now: a customer id merged away names its survivor; an
   * identifier alone names its profile, or a new anonymous one; a customer id with an identifier links
   * the two (merging profiles when the identifier was another's). Links are made before the events are
   * stored: sent again, an event finds them made.
   */
  private List<CustomerEvent> resolve(List<CustomerEvent> batch) {
    List<CustomerEvent> resolved = new ArrayList<>(batch.size());
    for (CustomerEvent e : batch) {
      String subject;
      if (e.identity() == null) {
        subject = knownOrCurrent(e.customerId());
      } else if (e.customerId() == null) {
        subject = identities.findOrCreate(e.identity(), "event " + e.type());
      } else {
        subject = identities.link(e.customerId(), e.identity(), "event " + e.type(),
            "event " + e.type() + " linked a " + e.identity().type().code() + " identifier").customerId();
      }
      resolved.add(e.about(subject));
    }
    return resolved;
  }

  /** The customer id itself when it has a profile (from the cache), else the profile it was merged into. */
  private String knownOrCurrent(String customerId) {
    try {
      decisions.profile(customerId);
      return customerId;
    } catch (UnknownCustomerException e) {
      return identities.current(customerId);
    }
  }

  private String firstUnknown(List<CustomerEvent> batch) {
    for (CustomerEvent e : batch) {
      try {
        decisions.profile(e.customerId());
      } catch (UnknownCustomerException unknown) {
        return e.customerId();
      }
    }
    return batch.get(0).customerId();
  }

  private static String json(CustomerEvent e) {
    JsonObjectBuilder b = Json.createObjectBuilder();
    new java.util.TreeMap<>(e.attributes()).forEach((k, v) -> {
      if (v instanceof Boolean x) {
        b.add(k, x);
      } else if (v instanceof Double x) {
        b.add(k, x);
      } else {
        b.add(k, String.valueOf(v));
      }
    });
    return b.build().toString();
  }
}
