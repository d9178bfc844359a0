package io.parcours.engine.decision;

import io.parcours.db.DatabaseAvailability;
import io.parcours.db.PostgresDecisionLog;
import io.parcours.db.PostgresDecisionLog.ChainHead;
import io.parcours.db.PostgresDecisionLog.Entry;
import io.parcours.db.PostgresSealKeys;
import io.parcours.db.PostgresSealKeys.SealKey;
import io.parcours.domain.AuditRecord;
import io.parcours.domain.Decision;
import io.parcours.domain.StageChange;
import io.parcours.engine.commit.GroupCommit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The durable, tamper-evident record of every decision, written by group commit.
 *
 * <p>Decisions made concurrently are queued; one writer thread takes whatever is queued (up to a
 * batch) and stores the decisions, their impressions and their audit records in one transaction,
 * then releases every waiting decision at once. A decision is answered only after its batch
 * committed: no answer without a durable audit record, at the cost of one commit per batch rather
 * than per decision.
 *
 * <p>Records form a hash chain: hash(n) = SHA-256(hash(n−1) ‖ json(n)), the first record chaining
 * to 64 zeros. Changing, inserting or deleting a stored record breaks every later hash, which
 * {@link AuditVerifier} detects. Every node sharing the database extends the one chain: a batch is
 * chained to the head this writer knows; if another node took that sequence number first, the
 * primary key refuses the batch whole, and the writer chains the batch again at the head, under the
 * chain's advisory lock. Nodes of a cluster write every batch that way, so that none starves
 * another. Sequence numbers being unique, the chain cannot fork, and a node alone pays nothing for
 * it.
 */
public final class AuditTrail implements AutoCloseable {

  /**
   * How many times in a row a batch is chained again to a head another node moved, before it fails.
   */
  private static final int CHAIN_ATTEMPTS = 20;

  /** The hash the first record chains to. */
  public static final String GENESIS = "0".repeat(64);

  private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

  private record Pending(
      Decision decision,
      AuditDocument document,
      String personal,
      List<StageChange> stageChanges,
      List<String> modelFeatures,
      String policy,
      PostgresDecisionLog.Replay replay,
      CompletableFuture<Void> stored) {}

  private final boolean shared;
  private final PostgresDecisionLog log;
  private final PostgresSealKeys keys;
  private final AuditSeal seal = new AuditSeal();
  private final Clock clock;
  private final GroupCommit<Pending> commits;

  /**
   * The head of the chain as this writer last wrote or read it; the writer thread's alone after
   * start.
   */
  private long lastSeq;

  private String lastHash;

  public AuditTrail(
      PostgresDecisionLog log,
      PostgresSealKeys keys,
      Clock clock,
      int maxBatch,
      ThreadFactory threads) {
    this(log, keys, clock, maxBatch, threads, false);
  }

  /**
   * @param shared whether other nodes write to the same chain (the caches are distributed): then
   *     every batch is written at the head of the chain under its advisory lock, so that no node
   *     can starve another; a node alone writes optimistically and pays nothing for the chain
   */
  public AuditTrail(
      PostgresDecisionLog log,
      PostgresSealKeys keys,
      Clock clock,
      int maxBatch,
      ThreadFactory threads,
      boolean shared) {
    this.shared = shared;
    this.log = log;
    this.keys = keys;
    this.clock = clock;
    readHead();
    this.commits = new GroupCommit<>("parcours-audit-writer", maxBatch, threads, this::write);
  }

