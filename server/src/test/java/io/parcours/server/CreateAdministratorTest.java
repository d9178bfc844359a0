package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.db.Pbkdf2Passwords;
import io.parcours.db.PostgresDatabase;
import io.parcours.db.PostgresUsers;
import io.parcours.engine.cache.VerifiedCredential;
import io.parcours.engine.runtime.UserDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.infinispan.Cache;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first administrator, created by the command on an empty database, and only once. */
class CreateAdministratorTest {

  private record Run(int status, String out, String err) {}

  private static Run run(Map<String, String> env, String username) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        CreateAdministrator.run(
            env,
            username,
            "Alice Martin",
            Clock.systemUTC(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void onAnEmptyDatabaseItCreatesAnAdministratorWhoCanSignInAndASecondRunIsRefused(
      @TempDir Path dir) throws Exception {
    try (EmbeddedDatabase db =
        EmbeddedDatabase.start(
            0, dir.resolve("postgres"), EmbeddedDatabase.Durability.UNSAFE_NO_FSYNC)) {
      Map<String, String> env =
          Map.of(
              "PARCOURS_DB_URL",
              db.jdbcUrl(),
              "PARCOURS_DB_USER",
              "postgres",
              "PARCOURS_DB_PASSWORD",
              "postgres");
      Run first = run(env, "alice");
      assertEquals(0, first.status(), first.err());
      Matcher shown = Pattern.compile("Password, shown this once: (\\S+)").matcher(first.out());
      assertTrue(shown.find(), first.out());
      String password = shown.group(1);

      try (PostgresDatabase database =
              PostgresDatabase.connect(
                  new PostgresDatabase.Settings(db.jdbcUrl(), "postgres", "postgres", 2));
          DefaultCacheManager caches = new DefaultCacheManager()) {
        caches.defineConfiguration(
            "verified", new org.infinispan.configuration.cache.ConfigurationBuilder().build());
        Cache<String, VerifiedCredential> verified = caches.getCache("verified");
        PostgresUsers users = new PostgresUsers(database.dataSource());
        UserDirectory directory = new UserDirectory(users, verified, Clock.systemUTC());
        assertEquals(
            Set.of("admin"), directory.authenticate("alice", password), "alice signs in as admin");
        assertEquals(Set.of(), directory.authenticate("alice", password + "x"));
        PostgresUsers.Change created = users.changes("alice", 1, 0).get(0);
        assertEquals("created", created.kind());
        assertTrue(created.changedBy().startsWith("(create-admin command"), created.changedBy());
        assertTrue(
            Pbkdf2Passwords.verify(password, users.find("alice").orElseThrow().passwordHash()));
      }

      Run second = run(env, "bob");
      assertEquals(1, second.status());
      assertEquals(1, second.err().lines().count(), second.err());
      assertTrue(second.err().contains("an enabled administrator exists already"), second.err());
      assertEquals("", second.out(), "no password printed when nothing was created");
    }
  }

  @Test
  void aWrongNameOrAnUnreachableDatabaseIsOneClearLineAndANonZeroExit() {
    Run badName = run(Map.of(), "Alice Martin");
    assertEquals(1, badName.status());
    assertTrue(badName.err().contains("-Dparcours.admin.username"), badName.err());
    Run noDatabase =
        run(
            Map.of("PARCOURS_DB_URL", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2"),
            "alice");
    assertEquals(1, noDatabase.status());
    assertTrue(
        noDatabase
            .err()
            .startsWith(
                "create-admin: cannot create the administrator in jdbc:postgresql://127.0.0.1:1/none"),
        noDatabase.err());
  }
}
