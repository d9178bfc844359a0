package io.parcours.engine.response;

import io.parcours.db.DatabaseAvailability;
import io.parcours.db.PostgresDecisionLog;
import io.parcours.db.PostgresDecisionLog.ShownImpression;
import io.parcours.db.PostgresResponseLog;
import io.parcours.db.PostgresResponseLog.Effect;
import io.parcours.db.PostgresResponseLog.Pending;
import io.parcours.db.PostgresResponseLog.Result;
import io.parcours.db.PostgresResponseLog.Stored;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.Response;
import io.parcours.engine.EngineUnavailableException;
import io.parcours.engine.InvalidResponseException;
import io.parcours.engine.cache.InfinispanCaches;
import io.parcours.engine.commit.GroupCommit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.infinispan.Cache;

/**
 * Captures responses: a response is checked against the impression it answers (no learning from
 * forged responses), queued, stored by one writer in batches with {@code ON CONFLICT DO NOTHING},
 * and only then acknowledged; after the commit the same writer has the models learn every response
 * stored since they last learned, this batch's and other nodes' alike, in id order ({@link
 * ModelKeeper#catchUp}), and adds each new response to the customer's cached contact history.
 */
public final class ResponseCapture implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ResponseCapture.class.getName());
  private static final long STORE_TIMEOUT_MS = 5_000;

  private record Queued(Pending pending, CompletableFuture<Result> result) {}

  private final PostgresDecisionLog decisions;
  private final PostgresResponseLog log;
  private final Runnable learn;
  private final Cache<String, ContactHistory> histories;
  private final GroupCommit<Queued> commits;
  private volatile java.util.function.Consumer<List<Stored>> afterStore = stored -> {};

  public ResponseCapture(
      PostgresDecisionLog decisions,
      PostgresResponseLog log,
      Runnable learn,
      Cache<String, ContactHistory> histories,
      int maxBatch,
      ThreadFactory threads) {
    this.decisions = decisions;
    this.log = log;
    this.learn = learn;
    this.histories = histories;
    this.commits = new GroupCommit<>("parcours-response-writer", maxBatch, threads, this::store);
  }

  /**
   * Runs {@code listener} with every batch of new responses after they are stored and learned,
   * before they are acknowledged (the outbound queue cancels the contacts an acceptance makes
   * pointless).
   */
  public void afterStore(java.util.function.Consumer<List<Stored>> listener) {
    this.afterStore = java.util.Objects.requireNonNull(listener, "listener");
  }

  /**
   * Stores a response and returns once it is durable.
   *
   * @throws InvalidResponseException when the decision does not exist, did not show the action, or
   *     the idempotency key was used for another response
   * @throws EngineUnavailableException when the database did not acknowledge it: nothing was stored
   */
  public ResponseReceipt capture(Response response) {
    ShownImpression shown =
        decisions
            .impression(response.decisionId(), response.actionId())
            .orElseThrow(() -> refusal(response));
    CompletableFuture<Result> result = new CompletableFuture<>();
    Result r;
    try {
      if (!commits.offer(
          new Queued(new Pending(response, shown.customerId(), shown.channel()), result),
          1,
          TimeUnit.SECONDS)) {
        throw new EngineUnavailableException(
            "responses are not being accepted right now; retry", null);
      }
      r = result.get(STORE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineUnavailableException("interrupted while storing the response", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new EngineUnavailableException("the response could not be stored; retry", e);
    }
    Stored s = r.stored();
    if (r.effect() == Effect.KEY_REUSED) {
      throw new InvalidResponseException(
          "Idempotency-Key",
          "Idempotency-Key '"
              + response.idempotencyKey()
              + "' was already used for response "
              + s.outcome().code()
              + " to action "
              + s.actionId()
              + " of decision "
              + s.decisionId()
              + "; use a new key for a different response");
    }
    return new ResponseReceipt(
        s.responseId(),
        r.effect() == Effect.CREATED,
        s.decisionId(),
        s.actionId(),
        s.outcome(),
        s.receivedAt());
  }

  private InvalidResponseException refusal(Response response) {
    if (!decisions.exists(response.decisionId())) {
      return new InvalidResponseException(
          "decisionId", "no decision with id '" + response.decisionId() + "'");
    }
    return new InvalidResponseException(
        "actionId",
        "decision " + response.decisionId() + " did not show action '" + response.actionId() + "'");
  }

  private void store(List<Queued> batch) {
    List<Pending> pending = new ArrayList<>(batch.size());
    for (Queued q : batch) {
      pending.add(q.pending());
    }
    List<Result> results;
    try {
      results = log.record(pending);
    } catch (RuntimeException e) {
      LOG.log(
          DatabaseAvailability.isUnreachable(e) ? Level.FINE : Level.WARNING,
          "a batch of " + batch.size() + " responses was not stored",
          e);
      for (Queued q : batch) {
        q.result().completeExceptionally(e);
      }
      return;
    }
    List<Stored> created = new ArrayList<>(batch.size());
    for (Result r : results) {
      if (r.effect() == Effect.CREATED) {
        created.add(r.stored());
      }
    }
    learn(created);
    if (!created.isEmpty()) {
      try {
        afterStore.accept(created);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "after storing " + created.size() + " responses", e);
      }
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
  }

  /**
   * Has the models learn every stored response they have not learned yet, this batch's included,
   * and publish, so the next decision scores with them; and adds the new responses to the cached
   * contact histories.
   */
  private void learn(List<Stored> created) {
    if (created.isEmpty()) {
      return;
    }
    try {
      learn.run();
    } catch (RuntimeException e) {
      // The responses are stored: the next catch-up (scheduled every 250 ms) or a restart learns
      // them.
      LOG.log(
          DatabaseAvailability.isUnreachable(e) ? Level.FINE : Level.WARNING,
          created.size() + " stored responses could not be learned now",
          e);
    }
    for (Stored s : created) {
      remember(s);
    }
  }

  private void remember(Stored s) {
    Instant at = s.receivedAt();
    InfinispanCaches.updateIfCached(
        histories,
        s.customerId(),
        h ->
            h.withResponse(
                new ContactHistory.ResponseEvent(s.actionId(), s.channel(), s.outcome(), at), at));
  }

  /** Stops accepting responses and waits for the queued ones to be stored and learned. */
  /** The writer of the responses: its queue and its batches, for monitoring. */
  public GroupCommit<?> writer() {
    return commits;
  }

  @Override
  public void close() {
    commits.close();
  }
}
