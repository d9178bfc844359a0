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
      try (PreparedStatement insert =
              c.prepareStatement(
                  "insert into events (idempotency_key, customer_id, type, occurred_at, received_at, attributes)"
                      + " values (?, ?, ?, ?, ?, ?::jsonb) on conflict (idempotency_key) do nothing returning event_id");
          PreparedStatement existing =
              c.prepareStatement(
                  "select event_id, triggered_at is not null from events where idempotency_key = ?");
          PreparedStatement lock =
              c.prepareStatement(
                  "select "
                      + PostgresCustomers.COLUMNS
                      + " from customers where customer_id = any (?)"
                      + " order by customer_id for update")) {
        // Every customer of the batch is locked at once, in id order, so that two batches naming
        // the
        // same customers cannot wait for each other.
        java.util.TreeSet<String> ids = new java.util.TreeSet<>();
        events.forEach(e -> ids.add(e.customerId()));
        java.util.Map<String, CustomerProfile> profiles = new java.util.HashMap<>();
        lock.setArray(1, c.createArrayOf("text", ids.toArray()));
        try (ResultSet r = lock.executeQuery()) {
          while (r.next()) {
            CustomerProfile p = PostgresCustomers.read(r);
            profiles.put(p.customerId(), p);
          }
        }
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
        List<Stored> stored = new ArrayList<>(events.size());
        for (CustomerEvent e : events) {
          insert.setString(1, e.idempotencyKey());
          insert.setString(2, e.customerId());
          insert.setString(3, e.type());
          insert.setTimestamp(4, Timestamp.from(e.occurredAt()));
          insert.setTimestamp(5, Timestamp.from(receivedAt));
          insert.setString(6, attributesJson.apply(e));
          Long id = null;
          try (ResultSet r = insert.executeQuery()) {
            if (r.next()) {
              id = r.getLong(1);
            }
          }
          if (id == null) {
            existing.setString(1, e.idempotencyKey());
            try (ResultSet r = existing.executeQuery()) {
              r.next();
              stored.add(new Stored(r.getLong(1), false, r.getBoolean(2), e));
            }
            continue;
          }
          profiles.put(e.customerId(), change.apply(profiles.get(e.customerId()), e));
          stored.add(new Stored(id, true, false, e));
        }
        for (String id : ids) {
          CustomerProfile was = before.get(id);
          CustomerProfile now = profiles.get(id);
          if (!now.withActivity(was.activity()).equals(was)) {
            PostgresCustomers.update(c, now);
          }
          if (!now.activity().equals(was.activity())) {
            PostgresCustomers.updateActivity(c, id, was.activity(), now.activity());
          }
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
