package io.parcours.engine.events;

import io.parcours.db.DatabaseAvailability;
import io.parcours.db.PersistenceException;
import io.parcours.db.PostgresEvents;
import io.parcours.db.PostgresJourneys;
import io.parcours.domain.Channel;
import io.parcours.domain.CustomerEvent;
import io.parcours.domain.EventType;
import io.parcours.engine.EngineUnavailableException;
import io.parcours.engine.InvalidEventException;
import io.parcours.engine.UnknownCustomerException;
import io.parcours.engine.commit.GroupCommit;
import io.parcours.engine.decision.CustomerState;
import io.parcours.engine.decision.StageReevaluation;
import io.parcours.engine.identities.IdentityGraph;
import io.parcours.engine.outbound.OutboundQueue;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes customer events in: checks each against its declared type, stores them with the profile
 * changes they make in one transaction (nothing is acknowledged before it is durable; a repeated
 * key changes nothing), then reloads the changed profiles into the cache, so that the very next
 * decision sees them, then runs the outbound decisions the events' types trigger ({@link
 * OutboundQueue}).
 */
public final class EventIngestion implements AutoCloseable {

  /**
   * What became of one event: its id, whether it had been received before, and the profile it was
   * stored for (the one its identifiers resolved to).
   */
  public record Receipt(long eventId, boolean replayed, String customerId) {}

  private final java.util.function.Supplier<EventCatalogue> catalogues;
  private final PostgresEvents events;
  private final EventWriter writer;
  private final IdentityGraph identities;
  private final PostgresJourneys journeys;

  private static final Logger LOG = Logger.getLogger(EventIngestion.class.getName());

  /** How many customers' events may wait for their stages to be found again. */
  static final int STAGE_BACKLOG = 10_000;

  /** The most calls whose events are stored in one transaction ({@link EventWriter}). */
  static final int EVENT_CALLS = 64;

  /** The most customers whose stage changes are written in one transaction. */
  static final int STAGE_BATCH = 16;

