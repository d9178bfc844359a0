package io.parcours.db;

import io.parcours.domain.CurrentStage;
import io.parcours.domain.StageChange;
import io.parcours.domain.StageCount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Where customers stand in journeys, in PostgreSQL: each customer's current stage per journey, and
 * the history of stage changes with the rule that made each one. The journeys themselves are
 * declared by the strategy version in force.
 */
public final class PostgresJourneys {

  private final DataSource dataSource;

  public PostgresJourneys(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The customer's current stage per journey (journey → stage), empty when never placed. */
  public Map<String, CurrentStage> currentStages(String customerId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select journey, stage, rule, since from customer_stages where customer_id = ?")) {
      s.setString(1, customerId);
      Map<String, CurrentStage> stages = new HashMap<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          stages.put(
              r.getString(1),
              new CurrentStage(
                  r.getString(1), r.getString(2), r.getString(3), r.getTimestamp(4).toInstant()));
        }
      }
      return stages;
    } catch (SQLException e) {
      throw new PersistenceException("reading the stages of " + customerId, e);
    }
  }

  /** The customer's latest stage changes, newest first. */
  public List<StageChange> changes(String customerId, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select customer_id, journey, from_stage, to_stage, rule, decision_id::text, event_id, changed_at"
                    + " from journey_stage_changes where customer_id = ?"
                    + " order by changed_at desc, change_id desc limit ?")) {
      s.setString(1, customerId);
      s.setInt(2, limit);
      List<StageChange> changes = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          changes.add(
              new StageChange(
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  (Long) r.getObject(7),
                  r.getTimestamp(8).toInstant()));
        }
      }
      return changes;
    } catch (SQLException e) {
      throw new PersistenceException("reading the stage changes of " + customerId, e);
    }
  }

  /** How many customers stand at each stage now, by journey and stage. */
  public List<StageCount> population() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select journey, stage, count(*) from customer_stages group by journey, stage"
                    + " order by journey, stage");
        ResultSet r = s.executeQuery()) {
      List<StageCount> counts = new ArrayList<>();
      while (r.next()) {
        counts.add(new StageCount(r.getString(1), r.getString(2), r.getLong(3)));
      }
      return counts;
    } catch (SQLException e) {
      throw new PersistenceException("counting customers per stage", e);
    }
  }

  /** Records stage changes found outside a decision (by an event) and moves the current stages. */
  public void record(List<StageChange> changes) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        write(c, changes);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("recording " + changes.size() + " stage change(s)", e);
    }
  }

  /**
   * Records stage changes and moves the customers' current stages, on the given connection (the
   * caller's transaction).
   */
  static void write(Connection c, List<StageChange> changes) throws SQLException {
    if (changes.isEmpty()) {
      return;
    }
    try (PreparedStatement history =
            c.prepareStatement(
                "insert into journey_stage_changes (customer_id, journey, from_stage, to_stage, rule,"
                    + " decision_id, event_id, changed_at) values (?, ?, ?, ?, ?, ?::uuid, ?, ?)");
        PreparedStatement enter =
            c.prepareStatement(
                "insert into customer_stages (customer_id, journey, stage, rule, since, decision_id, event_id)"
                    + " values (?, ?, ?, ?, ?, ?::uuid, ?) on conflict (customer_id, journey) do update"
                    + " set stage = excluded.stage, rule = excluded.rule, since = excluded.since,"
                    + " decision_id = excluded.decision_id, event_id = excluded.event_id");
        PreparedStatement leave =
            c.prepareStatement(
                "delete from customer_stages where customer_id = ? and journey = ?")) {
      // Within one batch a customer may change twice; the last change of each journey wins.
      Map<String, StageChange> last = new LinkedHashMap<>();
      for (StageChange ch : changes) {
        history.setString(1, ch.customerId());
        history.setString(2, ch.journey());
        history.setString(3, ch.fromStage());
        history.setString(4, ch.toStage());
        history.setString(5, ch.rule());
        history.setString(6, ch.decisionId());
        history.setObject(7, ch.eventId(), java.sql.Types.BIGINT);
        history.setTimestamp(8, Timestamp.from(ch.changedAt()));
        history.addBatch();
        last.put(ch.customerId() + "\u0000" + ch.journey(), ch);
      }
      history.executeBatch();
      for (StageChange ch : last.values()) {
        if (ch.toStage() == null) {
          leave.setString(1, ch.customerId());
          leave.setString(2, ch.journey());
          leave.addBatch();
        } else {
          enter.setString(1, ch.customerId());
          enter.setString(2, ch.journey());
          enter.setString(3, ch.toStage());
          enter.setString(4, ch.rule());
          enter.setTimestamp(5, Timestamp.from(ch.changedAt()));
          enter.setString(6, ch.decisionId());
          enter.setObject(7, ch.eventId(), java.sql.Types.BIGINT);
          enter.addBatch();
        }
      }
      enter.executeBatch();
      leave.executeBatch();
    }
  }
}
