package io.parcours.db;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The keys that seal the personal part of audit records, one per subject (a customer has one, plus
 * those of the profiles merged into theirs). Erasure deletes a customer's keys; nothing else ever
 * does.
 */
public final class PostgresSealKeys {

  /** The length of a key in bytes: AES-256. */
  public static final int KEY_BYTES = 32;

  /**
   * A subject's key.
   *
   * @param stored false for a key made for a customer who no longer has a profile (erased or merged
   *     away while their decision was being recorded): it is used once and never stored, so what it
   *     seals is unreadable from the start
   */
  public record SealKey(UUID subjectId, byte[] key, boolean stored) {}

  private final DataSource dataSource;
  private final SecureRandom random = new SecureRandom();

  public PostgresSealKeys(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The key each customer's new records are sealed with: their first key, made and stored now for a
   * customer who has none yet.
   */
  public Map<String, SealKey> keysFor(Collection<String> customerIds, Instant at) {
    try (Connection c = dataSource.getConnection()) {
      return keysFor(c, customerIds, at);
    } catch (SQLException e) {
      throw new PersistenceException(
          "reading the seal keys of " + customerIds.size() + " customer(s)", e);
    }
  }

  /**
   * {@link #keysFor(Collection, Instant)} on {@code c}, in its transaction: the audit trail reads
   * and makes its keys in the transaction that stores the records they seal, so that a key made for
   * a batch is stored if and only if the batch is.
   */
  Map<String, SealKey> keysFor(Connection c, Collection<String> customerIds, Instant at)
      throws SQLException {
    Map<String, SealKey> keys = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "select distinct on (customer_id) customer_id, subject_id, seal_key from customer_keys"
                + " where customer_id = any (?) order by customer_id, created_at, subject_id")) {
      s.setArray(1, c.createArrayOf("text", customerIds.toArray()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          keys.put(r.getString(1), new SealKey((UUID) r.getObject(2), r.getBytes(3), true));
        }
      }
    }
    // The customers without a key get one, all in one statement; a customer who has no profile
    // any more gets a key that is used once and never stored.
    List<String> missing = new ArrayList<>();
    for (String id : customerIds) {
      if (!keys.containsKey(id)) {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      UUID[] subjects = new UUID[missing.size()];
      String[] hexKeys = new String[missing.size()];
      byte[][] raw = new byte[missing.size()][];
      for (int i = 0; i < subjects.length; i++) {
        raw[i] = new byte[KEY_BYTES];
        random.nextBytes(raw[i]);
        subjects[i] = UUID.randomUUID();
        hexKeys[i] = HexFormat.of().formatHex(raw[i]);
      }
      Set<String> stored = new HashSet<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into customer_keys (subject_id, customer_id, seal_key, created_at)"
                  + " select u.subject, u.customer, decode(u.seal, 'hex'), ? from unnest(?::uuid[], ?::text[], ?::text[])"
                  + " as u(subject, customer, seal) where exists (select 1 from customers k where k.customer_id = u.customer)"
                  + " returning customer_id")) {
        s.setTimestamp(1, Timestamp.from(at));
        s.setArray(2, c.createArrayOf("uuid", subjects));
        s.setArray(3, c.createArrayOf("text", missing.toArray()));
        s.setArray(4, c.createArrayOf("text", hexKeys));
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            stored.add(r.getString(1));
          }
        }
      }
      for (int i = 0; i < subjects.length; i++) {
        String id = missing.get(i);
        keys.put(id, new SealKey(subjects[i], raw[i], stored.contains(id)));
      }
    }
    return keys;
  }

  /** The key of a subject, unless it was destroyed by an erasure (or never stored). */
  public Optional<byte[]> key(UUID subjectId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select seal_key from customer_keys where subject_id = ?")) {
      s.setObject(1, subjectId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading the seal key of subject " + subjectId, e);
    }
  }
}
