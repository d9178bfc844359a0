package io.parcours.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Reads a query's rows through a server-side cursor, so that any number of rows streams in constant
 * memory: PostgreSQL's JDBC driver fetches in pages only inside a transaction and with a fetch
 * size.
 */
final class Cursors {

  /** How many rows a page holds. */
  static final int FETCH = 1_000;

  /** Sets the query's parameters. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  /** Reads one row; may throw to stop the stream. */
  @FunctionalInterface
  interface RowReader {
    void read(ResultSet r) throws Exception;
  }

  private Cursors() {}

  /**
   * Runs {@code sql} and hands each row to {@code reader}, in a read-only transaction rolled back
   * at the end.
   *
   * @param what what is being read, for the error message
   * @return how many rows were read
   */
  static long stream(
      DataSource dataSource, String sql, Binder binder, RowReader reader, String what)
      throws Exception {
    long rows = 0;
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setFetchSize(FETCH);
        binder.bind(s);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            reader.read(r);
            rows++;
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new PersistenceException(what, e);
    }
    return rows;
  }
}
