package io.parcours.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool to Parcours' PostgreSQL database and its schema migrations.
 *
 * <p>The pool is the application's own (HikariCP) rather than the server's, so that the engine runs
 * the same way inside Payara, in benchmarks and in tests.
 */
public final class PostgresDatabase implements AutoCloseable {

  /**
   * How long a request waits for a pooled connection before it is told to retry: half a second, so
   * that the first requests after the database goes away, which wait for it before it is known to
   * be away, are still answered within a second.
   */
  static final long CONNECTION_TIMEOUT_MILLIS = 500;

  private final HikariDataSource dataSource;
  private final DatabaseAvailability availability;

  /** Connection settings: JDBC URL, user, password and the largest number of pooled connections. */
  public record Settings(String url, String user, String password, int poolSize) {}

  private PostgresDatabase(HikariDataSource dataSource, Settings settings) {
    this.dataSource = dataSource;
    int minimumIdle = dataSource.getMinimumIdle();
    this.availability =
        new DatabaseAvailability(
            dataSource,
            new DatabaseAvailability.Pool() {
              @Override
              public void pause() {
                // no idle connection to keep and, with no request waiting, none to open: the pool's
                // connection adder stops instead of retrying with ever longer pauses
                dataSource.setMinimumIdle(0);
                var pool = dataSource.getHikariPoolMXBean();
                if (pool != null) {
                  pool.softEvictConnections();
                }
              }

              @Override
              public void resume() {
                dataSource.setMinimumIdle(minimumIdle);
              }

              @Override
              public Connection direct() throws SQLException {
                return probeConnection(settings);
              }
            },
            Clock.systemUTC());
  }

  /**
   * A connection of its own to the database, for the availability probe, waiting at most two
   * seconds.
   */
  private static Connection probeConnection(Settings settings) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", settings.user());
    properties.setProperty("password", settings.password());
    properties.setProperty("ApplicationName", "parcours-probe");
    properties.setProperty("connectTimeout", "2");
    properties.setProperty("loginTimeout", "2");
    properties.setProperty("socketTimeout", "2");
    Connection c = new org.postgresql.Driver().connect(settings.url(), properties);
    if (c == null) {
      throw new SQLException("not a PostgreSQL URL: " + settings.url(), "08001");
    }
    return c;
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
    // a request waits at most half a second for a connection; beyond, it is answered 503 and
    // retries
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    config.setValidationTimeout(250);
    config.setDriverClassName(org.postgresql.Driver.class.getName());
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("ApplicationName", "parcours");
    // an acknowledgement means committed with fsync, whatever the server's default for sessions
    config.addDataSourceProperty("options", "-c synchronous_commit=on");
    return new PostgresDatabase(new HikariDataSource(config), settings);
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

  /**
   * The pooled data source; while the database is down, its {@code getConnection} fails at once
   * ({@link DatabaseAvailability}).
   */
  public DataSource dataSource() {
    return availability.dataSource();
  }

  /** Whether the database answers, as its probe last saw. */
  public DatabaseAvailability availability() {
    return availability;
  }

  @Override
  public void close() {
    availability.close();
    dataSource.close();
  }

  static Array textArray(Connection c, Collection<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray(new String[0]));
  }
}
