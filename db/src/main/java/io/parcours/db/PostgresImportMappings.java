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

/** The CSV import mappings an administrator saved, by name, as their JSON text. */
public final class PostgresImportMappings {

  /** A saved mapping: its name, its JSON text, and when and by whom it was last saved. */
  public record Stored(String name, String content, Instant savedAt, String savedBy) {}

  private final DataSource dataSource;

  public PostgresImportMappings(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Saves {@code content} under {@code name}, replacing what was there; returns whether it is new.
   */
  public boolean save(String name, String content, Instant at, String by) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into customer_import_mappings (name, content, saved_at, saved_by) values (?, ?, ?, ?)"
                    + " on conflict (name) do update set content = excluded.content, saved_at = excluded.saved_at,"
                    + " saved_by = excluded.saved_by returning (xmax = 0)")) {
      s.setString(1, name);
      s.setString(2, content);
      s.setTimestamp(3, Timestamp.from(at));
      s.setString(4, by);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new PersistenceException("saving the import mapping " + name, e);
    }
  }

  /** The mapping saved under {@code name}, if any. */
  public Optional<Stored> find(String name) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select name, content, saved_at, saved_by from customer_import_mappings where name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(read(r)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading the import mapping " + name, e);
    }
  }

  /** Every saved mapping, by name. */
  public List<Stored> all() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select name, content, saved_at, saved_by from customer_import_mappings order by name");
        ResultSet r = s.executeQuery()) {
      List<Stored> all = new ArrayList<>();
      while (r.next()) {
        all.add(read(r));
      }
      return all;
    } catch (SQLException e) {
      throw new PersistenceException("listing the import mappings", e);
    }
  }

  private static Stored read(ResultSet r) throws SQLException {
    return new Stored(
        r.getString(1), r.getString(2), r.getTimestamp(3).toInstant(), r.getString(4));
  }
}
