package io.parcours.db;

import io.parcours.domain.Channel;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.Impression;
import io.parcours.domain.Outcome;
import io.parcours.domain.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Responses in PostgreSQL, and the interaction history contact policies read.
 *
 * <p>A response is stored at most once: the channel's {@code Idempotency-Key} and the natural key
 * (decision, action, outcome) are both unique, and a batch is inserted with {@code ON CONFLICT DO
 * NOTHING}, so a replay is recognised instead of counted again.
 *
 * <p>Response ids follow commit order across every node sharing the database: a batch takes a
 * transaction-scoped advisory lock before it draws its ids and keeps it until it commits. So a
 * reader that sees response N sees every response with a lower id, and the learners of every node
 * can follow the responses in one order by reading the ids after the last they learned.
 */
public final class PostgresResponseLog {

  /** A response to store, with the customer and channel of the impression it answers. */
  public record Pending(Response response, String customerId, Channel channel) {}

  /** A stored response. */
  public record Stored(
      long responseId,
      String decisionId,
      String actionId,
      String customerId,
      Channel channel,
      Outcome outcome,
      String idempotencyKey,
      Instant receivedAt) {

    boolean sameAs(Response r) {
      return decisionId.equals(r.decisionId())
          && actionId.equals(r.actionId())
          && outcome == r.outcome();
    }
  }

  /** What became of one pending response. */
  public enum Effect {
    /** Stored now: learn from it. */
    CREATED,
    /**
     * Stored before, with this key or for the same decision, action and outcome: nothing changes.
     */
    DUPLICATE,
    /** The key was used before for a different response: refused. */
    KEY_REUSED
  }

  /** The effect of one pending response and the stored response it corresponds to. */
  public record Result(Effect effect, Stored stored) {}

  private static final String COLUMNS =
      "response_id, decision_id, action_id, customer_id, channel, outcome, idempotency_key, received_at";

  /** The advisory lock key that orders response batches ("parcours" in ASCII). */
  static final long ORDER_LOCK = 0x706172636f757273L;

  private final DataSource dataSource;

