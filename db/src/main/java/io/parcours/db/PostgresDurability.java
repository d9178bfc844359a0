package io.parcours.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * What a commit on this PostgreSQL server promises, as the server itself reports it.
 *
 * <p>An acknowledgement in Parcours means "committed with fsync": that needs {@code fsync} on (the
 * server flushes the write-ahead log to disk), {@code synchronous_commit} on for the engine's own
 * connections (a commit returns only once its WAL record is flushed; the pool asks for it on every
 * connection, whatever the server's default) and {@code full_page_writes} on (a page torn by a
 * crash can be rebuilt from the log).
 *
 * @param fsync the server's {@code fsync}
 * @param synchronousCommit {@code synchronous_commit} of the engine's connections
 * @param fullPageWrites the server's {@code full_page_writes}
 */
public record PostgresDurability(String fsync, String synchronousCommit, String fullPageWrites) {

  /** Reads the three settings on one of the pool's connections. */
  public static PostgresDurability of(DataSource dataSource) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT current_setting('fsync'), current_setting('synchronous_commit'),"
                    + " current_setting('full_page_writes')")) {
      r.next();
      return new PostgresDurability(r.getString(1), r.getString(2), r.getString(3));
    } catch (SQLException e) {
      throw new PersistenceException("cannot read the database's durability settings", e);
    }
  }

  /** Whether a committed transaction survives a crash of PostgreSQL or of the machine. */
  public boolean durable() {
    // every level but off (local, on, remote_write, remote_apply) flushes the local WAL before
    // returning
    return "on".equals(fsync) && !"off".equals(synchronousCommit) && "on".equals(fullPageWrites);
  }

  @Override
  public String toString() {
    return "fsync="
        + fsync
        + ", synchronous_commit="
        + synchronousCommit
        + ", full_page_writes="
        + fullPageWrites
        + (durable()
            ? " (durable)"
            : " (NOT durable: an acknowledged write can be lost in a crash)");
  }
}
