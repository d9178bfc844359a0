package io.parcours.db;

import io.parcours.domain.AuditRecord;
import io.parcours.domain.Channel;
import io.parcours.domain.Decision;
import io.parcours.domain.Proposal;
import io.parcours.domain.StageChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;

/**
 * Decisions, their impressions and their audit records, written together: a decision is stored with
 * its audit record or not at all.
 */
public final class PostgresDecisionLog {

  /**
   * A decision ready to be stored, with its audit record already chained.
   *
   * @param replay what off-policy evaluation needs to replay the decision, or null when its first
   *     place was not decided among optional actions
   */
  public record Entry(
      Decision decision,
      AuditRecord audit,
      List<StageChange> stageChanges,
      List<String> modelFeatures,
      String policy,
      Replay replay) {

    public Entry {
      stageChanges = List.copyOf(stageChanges);
      modelFeatures = List.copyOf(modelFeatures);
      policy = policy == null ? "models" : policy;
    }

    /** An entry that off-policy evaluation cannot replay. */
    public Entry(
        Decision decision,
        AuditRecord audit,
        List<StageChange> stageChanges,
        List<String> modelFeatures,
        String policy) {
      this(decision, audit, stageChanges, modelFeatures, policy, null);
    }

    /** An entry that records no model features, ranked by the models. */
    public Entry(Decision decision, AuditRecord audit, List<StageChange> stageChanges) {
      this(decision, audit, stageChanges, List.of(), "models");
    }

    /** An entry that moves no customer between journey stages. */
    public Entry(Decision decision, AuditRecord audit) {
      this(decision, audit, List.of());
    }
  }

  /**
   * What another policy needs to rank a decision again: the optional actions arbitration ranked,
   * with what their priorities were made of, and the probability that the logging policy would have
   * put the action it showed first first.
   *
   * @param firstPlaceProbability in (0, 1], or null when nothing was shown
   */
  public record Replay(List<Candidate> candidates, Double firstPlaceProbability) {

    public Replay {
      candidates = List.copyOf(candidates);
      if (firstPlaceProbability != null
          && !(firstPlaceProbability > 0 && firstPlaceProbability <= 1)) {
        throw new IllegalArgumentException(
            "a first-place probability is in (0, 1], not " + firstPlaceProbability);
      }
    }
  }

  /**
   * An optional action a decision ranked.
   *
   * @param propensity the logging model's mean propensity
   */
  public record Candidate(
      String actionId, double contextWeight, double value, double lever, double propensity) {}

  /** An impression as a response checks it: whose, on which channel, when. */
  public record ShownImpression(String customerId, Channel channel, Instant shownAt) {}

  /** The last record of the audit chain: its sequence number and hash. */
  public record ChainHead(long seq, String hash) {}

  /**
   * The advisory lock of writers extending the chain at its head ({@link #write(PostgresSealKeys,
   * Collection, Instant, boolean, Chain)}).
   */
  static final long CHAIN_LOCK = 0x706172636f757275L;

  private static final String HEAD =
      "select seq, hash from audit_records order by seq desc limit 1";

  private final DataSource dataSource;

