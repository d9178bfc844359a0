package io.parcours.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseAvailabilityTest {

  @TempDir Path data;

  @Test
  void aDatabaseThatGoesAwayIsRefusedAtOnceAndUsedAgainWhenItComesBack() throws Exception {
    EmbeddedPostgres postgres = start(0);
    int port = postgres.getPort();
    try (PostgresDatabase database =
        PostgresDatabase.connect(
            new PostgresDatabase.Settings(
                postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 4))) {
      DatabaseAvailability availability = database.availability();
      assertEquals(1, selectOne(database));
      assertTrue(availability.up());

      postgres.close();
      SQLException first = assertThrows(SQLException.class, () -> selectOne(database));
      assertTrue(
          DatabaseAvailability.isUnreachable(first), "a stopped database is unreachable: " + first);
      awaitState(availability, false);
      SQLTransientConnectionException refused =
          assertThrows(
              SQLTransientConnectionException.class, () -> database.dataSource().getConnection());
      assertTrue(
          refused.getMessage().startsWith("the database has not answered since "),
          refused.getMessage());
      assertTrue(DatabaseAvailability.isUnreachable(new RuntimeException("wrapped", refused)));
      assertFalse(availability.state().up());

      postgres = start(port);
      awaitState(availability, true);
      assertEquals(
          1, selectOne(database), "connections broken by the stop are not handed out again");
    } finally {
      postgres.close();
    }
  }

  /**
   * After a long absence the pool's own retries would pause 5 s between attempts; the pool opens no
   * connection while the database is away, and opens one at the first request once it answers
   * again.
   */
  @Test
  void afterALongAbsenceTheDatabaseIsUsedAsSoonAsItAnswers() throws Exception {
    EmbeddedPostgres postgres = start(0);
    int port = postgres.getPort();
    try (PostgresDatabase database =
        PostgresDatabase.connect(
            new PostgresDatabase.Settings(
                postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 4))) {
      assertEquals(1, selectOne(database));
      postgres.close();
      // requests go on for 12 s, long enough for the pool's retries to reach their longest pause
      long away = System.nanoTime();
      while (System.nanoTime() - away < TimeUnit.SECONDS.toNanos(12)) {
        assertThrows(SQLException.class, () -> selectOne(database));
        TimeUnit.MILLISECONDS.sleep(100);
      }
      assertFalse(database.availability().up());

      postgres = start(port);
      long back = System.nanoTime();
      while (true) {
        try {
          assertEquals(1, selectOne(database));
          break;
        } catch (SQLException notYet) {
          TimeUnit.MILLISECONDS.sleep(50);
        }
        assertTrue(
            System.nanoTime() - back < TimeUnit.SECONDS.toNanos(10), "the database is used again");
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
      assertTrue(
          millis < 2_000,
          "used again " + millis + " ms after it answered; the pool's own pause is 5 s");
    } finally {
      postgres.close();
    }
  }

  @Test
  void aStatementTheDatabaseRefusesIsNotADatabaseAway() {
    assertFalse(DatabaseAvailability.isUnreachable(new SQLException("syntax error", "42601")));
    assertFalse(
        DatabaseAvailability.isUnreachable(
            new SQLTransientConnectionException(
                "parcours - Connection is not available, request timed out after 1000ms")));
    assertTrue(
        DatabaseAvailability.isUnreachable(
            new SQLException("the database system is starting up", "57P03")));
    assertTrue(
        DatabaseAvailability.isUnreachable(
            new SQLTransientConnectionException(
                "timed out", null, new SQLException("Connection refused", "08001"))));
  }

  private EmbeddedPostgres start(int port) throws Exception {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false);
    if (port > 0) {
      builder.setPort(port);
    }
    return builder.start();
  }

  @Test
  void aPoolWithEveryConnectionBusyIsNotADatabaseAway() throws Exception {
    try (EmbeddedPostgres postgres = start(0);
        PostgresDatabase database =
            PostgresDatabase.connect(
                new PostgresDatabase.Settings(
                    postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 2))) {
      DatabaseAvailability availability = database.availability();
      try (Connection one = database.dataSource().getConnection();
          Connection two = database.dataSource().getConnection()) {
        // the probe asks every 250 ms and waits 500 ms for a connection: several of its tries time
        // out
        TimeUnit.MILLISECONDS.sleep(2_000);
        assertTrue(
            availability.up(), "a busy pool is not a database away: " + availability.state());
      }
      assertEquals(1, selectOne(database));
    }
  }

  private static int selectOne(PostgresDatabase database) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        var r = s.executeQuery("select 1")) {
      r.next();
      return r.getInt(1);
    }
  }

  /** Waits, bounded, for the probe to see the database {@code up} or down. */
  private static void awaitState(DatabaseAvailability availability, boolean up)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (availability.up() != up && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    assertEquals(
        up, availability.up(), "the probe saw the database " + (up ? "come back" : "go away"));
  }
}