  private final ThreadPoolExecutor stageWork;
  private final java.util.concurrent.ConcurrentLinkedQueue<StageReevaluation.EventSituation>
      pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger waiting =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicBoolean draining =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicLong lastBacklogWarning =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(2));
  private final CustomerState customers;
  private final StageReevaluation stages;
  private final OutboundQueue outbound;
  private final Clock clock;

  public EventIngestion(
      java.util.function.Supplier<EventCatalogue> catalogues,
      PostgresEvents events,
      PostgresJourneys journeys,
      IdentityGraph identities,
      CustomerState customers,
      StageReevaluation stages,
      OutboundQueue outbound,
      Clock clock,
      ThreadFactory threads) {
    this.journeys = journeys;
    this.stageWork =
        new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(4), threads);
    this.catalogues = catalogues;
    this.events = events;
    this.writer = new EventWriter(events, EVENT_CALLS, threads);
    this.identities = identities;
    this.customers = customers;
    this.stages = stages;
    this.outbound = outbound;
    this.clock = clock;
  }

  /** The writer that stores events, for monitoring its queue and batches. */
  public GroupCommit<?> writer() {
    return writer.commits();
  }

  /** The declared event types. */
  public EventCatalogue catalogue() {
    return catalogues.get();
  }

  /**
   * Stores {@code batch}, all or nothing.
   *
   * @param prefix how the fields of event i are named in problems: {@code ""} for one event, {@code
   *     "events[i]."} in a batch (a {@code %d} in it is replaced by i)
   * @throws InvalidEventException when any event has an undeclared type or wrong attributes
   * @throws UnknownCustomerException when an event names a customer without a profile
   */
  public List<Receipt> ingest(List<CustomerEvent> batch, String prefix) {
    // The event types of the version in force, read once: a whole batch is checked and applied by
    // one.
    EventCatalogue catalogue = catalogues.get();
    List<InvalidEventException.Problem> problems = new ArrayList<>();
    List<EventType> types = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      CustomerEvent e = batch.get(i);
      String at = prefix.contains("%d") ? String.format(prefix, i) : prefix;
      EventType type = catalogue.find(e.type()).orElse(null);
      types.add(type);
      if (type == null) {
        problems.add(
            new InvalidEventException.Problem(
                at + "type",
                "'"
                    + e.type()
                    + "' is not a declared event type; GET /api/v1/event-types lists them"));
        continue;
      }
      for (EventType.Violation v : type.check(e.attributes())) {
        problems.add(
            new InvalidEventException.Problem(at + "attributes." + v.attribute(), v.message()));
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
    try {
      Optional<List<PostgresEvents.Stored>> done = writer.store(resolved, catalogue, now);
      if (done.isEmpty()) {
        // Some customer id names no profile: it may name one merged into another. Resolve and try
        // again.
        List<CustomerEvent> current = resolveMerged(resolved);
        done = current.equals(resolved) ? done : writer.store(current, catalogue, now);
        stored = done.orElseThrow(() -> new UnknownCustomerException(firstUnknown(current)));
      } else {
        stored = done.get();
      }
    } catch (PersistenceException e) {
      throw new EngineUnavailableException(
          "the events could not be stored, so none was; retry with the same keys", e);
    }
    Set<String> changed = new LinkedHashSet<>();
    List<Receipt> receipts = new ArrayList<>(stored.size());
    for (PostgresEvents.Stored s : stored) {
      receipts.add(new Receipt(s.eventId(), !s.created(), s.event().customerId()));
      if (s.created()) {
        changed.add(s.event().customerId());
      }
    }
    changed.forEach(customers::reloadProfile);
    // The stages are derived data: found again right after the answer, on one thread of their own
    // and
    // in batches, so that an event is acknowledged as soon as it is durable. The next decision
    // finds
    // the stages itself anyway.
    queueStages(stored);
    // Triggers run after the profile changed, so their decisions see it. An event whose triggers
    // did
    // not run (a failure after it was stored) runs them when it is sent again with the same key.
    for (PostgresEvents.Stored s : stored) {
      EventType type = byType.get(s.event().type());
      if (!s.triggered() && !type.triggers().isEmpty()) {
        try {
          outbound.trigger(s.event(), s.eventId(), type.triggers());
          events.markTriggered(s.eventId(), clock.instant());
        } catch (PersistenceException e) {
          throw new EngineUnavailableException(
              "the event is stored but what it triggers could not be decided; send it again with the same key",
              e);
        }
      }
    }
    return receipts;
  }

  /**
   * Waits until the stages of every event stored so far have been found again (for tests and for an
   * orderly stop).
   *
   * @return false when that took longer than {@code timeout}
   */
  public boolean awaitStages(Duration timeout) throws InterruptedException {
    // The drain runs on the one thread of stageWork, queued by the events before this call:
    // whatever
    // is queued after it runs once the events' stages are found.
    try {
      stageWork.submit(() -> {}).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException
        | RejectedExecutionException e) {
      return false;
    }
  }

  /** Finds the stages still waiting, then stops. */
  @Override
  public void close() {
    writer.close();
    stageWork.shutdown();
    try {
      if (!stageWork.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warning(
            "stage re-evaluation stopped with events waiting; their stages are found at the next decisions");
        stageWork.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stageWork.shutdownNow();
    }
  }

  /**
   * Queues the situation of each customer's last new event of the batch (its channel attribute if
   * it names one, else the web) for their stages to be found again, and makes sure a drain is
   * scheduled. When {@link #STAGE_BACKLOG} situations are waiting already, the new ones are left to
   * the customers' next decisions (and said so at most once a minute).
   */
  private void queueStages(List<PostgresEvents.Stored> stored) {
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
      if (waiting.incrementAndGet() > STAGE_BACKLOG) {
        waiting.decrementAndGet();
        long now = System.nanoTime();
        long said = lastBacklogWarning.get();
        if (now - said > TimeUnit.MINUTES.toNanos(1)
            && lastBacklogWarning.compareAndSet(said, now)) {
          LOG.warning(
              "stage re-evaluation is "
                  + STAGE_BACKLOG
                  + " events behind; the stages of the events above"
                  + " that are found at the customers' next decisions");
        }
        continue;
      }
      pending.add(
          new StageReevaluation.EventSituation(e.customerId(), channel, e.type(), s.eventId()));
    }
    if (!pending.isEmpty() && draining.compareAndSet(false, true)) {
      try {
        stageWork.execute(this::drainStages);
      } catch (RejectedExecutionException stopped) {
        draining.set(false);
      }
    }
  }

  /** Finds the stages of what is queued, up to {@link #STAGE_BATCH} customers per transaction. */
  private void drainStages() {
    while (true) {
      Map<String, StageReevaluation.EventSituation> batch = new java.util.LinkedHashMap<>();
      StageReevaluation.EventSituation next;
      while (batch.size() < STAGE_BATCH && (next = pending.poll()) != null) {
        waiting.decrementAndGet();
        batch.remove(next.customerId()); // a customer's latest event stands for the earlier ones
        batch.put(next.customerId(), next);
      }
      if (batch.isEmpty()) {
        draining.set(false);
        // an item queued after the poll and before the flag went down would wait for the next event
        if (pending.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      try {
        stages.reevaluate(List.copyOf(batch.values()), clock.instant(), journeys::record);
      } catch (RuntimeException x) {
        LOG.log(
            DatabaseAvailability.isUnreachable(x) ? Level.FINE : Level.WARNING,
            "the stages of "
                + batch.size()
                + " customer(s) were not found again after their"
                + " events; their next decisions find them",
            x);
      }
    }
  }

  /**
   * Each event about the profile it names now: a customer id merged away names its survivor; an
   * identifier alone names its profile, or a new anonymous one; a customer id with an identifier
   * links the two (merging profiles when the identifier was another's). Links are made before the
   * events are stored: sent again, an event finds them made.
   */
  private List<CustomerEvent> resolve(List<CustomerEvent> batch) {
    List<CustomerEvent> resolved = new ArrayList<>(batch.size());
    for (CustomerEvent e : batch) {
      String subject;
      if (e.identity() == null) {
        subject =
            e.customerId(); // the common case; an id merged away is resolved if the store finds
        // none
      } else if (e.customerId() == null) {
        subject = identities.findOrCreate(e.identity(), "event " + e.type());
      } else {
        subject =
            identities
                .link(
                    e.customerId(),
                    e.identity(),
                    "event " + e.type(),
                    "event " + e.type() + " linked a " + e.identity().type().code() + " identifier")
                .customerId();
      }
      resolved.add(e.about(subject));
    }
    return resolved;
  }

  /**
   * The events with each customer id that names no profile replaced by the profile it was merged
   * into (an id that names none at all is left for the store to refuse).
   */
  private List<CustomerEvent> resolveMerged(List<CustomerEvent> batch) {
    List<CustomerEvent> current = new ArrayList<>(batch.size());
    Map<String, String> seen = new java.util.HashMap<>();
    for (CustomerEvent e : batch) {
      String id =
          seen.computeIfAbsent(
              e.customerId(),
              c ->
                  identities
                      .find(
                          new io.parcours.domain.Identity(
                              io.parcours.domain.IdentityType.CUSTOMER_NUMBER, c))
                      .map(o -> o.customerId())
                      .orElse(c));
      current.add(id.equals(e.customerId()) ? e : e.about(id));
    }
    return current;
  }

  private String firstUnknown(List<CustomerEvent> batch) {
    for (CustomerEvent e : batch) {
      try {
        customers.profile(e.customerId());
      } catch (UnknownCustomerException unknown) {
        return e.customerId();
      }
    }
    return batch.get(0).customerId();
  }

  static String json(CustomerEvent e) {
    JsonObjectBuilder b = Json.createObjectBuilder();
    new java.util.TreeMap<>(e.attributes())
        .forEach(
            (k, v) -> {
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
