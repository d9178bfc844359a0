package io.parcours.db;

import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Identity;
import io.parcours.domain.IdentityOwner;
import io.parcours.domain.IdentityType;
import io.parcours.domain.LinkedIdentity;
import io.parcours.domain.ProfileMerge;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The identity graph in PostgreSQL: which profile each identifier belongs to, anonymous profiles
 * made for identifiers nobody knew, and merges of one profile into another.
 *
 * <p>The customer number is the profile's id and is not stored as an identity; every other
 * identifier is a row of {@code customer_identities}. A profile absorbed by a merge keeps resolving
 * to its survivor through {@code profile_merges}.
 */
public final class PostgresIdentities {

  /**
   * The tables whose rows belong to a customer by their {@code customer_id} column and follow the
   * customer through a merge (and are pseudonymised by an erasure): the interaction history, the
   * audit records (their search column only: the record's text is never changed), events, consents,
   * stage changes and outbound contacts.
   */
  public static final List<String> HISTORY_TABLES =
      List.of(
          "decisions",
          "impressions",
          "responses",
          "audit_records",
          "events",
          "consent_changes",
          "journey_stage_changes",
          "outbound_contacts");

  /** Makes the merged profile from the survivor's and the absorbed one's. */
  @FunctionalInterface
  public interface Combination {
    /**
     * @param survivor the surviving profile, and whether it is anonymous
     * @param absorbed the absorbed profile, and whether it is anonymous
     */
    CustomerProfile combine(
        CustomerProfile survivor,
        boolean survivorAnonymous,
        CustomerProfile absorbed,
        boolean absorbedAnonymous);
  }

  private final DataSource dataSource;

  public PostgresIdentities(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The profile {@code identity} belongs to now, following merges: a customer number names its own
   * profile, or the one it was merged into.
   */
  public Optional<IdentityOwner> owner(Identity identity) {
    try (Connection c = dataSource.getConnection()) {
      return owner(c, identity);
    } catch (SQLException e) {
      throw new PersistenceException("resolving " + identity, e);
    }
  }

  private static Optional<IdentityOwner> owner(Connection c, Identity identity)
      throws SQLException {
    String id;
    if (identity.type() == IdentityType.CUSTOMER_NUMBER) {
      id = survivor(c, identity.value());
    } else {
      try (PreparedStatement s =
          c.prepareStatement(
              "select customer_id from customer_identities where identity_type = ? and identity_value = ?")) {
        s.setString(1, identity.type().code());
        s.setString(2, identity.value());
        try (ResultSet r = s.executeQuery()) {
          id = r.next() ? r.getString(1) : null;
        }
      }
    }
    if (id == null) {
      return Optional.empty();
    }
    try (PreparedStatement s =
        c.prepareStatement("select anonymous from customers where customer_id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new IdentityOwner(id, r.getBoolean(1))) : Optional.empty();
      }
    }
  }

  /** The id of the profile {@code customerId} survives in: itself, or the end of its merges. */
  private static String survivor(Connection c, String customerId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("select surviving_id from profile_merges where absorbed_id = ?")) {
      s.setString(1, customerId);
      try (ResultSet r = s.executeQuery()) {
        // merges are flattened when they happen: an absorbed id points at the current survivor
        return r.next() ? r.getString(1) : customerId;
      }
    }
  }

