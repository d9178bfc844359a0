package io.parcours.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Decision;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.Issue;
import io.parcours.domain.Outcome;
import io.parcours.domain.Proposal;
import io.parcours.domain.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PostgreSQL adapters against a real, embedded PostgreSQL with the migrated schema. */
class PostgresAdaptersTest {

  private static EmbeddedPostgres postgres;
  private static PostgresDatabase database;
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final Action CARD =
      new Action("travel-card", "Card abroad", Issue.SERVICE, "travel", "service",
          Set.of(Channel.WEB, Channel.APP), 5, 1, "Use your card abroad");

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    database = PostgresDatabase.connect(new PostgresDatabase.Settings(
        postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 4));
    assertTrue(database.migrate() >= 1);
    new PostgresActions(database.dataSource()).insertMissing(List.of(CARD));
    new PostgresCustomers(database.dataSource()).insertMissing(List.of(customer("C1"), customer("C2")).iterator());
  }

  @AfterAll
  static void stop() throws IOException {
    database.close();
    postgres.close();
  }

  private static CustomerProfile customer(String id) {
    return new CustomerProfile(id, "Ana Silva", 41, "Lisboa", "mass", 30, Set.of("current-account"),
        1200.5, 2100, 0.2, 0, false, true, Set.of(Channel.WEB, Channel.EMAIL), "Europe/Lisbon", NOW);
  }

  private static String decide(String customerId, Instant at) {
    String id = UUID.randomUUID().toString();
    DecisionRequest request = new DecisionRequest(customerId, Channel.WEB, Direction.INBOUND, Map.of(), 3, at);
    Proposal p = new Proposal(CARD, 1, 0.1, 0.12, 1, 0.6, "beta:travel-card:web", 4, 4);
    Decision d = new Decision(id, request, List.of(p), List.of(), List.of(), Map.of(), "v1", List.of("R"), null, at);
    new PostgresDecisionLog(database.dataSource()).write(List.of(new PostgresDecisionLog.Entry(d,
        new PostgresDecisionLog.AuditRecord(System.nanoTime(), id, customerId, at, "{\"a\": 1}", "0", "h"))));
    return id;
  }

  @Test
  void profilesRoundTripAndPage() {
    PostgresCustomers customers = new PostgresCustomers(database.dataSource());
    CustomerProfile read = customers.find("C1").orElseThrow();
    assertEquals(customer("C1"), read);
    assertTrue(customers.find("nobody").isEmpty());
    assertEquals(List.of("C1", "C2"), customers.page(10, 0).stream().map(PostgresCustomers.Summary::customerId).toList());
    assertEquals(List.of(CARD), new PostgresActions(database.dataSource()).active());
  }

  @Test
  void aDecisionIsStoredWithItsImpressionsAndAuditRecord() {
    String id = decide("C1", NOW);
    PostgresDecisionLog log = new PostgresDecisionLog(database.dataSource());
    assertTrue(log.exists(id));
    assertEquals("{\"a\": 1}", log.audit(id).orElseThrow().json());
    assertEquals(Channel.WEB, log.impression(id, "travel-card").orElseThrow().channel());
    assertTrue(log.impression(id, "other").isEmpty());
  }

  @Test
  void aReplayedResponseHasOneEffectAndAReusedKeyIsRefused() {
    String id = decide("C2", NOW);
    PostgresResponseLog responses = new PostgresResponseLog(database.dataSource());
    Response accepted = new Response(id, "travel-card", Outcome.ACCEPTED, "k-" + id, NOW);
    Response sameAgain = new Response(id, "travel-card", Outcome.ACCEPTED, "k-" + id, NOW);
    Response otherKeySameFact = new Response(id, "travel-card", Outcome.ACCEPTED, "k2-" + id, NOW);
    Response reusedKey = new Response(id, "travel-card", Outcome.REJECTED, "k-" + id, NOW);
    List<PostgresResponseLog.Result> results = responses.record(List.of(
        new PostgresResponseLog.Pending(accepted, "C2", Channel.WEB),
        new PostgresResponseLog.Pending(sameAgain, "C2", Channel.WEB)));
    assertEquals(PostgresResponseLog.Effect.CREATED, results.get(0).effect());
    assertEquals(PostgresResponseLog.Effect.DUPLICATE, results.get(1).effect());
    assertEquals(results.get(0).stored().responseId(), results.get(1).stored().responseId());
    List<PostgresResponseLog.Result> later = responses.record(List.of(
        new PostgresResponseLog.Pending(otherKeySameFact, "C2", Channel.WEB),
        new PostgresResponseLog.Pending(reusedKey, "C2", Channel.WEB)));
    assertEquals(PostgresResponseLog.Effect.DUPLICATE, later.get(0).effect());
    assertEquals(PostgresResponseLog.Effect.KEY_REUSED, later.get(1).effect());
    long before = results.get(0).stored().responseId() - 1;
    assertEquals(1, responses.after(before, 100).size());

    ContactHistory history = responses.contactHistory("C2", NOW.minus(7, ChronoUnit.DAYS));
    assertEquals(1, history.impressionsSince("travel-card", Channel.WEB, NOW.minus(1, ChronoUnit.DAYS)));
    assertEquals(NOW, history.lastResponse("travel-card", Outcome.ACCEPTED));
  }

  @Test
  void ruleSetsSnapshotsAndUsers() {
    PostgresRuleSets ruleSets = new PostgresRuleSets(database.dataSource());
    ruleSets.store(new PostgresRuleSets.StoredRuleSet("7", NOW, "business", "first", "abc",
        List.of(new PostgresRuleSets.StoredFile("a.drl", new byte[] {1, 2}))));
    assertFalse(ruleSets.activeVersion().filter("7"::equals).isPresent());
    ruleSets.activate("7", "admin", "go", NOW);
    assertEquals("7", ruleSets.activeVersion().orElseThrow());
    assertEquals("7", ruleSets.versionWithChecksum("abc").orElseThrow());
    assertEquals(2, ruleSets.find("7").orElseThrow().files().get(0).content().length);

    PostgresModelSnapshots snapshots = new PostgresModelSnapshots(database.dataSource());
    snapshots.save("beta", 5, NOW, new byte[] {9});
    snapshots.save("beta", 8, NOW, new byte[] {10});
    assertEquals(8, snapshots.latest("beta").orElseThrow().lastResponseId());

    PostgresUsers users = new PostgresUsers(database.dataSource());
    users.save(new PostgresUsers.User("channel", "hash1", Set.of("channel")), NOW);
    users.save(new PostgresUsers.User("channel", "hash2", Set.of("channel", "admin")), NOW);
    assertEquals("hash2", users.find("channel").orElseThrow().passwordHash());
    assertEquals(Set.of("channel", "admin"), users.find("channel").orElseThrow().roles());
  }
}
