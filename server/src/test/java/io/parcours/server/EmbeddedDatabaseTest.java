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