  public PostgresDecisionLog(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Stores the entries in one transaction: a few batched statements, whatever the number of
   * entries, including the journey-stage changes the decisions found.
   *
   * @throws ChainMoved when another writer took the sequence number of one of the audit records
   *     first (then nothing is stored)
   */
  public void write(List<Entry> entries) {
    inTransaction(
        "storing " + entries.size() + " decisions",
        c -> {
          insert(c, entries);
          return entries;
        });
  }

  /** Makes a batch's entries from what the transaction that stores them read first. */
  @FunctionalInterface
  public interface Chain {
    /**
     * The entries to store.
     *
     * @param keys the seal key of each customer of the batch ({@link PostgresSealKeys#keysFor})
     * @param head the head of the audit chain, read under the chain's lock, when the batch is
     *     written at the head; empty otherwise, or when the chain has no record yet
     */
    List<Entry> entries(Map<String, PostgresSealKeys.SealKey> keys, Optional<ChainHead> head);
  }

  /**
   * Stores the entries {@code chain} makes from the seal keys of {@code customers}, read (and the
   * missing ones made) on the same connection just before. With {@code atHead}, in one transaction
   * that takes the chain's advisory lock and then reads its head: writers that all write this way
   * extend the chain one at a time, each from the true head, so none of them can be refused. For
   * nodes sharing the database, where optimistic writes could keep losing to a writer that never
   * has to read the head (ADR 0017, ADR 0019).
   *
   * <p>Otherwise, a batch that moves no customer between journey stages is one statement, which
   * PostgreSQL commits on its own: two round trips in all, the keys' and the batch's, where a
   * transaction would add its commit's. The statement returns once committed, with fsync, as a
   * transaction's commit does.
   *
   * @return the entries stored
   * @throws ChainMoved when another writer took the sequence number of one of the audit records
   *     first (then nothing of the batch is stored; keys made for it are kept, unused)
   */
  public List<Entry> write(
      PostgresSealKeys keys,
      Collection<String> customers,
      Instant at,
      boolean atHead,
      Chain chain) {
    if (atHead) {
      return inTransaction(
          "storing a batch of decisions at the head of the audit chain",
          c -> {
            Optional<ChainHead> head = lockedHead(c);
            List<Entry> entries = chain.entries(keys.keysFor(c, customers, at), head);
            insert(c, entries);
            return entries;
          });
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      List<Entry> entries = chain.entries(keys.keysFor(c, customers, at), Optional.empty());
      if (entries.stream().allMatch(e -> e.stageChanges().isEmpty())) {
        insertBatch(c, entries);
        return entries;
      }
      c.setAutoCommit(false);
      try {
        insert(c, entries);
        c.commit();
        return entries;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      if (seqTaken(e)) {
        throw new ChainMoved();
      }
      throw new PersistenceException("storing a batch of decisions", e);
    }
  }

  /** Takes the chain's advisory lock, then reads its head. */
  private static Optional<ChainHead> lockedHead(Connection c) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
      lock.setLong(1, CHAIN_LOCK);
      lock.execute();
    }
    try (PreparedStatement s = c.prepareStatement(HEAD);
        ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(new ChainHead(r.getLong(1), r.getString(2))) : Optional.empty();
    }
  }

  /** Work on one connection, in one transaction. */
  private interface Work {
    List<Entry> run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction; a sequence number another writer took first is {@link
   * ChainMoved}.
   */
  private List<Entry> inTransaction(String what, Work work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<Entry> entries = work.run(c);
        c.commit();
        return entries;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        if (e instanceof SQLException sql && seqTaken(sql)) {
          throw new ChainMoved();
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException(what, e);
    }
  }

  /**
   * A batch whose first audit record takes a sequence number another writer (another node sharing
   * the database) took first: nothing of the batch was stored; chain it to the new head and write
   * it again.
   */
  public static final class ChainMoved extends RuntimeException {
    ChainMoved() {
      super("the audit chain was extended by another writer", null, false, false);
    }
  }