  /** The identifiers linked to a profile, oldest first (the customer number is its id). */
  public List<LinkedIdentity> identities(String customerId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select identity_type, identity_value, linked_at, source from customer_identities"
                    + " where customer_id = ? order by linked_at, identity_type, identity_value")) {
      s.setString(1, customerId);
      List<LinkedIdentity> all = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(
              new LinkedIdentity(
                  new Identity(IdentityType.fromCode(r.getString(1)), r.getString(2)),
                  r.getTimestamp(3).toInstant(),
                  r.getString(4)));
        }
      }
      return all;
    } catch (SQLException e) {
      throw new PersistenceException("reading the identities of " + customerId, e);
    }
  }

  /** Whether the profile is anonymous; empty when there is no such profile. */
  public Optional<Boolean> anonymous(String customerId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select anonymous from customers where customer_id = ?")) {
      s.setString(1, customerId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getBoolean(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading customer " + customerId, e);
    }
  }

  /**
   * Makes an anonymous profile for an identifier nobody knew and links the identifier to it, in one
   * transaction. When another request linked the identifier first, its profile is answered instead
   * and {@code profile} is not stored.
   *
   * @return the profile the identity belongs to now
   */
  public String createAnonymous(
      CustomerProfile profile, Identity identity, Instant at, String source) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        PostgresCustomers.insert(c, profile, true);
        try (PreparedStatement s =
            c.prepareStatement(
                "insert into customer_identities (identity_type, identity_value, customer_id, linked_at, source)"
                    + " values (?, ?, ?, ?, ?) on conflict do nothing")) {
          s.setString(1, identity.type().code());
          s.setString(2, identity.value());
          s.setString(3, profile.customerId());
          s.setTimestamp(4, Timestamp.from(at));
          s.setString(5, source);
          if (s.executeUpdate() == 0) {
            c.rollback();
            return owner(identity)
                .orElseThrow(
                    () ->
                        new PersistenceException(
                            "identity " + identity + " vanished while it was linked", null))
                .customerId();
          }
        }
        c.commit();
        return profile.customerId();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("creating an anonymous profile for " + identity, e);
    }
  }

  /**
   * Links {@code identity} to {@code customerId}. An identity of nobody is added; one of the
   * profile already is left as it is; one of another profile is moved to this one (the caller
   * decides before whether the two profiles should rather be merged).
   *
   * @return the profile the identity belonged to before, if another
   */
  public Optional<String> link(String customerId, Identity identity, Instant at, String source) {
    if (identity.type() == IdentityType.CUSTOMER_NUMBER) {
      throw new IllegalArgumentException(
          "a customer number is a profile's id, not a linked identity");
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        String before = null;
        try (PreparedStatement s =
            c.prepareStatement(
                "select customer_id from customer_identities where identity_type = ? and identity_value = ? for update")) {
          s.setString(1, identity.type().code());
          s.setString(2, identity.value());
          try (ResultSet r = s.executeQuery()) {
            before = r.next() ? r.getString(1) : null;
          }
        }
        if (customerId.equals(before)) {
          c.rollback();
          return Optional.empty();
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "insert into customer_identities (identity_type, identity_value, customer_id, linked_at, source)"
                    + " values (?, ?, ?, ?, ?) on conflict (identity_type, identity_value) do update"
                    + " set customer_id = excluded.customer_id, linked_at = excluded.linked_at, source = excluded.source")) {
          s.setString(1, identity.type().code());
          s.setString(2, identity.value());
          s.setString(3, customerId);
          s.setTimestamp(4, Timestamp.from(at));
          s.setString(5, source);
          s.executeUpdate();
        }
        c.commit();
        return Optional.ofNullable(before);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("linking " + identity + " to " + customerId, e);
    }
  }

  /**
   * Merges {@code absorbedId} into {@code survivingId} in one transaction: both profiles locked (in
   * id order, as events lock them), the merged profile written to the survivor, the absorbed
   * profile's history, events, consents, stages, event tallies, identities and seal keys moved to
   * the survivor, the merge recorded, the absorbed profile removed.
   *
   * @return the merge, or empty when either profile no longer exists (merged or erased meanwhile)
   */
  public Optional<ProfileMerge> merge(
      String absorbedId, String survivingId, Combination combination, String cause, Instant at) {
    if (absorbedId.equals(survivingId)) {
      throw new IllegalArgumentException("a profile cannot be merged into itself");
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Map<String, CustomerProfile> profiles = new LinkedHashMap<>();
        Map<String, Boolean> anonymous = new LinkedHashMap<>();
        try (PreparedStatement s =
            c.prepareStatement(
                "select "
                    + PostgresCustomers.COLUMNS
                    + ", anonymous from customers where customer_id = any (?)"
                    + " order by customer_id for update")) {
          s.setArray(1, c.createArrayOf("text", new String[] {absorbedId, survivingId}));
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              CustomerProfile p = PostgresCustomers.read(r);
              profiles.put(p.customerId(), p);
              anonymous.put(p.customerId(), r.getBoolean("anonymous"));
            }
          }
        }
        if (profiles.size() < 2) {
          c.rollback();
          return Optional.empty();
        }
        CustomerProfile merged =
            combination.combine(
                profiles.get(survivingId), anonymous.get(survivingId),
                profiles.get(absorbedId), anonymous.get(absorbedId));
        if (!merged.customerId().equals(survivingId)) {
          throw new IllegalArgumentException(
              "the merged profile must keep the survivor's id " + survivingId);
        }
        Map<String, Integer> moved = new LinkedHashMap<>();
        for (String table : HISTORY_TABLES) {
          moved.put(table, reassign(c, table, absorbedId, survivingId));
        }
        moved.put("customer_stages", moveStages(c, absorbedId, survivingId));
        moved.put("customer_activity", addActivity(c, absorbedId, survivingId));
        moved.put(
            "customer_identities", reassign(c, "customer_identities", absorbedId, survivingId));
        moved.put("customer_keys", reassign(c, "customer_keys", absorbedId, survivingId));
        try (PreparedStatement s =
            c.prepareStatement(
                "update profile_merges set surviving_id = ? where surviving_id = ?")) {
          s.setString(1, survivingId);
          s.setString(2, absorbedId);
          moved.put("profile_merges", s.executeUpdate());
        }
        StringBuilder details = new StringBuilder("{\"moved\":{");
        moved.forEach(
            (table, n) -> details.append('"').append(table).append("\":").append(n).append(','));
        details.setLength(details.length() - 1);
        details
            .append("},\"absorbedAnonymous\":")
            .append(anonymous.get(absorbedId))
            .append(",\"survivorAnonymous\":")
            .append(anonymous.get(survivingId))
            .append('}');
        long mergeId;
        try (PreparedStatement s =
            c.prepareStatement(
                "insert into profile_merges (absorbed_id, surviving_id, merged_at, cause, details)"
                    + " values (?, ?, ?, ?, ?::jsonb) returning merge_id")) {
          s.setString(1, absorbedId);
          s.setString(2, survivingId);
          s.setTimestamp(3, Timestamp.from(at));
          s.setString(4, cause);
          s.setString(5, details.toString());
          try (ResultSet r = s.executeQuery()) {
            r.next();
            mergeId = r.getLong(1);
          }
        }
        try (PreparedStatement s =
            c.prepareStatement("delete from customers where customer_id = ?")) {
          s.setString(1, absorbedId);
          s.executeUpdate();
        }
        PostgresCustomers.replace(
            c, merged, anonymous.get(survivingId) && anonymous.get(absorbedId));
        c.commit();
        return Optional.of(
            new ProfileMerge(mergeId, absorbedId, survivingId, at, cause, details.toString()));
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("merging " + absorbedId + " into " + survivingId, e);
    }
  }

  /** The merges a profile absorbed, oldest first. */
  public List<ProfileMerge> mergesInto(String customerId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select merge_id, absorbed_id, surviving_id, merged_at, cause, details::text from profile_merges"
                    + " where surviving_id = ? order by merge_id")) {
      s.setString(1, customerId);
      List<ProfileMerge> all = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(
              new ProfileMerge(
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  r.getTimestamp(4).toInstant(),
                  r.getString(5),
                  r.getString(6)));
        }
      }
      return all;
    } catch (SQLException e) {
      throw new PersistenceException("reading the merges into " + customerId, e);
    }
  }

  private static int reassign(Connection c, String table, String from, String to)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("update " + table + " set customer_id = ? where customer_id = ?")) {
      s.setString(1, to);
      s.setString(2, from);
      return s.executeUpdate();
    }
  }

  /**
   * The absorbed profile's event tallies are added to the survivor's, day by day and feature by
   * feature, so that its derived features count both profiles' events; the absorbed rows go with
   * its profile.
   */
  private static int addActivity(Connection c, String from, String to) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into customer_activity (customer_id, feature, day, events, total)"
                + " select ?, feature, day, events, total from customer_activity where customer_id = ?"
                + " on conflict (customer_id, feature, day) do update"
                + " set events = customer_activity.events + excluded.events,"
                + " total = customer_activity.total + excluded.total")) {
      s.setString(1, to);
      s.setString(2, from);
      return s.executeUpdate();
    }
  }

  /**
   * The absorbed profile's current stages move to the survivor in the journeys where the survivor
   * has none; where both have one, the survivor's stays (the next decision finds the stage anew
   * anyway).
   */
  private static int moveStages(Connection c, String from, String to) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "delete from customer_stages a where a.customer_id = ? and exists"
                + " (select 1 from customer_stages b where b.customer_id = ? and b.journey = a.journey)")) {
      s.setString(1, from);
      s.setString(2, to);
      s.executeUpdate();
    }
    return reassign(c, "customer_stages", from, to);
  }

  /** A new id for an anonymous profile. */
  public static String anonymousId() {
    return "anon-" + UUID.randomUUID();
  }
}
