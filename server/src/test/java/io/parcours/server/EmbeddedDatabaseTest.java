package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedDatabaseTest {

  @Test
  void theEmbeddedDatabaseIsDurableUnlessTheUnsafeSettingIsNamed() throws Exception {
    try (EmbeddedDatabase db =
        EmbeddedDatabase.start(0, null, EmbeddedDatabase.Durability.DURABLE)) {
      assertEquals("on on on", settings(db));
    }
    try (EmbeddedDatabase db =
        EmbeddedDatabase.start(0, null, EmbeddedDatabase.Durability.UNSAFE_NO_FSYNC)) {
      assertEquals("off off off", settings(db));
    }
  }

  @Test
  void theUnsafeSettingTakesTrueOrFalseAndNothingElse() {
    String property = "parcours.embedded-db.unsafe-no-fsync";
    try {
      System.setProperty(property, "false");
      assertEquals(
          EmbeddedDatabase.Durability.DURABLE, EmbeddedDatabase.Durability.fromEnvironment());
      System.setProperty(property, "TRUE");
      assertEquals(
          EmbeddedDatabase.Durability.UNSAFE_NO_FSYNC,
          EmbeddedDatabase.Durability.fromEnvironment());
      System.setProperty(property, "yes");
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, EmbeddedDatabase.Durability::fromEnvironment);
      assertEquals(
          "PARCOURS_EMBEDDED_DB_UNSAFE_NO_FSYNC must be true or false (false, the default, keeps fsync on),"
              + " got 'yes'",
          e.getMessage());
    } finally {
      System.clearProperty(property);
    }
  }

  @Test
  void statementStatisticsAreLoadedOnlyWhenAskedFor() throws Exception {
    String property = "parcours.embedded-db.statement-statistics";
    try {
      try (EmbeddedDatabase db =
          EmbeddedDatabase.start(0, null, EmbeddedDatabase.Durability.UNSAFE_NO_FSYNC)) {
        assertEquals("", preloaded(db));
      }
      System.setProperty(property, "true");
      try (EmbeddedDatabase db =
          EmbeddedDatabase.start(0, null, EmbeddedDatabase.Durability.UNSAFE_NO_FSYNC)) {
        assertEquals("pg_stat_statements", preloaded(db));
      }
      System.setProperty(property, "on");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, EmbeddedDatabase::statementStatistics);
      assertEquals(
          "PARCOURS_EMBEDDED_DB_STATEMENT_STATISTICS must be true or false (false by default),"
              + " got 'on'",
          e.getMessage());
    } finally {
      System.clearProperty(property);
    }
  }

  private static String preloaded(EmbeddedDatabase db) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT current_setting('shared_preload_libraries')")) {
      r.next();
      return r.getString(1);
    }
  }

  /**
   * The server's own fsync, synchronous_commit (as a plain session sees it) and full_page_writes.
   */
  private static String settings(EmbeddedDatabase db) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit') || ' '"
                    + " || current_setting('full_page_writes')")) {
      r.next();
      return r.getString(1);
    }
  }
}
