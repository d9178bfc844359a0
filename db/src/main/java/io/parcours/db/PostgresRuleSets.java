package io.parcours.db;

import io.parcours.domain.RuleSetActivation;
import io.parcours.domain.RuleSetChange;
import io.parcours.domain.RuleSetReview;
import io.parcours.domain.RuleSetSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Rule-set versions in PostgreSQL: immutable once stored. The active version is the latest
 * activation, and every activation is kept, so the history of what was active when is itself the
 * audit trail.
 */
public final class PostgresRuleSets {

  /** One file of a rule set: a DRL file or a decision table. */
  public record StoredFile(String name, byte[] content) {}

  /** A stored rule-set version with its files. */
  public record StoredRuleSet(
      String version,
      Instant createdAt,
      String author,
      String comment,
      String checksum,
      List<StoredFile> files) {}

  private final DataSource dataSource;

  public PostgresRuleSets(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stores a new version with its files in one transaction. */
  public void store(StoredRuleSet ruleSet) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement head =
              c.prepareStatement(
                  "insert into rule_sets (version, created_at, author, comment, checksum) values (?, ?, ?, ?, ?)");
          PreparedStatement files =
              c.prepareStatement(
                  "insert into rule_set_files (version, name, content) values (?, ?, ?)")) {
        head.setString(1, ruleSet.version());
        head.setTimestamp(2, Timestamp.from(ruleSet.createdAt()));
        head.setString(3, ruleSet.author());
        head.setString(4, ruleSet.comment());
        head.setString(5, ruleSet.checksum());
        head.executeUpdate();
        for (StoredFile f : ruleSet.files()) {
          files.setString(1, ruleSet.version());
          files.setString(2, f.name());
          files.setBytes(3, f.content());
          files.addBatch();
        }
        files.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("storing rule set " + ruleSet.version(), e);
    }
  }

  /** Makes {@code version} the active one, recording who did it and why. */
  public void activate(String version, String by, String comment, Instant at) {
    activate(version, "activated", by, comment, at, null);
  }

  /**
   * Records an activation of {@code kind} ({@code activated} or {@code rolled-back}) and, in the
   * same transaction, the change in the audit of rule changes.
   *
   * @param previous the version in force before, or null
   */
  public void activate(
      String version, String kind, String by, String comment, Instant at, String previous) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into rule_set_activations (version, activated_by, activated_at, comment, kind)"
                  + " values (?, ?, ?, ?, ?)")) {
        s.setString(1, version);
        s.setString(2, by);
        s.setTimestamp(3, Timestamp.from(at));
        s.setString(4, comment);
        s.setString(5, kind);
        s.executeUpdate();
        insertChange(c, kind, version, previous, by, at, comment, "{}");
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("activating rule set " + version, e);
    }
  }

  /**
   * Records a review of {@code version} and, in the same transaction, the change in the audit of
   * rule changes; returns false, recording nothing, when {@code reviewer} has already reviewed it.
   *
   * @param verdict {@code approved} or {@code rejected}
   */
  public boolean review(
      String version, String reviewer, String verdict, Instant at, String comment) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into rule_set_reviews (version, reviewer, verdict, reviewed_at, comment)"
                  + " values (?, ?, ?, ?, ?) on conflict (version, reviewer) do nothing")) {
        s.setString(1, version);
        s.setString(2, reviewer);
        s.setString(3, verdict);
        s.setTimestamp(4, Timestamp.from(at));
        s.setString(5, comment);
        if (s.executeUpdate() == 0) {
          c.rollback();
          return false;
        }
        insertChange(c, verdict, version, null, reviewer, at, comment, "{}");
        c.commit();
        return true;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("recording a review of rule set " + version, e);
    }
  }

  /** The reviews of {@code version}, oldest first. */
  public List<RuleSetReview> reviews(String version) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select review_id, version, reviewer, verdict, reviewed_at, comment from rule_set_reviews"
                    + " where version = ? order by review_id")) {
      s.setString(1, version);
      List<RuleSetReview> all = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(
              new RuleSetReview(
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getTimestamp(5).toInstant(),
                  r.getString(6)));
        }
      }
      return all;
    } catch (SQLException e) {
      throw new PersistenceException("reading the reviews of rule set " + version, e);
    }
  }

  /** Every activation, oldest first. */
  public List<RuleSetActivation> activations() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select activation_id, version, kind, activated_by, activated_at, comment"
                    + " from rule_set_activations order by activation_id");
        ResultSet r = s.executeQuery()) {
      List<RuleSetActivation> all = new ArrayList<>();
      while (r.next()) {
        all.add(
            new RuleSetActivation(
                r.getLong(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getTimestamp(5).toInstant(),
                r.getString(6)));
      }
      return all;
    } catch (SQLException e) {
      throw new PersistenceException("reading rule-set activations", e);
    }
  }

  /**
   * Stores a new version under the next version number, with the change in the audit of rule
   * changes, in one transaction; returns the version.
   */
  public String storeNext(
      Instant createdAt,
      String author,
      String comment,
      String checksum,
      String basedOn,
      String scenariosJson,
      List<StoredFile> content,
      String detailsJson) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement lock = c.prepareStatement("lock table rule_sets in exclusive mode");
          PreparedStatement next =
              c.prepareStatement(
                  "select coalesce(max(version::bigint), 0) + 1 from rule_sets where version ~ '^[0-9]+$'");
          PreparedStatement head =
              c.prepareStatement(
                  "insert into rule_sets (version, created_at, author, comment, checksum, based_on,"
                      + " scenarios) values (?, ?, ?, ?, ?, ?, ?::jsonb)");
          PreparedStatement files =
              c.prepareStatement(
                  "insert into rule_set_files (version, name, content) values (?, ?, ?)")) {
        lock.execute();
        String version;
        try (ResultSet r = next.executeQuery()) {
          r.next();
          version = String.valueOf(r.getLong(1));
        }
        head.setString(1, version);
        head.setTimestamp(2, Timestamp.from(createdAt));
        head.setString(3, author);
        head.setString(4, comment);
        head.setString(5, checksum);
        head.setString(6, basedOn);
        head.setString(7, scenariosJson);
        head.executeUpdate();
        for (StoredFile f : content) {
          files.setString(1, version);
          files.setString(2, f.name());
          files.setBytes(3, f.content());
          files.addBatch();
        }
        files.executeBatch();
        insertChange(c, "uploaded", version, basedOn, author, createdAt, comment, detailsJson);
        c.commit();
        return version;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("storing a new rule-set version", e);
    }
  }

  /** Records a refused upload in the audit of rule changes, with why it was refused. */
  public void recordRefusal(
      String actor, Instant at, String comment, String basedOn, String detailsJson) {
    try (Connection c = dataSource.getConnection()) {
      insertChange(c, "refused", null, basedOn, actor, at, comment, detailsJson);
    } catch (SQLException e) {
      throw new PersistenceException("recording a refused rule-set upload", e);
    }
  }

  private static void insertChange(
      Connection c,
      String kind,
      String version,
      String previous,
      String actor,
      Instant at,
      String comment,
      String detailsJson)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into rule_set_changes (kind, version, previous_version, actor, changed_at, comment,"
                + " details) values (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
      s.setString(1, kind);
      s.setString(2, version);
      s.setString(3, previous);
      s.setString(4, actor);
      s.setTimestamp(5, Timestamp.from(at));
      s.setString(6, comment);
      s.setString(7, detailsJson);
      s.executeUpdate();
    }
  }

  /** The changes to the rules, newest first. */
  public List<RuleSetChange> changes(int limit, int offset) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select change_id, kind, version, previous_version, actor, changed_at, comment,"
                    + " details::text from rule_set_changes order by change_id desc limit ? offset ?")) {
      s.setInt(1, limit);
      s.setInt(2, offset);
      List<RuleSetChange> all = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(
              new RuleSetChange(
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getTimestamp(6).toInstant(),
                  r.getString(7),
                  r.getString(8)));
        }
      }
      return all;
    } catch (SQLException e) {
      throw new PersistenceException("reading rule changes", e);
    }
  }

  /** Every stored version without its files, newest first. */
  public List<RuleSetSummary> list() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select s.version, s.created_at, s.author, s.comment, s.checksum, s.based_on,"
                    + " (select count(*) from rule_set_files f where f.version = s.version),"
                    + " s.scenarios::text from rule_sets s order by s.created_at desc, s.version desc");
        ResultSet r = s.executeQuery()) {
      List<RuleSetSummary> all = new ArrayList<>();
      while (r.next()) {
        all.add(summary(r));
      }
      return all;
    } catch (SQLException e) {
      throw new PersistenceException("listing rule sets", e);
    }
  }

  /** The summary of {@code version}, if stored. */
  public Optional<RuleSetSummary> summary(String version) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select s.version, s.created_at, s.author, s.comment, s.checksum, s.based_on,"
                    + " (select count(*) from rule_set_files f where f.version = s.version),"
                    + " s.scenarios::text from rule_sets s where s.version = ?")) {
      s.setString(1, version);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(summary(r)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading rule set " + version, e);
    }
  }

  private static RuleSetSummary summary(ResultSet r) throws SQLException {
    return new RuleSetSummary(
        r.getString(1),
        r.getTimestamp(2).toInstant(),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        r.getString(6),
        r.getInt(7),
        r.getString(8));
  }

  /** The version of the latest activation, if any. */
  public Optional<String> activeVersion() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select version from rule_set_activations order by activation_id desc limit 1");
        ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      throw new PersistenceException("reading the active rule set", e);
    }
  }

  /** The version stored with {@code checksum}, if any. */
  public Optional<String> versionWithChecksum(String checksum) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select version from rule_sets where checksum = ?")) {
      s.setString(1, checksum);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceException("looking up a rule set by checksum", e);
    }
  }

  /** How many versions are stored. */
  public int count() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select count(*) from rule_sets");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getInt(1);
    } catch (SQLException e) {
      throw new PersistenceException("counting rule sets", e);
    }
  }

  /** Version {@code version} with its files, if stored. */
  public Optional<StoredRuleSet> find(String version) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement head =
            c.prepareStatement(
                "select version, created_at, author, comment, checksum from rule_sets where version = ?");
        PreparedStatement files =
            c.prepareStatement(
                "select name, content from rule_set_files where version = ? order by name")) {
      head.setString(1, version);
      try (ResultSet r = head.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        files.setString(1, version);
        List<StoredFile> content = new ArrayList<>();
        try (ResultSet f = files.executeQuery()) {
          while (f.next()) {
            content.add(new StoredFile(f.getString(1), f.getBytes(2)));
          }
        }
        return Optional.of(
            new StoredRuleSet(
                r.getString(1),
                r.getTimestamp(2).toInstant(),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                content));
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading rule set " + version, e);
    }
  }
}