  public PostgresResponseLog(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Stores a batch in one transaction and says, in input order, what became of each response. New
   * rows get increasing response ids in input order, above those of every batch committed before.
   */
  public List<Result> record(List<Pending> batch) {
    int n = batch.size();
    UUID[] decisions = new UUID[n];
    String[] actions = new String[n];
    String[] customers = new String[n];
    String[] channels = new String[n];
    String[] outcomes = new String[n];
    String[] keys = new String[n];
    Timestamp[] times = new Timestamp[n];
    for (int i = 0; i < n; i++) {
      Pending p = batch.get(i);
      decisions[i] = UUID.fromString(p.response().decisionId());
      actions[i] = p.response().actionId();
      customers[i] = p.customerId();
      channels[i] = p.channel().code();
      outcomes[i] = p.response().outcome().code();
      keys[i] = p.response().idempotencyKey();
      times[i] = Timestamp.from(p.response().receivedAt());
    }
    String insert =
        "insert into responses (decision_id, action_id, customer_id, channel, outcome,"
            + " idempotency_key, received_at)"
            + " select d, a, c, ch, o, k, r from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::timestamptz[]) with ordinality as t(d, a, c, ch, o, k, r, ord) order by ord"
            + " on conflict do nothing returning "
            + COLUMNS;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
          lock.setLong(1, ORDER_LOCK);
          lock.execute();
        }
        Map<String, Stored> created = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(insert)) {
          s.setArray(1, c.createArrayOf("uuid", decisions));
          s.setArray(2, c.createArrayOf("text", actions));
          s.setArray(3, c.createArrayOf("text", customers));
          s.setArray(4, c.createArrayOf("text", channels));
          s.setArray(5, c.createArrayOf("text", outcomes));
          s.setArray(6, c.createArrayOf("text", keys));
          s.setArray(7, c.createArrayOf("timestamptz", times));
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              Stored stored = read(r);
              created.put(stored.idempotencyKey(), stored);
            }
          }
        }
        List<Result> results = new ArrayList<>(n);
        Set<String> claimed = new HashSet<>();
        for (Pending p : batch) {
          Response response = p.response();
          Stored fresh = created.get(response.idempotencyKey());
          if (fresh != null && claimed.add(response.idempotencyKey()) && fresh.sameAs(response)) {
            results.add(new Result(Effect.CREATED, fresh));
          } else {
            results.add(existing(c, response));
          }
        }
        c.commit();
        return results;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("storing " + n + " responses", e);
    }
  }

  private Result existing(Connection c, Response response) throws SQLException {
    Optional<Stored> byKey =
        queryOne(
            c,
            "select " + COLUMNS + " from responses where idempotency_key = ?",
            response.idempotencyKey());
    if (byKey.isPresent()) {
      return new Result(
          byKey.get().sameAs(response) ? Effect.DUPLICATE : Effect.KEY_REUSED, byKey.get());
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "select "
                + COLUMNS
                + " from responses where decision_id = ? and action_id = ? and outcome = ?")) {
      s.setObject(1, UUID.fromString(response.decisionId()));
      s.setString(2, response.actionId());
      s.setString(3, response.outcome().code());
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          return new Result(Effect.DUPLICATE, read(r));
        }
      }
    }
    throw new SQLException(
        "response " + response.idempotencyKey() + " was neither stored nor found stored");
  }

  private static Optional<Stored> queryOne(Connection c, String sql, String parameter)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(read(r)) : Optional.empty();
      }
    }
  }

  /**
   * A stored response and the features the models saw in its decision (empty when none were
   * recorded).
   */
  public record Learnable(Stored response, List<String> modelFeatures) {}

  /**
   * The responses after {@code responseId}, in id order, at most {@code limit}, each with the
   * features the models saw in its decision: what a learner needs, in one query.
   */
  public List<Learnable> learnableAfter(long responseId, int limit) {
    String sql =
        "select r.response_id, r.decision_id, r.action_id, r.customer_id, r.channel, r.outcome,"
            + " r.idempotency_key, r.received_at, d.model_features from responses r"
            + " left join decisions d on d.decision_id = r.decision_id"
            + " where r.response_id > ? order by r.response_id limit ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, responseId);
      s.setInt(2, limit);
      List<Learnable> stored = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          java.sql.Array features = r.getArray(9);
          stored.add(
              new Learnable(
                  read(r), features == null ? List.of() : List.of((String[]) features.getArray())));
        }
      }
      return stored;
    } catch (SQLException e) {
      throw new PersistenceException("reading responses to learn", e);
    }
  }

  /**
   * The contact histories of {@code customerIds}, each as {@link #contactHistory} reads one, in two
   * queries whatever their number (a simulation reads hundreds at once). A customer never contacted
   * has an empty history.
   */
  public Map<String, ContactHistory> contactHistories(
      List<String> customerIds, Instant since, Instant acceptancesSince) {
    Map<String, List<Impression>> impressions = new HashMap<>();
    Map<String, List<ContactHistory.ResponseEvent>> responses = new HashMap<>();
    try (Connection c = dataSource.getConnection()) {
      java.sql.Array ids = c.createArrayOf("text", customerIds.toArray());
      try (PreparedStatement s =
          c.prepareStatement(
              "select customer_id, action_id, channel, shown_at from impressions"
                  + " where customer_id = any (?) and shown_at >= ? order by shown_at")) {
        s.setArray(1, ids);
        s.setTimestamp(2, Timestamp.from(since));
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            impressions
                .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                .add(
                    new Impression(
                        r.getString(2),
                        Channel.fromCode(r.getString(3)),
                        r.getTimestamp(4).toInstant()));
          }
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "select customer_id, action_id, channel, outcome, received_at from responses"
                  + " where customer_id = any (?) and (received_at >= ?"
                  + " or outcome = 'accepted' and received_at >= ?) order by received_at")) {
        s.setArray(1, ids);
        s.setTimestamp(2, Timestamp.from(since));
        s.setTimestamp(
            3, Timestamp.from(acceptancesSince.isBefore(since) ? acceptancesSince : since));
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            responses
                .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                .add(
                    new ContactHistory.ResponseEvent(
                        r.getString(2),
                        Channel.fromCode(r.getString(3)),
                        Outcome.fromCode(r.getString(4)),
                        r.getTimestamp(5).toInstant()));
          }
        }
      }
    } catch (SQLException e) {
      throw new PersistenceException(
          "reading the contact histories of " + customerIds.size() + " customers", e);
    }
    Map<String, ContactHistory> histories = new HashMap<>();
    for (String id : customerIds) {
      histories.put(
          id,
          new ContactHistory(
              id, impressions.getOrDefault(id, List.of()), responses.getOrDefault(id, List.of())));
    }
    return histories;
  }

  /**
   * The customer's impressions and responses since {@code since}, as contact policies count them,
   * with the acceptances since {@code acceptancesSince} (usually earlier: see {@link
   * ContactHistory#ACCEPTANCE_WINDOW}).
   */
  public ContactHistory contactHistory(String customerId, Instant since, Instant acceptancesSince) {
    return contactHistories(List.of(customerId), since, acceptancesSince).get(customerId);
  }

  private static Stored read(ResultSet r) throws SQLException {
    return new Stored(
        r.getLong(1),
        r.getObject(2, UUID.class).toString(),
        r.getString(3),
        r.getString(4),
        Channel.fromCode(r.getString(5)),
        Outcome.fromCode(r.getString(6)),
        r.getString(7),
        r.getTimestamp(8).toInstant());
  }
}