  /**
   * Queues a decision, its audit document and the document's personal part (as JSON, to be sealed
   * with the customer's key), the journey-stage changes it found, the features the adaptive models
   * saw, the policy that ranked it and what off-policy evaluation needs to replay it (null when it
   * cannot); all are stored in the same transaction. The future completes when they are durably
   * stored, or exceptionally when the batch failed (nothing of it is stored then).
   */
  public CompletableFuture<Void> append(
      Decision decision,
      AuditDocument document,
      String personal,
      List<StageChange> stageChanges,
      List<String> modelFeatures,
      String policy,
      PostgresDecisionLog.Replay replay) {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    try {
      if (!commits.offer(
          new Pending(
              decision, document, personal, stageChanges, modelFeatures, policy, replay, stored),
          1,
          TimeUnit.SECONDS)) {
        stored.completeExceptionally(
            new IllegalStateException("the audit trail is closed or saturated"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stored.completeExceptionally(e);
    }
    return stored;
  }

  private void write(List<Pending> batch) {
    Set<String> customers = new HashSet<>();
    batch.forEach(p -> customers.add(p.decision().request().customerId()));
    try {
      for (int attempt = 1; ; attempt++) {
        // Other nodes write too, or one took this batch's place: chain at the head, under the lock.
        boolean atHead = shared || attempt > 1;
        try {
          // The keys are read (and the missing ones made) on the connection that stores the
          // batch, just before it; the records are sealed with them there, again at each attempt.
          List<Entry> entries =
              log.write(
                  keys,
                  customers,
                  clock.instant(),
                  atHead,
                  (sealKeys, head) ->
                      chain(
                          batch,
                          records(batch, sealKeys),
                          atHead ? head.map(ChainHead::seq).orElse(0L) : lastSeq,
                          atHead ? head.map(ChainHead::hash).orElse(GENESIS) : lastHash));
          AuditRecord last = entries.get(entries.size() - 1).audit();
          lastSeq = last.seq();
          lastHash = last.hash();
          break;
        } catch (PostgresDecisionLog.ChainMoved moved) {
          // A writer that does not take the lock extended the chain: chain the batch again at the
          // head.
          if (attempt == CHAIN_ATTEMPTS) {
            throw new IllegalStateException(
                "the audit chain moved on "
                    + CHAIN_ATTEMPTS
                    + " times in a row while this batch was chained",
                moved);
          }
        }
      }
      for (Pending p : batch) {
        p.stored().complete(null);
      }
    } catch (RuntimeException e) {
      fail(batch, e);
    }
  }

  /** Each decision's audit document, its personal part sealed with its customer's key, as JSON. */
  private List<String> records(List<Pending> batch, Map<String, SealKey> sealKeys) {
    List<String> records = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      Decision d = p.decision();
      SealKey key = sealKeys.get(d.request().customerId());
      records.add(
          AuditJson.document(
              p.document()
                  .sealedAs(
                      key.subjectId().toString(),
                      seal.seal(key.key(), p.personal(), d.decisionId()))));
    }
    return records;
  }

  /** Takes the head of the chain from the database. */
  private void readHead() {
    Optional<ChainHead> head = log.chainHead();
    lastSeq = head.map(ChainHead::seq).orElse(0L);
    lastHash = head.map(ChainHead::hash).orElse(GENESIS);
  }

  /**
   * The batch's entries, their audit records chained after the record {@code seq} of hash {@code
   * hash}.
   */
  private List<Entry> chain(List<Pending> batch, List<String> records, long seq, String hash) {
    List<Entry> entries = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      Decision d = p.decision();
      String previous = hash;
      hash = hash(previous, records.get(i));
      seq++;
      entries.add(
          new Entry(
              d,
              new AuditRecord(
                  seq,
                  d.decisionId(),
                  d.request().customerId(),
                  clock.instant(),
                  records.get(i),
                  previous,
                  hash),
              p.stageChanges(),
              p.modelFeatures(),
              p.policy(),
              p.replay()));
    }
    return entries;
  }

  private static void fail(List<Pending> batch, RuntimeException e) {
    LOG.log(
        DatabaseAvailability.isUnreachable(e) ? Level.FINE : Level.WARNING,
        "a batch of " + batch.size() + " decisions was not stored",
        e);
    for (Pending p : batch) {
      p.stored().completeExceptionally(e);
    }
  }

  /** SHA-256 over the previous hash and the record's text, as lower-case hex. */
  public static String hash(String previousHash, String json) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(previousHash.getBytes(StandardCharsets.US_ASCII));
      sha.update(json.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Stops taking decisions and waits for the queued ones to be written. */
  /** The writer of the audit records: its queue and its batches, for monitoring. */
  public GroupCommit<?> writer() {
    return commits;
  }

  @Override
  public void close() {
    commits.close();
  }
}
