package io.parcours.db;

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
 * Rule-set versions in PostgreSQL: immutable once stored. The active version is the latest activation,
 * and every activation is kept, so the history of what was active when is itself the audit trail.
 */
public final class PostgresRuleSets {

  /** One file of a rule set: a DRL file or a decision table. */
  public record StoredFile(String name, byte[] content) {}

  /** A stored rule-set version with its files. */
  public record StoredRuleSet(
      String version, Instant createdAt, String author, String comment, String checksum, List<StoredFile> files) {}

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
              c.prepareStatement("insert into rule_set_files (version, name, content) values (?, ?, ?)")) {
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
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into rule_set_activations (version, activated_by, activated_at, comment)"
                    + " values (?, ?, ?, ?)")) {
      s.setString(1, version);
      s.setString(2, by);
      s.setTimestamp(3, Timestamp.from(at));
      s.setString(4, comment);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException("activating rule set " + version, e);
    }
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
        PreparedStatement s = c.prepareStatement("select version from rule_sets where checksum = ?")) {
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
