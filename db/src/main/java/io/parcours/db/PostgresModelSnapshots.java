package io.parcours.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Snapshots of adaptive model state: the bytes of a model family and the last response it learned.
 */
public final class PostgresModelSnapshots {

  /** A stored snapshot. */
  public record StoredSnapshot(
      long snapshotId, String family, long lastResponseId, Instant takenAt, byte[] content) {}

  private final DataSource dataSource;

  public PostgresModelSnapshots(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stores a snapshot and keeps only the latest few of the family. */
  public void save(String family, long lastResponseId, Instant takenAt, byte[] content) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
              c.prepareStatement(
                  "insert into model_snapshots (model_family, last_response_id, taken_at, content)"
                      + " values (?, ?, ?, ?)");
          PreparedStatement prune =
              c.prepareStatement(
                  "delete from model_snapshots where model_family = ? and snapshot_id not in"
                      + " (select snapshot_id from model_snapshots where model_family = ?"
                      + " order by snapshot_id desc limit 10)")) {
        s.setString(1, family);
        s.setLong(2, lastResponseId);
        s.setTimestamp(3, Timestamp.from(takenAt));
        s.setBytes(4, content);
        s.executeUpdate();
        prune.setString(1, family);
        prune.setString(2, family);
        prune.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("saving a snapshot of " + family, e);
    }
  }

  /** The latest snapshot of {@code family}, if any. */
  public Optional<StoredSnapshot> latest(String family) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select snapshot_id, model_family, last_response_id, taken_at, content from model_snapshots"
                    + " where model_family = ? order by snapshot_id desc limit 1")) {
      s.setString(1, family);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(
                new StoredSnapshot(
                    r.getLong(1),
                    r.getString(2),
                    r.getLong(3),
                    r.getTimestamp(4).toInstant(),
                    r.getBytes(5)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading the latest snapshot of " + family, e);
    }
  }
}
