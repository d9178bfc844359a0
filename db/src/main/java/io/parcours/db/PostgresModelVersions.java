package io.parcours.db;

import io.parcours.domain.ModelRoleChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Versions of the channels' adaptive models ({@code model_versions}, immutable once stored) and the
 * roles they took ({@code model_role_changes}, appended in order, each with the last response
 * learned before it took effect).
 */
public final class PostgresModelVersions {

  /**
   * A stored version.
   *
   * @param provenance how it was made, as JSON
   * @param warmStart the prior taken from an offline model, in the models' binary form; null when
   *     the version starts from the default prior (or when it was not read)
   */
  public record Version(
      String modelId,
      int version,
      String description,
      String provenance,
      byte[] warmStart,
      String createdBy,
      Instant createdAt) {}

  /** The impressions a version ranked in a period and how many were answered positively. */
  public record Served(String versionId, long impressions, long positives) {}

  /** The advisory lock key that orders role changes ("parcours" in ASCII, plus one). */
  static final long CHANGE_ORDER_LOCK = 0x706172636f757274L;

  private final DataSource dataSource;

  public PostgresModelVersions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Stores version 1 of a model and makes it champion at response 0, unless the model has versions
   * already; returns whether it did.
   */
  public boolean ensureFirst(String modelId, String description, String provenance, Instant at) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int inserted;
        try (PreparedStatement s =
            c.prepareStatement(
                "insert into model_versions (model_id, version, description, provenance, warm_start, created_by,"
                    + " created_at) values (?, 1, ?, ?::jsonb, null, 'parcours', ?) on conflict do nothing")) {
          s.setString(1, modelId);
          s.setString(2, description);
          s.setString(3, provenance);
          s.setTimestamp(4, Timestamp.from(at));
          inserted = s.executeUpdate();
        }
        if (inserted == 1) {
          insertChange(
              c,
              new ModelRoleChange(
                  0,
                  modelId,
                  1,
                  "champion",
                  0,
                  "created",
                  0,
                  "parcours",
                  at,
                  "the model every channel starts with"));
        }
        c.commit();
        return inserted == 1;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("storing the first version of " + modelId, e);
    }
  }

  /** The number the next version of {@code modelId} will get. */
  public int nextVersion(String modelId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select coalesce(max(version), 0) + 1 from model_versions where model_id = ?")) {
      s.setString(1, modelId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    } catch (SQLException e) {
      throw new PersistenceException("numbering the next version of " + modelId, e);
    }
  }

  /**
   * Stores, in one transaction, a new version (when {@code created} is not null) and role changes.
   *
   * @return the ids the changes were given, in order
   * @throws PersistenceException when the version number was taken meanwhile (another node) or the
   *     database fails: then nothing is stored
   */
  public List<Long> record(Version created, List<ModelRoleChange> changes) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        // Change ids in commit order across nodes, as response ids are: a node following the
        // changes
        // after the last it applied misses none.
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
          lock.setLong(1, CHANGE_ORDER_LOCK);
          lock.execute();
        }
        if (created != null) {
          try (PreparedStatement s =
              c.prepareStatement(
                  "insert into model_versions (model_id, version, description, provenance, warm_start, created_by,"
                      + " created_at) values (?, ?, ?, ?::jsonb, ?, ?, ?)")) {
            s.setString(1, created.modelId());
            s.setInt(2, created.version());
            s.setString(3, created.description());
            s.setString(4, created.provenance());
            if (created.warmStart() == null) {
              s.setNull(5, Types.BINARY);
            } else {
              s.setBytes(5, created.warmStart());
            }
            s.setString(6, created.createdBy());
            s.setTimestamp(7, Timestamp.from(created.createdAt()));
            s.executeUpdate();
          }
        }
        List<Long> ids = new ArrayList<>(changes.size());
        for (ModelRoleChange change : changes) {
          ids.add(insertChange(c, change));
        }
        c.commit();
        return ids;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("recording a change of model roles", e);
    }
  }

  private static long insertChange(Connection c, ModelRoleChange change) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into model_role_changes (model_id, version, role, traffic_share, action, at_response_id,"
                + " changed_by, changed_at, reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning change_id")) {
      s.setString(1, change.modelId());
      s.setInt(2, change.version());
      s.setString(3, change.role());
      s.setDouble(4, change.trafficShare());
      s.setString(5, change.action());
      s.setLong(6, change.atResponseId());
      s.setString(7, change.changedBy());
      s.setTimestamp(8, Timestamp.from(change.changedAt()));
      s.setString(9, change.reason());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Every version of {@code modelId}, oldest first, without their warm-start bytes. */
  public List<Version> versions(String modelId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select model_id, version, description, provenance::text, created_by, created_at from model_versions"
                    + " where model_id = ? order by version")) {
      s.setString(1, modelId);
      List<Version> all = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(
              new Version(
                  r.getString(1),
                  r.getInt(2),
                  r.getString(3),
                  r.getString(4),
                  null,
                  r.getString(5),
                  r.getTimestamp(6).toInstant()));
        }
      }
      return all;
    } catch (SQLException e) {
      throw new PersistenceException("reading the versions of " + modelId, e);
    }
  }

  /** One version with its warm-start bytes, if stored. */
  public Optional<Version> find(String modelId, int version) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select model_id, version, description, provenance::text, warm_start, created_by, created_at"
                    + " from model_versions where model_id = ? and version = ?")) {
      s.setString(1, modelId);
      s.setInt(2, version);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(
                new Version(
                    r.getString(1),
                    r.getInt(2),
                    r.getString(3),
                    r.getString(4),
                    r.getBytes(5),
                    r.getString(6),
                    r.getTimestamp(7).toInstant()))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading version " + version + " of " + modelId, e);
    }
  }

  /** The roles the versions of {@code modelId} took, in order. */
  public List<ModelRoleChange> changes(String modelId) {
    return changes("where model_id = ?", s -> s.setString(1, modelId));
  }

  /**
   * The role changes of every model that took effect after response {@code responseId}, in order.
   */
  public List<ModelRoleChange> changesAfter(long responseId) {
    return changes("where at_response_id > ?", s -> s.setLong(1, responseId));
  }

  /**
   * The role changes of every model recorded after change {@code changeId}, in the order recorded.
   */
  public List<ModelRoleChange> changesSince(long changeId) {
    return changes("where change_id > ?", s -> s.setLong(1, changeId));
  }

  /** The id of the last role change recorded; 0 when none. */
  public long lastChangeId() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select coalesce(max(change_id), 0) from model_role_changes");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new PersistenceException("reading the last model role change", e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  private List<ModelRoleChange> changes(String where, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select change_id, model_id, version, role, traffic_share, action, at_response_id, changed_by,"
                    + " changed_at, reason from model_role_changes "
                    + where
                    + " order by change_id")) {
      binder.bind(s);
      List<ModelRoleChange> all = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(
              new ModelRoleChange(
                  r.getLong(1),
                  r.getString(2),
                  r.getInt(3),
                  r.getString(4),
                  r.getDouble(5),
                  r.getString(6),
                  r.getLong(7),
                  r.getString(8),
                  r.getTimestamp(9).toInstant(),
                  r.getString(10)));
        }
      }
      return all;
    } catch (SQLException e) {
      throw new PersistenceException("reading model role changes", e);
    }
  }

  /**
   * Per version of {@code modelId}, the impressions it ranked in [{@code from}, {@code to}) and
   * those accepted or clicked.
   */
  public List<Served> served(String modelId, Instant from, Instant to) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select i.model_id, count(*), count(*) filter (where exists (select 1 from responses r"
                    + " where r.decision_id = i.decision_id and r.action_id = i.action_id"
                    + " and r.outcome in ('accepted', 'clicked')))"
                    + " from impressions i where i.model_id like ? and i.shown_at >= ? and i.shown_at < ?"
                    + " group by i.model_id order by i.model_id")) {
      s.setString(1, modelId.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "@%");
      s.setTimestamp(2, Timestamp.from(from));
      s.setTimestamp(3, Timestamp.from(to));
      List<Served> all = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(new Served(r.getString(1), r.getLong(2), r.getLong(3)));
        }
      }
      return all;
    } catch (SQLException e) {
      throw new PersistenceException("counting what the versions of " + modelId + " served", e);
    }
  }
}
