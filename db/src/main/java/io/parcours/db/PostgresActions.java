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

/** The action library in PostgreSQL. */
public final class PostgresActions {

  private final DataSource dataSource;

  public PostgresActions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The active actions, in id order. */
  public List<Action> active() {
    String sql =
        "select action_id, name, issue, action_group, journey, channels, value, lever, description"
            + " from actions where active order by action_id";
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
                r.getString(9)));
      }
      return actions;
    } catch (SQLException e) {
      throw new PersistenceException("reading the action library", e);
    }
  }

  /** Inserts the actions that are not stored yet; returns how many were new. */
  public int insertMissing(List<Action> actions) {
    String sql =
        "insert into actions (action_id, name, issue, action_group, journey, channels, value, lever,"
            + " description) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing";
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
        s.addBatch();
      }
      int inserted = 0;
      for (int n : s.executeBatch()) {
        inserted += Math.max(n, 0);
      }
      return inserted;
    } catch (SQLException e) {
      throw new PersistenceException("storing the action library", e);
    }
  }
}
