package io.parcours.db;

import io.parcours.domain.ErasureRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The right to erasure in PostgreSQL: a customer's profile (its custom attributes with it), event
 * tallies, identities, current stages and seal keys are deleted; every history row they leave
 * (decisions, impressions, responses, audit records, events, consent changes, stage changes,
 * outbound contacts, merges) is kept under a pseudonym that names nobody, with what could still
 * identify them (event attributes, idempotency keys chosen by the sender, merge causes) removed or
 * replaced by a digest. All in one transaction, recorded in {@code erasures}.
 *
 * <p>The audit records' text is not touched (the hash chain covers it): their personal part was
 * sealed with the customer's keys when they were written, and deleting the keys leaves it
 * unreadable.
 */
public final class PostgresErasure {

  /** The audit records of a customer written before their inputs were sealed (format below 4). */
  public static final class UnsealedRecordsException extends RuntimeException {
    private final long records;

    public UnsealedRecordsException(long records) {
      super(
          records
              + " audit record(s) of the customer were written before personal inputs were sealed");
      this.records = records;
    }

    public long records() {
      return records;
    }
  }

  private final DataSource dataSource;

  public PostgresErasure(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Erases {@code customerId}.
   *
   * @return the erasure, or empty when there is no such profile
   * @throws UnsealedRecordsException when some of the customer's audit records hold their inputs in
   *     clear (written before sealing existed): erasing them would break the audit chain, so
   *     nothing is erased
   */
  public Optional<ErasureRecord> erase(
      String customerId, String requestedBy, String reason, Instant at) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement s =
            c.prepareStatement("select 1 from customers where customer_id = ? for update")) {
          s.setString(1, customerId);
          try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
              c.rollback();
              return Optional.empty();
            }
          }
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "select count(*) from audit_records where customer_id = ?"
                    + " and coalesce((record->>'format')::int, 0) < 4")) {
          s.setString(1, customerId);
          try (ResultSet r = s.executeQuery()) {
            r.next();
            if (r.getLong(1) > 0) {
              throw new UnsealedRecordsException(r.getLong(1));
            }
          }
        }
        String pseudonym = "erased:" + UUID.randomUUID();
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(
            "customer_keys",
            update(c, "delete from customer_keys where customer_id = ?", customerId));
        counts.put(
            "customer_identities",
            update(c, "delete from customer_identities where customer_id = ?", customerId));
        counts.put(
            "customer_stages",
            update(c, "delete from customer_stages where customer_id = ?", customerId));
        counts.put(
            "outbound_contacts cancelled",
            update(
                c,
                "update outbound_contacts set status = 'cancelled', closed_at = ?, reason = 'the customer was erased'"
                    + " where customer_id = ? and status = 'queued'",
                Timestamp.from(at),
                customerId));
        for (String table : PostgresIdentities.HISTORY_TABLES) {
          String set =
              switch (table) {
                case "events" ->
                    "customer_id = ?, attributes = '{}',"
                        + " idempotency_key = 'erased:' || encode(sha256(convert_to(idempotency_key, 'UTF8')), 'hex')";
                case "responses" ->
                    "customer_id = ?,"
                        + " idempotency_key = 'erased:' || encode(sha256(convert_to(idempotency_key, 'UTF8')), 'hex')";
                default -> "customer_id = ?";
              };
          counts.put(
              table,
              update(
                  c,
                  "update " + table + " set " + set + " where customer_id = ?",
                  pseudonym,
                  customerId));
        }
        counts.put(
            "profile_merges",
            update(
                c,
                "update profile_merges set absorbed_id = ? || '/' || merge_id, surviving_id = ?, cause = 'erased',"
                    + " details = '{}' where surviving_id = ?",
                pseudonym,
                pseudonym,
                customerId));
        counts.put(
            "customer_activity",
            update(c, "delete from customer_activity where customer_id = ?", customerId));
        counts.put(
            "customers", update(c, "delete from customers where customer_id = ?", customerId));
        StringBuilder json = new StringBuilder("{");
        counts.forEach(
            (table, n) -> json.append('"').append(table).append("\":").append(n).append(','));
        json.setCharAt(json.length() - 1, '}');
        long id;
        try (PreparedStatement s =
            c.prepareStatement(
                "insert into erasures (pseudonym, requested_by, erased_at, reason, counts) values (?, ?, ?, ?, ?::jsonb)"
                    + " returning erasure_id")) {
          s.setString(1, pseudonym);
          s.setString(2, requestedBy);
          s.setTimestamp(3, Timestamp.from(at));
          s.setString(4, reason);
          s.setString(5, json.toString());
          try (ResultSet r = s.executeQuery()) {
            r.next();
            id = r.getLong(1);
          }
        }
        c.commit();
        return Optional.of(new ErasureRecord(id, pseudonym, at, counts));
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("erasing customer " + customerId, e);
    }
  }

  private static int update(Connection c, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      return s.executeUpdate();
    }
  }
}
