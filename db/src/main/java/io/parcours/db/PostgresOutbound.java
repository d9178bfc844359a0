package io.parcours.db;

import io.parcours.domain.OutboundContact;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The outbound queue: contacts waiting for their channel's delivery system. */
public final class PostgresOutbound {

  /** A contact to queue. */
  public record NewContact(
      String channel,
      String customerId,
      String actionId,
      String decisionId,
      Long eventId,
      Instant sendAfter) {}

  private static final String COLUMNS =
      "contact_id, channel, customer_id, action_id, decision_id::text, event_id,"
          + " send_after, status, queued_at, closed_at, reason";

  private final DataSource dataSource;

  public PostgresOutbound(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Queues contacts (a decision's action is queued once); returns how many were new. */
  public int enqueue(List<NewContact> contacts, Instant at) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into outbound_contacts (channel, customer_id, action_id, decision_id, event_id, send_after,"
                    + " queued_at) values (?, ?, ?, ?::uuid, ?, ?, ?) on conflict (decision_id, action_id) do nothing")) {
      int n = 0;
      for (NewContact k : contacts) {
        s.setString(1, k.channel());
        s.setString(2, k.customerId());
        s.setString(3, k.actionId());
        s.setString(4, k.decisionId());
        if (k.eventId() == null) {
          s.setNull(5, Types.BIGINT);
        } else {
          s.setLong(5, k.eventId());
        }
        s.setTimestamp(6, Timestamp.from(k.sendAfter()));
        s.setTimestamp(7, Timestamp.from(at));
        n += s.executeUpdate();
      }
      return n;
    } catch (SQLException e) {
      throw new PersistenceException("queuing " + contacts.size() + " outbound contact(s)", e);
    }
  }

  /** The queued contacts of {@code channel} due by {@code now}, the oldest first. */
  public List<OutboundContact> due(String channel, Instant now, int limit) {
    return select(
        "where channel = ? and status = 'queued' and send_after <= ? order by send_after, contact_id limit ?",
        s -> {
          s.setString(1, channel);
          s.setTimestamp(2, Timestamp.from(now));
          s.setInt(3, limit);
        });
  }

  /** How many contacts each channel has queued, due or not; a channel with none is absent. */
  public Map<String, Long> queuedByChannel() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select channel, count(*) from outbound_contacts where status = 'queued' group by channel");
        ResultSet r = s.executeQuery()) {
      Map<String, Long> queued = new HashMap<>();
      while (r.next()) {
        queued.put(r.getString(1), r.getLong(2));
      }
      return queued;
    } catch (SQLException e) {
      throw new PersistenceException("counting the queued outbound contacts", e);
    }
  }

  /** Every queued contact of a customer, due or not. */
  public List<OutboundContact> queuedFor(String customerId) {
    return select(
        "where customer_id = ? and status = 'queued' order by contact_id",
        s -> s.setString(1, customerId));
  }

  /** One contact of a channel, whatever its status. */
  public Optional<OutboundContact> find(String channel, long contactId) {
    List<OutboundContact> one =
        select(
            "where channel = ? and contact_id = ?",
            s -> {
              s.setString(1, channel);
              s.setLong(2, contactId);
            });
    return one.stream().findFirst();
  }

  /** Marks a queued contact delivered; returns whether it was queued. */
  public boolean deliver(String channel, long contactId, Instant at) {
    return close(
            "update outbound_contacts set status = 'delivered', closed_at = ? where channel = ?"
                + " and contact_id = ? and status = 'queued'",
            at,
            channel,
            contactId,
            null)
        == 1;
  }

  /** Cancels queued contacts; returns how many were still queued. */
  public int cancel(List<Long> contactIds, String reason, Instant at) {
    int n = 0;
    for (long id : contactIds) {
      n +=
          close(
              "update outbound_contacts set status = 'cancelled', closed_at = ?, reason = ?"
                  + " where contact_id = ? and status = 'queued'",
              at,
              null,
              id,
              reason);
    }
    return n;
  }

  private int close(String sql, Instant at, String channel, long id, String reason) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      s.setTimestamp(i++, Timestamp.from(at));
      if (reason != null) {
        s.setString(i++, reason);
      }
      if (channel != null) {
        s.setString(i++, channel);
      }
      s.setLong(i, id);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException("closing outbound contact " + id, e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  private List<OutboundContact> select(String where, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select " + COLUMNS + " from outbound_contacts " + where)) {
      binder.bind(s);
      List<OutboundContact> all = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long event = r.getLong(6);
          Long eventId = r.wasNull() ? null : event;
          Timestamp closed = r.getTimestamp(10);
          all.add(
              new OutboundContact(
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  eventId,
                  r.getTimestamp(7).toInstant(),
                  r.getString(8),
                  r.getTimestamp(9).toInstant(),
                  closed == null ? null : closed.toInstant(),
                  r.getString(11)));
        }
      }
      return all;
    } catch (SQLException e) {
      throw new PersistenceException("reading the outbound queue", e);
    }
  }
}
