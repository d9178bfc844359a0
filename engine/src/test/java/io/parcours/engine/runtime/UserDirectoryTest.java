package io.parcours.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.db.PostgresDatabase;
import io.parcours.db.PostgresUsers;
import io.parcours.engine.UserChangeException;
import io.parcours.engine.cache.VerifiedCredential;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes sharing one database, each with its own cache of verified credentials: a change an
 * administrator makes on one counts on the other at its next request.
 */
class UserDirectoryTest {

  private static EmbeddedPostgres postgres;
  private static PostgresDatabase database;
  private static DefaultCacheManager caches;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    database =
        PostgresDatabase.connect(
            new PostgresDatabase.Settings(
                postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 4));
    database.migrate();
    caches = new DefaultCacheManager();
    caches.defineConfiguration("node-a", new ConfigurationBuilder().build());
    caches.defineConfiguration("node-b", new ConfigurationBuilder().build());
  }

  @AfterAll
  static void stop() throws Exception {
    caches.close();
    database.close();
    postgres.close();
  }

  private static UserDirectory node(String name) {
    Cache<String, VerifiedCredential> verified = caches.getCache(name);
    return new UserDirectory(new PostgresUsers(database.dataSource()), verified, Clock.systemUTC());
  }

  @Test
  void aChangeMadeOnOneNodeCountsAtTheNextRequestOnAnother(@TempDir Path dir) throws Exception {
    UserDirectory nodeA = node("node-a");
    UserAdministration admin =
        new UserAdministration(new PostgresUsers(database.dataSource()), Clock.systemUTC());
    Path demo = dir.resolve("demo-users.properties");
    Files.writeString(
        demo,
        "channel=c-pass-1\nbusiness=b-pass-2\nscientist=s-pass-3\ncompliance=co-pass-4\n"
            + "approver=ap-pass-5\nadmin=ad-pass-6\n");
    nodeA.createDemoUsers(demo);
    assertEquals(Set.of("channel"), nodeA.authenticate("channel", "c-pass-1"));
    assertEquals(
        Set.of(), nodeA.authenticate("channel", "b-pass-2"), "each demo user has its own password");
    assertEquals(Set.of("admin"), nodeA.authenticate("admin", "ad-pass-6"));

    admin.create("admin", "ana", "Ana", Set.of("business"), "ana's passphrase");
    assertEquals(
        Set.of("business"), nodeA.authenticate("ana", "ana's passphrase"), "remembered on node A");

    admin.setRoles("admin", "ana", Set.of("business", "compliance"));
    assertEquals(Set.of("business", "compliance"), nodeA.authenticate("ana", "ana's passphrase"));
    admin.setEnabled("admin", "ana", false);
    assertEquals(
        Set.of(), nodeA.authenticate("ana", "ana's passphrase"), "disabled: refused at once");
    admin.setEnabled("admin", "ana", true);
    String generated = admin.resetPassword("admin", "ana", null).generatedPassword();
    assertEquals(
        Set.of(), nodeA.authenticate("ana", "ana's passphrase"), "the old password stops at once");
    assertEquals(Set.of("business", "compliance"), nodeA.authenticate("ana", generated));

    nodeA.createDemoUsers(demo);
    assertEquals(
        1,
        new PostgresUsers(database.dataSource()).changes("channel", 10, 0).size(),
        "a restart with the same file changes nothing");
    Files.writeString(demo, Files.readString(demo).replace("c-pass-1", "c-pass-9"));
    nodeA.createDemoUsers(demo);
    assertEquals(Set.of("channel"), nodeA.authenticate("channel", "c-pass-9"));
    assertEquals(Set.of(), nodeA.authenticate("channel", "c-pass-1"));
    assertEquals(
        "(demo mode)",
        new PostgresUsers(database.dataSource()).changes("channel", 1, 0).get(0).changedBy());

    Files.writeString(demo, "channel=only-one\n");
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> nodeA.createDemoUsers(demo));
    assertTrue(missing.getMessage().contains("'business'"), missing.getMessage());

    UserChangeException last =
        assertThrows(UserChangeException.class, () -> admin.setEnabled("admin", "admin", false));
    assertEquals(UserChangeException.Kind.CONFLICT, last.kind());
  }

  @Test
  void aNodeThatVerifiedAPasswordRefusesItOnceAnotherNodeDisabledTheUser() {
    UserDirectory nodeA = node("node-a");
    UserDirectory nodeB = node("node-b");
    UserAdministration admin =
        new UserAdministration(new PostgresUsers(database.dataSource()), Clock.systemUTC());
    admin.create("someone", "crm-web", null, Set.of("channel"), "crm web passphrase");
    assertEquals(Set.of("channel"), nodeA.authenticate("crm-web", "crm web passphrase"));
    assertEquals(Set.of("channel"), nodeB.authenticate("crm-web", "crm web passphrase"));
    admin.setEnabled(
        "someone", "crm-web", false); // through node B's API, say: only the database knows
    assertEquals(Set.of(), nodeA.authenticate("crm-web", "crm web passphrase"));
    assertEquals(Set.of(), nodeB.authenticate("crm-web", "crm web passphrase"));
  }
}
