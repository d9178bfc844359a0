package io.parcours.engine.events;

import io.parcours.db.PostgresEvents;
import io.parcours.domain.CustomerEvent;
import io.parcours.domain.CustomerProfile;
import io.parcours.engine.EngineUnavailableException;
import io.parcours.engine.commit.GroupCommit;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stores the events of concurrent calls together: one writer thread takes every call waiting and
 * stores their events, with the profile changes they make, in one transaction, so that one commit
 * (and one fsync) acknowledges them all ({@link GroupCommit}). A call still returns only once its
 * events are committed.
 *
 * <p>The events of a combined batch are stored in the order their calls were queued, each call's in
 * its own order, as if the calls had been stored one after the other (they are received at the
 * first call's time, within the writer's batch of it): an idempotency key sent twice is stored
 * once, and a customer's profile changes event by event. When the combined batch cannot be stored
 * (a call names a customer without a profile, or the database refuses it), nothing of it is, and
 * each call is stored again on its own, so that one call's mistake is answered to that call alone.
 */
final class EventWriter implements AutoCloseable {

  /** How long a call waits for its events to be committed before it is told to send them again. */
  private static final long WAIT_SECONDS = 10;

  /** One call's events and the catalogue that applies them, with what its caller waits on. */
  private record Call(
      List<CustomerEvent> events,
      EventCatalogue catalogue,
      Instant receivedAt,
      CompletableFuture<Optional<List<PostgresEvents.Stored>>> stored) {}

  private final PostgresEvents store;
  private final GroupCommit<Call> commits;

  EventWriter(PostgresEvents store, int maxBatch, ThreadFactory threads) {
    this.store = store;
    this.commits = new GroupCommit<>("parcours-event-writer", maxBatch, threads, this::write);
  }

  /**
   * Stores {@code events}, applied to their profiles by {@code catalogue}, and returns once they
   * are committed.
   *
   * @return per event, its id and whether it was new; empty when a customer does not exist, and
   *     then nothing of the call is stored
   * @throws EngineUnavailableException when they could not be stored, or their commit was not
   *     confirmed in time: the caller sends them again with the same keys, which stores none twice
   */
  Optional<List<PostgresEvents.Stored>> store(
      List<CustomerEvent> events, EventCatalogue catalogue, Instant receivedAt) {
    Call call = new Call(events, catalogue, receivedAt, new CompletableFuture<>());
    try {
      if (!commits.offer(call, WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new EngineUnavailableException(
            "the event writer is stopped or saturated, so no event was stored; retry", null);
      }
      return call.stored().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineUnavailableException(
          "interrupted while storing the events; retry with the same keys", e);
    } catch (ExecutionException e) {
      throw new EngineUnavailableException(
          "the events could not be stored, so none was; retry with the same keys", e.getCause());
    } catch (TimeoutException e) {
      throw new EngineUnavailableException(
          "the events' commit was not confirmed within "
              + WAIT_SECONDS
              + " s; retry with the same keys (an event already stored is not stored twice)",
          e);
    }
  }

  /** The writer, for monitoring its queue and batches. */
  GroupCommit<?> commits() {
    return commits;
  }

  private void write(List<Call> calls) {
    Call first = calls.get(0);
    LocalDate day = day(first);
    boolean together = calls.size() > 1;
    for (Call call : calls) {
      // Calls made under another version's catalogue, or on another day, apply their events
      // differently: stored on their own (this happens only around an activation or midnight).
      together &= call.catalogue() == first.catalogue() && day(call).equals(day);
    }
    if (!together) {
      calls.forEach(this::writeAlone);
      return;
    }
    List<CustomerEvent> all = new ArrayList<>();
    calls.forEach(call -> all.addAll(call.events()));
    Optional<List<PostgresEvents.Stored>> stored;
    try {
      stored =
          store.record(
              all,
              EventIngestion::json,
              (profile, e) -> first.catalogue().apply(profile, e, day),
              first.receivedAt());
    } catch (RuntimeException e) {
      // stored alone below, where the call it comes from is answered with it
      stored = Optional.empty();
    }
    if (stored.isEmpty()) {
      calls.forEach(this::writeAlone);
      return;
    }
    int from = 0;
    for (Call call : calls) {
      int to = from + call.events().size();
      call.stored().complete(Optional.of(List.copyOf(stored.get().subList(from, to))));
      from = to;
    }
  }

  private void writeAlone(Call call) {
    try {
      call.stored()
          .complete(
              store.record(
                  call.events(),
                  EventIngestion::json,
                  (profile, e) -> apply(call, profile, e),
                  call.receivedAt()));
    } catch (RuntimeException e) {
      call.stored().completeExceptionally(e);
    }
  }

  private static CustomerProfile apply(Call call, CustomerProfile profile, CustomerEvent e) {
    return call.catalogue().apply(profile, e, day(call));
  }

  /** The UTC day a call's events are tallied on. */
  private static LocalDate day(Call call) {
    return LocalDate.ofInstant(call.receivedAt(), ZoneOffset.UTC);
  }

  /** Stops taking calls and waits for the queued ones to be stored. */
  @Override
  public void close() {
    commits.close();
  }
}
