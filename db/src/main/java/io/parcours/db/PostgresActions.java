package io.parcours.db;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Issue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The projection of every action once in force, in PostgreSQL: the action library itself is
 * declared by the strategy version in force; this table keeps each action's group and issue for the
 * training data of the decisions that showed it.
 */
public final class PostgresActions {

  private final DataSource dataSource;

  public PostgresActions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The actions of the version in force, as last projected, in id order. */
  public List<Action> active() {
    String sql =
        "select action_id, name, issue, action_group, journey, channels, value, lever, description,"
            + " stages, mandatory, daily_limit from actions where active order by action_id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      List<Action> actions = new ArrayList<>();
      while (r.next()) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        for (String code : PostgresCustomers.strings(r.getArray(6))) {
          channels.add(Channel.fromCode(code));
        }
        actions.add(
            new Action(
                r.getString(1),
                r.getString(2),
                Issue.fromCode(r.getString(3)),
                r.getString(4),
                r.getString(5),
                channels,
                r.getDouble(7),
                r.getDouble(8),
                r.getString(9),
                Set.of(PostgresCustomers.strings(r.getArray(10))),
                r.getBoolean(11),
                r.getInt(12)));
      }
      return actions;
    } catch (SQLException e) {
      throw new PersistenceException("reading the action library", e);
    }
  }

  /**
   * Makes the table the projection of the action library in force: {@code actions} are written and
   * active, every other stored action (once in force) is kept, inactive, so that the decisions that
   * showed it still name its group and issue.
   */
  public void project(List<Action> actions) {
    upsert(actions);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "update actions set active = (action_id = any(?)) where active <> (action_id = any(?))")) {
      java.sql.Array ids = PostgresDatabase.textArray(c, actions.stream().map(Action::id).toList());
      s.setArray(1, ids);
      s.setArray(2, ids);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException("marking the actions in force", e);
    }
  }

  /**
   * Inserts the actions, replacing stored actions with the same id; returns how many rows were
   * written.
   */
  private int upsert(List<Action> actions) {
    return write(
        actions,
        " on conflict (action_id) do update set name = excluded.name, issue = excluded.issue,"
            + " action_group = excluded.action_group, journey = excluded.journey,"
            + " channels = excluded.channels, value = excluded.value, lever = excluded.lever,"
            + " description = excluded.description, stages = excluded.stages,"
            + " mandatory = excluded.mandatory, daily_limit = excluded.daily_limit, active = true");
  }

  private int write(List<Action> actions, String onConflict) {
    String sql =
        "insert into actions (action_id, name, issue, action_group, journey, channels, value, lever,"
            + " description, stages, mandatory, daily_limit) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + onConflict;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (Action a : actions) {
        s.setString(1, a.id());
        s.setString(2, a.name());
        s.setString(3, a.issue().code());
        s.setString(4, a.group());
        s.setString(5, a.journey());
        s.setArray(
            6,
            PostgresDatabase.textArray(
                c, a.channels().stream().sorted().map(Channel::code).toList()));
        s.setDouble(7, a.value());
        s.setDouble(8, a.lever());
        s.setString(9, a.description());
        s.setArray(10, PostgresDatabase.textArray(c, a.stages().stream().sorted().toList()));
        s.setBoolean(11, a.mandatory());
        s.setInt(12, a.dailyLimit());
        s.addBatch();
      }
      int written = 0;
      for (int n : s.executeBatch()) {
        written += Math.max(n, 0);
      }
      return written;
    } catch (SQLException e) {
      throw new PersistenceException("storing the action library", e);
    }
  }
}
