package io.parcours.db;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The daily volume counters of volume-constrained actions, as last written from the cache; see
 * {@code V7__volume_counters.sql}.
 */
public final class PostgresVolumeCounters {

  private final DataSource dataSource;

  public PostgresVolumeCounters(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * What {@code actionId} has used of its volume on {@code day} (UTC): the stored counter, but
   * never less than the impressions of that day PostgreSQL holds (a counter written before a crash
   * may lag behind them).
   */
  public long used(String actionId, LocalDate day) {
    return Math.max(impressions(actionId, day), stored(actionId, day).orElse(0));
  }

  /**
   * The day under which an action's every impression is counted (its total budget); see {@code
   * VolumeCounterKey}.
   */
  public static final LocalDate TOTAL = LocalDate.of(9999, 12, 31);

  /**
   * The impressions of {@code actionId} shown on {@code day} (UTC), across the population; on
   * {@link #TOTAL}, every impression it ever had.
   */
  public long impressions(String actionId, LocalDate day) {
    if (TOTAL.equals(day)) {
      return impressions(actionId, LocalDate.of(1970, 1, 1), day);
    }
    return impressions(actionId, day, day.plusDays(1));
  }

  private long impressions(String actionId, LocalDate day, LocalDate end) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select count(*) from impressions where action_id = ? and shown_at >= ? and shown_at < ?")) {
      s.setString(1, actionId);
      s.setTimestamp(2, Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant()));
      s.setTimestamp(3, Timestamp.from(end.atStartOfDay(ZoneOffset.UTC).toInstant()));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new PersistenceException("counting the impressions of " + actionId + " on " + day, e);
    }
  }

  /** The counter as last written, if any. */
  public OptionalLong stored(String actionId, LocalDate day) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select used from volume_counters where action_id = ? and day = ?")) {
      s.setString(1, actionId);
      s.setDate(2, Date.valueOf(day));
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading the volume counter of " + actionId + " on " + day, e);
    }
  }

  /** Writes the counter of {@code actionId} on {@code day}. */
  public void save(String actionId, LocalDate day, long used) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into volume_counters (action_id, day, used) values (?, ?, ?)"
                    + " on conflict (action_id, day) do update set used = excluded.used")) {
      s.setString(1, actionId);
      s.setDate(2, Date.valueOf(day));
      s.setLong(3, used);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException("writing the volume counter of " + actionId + " on " + day, e);
    }
  }

  /** Deletes the counter of {@code actionId} on {@code day}; whether there was one. */
  public boolean delete(String actionId, LocalDate day) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("delete from volume_counters where action_id = ? and day = ?")) {
      s.setString(1, actionId);
      s.setDate(2, Date.valueOf(day));
      return s.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new PersistenceException(
          "deleting the volume counter of " + actionId + " on " + day, e);
    }
  }

  /** Deletes the counters of days before {@code day}; how many. */
  public int deleteBefore(LocalDate day) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("delete from volume_counters where day < ?")) {
      s.setDate(1, Date.valueOf(day));
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException("deleting the volume counters before " + day, e);
    }
  }

  /** Deletes every counter; the next count of each action starts from its impressions. */
  public int deleteAll() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("delete from volume_counters")) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException("deleting the volume counters", e);
    }
  }
}