  /** The last record of the audit chain, if any. */
  public Optional<ChainHead> chainHead() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(HEAD);
        ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(new ChainHead(r.getLong(1), r.getString(2))) : Optional.empty();
    } catch (SQLException e) {
      throw new PersistenceException("reading the head of the audit chain", e);
    }
  }

  /**
   * Whether {@code e}, or one it chains, is the audit chain's primary key refusing a sequence
   * number.
   */
  private static boolean seqTaken(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (SQLException s = t instanceof SQLException q ? q : null;
          s != null;
          s = s.getNextException()) {
        if (s instanceof PSQLException p
            && "23505".equals(p.getSQLState())
            && p.getServerErrorMessage() != null
            && "audit_records_pkey".equals(p.getServerErrorMessage().getConstraint())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The decisions, their impressions and their audit records of a batch in one statement, whatever
   * the batch's size: each column is one array parameter (sent in binary), unnested into its table.
   * A decision's own arrays (its model features, its candidates) are array literals within a text
   * array, since PostgreSQL's arrays cannot be ragged. One statement rather than one per table: one
   * round trip, one plan kept on the connection for every batch size. The foreign keys of the
   * impressions and of the audit records are checked at the end of the statement, when the
   * decisions are in.
   */
  static final String INSERT =
      "with d as (insert into decisions (decision_id, customer_id, channel, direction, decided_at,"
          + " rule_set_version, do_nothing, model_features, policy, candidate_actions,"
          + " candidate_context_weights, candidate_values, candidate_levers, candidate_propensities,"
          + " first_place_probability)"
          + " select u.id::uuid, u.customer, u.channel, u.direction, u.at::timestamptz, u.version,"
          + " u.nothing, u.features::text[], u.policy, u.actions::text[], u.weights::float8[],"
          + " u.vals::float8[], u.levers::float8[], u.propensities::float8[], u.first"
          + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[], ?::float8[]) as u(id, customer, channel, direction, at, version, nothing,"
          + " features, policy, actions, weights, vals, levers, propensities, first)),"
          + " i as (insert into impressions (decision_id, action_id, customer_id, channel, rank,"
          + " propensity, sampled, priority, model_id, model_version, shown_at)"
          + " select u.id::uuid, u.action, u.customer, u.channel, u.rank, u.propensity, u.sampled,"
          + " u.priority, u.model, u.version, u.at::timestamptz"
          + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::float8[],"
          + " ?::float8[], ?::float8[], ?::text[], ?::int8[], ?::text[]) as u(id, action, customer,"
          + " channel, rank, propensity, sampled, priority, model, version, at))"
          + " insert into audit_records (seq, decision_id, customer_id, recorded_at, record,"
          + " previous_hash, hash)"
          + " select u.seq, u.id::uuid, u.customer, u.at::timestamptz, u.record::json, u.previous,"
          + " u.hash from unnest(?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[]) as u(seq, id, customer, at, record, previous, hash)";

  /** The batch and the journey-stage changes it found. */
  private static void insert(Connection c, List<Entry> entries) throws SQLException {
    insertBatch(c, entries);
    List<StageChange> changes = new ArrayList<>();
    for (Entry e : entries) {
      changes.addAll(e.stageChanges());
    }
    PostgresJourneys.write(c, changes);
  }

  /** The batch's decisions, impressions and audit records: {@link #INSERT}. */
  private static void insertBatch(Connection c, List<Entry> entries) throws SQLException {
    int n = entries.size();
    int shown = 0;
    for (Entry e : entries) {
      shown += e.decision().proposals().size();
    }
    String[] ids = new String[n];
    String[] customers = new String[n];
    String[] channels = new String[n];
    String[] directions = new String[n];
    String[] decidedAt = new String[n];
    String[] versions = new String[n];
    boolean[] nothing = new boolean[n];
    String[] features = new String[n];
    String[] policies = new String[n];
    String[] actions = new String[n];
    String[] weights = new String[n];
    String[] values = new String[n];
    String[] levers = new String[n];
    String[] propensities = new String[n];
    Double[] first = new Double[n];
    String[] shownIds = new String[shown];
    String[] shownActions = new String[shown];
    String[] shownCustomers = new String[shown];
    String[] shownChannels = new String[shown];
    int[] ranks = new int[shown];
    double[] shownPropensities = new double[shown];
    double[] sampled = new double[shown];
    double[] priorities = new double[shown];
    String[] models = new String[shown];
    long[] modelVersions = new long[shown];
    String[] shownAt = new String[shown];
    long[] seqs = new long[n];
    String[] auditCustomers = new String[n];
    String[] recordedAt = new String[n];
    String[] records = new String[n];
    String[] previous = new String[n];
    String[] hashes = new String[n];
    int k = 0;
    for (int j = 0; j < n; j++) {
      Entry e = entries.get(j);
      Decision d = e.decision();
      String id = d.decisionId();
      String at = d.decidedAt().toString();
      ids[j] = id;
      customers[j] = d.request().customerId();
      channels[j] = d.request().channel().code();
      directions[j] = d.request().direction().code();
      decidedAt[j] = at;
      versions[j] = d.ruleSetVersion();
      nothing[j] = d.isDoNothing();
      features[j] = ArrayLiteral.ofText(e.modelFeatures());
      policies[j] = e.policy();
      Replay replay = e.replay();
      if (replay != null) {
        List<Candidate> all = replay.candidates();
        actions[j] = ArrayLiteral.ofText(all.stream().map(Candidate::actionId).toList());
        weights[j] = ArrayLiteral.ofNumbers(all.stream().mapToDouble(Candidate::contextWeight));
        values[j] = ArrayLiteral.ofNumbers(all.stream().mapToDouble(Candidate::value));
        levers[j] = ArrayLiteral.ofNumbers(all.stream().mapToDouble(Candidate::lever));
        propensities[j] = ArrayLiteral.ofNumbers(all.stream().mapToDouble(Candidate::propensity));
        first[j] = replay.firstPlaceProbability();
      }
      for (Proposal p : d.proposals()) {
        shownIds[k] = id;
        shownActions[k] = p.action().id();
        shownCustomers[k] = customers[j];
        shownChannels[k] = channels[j];
        ranks[k] = p.rank();
        shownPropensities[k] = p.propensity();
        sampled[k] = p.sampledPropensity();
        priorities[k] = p.priority();
        models[k] = p.modelId();
        modelVersions[k] = p.modelVersion();
        shownAt[k] = at;
        k++;
      }
      AuditRecord a = e.audit();
      seqs[j] = a.seq();
      auditCustomers[j] = a.customerId();
      recordedAt[j] = a.recordedAt().toString();
      records[j] = a.json();
      previous[j] = a.previousHash();
      hashes[j] = a.hash();
    }
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      Object[] parameters = {
        ids,
        customers,
        channels,
        directions,
        decidedAt,
        versions,
        nothing,
        features,
        policies,
        actions,
        weights,
        values,
        levers,
        propensities,
        first,
        shownIds,
        shownActions,
        shownCustomers,
        shownChannels,
        ranks,
        shownPropensities,
        sampled,
        priorities,
        models,
        modelVersions,
        shownAt,
        seqs,
        ids,
        auditCustomers,
        recordedAt,
        records,
        previous,
        hashes
      };
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      s.executeUpdate();
    }
  }

  /** The audit record of {@code decisionId}, if that decision exists. */
  public Optional<AuditRecord> audit(String decisionId) {
    return queryAudit(
        "select " + AUDIT_COLUMNS + " from audit_records where decision_id = ?",
        UUID.fromString(decisionId));
  }

  /** Audit records from {@code fromSeq} on, in chain order, at most {@code limit}. */
  public List<AuditRecord> auditChain(long fromSeq, int limit) {
    String sql =
        "select " + AUDIT_COLUMNS + " from audit_records where seq >= ? order by seq limit ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, fromSeq);
      s.setInt(2, limit);
      try (ResultSet r = s.executeQuery()) {
        List<AuditRecord> records = new java.util.ArrayList<>();
        while (r.next()) {
          records.add(readAudit(r));
        }
        return records;
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading the audit chain", e);
    }
  }

  /** The first audit record written before personal inputs were sealed (format below 4), if any. */
  public Optional<Long> firstUnsealedAudit() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select min(seq) from audit_records where coalesce((record->>'format')::int, 0) < 4");
        ResultSet r = s.executeQuery()) {
      r.next();
      long seq = r.getLong(1);
      return r.wasNull() ? Optional.empty() : Optional.of(seq);
    } catch (SQLException e) {
      throw new PersistenceException("looking for unsealed audit records", e);
    }
  }

  /**
   * Rewrites the audit chain from {@code fromSeq} to its end in one transaction: each record's text
   * becomes {@code rewrite} of it, and every hash from there is computed anew with {@code hash}
   * (previous hash, text), chaining to the unchanged record before {@code fromSeq}. Recorded in
   * {@code audit_reseals}.
   *
   * @return how many records {@code rewrite} changed
   */
  public int reseal(
      long fromSeq,
      java.util.function.UnaryOperator<AuditRecord> rewrite,
      java.util.function.BinaryOperator<String> hash,
      Instant at) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement lock = c.createStatement()) {
          lock.execute("lock table audit_records in exclusive mode");
        }
        String previous;
        try (PreparedStatement s =
            c.prepareStatement("select hash from audit_records where seq = ?")) {
          s.setLong(1, fromSeq - 1);
          try (ResultSet r = s.executeQuery()) {
            previous = r.next() ? r.getString(1) : "0".repeat(64);
          }
        }
        String oldHead = null;
        long seq = fromSeq;
        long last = fromSeq - 1;
        int changed = 0;
        try (PreparedStatement read =
                c.prepareStatement(
                    "select "
                        + AUDIT_COLUMNS
                        + " from audit_records where seq >= ? order by seq limit 1000");
            PreparedStatement write =
                c.prepareStatement(
                    "update audit_records set record = ?::json, previous_hash = ?, hash = ? where seq = ?")) {
          while (true) {
            read.setLong(1, seq);
            List<AuditRecord> page = new java.util.ArrayList<>();
            try (ResultSet r = read.executeQuery()) {
              while (r.next()) {
                page.add(readAudit(r));
              }
            }
            if (page.isEmpty()) {
              break;
            }
            for (AuditRecord a : page) {
              AuditRecord now = rewrite.apply(a);
              if (!now.json().equals(a.json())) {
                changed++;
              }
              String h = hash.apply(previous, now.json());
              write.setString(1, now.json());
              write.setString(2, previous);
              write.setString(3, h);
              write.setLong(4, a.seq());
              write.addBatch();
              previous = h;
              oldHead = a.hash();
              last = a.seq();
            }
            write.executeBatch();
            seq = last + 1;
          }
        }
        if (oldHead != null) {
          try (PreparedStatement s =
              c.prepareStatement(
                  "insert into audit_reseals (resealed_at, from_seq, to_seq, records_sealed, previous_head_hash,"
                      + " new_head_hash) values (?, ?, ?, ?, ?, ?)")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setLong(2, fromSeq);
            s.setLong(3, last);
            s.setInt(4, changed);
            s.setString(5, oldHead);
            s.setString(6, previous);
            s.executeUpdate();
          }
        }
        c.commit();
        return changed;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("re-sealing the audit chain from record " + fromSeq, e);
    }
  }

  /**
   * The impression of {@code actionId} in decision {@code decisionId}, if the decision showed it.
   */
  public Optional<ShownImpression> impression(String decisionId, String actionId) {
    String sql =
        "select customer_id, channel, shown_at from impressions where decision_id = ? and action_id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, UUID.fromString(decisionId));
      s.setString(2, actionId);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(
                new ShownImpression(
                    r.getString(1),
                    Channel.fromCode(r.getString(2)),
                    r.getTimestamp(3).toInstant()))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading an impression", e);
    }
  }

  /** Whether decision {@code decisionId} exists. */
  public boolean exists(String decisionId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select 1 from decisions where decision_id = ?")) {
      s.setObject(1, UUID.fromString(decisionId));
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading a decision", e);
    }
  }

  private static final String AUDIT_COLUMNS =
      "seq, decision_id, customer_id, recorded_at, record, previous_hash, hash";

  private Optional<AuditRecord> queryAudit(String sql, UUID parameter) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (parameter != null) {
        s.setObject(1, parameter);
      }
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(readAudit(r)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading an audit record", e);
    }
  }

  private static AuditRecord readAudit(ResultSet r) throws SQLException {
    return new AuditRecord(
        r.getLong(1),
        r.getObject(2, UUID.class).toString(),
        r.getString(3),
        r.getTimestamp(4).toInstant(),
        r.getString(5),
        r.getString(6),
        r.getString(7));
  }

  /**
   * The features the models saw at each of {@code decisionIds}, by decision id; a decision stored
   * before features were recorded maps to an empty list, an unknown id is absent.
   */
  public Map<String, List<String>> modelFeatures(Collection<String> decisionIds) {
    Map<String, List<String>> features = new HashMap<>();
    if (decisionIds.isEmpty()) {
      return features;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select decision_id, model_features from decisions where decision_id = any (?::uuid[])")) {
      s.setArray(1, c.createArrayOf("uuid", decisionIds.stream().map(UUID::fromString).toArray()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String[] names = (String[]) r.getArray(2).getArray();
          features.put(r.getObject(1, UUID.class).toString(), List.of(names));
        }
      }
      return features;
    } catch (SQLException e) {
      throw new PersistenceException(
          "reading the model features of " + decisionIds.size() + " decisions", e);
    }
  }
}
