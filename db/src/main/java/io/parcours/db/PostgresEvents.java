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
 */
public final class PostgresEvents {

  /** What became of one event. */
  public record Stored(long eventId, boolean created, CustomerEvent event) {}

  private final DataSource dataSource;

  public PostgresEvents(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Stores {@code events} in one transaction, in order, and changes each new event's customer profile
   * with {@code change}; an event whose idempotency key is stored already is answered with its id and
   * changes nothing.
   *
   * @param attributesJson the attributes of an event as JSON
   * @return per event, its id and whether it was new; empty when a customer does not exist, and then
   *     nothing is stored
   */
  public Optional<List<Stored>> record(
      List<CustomerEvent> events, Function<CustomerEvent, String> attributesJson,
      BiFunction<CustomerProfile, CustomerEvent, CustomerProfile> change, Instant receivedAt) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement(
              "insert into events (idempotency_key, customer_id, type, occurred_at, received_at, attributes)"
                  + " values (?, ?, ?, ?, ?, ?::jsonb) on conflict (idempotency_key) do nothing returning event_id");
          PreparedStatement existing = c.prepareStatement(
              "select event_id from events where idempotency_key = ?");
          PreparedStatement lock = c.prepareStatement(
              "select " + PostgresCustomers.COLUMNS + " from customers where customer_id = ? for update")) {
        List<Stored> stored = new ArrayList<>(events.size());
        for (CustomerEvent e : events) {
          lock.setString(1, e.customerId());
          CustomerProfile before;
          try (ResultSet r = lock.executeQuery()) {
            if (!r.next()) {
              c.rollback();
              return Optional.empty();
            }
            before = PostgresCustomers.read(r);
          }
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
              stored.add(new Stored(r.getLong(1), false, e));
            }
            continue;
          }
          CustomerProfile after = change.apply(before, e);
          if (!after.equals(before)) {
            PostgresCustomers.update(c, after);
          }
          stored.add(new Stored(id, true, e));
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

  /** How many events of {@code customerId} are stored. */
  public long count(String customerId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select count(*) from events where customer_id = ?")) {
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
