package io.parcours.db;

import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.ConsentChange;
import io.parcours.domain.Purpose;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * A customer's consents per channel and purpose: the ones in force ({@code customers.consents}) and
 * the history of every change ({@code consent_changes}), written together in one transaction.
 */
public final class PostgresConsents {

  private final DataSource dataSource;

  public PostgresConsents(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Makes {@code granted} the customer's consents in force: every consent not in it is withdrawn.
   * Only the consents that change are recorded in the history.
   *
   * @return the changes made, empty when nothing changed; empty optional when there is no such
   *     customer
   */
  public Optional<List<ConsentChange>> replace(
      String customerId,
      Set<Consent> granted,
      Instant at,
      String source,
      String textVersion,
      String by) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Set<Consent> before = new TreeSet<>();
        try (PreparedStatement s =
            c.prepareStatement("select consents from customers where customer_id = ? for update")) {
          s.setString(1, customerId);
          try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
              c.rollback();
              return Optional.empty();
            }
            for (String code : PostgresCustomers.strings(r.getArray(1))) {
              before.add(Consent.fromCode(code));
            }
          }
        }
        List<ConsentChange> changes = new ArrayList<>();
        for (Channel channel : Channel.values()) {
          for (Purpose purpose : Purpose.values()) {
            Consent consent = new Consent(channel, purpose);
            boolean was = before.contains(consent);
            boolean is = granted.contains(consent);
            if (was != is) {
              changes.add(new ConsentChange(customerId, consent, is, at, source, textVersion, by));
            }
          }
        }
        if (!changes.isEmpty()) {
          try (PreparedStatement s =
              c.prepareStatement(
                  "update customers set consents = ?, updated_at = ? where customer_id = ?")) {
            s.setArray(
                1,
                PostgresDatabase.textArray(
                    c, new TreeSet<>(granted).stream().map(Consent::code).toList()));
            s.setTimestamp(2, Timestamp.from(at));
            s.setString(3, customerId);
            s.executeUpdate();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "insert into consent_changes (customer_id, channel, purpose, granted, changed_at, source,"
                      + " text_version, recorded_by) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ConsentChange ch : changes) {
              s.setString(1, customerId);
              s.setString(2, ch.consent().channel().code());
              s.setString(3, ch.consent().purpose().code());
              s.setBoolean(4, ch.granted());
              s.setTimestamp(5, Timestamp.from(at));
              s.setString(6, source);
              s.setString(7, textVersion);
              s.setString(8, by);
              s.addBatch();
            }
            s.executeBatch();
          }
        }
        c.commit();
        return Optional.of(changes);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("changing the consents of " + customerId, e);
    }
  }

  /** The latest {@code limit} changes of the customer's consents, newest first. */
  public List<ConsentChange> history(String customerId, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select channel, purpose, granted, changed_at, source, text_version, recorded_by"
                    + " from consent_changes where customer_id = ? order by change_id desc limit ?")) {
      s.setString(1, customerId);
      s.setInt(2, limit);
      List<ConsentChange> changes = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          changes.add(
              new ConsentChange(
                  customerId,
                  new Consent(Channel.fromCode(r.getString(1)), Purpose.fromCode(r.getString(2))),
                  r.getBoolean(3),
                  r.getTimestamp(4).toInstant(),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7)));
        }
      }
      return changes;
    } catch (SQLException e) {
      throw new PersistenceException("reading the consent history of " + customerId, e);
    }
  }
}
