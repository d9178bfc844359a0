package io.parcours.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool to Parcours' PostgreSQL database and its schema migrations.
 *
 * <p>The pool is the application's own (HikariCP) rather than the server's, so that the engine runs the
 * same way inside Payara, in benchmarks and in tests.
 */
public final class PostgresDatabase implements AutoCloseable {

  private final HikariDataSource dataSource;

  /** Connection settings: JDBC URL, user, password and the largest number of pooled connections. */
  public record Settings(String url, String user, String password, int poolSize) {}

  private PostgresDatabase(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Opens a pool; fails fast with the driver's message when the database cannot be reached. */
  public static PostgresDatabase connect(Settings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("parcours");
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(Math.min(2, settings.poolSize()));
    config.setDriverClassName(org.postgresql.Driver.class.getName());
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("ApplicationName", "parcours");
    // an acknowledgement means committed with fsync, whatever the server's default for sessions
    config.addDataSourceProperty("options", "-c synchronous_commit=on");
    return new PostgresDatabase(new HikariDataSource(config));
  }

  /** Brings the schema to the latest version; returns how many migrations were applied. */
  public int migrate() {
    Flyway flyway =
        Flyway.configure(PostgresDatabase.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:io/parcours/db/migration")
            .load();
    return flyway.migrate().migrationsExecuted;
  }

  /** What a commit promises on this server: fsync, synchronous commit, full-page writes. */
  public PostgresDurability durability() {
    return PostgresDurability.of(dataSource);
  }

  /** The pooled data source. */
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  static Array textArray(Connection c, Collection<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray(new String[0]));
  }
}
