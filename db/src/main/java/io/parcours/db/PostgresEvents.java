package io.parcours.db;

import io.parcours.domain.CustomerEvent;
import io.parcours.domain.CustomerProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Customer events and the profile changes they make, stored together: an event is acknowledged only
 * once it and its change are committed, and an event whose key is already stored changes nothing.
 * The change includes the tallies of derived features ({@code customer_activity}).
 */
public final class PostgresEvents {

  /**
   * What became of one event.
   *
   * @param triggered whether its triggers have run (a new event's have not yet)
   */
  public record Stored(long eventId, boolean created, boolean triggered, CustomerEvent event) {}

  private final DataSource dataSource;

  public PostgresEvents(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Stores {@code events} in one transaction, in order, and changes each new event's customer
   * profile (its event tallies included) with {@code change}; an event whose idempotency key is
   * stored already is answered with its id and changes nothing.
   *
   * @param attributesJson the attributes of an event as JSON
   * @return per event, its id and whether it was new; empty when a customer does not exist, and
   *     then nothing is stored
   */
  public Optional<List<Stored>> record(
      List<CustomerEvent> events,
      Function<CustomerEvent, String> attributesJson,
      BiFunction<CustomerProfile, CustomerEvent, CustomerProfile> change,
      Instant receivedAt) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        // Every customer of the batch is locked at once, in id order, so that two batches naming
        // the same customers cannot wait for each other.
        java.util.TreeSet<String> ids = new java.util.TreeSet<>();
        events.forEach(e -> ids.add(e.customerId()));
        java.util.Map<String, CustomerProfile> profiles = lock(c, ids);
        if (profiles.size() < ids.size()) {
          c.rollback();
          return Optional.empty();
        }
        java.util.Map<String, io.parcours.domain.Activity> activities =
            PostgresCustomers.activities(c, ids);
        profiles.replaceAll(
            (id, p) ->
                p.withActivity(activities.getOrDefault(id, io.parcours.domain.Activity.NONE)));
        java.util.Map<String, CustomerProfile> before = new java.util.HashMap<>(profiles);
        java.util.Map<String, Long> inserted = insert(c, events, attributesJson, receivedAt);
        java.util.Map<String, Stored> earlier = new java.util.HashMap<>();
        List<String> repeated = new ArrayList<>();
        java.util.Set<String> created = new java.util.HashSet<>();
        for (CustomerEvent e : events) {
          if (!inserted.containsKey(e.idempotencyKey()) || !created.add(e.idempotencyKey())) {
            repeated.add(e.idempotencyKey());
          }
        }
        if (!repeated.isEmpty()) {
          earlier.putAll(existing(c, repeated));
        }
        List<Stored> stored = new ArrayList<>(events.size());
        java.util.Set<String> applied = new java.util.HashSet<>();
        for (CustomerEvent e : events) {
          String key = e.idempotencyKey();
          Long id = inserted.get(key);
          if (id != null && applied.add(key)) {
            // new, and the first event of the batch with this key: it changes its profile
            profiles.put(e.customerId(), change.apply(profiles.get(e.customerId()), e));
            stored.add(new Stored(id, true, false, e));
          } else {
            Stored was = earlier.get(key);
            stored.add(new Stored(was.eventId(), false, was.triggered(), e));
          }
        }
        List<CustomerProfile> changed = new ArrayList<>();
        java.util.Map<String, io.parcours.domain.Activity[]> tallies = new java.util.HashMap<>();
        for (String id : ids) {
          CustomerProfile was = before.get(id);
          CustomerProfile now = profiles.get(id);
          if (!now.withActivity(was.activity()).equals(was)) {
            changed.add(now);
          }
          if (!now.activity().equals(was.activity())) {
            tallies.put(id, new io.parcours.domain.Activity[] {was.activity(), now.activity()});
          }
        }
        PostgresCustomers.update(c, changed);
        if (!tallies.isEmpty()) {
          PostgresCustomers.updateActivities(c, tallies);
        }
        c.commit();
        return Optional.of(stored);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("storing " + events.size() + " event(s)", e);
    }
  }

  /** The profiles of {@code ids}, locked for update in id order; a missing customer is absent. */
  private static java.util.Map<String, CustomerProfile> lock(
      Connection c, java.util.SortedSet<String> ids) throws SQLException {
    java.util.Map<String, CustomerProfile> profiles = new java.util.HashMap<>();
    try (PreparedStatement lock =
        c.prepareStatement(
            "select "
                + PostgresCustomers.COLUMNS
                + " from customers where customer_id = any (?)"
                + " order by customer_id for update")) {
      lock.setArray(1, c.createArrayOf("text", ids.toArray()));
      try (ResultSet r = lock.executeQuery()) {
        while (r.next()) {
          CustomerProfile p = PostgresCustomers.read(r);
          profiles.put(p.customerId(), p);
        }
      }
    }
    return profiles;
  }

  /**
   * Inserts the events whose key is not stored yet, in one statement and in their order (an event
   * id is taken per row in that order); a key sent twice in the batch is inserted once.
   *
   * @return the id of each event inserted, by its key
   */
  private static java.util.Map<String, Long> insert(
      Connection c,
      List<CustomerEvent> events,
      Function<CustomerEvent, String> attributesJson,
      Instant receivedAt)
      throws SQLException {
    int n = events.size();
    String[] keys = new String[n];
    String[] customers = new String[n];
    String[] types = new String[n];
    String[] occurred = new String[n];
    String[] attributes = new String[n];
    for (int i = 0; i < n; i++) {
      CustomerEvent e = events.get(i);
      keys[i] = e.idempotencyKey();
      customers[i] = e.customerId();
      types[i] = e.type();
      occurred[i] = e.occurredAt().toString();
      attributes[i] = attributesJson.apply(e);
    }
    java.util.Map<String, Long> ids = new java.util.HashMap<>();
    try (PreparedStatement insert =
        c.prepareStatement(
            "insert into events (idempotency_key, customer_id, type, occurred_at, received_at, attributes)"
                + " select k, c, t, o::timestamptz, ?, a::jsonb"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                + " with ordinality as u(k, c, t, o, a, n) order by n"
                + " on conflict (idempotency_key) do nothing returning idempotency_key, event_id")) {
      insert.setTimestamp(1, Timestamp.from(receivedAt));
      insert.setArray(2, c.createArrayOf("text", keys));
      insert.setArray(3, c.createArrayOf("text", customers));
      insert.setArray(4, c.createArrayOf("text", types));
      insert.setArray(5, c.createArrayOf("text", occurred));
      insert.setArray(6, c.createArrayOf("text", attributes));
      try (ResultSet r = insert.executeQuery()) {
        while (r.next()) {
          ids.put(r.getString(1), r.getLong(2));
        }
      }
    }
    return ids;
  }

  /** The stored events of {@code keys}: their ids and whether their triggers have run. */
  private static java.util.Map<String, Stored> existing(Connection c, List<String> keys)
      throws SQLException {
    java.util.Map<String, Stored> found = new java.util.HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "select idempotency_key, event_id, triggered_at is not null from events"
                + " where idempotency_key = any (?)")) {
      s.setArray(1, c.createArrayOf("text", keys.toArray()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.put(r.getString(1), new Stored(r.getLong(2), false, r.getBoolean(3), null));
        }
      }
    }
    return found;
  }

  /** Records that the triggers of an event have run. */
  public void markTriggered(long eventId, Instant at) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("update events set triggered_at = ? where event_id = ?")) {
      s.setTimestamp(1, Timestamp.from(at));
      s.setLong(2, eventId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException("marking event " + eventId + " triggered", e);
    }
  }

  /** How many events of {@code customerId} are stored. */
  public long count(String customerId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select count(*) from events where customer_id = ?")) {
      s.setString(1, customerId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new PersistenceException("counting the events of " + customerId, e);
    }
  }
}
