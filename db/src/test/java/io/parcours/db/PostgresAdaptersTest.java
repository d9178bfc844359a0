package io.parcours.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.AuditRecord;
import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.ConsentChange;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.CurrentStage;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.CustomerSummary;
import io.parcours.domain.Decision;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.Issue;
import io.parcours.domain.Outcome;
import io.parcours.domain.Proposal;
import io.parcours.domain.Purpose;
import io.parcours.domain.Response;
import io.parcours.domain.RuleSetChange;
import io.parcours.domain.RuleSetSummary;
import io.parcours.domain.StageChange;
import io.parcours.domain.StageCount;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
      new Action(
          "travel-card",
          "Card abroad",
          Issue.SERVICE,
          "travel",
          "service",
          Set.of(Channel.WEB, Channel.APP),
          5,
          1,
          "Use your card abroad");

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    database =
        PostgresDatabase.connect(
            new PostgresDatabase.Settings(
                postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 4));
    assertTrue(database.migrate() >= 1);
    new PostgresActions(database.dataSource()).project(List.of(CARD));
    new PostgresCustomers(database.dataSource())
        .insertMissing(List.of(customer("C1"), customer("C2")).iterator());
  }

  @AfterAll
  static void stop() throws IOException {
    database.close();
    postgres.close();
  }

  private static CustomerProfile customer(String id) {
    return new CustomerProfile(
        id,
        "Ana Silva",
        41,
        "Lisboa",
        "mass",
        30,
        Set.of("current-account"),
        1200.5,
        2100,
        0.2,
        0,
        false,
        true,
        Set.of(
            new Consent(Channel.WEB, Purpose.MARKETING),
            new Consent(Channel.EMAIL, Purpose.SERVICE)),
        "Europe/Lisbon",
        NOW);
  }

  private static String decide(String customerId, Instant at) {
    String id = UUID.randomUUID().toString();
    DecisionRequest request =
        new DecisionRequest(customerId, Channel.WEB, Direction.INBOUND, Map.of(), 3, at);
    Proposal p = new Proposal(CARD, 1, 0.1, 0.12, 1, 0.6, "beta:travel-card:web", 4, 4);
    Decision d =
        new Decision(
            id, request, List.of(p), List.of(), List.of(), Map.of(), "v1", List.of("R"), null, at);
    new PostgresDecisionLog(database.dataSource())
        .write(
            List.of(
                new PostgresDecisionLog.Entry(
                    d,
                    new AuditRecord(System.nanoTime(), id, customerId, at, "{\"a\": 1}", "0", "h"),
                    List.of(),
                    List.of("bias", "segment=mass", "stage:lifecycle=use"),
                    "control")));
    return id;
  }

  @Test
  void everyPooledConnectionCommitsSynchronouslyEvenOnAServerThatDefaultsToAsynchronousCommits() {
    // the library's default server runs without fsync and with synchronous_commit=off for sessions
    PostgresDurability d = database.durability();
    assertEquals("on", d.synchronousCommit());
    assertEquals("off", d.fsync());
    assertFalse(d.durable(), "a server without fsync is not durable: " + d);
    assertTrue(new PostgresDurability("on", "on", "on").durable());
    assertTrue(new PostgresDurability("on", "local", "on").durable());
    assertFalse(new PostgresDurability("on", "off", "on").durable());
    assertFalse(new PostgresDurability("on", "on", "off").durable());
  }

  @Test
  void profilesRoundTripAndPage() {
    PostgresCustomers customers = new PostgresCustomers(database.dataSource());
    CustomerProfile read = customers.find("C1").orElseThrow();
    assertEquals(customer("C1"), read);
    assertTrue(customers.find("nobody").isEmpty());
    assertEquals(
        List.of("C1", "C2"),
        customers.page(2, 0).stream().map(CustomerSummary::customerId).toList());
    assertEquals(List.of(CARD), new PostgresActions(database.dataSource()).active());
  }

  @Test
  void anImportInsertsNewProfilesAndUpdatesOnlyTheImportedFieldsOfExistingOnes() {
    PostgresCustomers customers = new PostgresCustomers(database.dataSource());
    customers.insertMissing(
        List.of(customer("C20").withAttributes(Map.of("contract", "One year", "partner", true)))
            .iterator());
    CustomerProfile update =
        new CustomerProfile(
            "C20",
            "Imported name",
            99,
            "Elsewhere",
            "private",
            7,
            Set.of("phone", "internet"),
            0,
            0,
            0.5,
            0,
            false,
            false,
            Set.of(),
            "UTC",
            NOW,
            Map.of("contract", "Two year", "monthlyCharges", 56.95),
            null);
    CustomerProfile fresh =
        new CustomerProfile(
            "C21",
            "New customer",
            40,
            "unknown",
            "mass",
            3,
            Set.of(),
            0,
            0,
            0,
            0,
            false,
            false,
            Set.of(),
            "America/Los_Angeles",
            NOW,
            Map.of("seniorCitizen", false),
            null);
    Instant at = NOW.plusSeconds(60);
    PostgresCustomers.Upserted done =
        customers.upsert(List.of(update, fresh), Set.of("name", "tenureMonths", "products"), at);
    assertEquals(List.of("C21"), done.inserted());
    assertEquals(List.of("C20"), done.updated());

    CustomerProfile c20 = customers.find("C20").orElseThrow();
    assertEquals("Imported name", c20.name());
    assertEquals(7, c20.tenureMonths());
    assertEquals(Set.of("phone", "internet"), c20.products());
    assertEquals(41, c20.age(), "a field the import does not set stays");
    assertEquals("Lisboa", c20.region());
    assertEquals(customer("C20").consents(), c20.consents(), "an import never touches consents");
    assertEquals(
        Map.of("contract", "Two year", "partner", true, "monthlyCharges", 56.95),
        c20.attributes(),
        "attributes are merged");
    assertEquals(at, c20.updatedAt());
    CustomerProfile c21 = customers.find("C21").orElseThrow();
    assertEquals(fresh.withActivity(null).customerId(), c21.customerId());
    assertEquals(Set.of(), c21.products());
    assertEquals(Set.of(), c21.consents());
    assertEquals(Map.of("seniorCitizen", false), c21.attributes());
    assertEquals("America/Los_Angeles", c21.timeZone());

    assertThrows(
        IllegalArgumentException.class,
        () -> customers.upsert(List.of(fresh, fresh), Set.of(), at));
    assertThrows(
        IllegalArgumentException.class,
        () -> customers.upsert(List.of(fresh), Set.of("consents"), at));
  }

  @Test
  void consentsAreReplacedAndEveryChangeIsKeptWithItsSourceAndTextVersion() {
    PostgresCustomers customers = new PostgresCustomers(database.dataSource());
    customers.insertMissing(List.of(customer("C9")).iterator());
    PostgresConsents consents = new PostgresConsents(database.dataSource());
    Consent webMarketing = new Consent(Channel.WEB, Purpose.MARKETING);
    Consent emailService = new Consent(Channel.EMAIL, Purpose.SERVICE);
    Consent smsService = new Consent(Channel.SMS, Purpose.SERVICE);
    List<ConsentChange> changes =
        consents
            .replace(
                "C9",
                Set.of(emailService, smsService),
                NOW,
                "preference-centre",
                "2026-10",
                "channel")
            .orElseThrow();
    assertEquals(
        2,
        changes.size(),
        "web marketing withdrawn, SMS service granted; e-mail service unchanged");
    assertEquals(Set.of(emailService, smsService), customers.find("C9").orElseThrow().consents());
    assertTrue(
        consents
            .replace("C9", Set.of(emailService, smsService), NOW, "again", "2026-10", "channel")
            .orElseThrow()
            .isEmpty(),
        "nothing changes, nothing is recorded");
    List<ConsentChange> history = consents.history("C9", 10);
    assertEquals(2, history.size());
    assertTrue(
        history.stream()
            .anyMatch(
                c ->
                    c.consent().equals(webMarketing)
                        && !c.granted()
                        && c.source().equals("preference-centre")
                        && c.textVersion().equals("2026-10")));
    assertTrue(consents.replace("nobody", Set.of(), NOW, "x", "1", "channel").isEmpty());
  }

  @Test
  void aDecisionIsStoredWithItsImpressionsAndAuditRecord() {
    String id = decide("C1", NOW);
    PostgresDecisionLog log = new PostgresDecisionLog(database.dataSource());
    assertTrue(log.exists(id));
    assertEquals("{\"a\": 1}", log.audit(id).orElseThrow().json());
    assertEquals(Channel.WEB, log.impression(id, "travel-card").orElseThrow().channel());
    assertTrue(log.impression(id, "other").isEmpty());
    List<PostgresTrainingData.PolicyOutcome> outcomes =
        new PostgresTrainingData(database.dataSource())
            .outcomesByPolicy(NOW.minusSeconds(60), NOW.plusSeconds(60));
    PostgresTrainingData.PolicyOutcome control =
        outcomes.stream().filter(o -> o.policy().equals("control")).findFirst().orElseThrow();
    assertTrue(
        control.decisions() >= 1 && control.impressions() == control.decisions(),
        "one impression per decision here: " + control);
    assertTrue(control.positives() <= control.impressions());
    String unknown = UUID.randomUUID().toString();
    assertEquals(
        Map.of(id, List.of("bias", "segment=mass", "stage:lifecycle=use")),
        log.modelFeatures(List.of(id, unknown)));
  }

  @Test
  void aReplayedResponseHasOneEffectAndAReusedKeyIsRefused() {
    String id = decide("C2", NOW);
    PostgresResponseLog responses = new PostgresResponseLog(database.dataSource());
    Response accepted = new Response(id, "travel-card", Outcome.ACCEPTED, "k-" + id, NOW);
    Response sameAgain = new Response(id, "travel-card", Outcome.ACCEPTED, "k-" + id, NOW);
    Response otherKeySameFact = new Response(id, "travel-card", Outcome.ACCEPTED, "k2-" + id, NOW);
    Response reusedKey = new Response(id, "travel-card", Outcome.REJECTED, "k-" + id, NOW);
    List<PostgresResponseLog.Result> results =
        responses.record(
            List.of(
                new PostgresResponseLog.Pending(accepted, "C2", Channel.WEB),
                new PostgresResponseLog.Pending(sameAgain, "C2", Channel.WEB)));
    assertEquals(PostgresResponseLog.Effect.CREATED, results.get(0).effect());
    assertEquals(PostgresResponseLog.Effect.DUPLICATE, results.get(1).effect());
    assertEquals(results.get(0).stored().responseId(), results.get(1).stored().responseId());
    List<PostgresResponseLog.Result> later =
        responses.record(
            List.of(
                new PostgresResponseLog.Pending(otherKeySameFact, "C2", Channel.WEB),
                new PostgresResponseLog.Pending(reusedKey, "C2", Channel.WEB)));
    assertEquals(PostgresResponseLog.Effect.DUPLICATE, later.get(0).effect());
    assertEquals(PostgresResponseLog.Effect.KEY_REUSED, later.get(1).effect());
    long before = results.get(0).stored().responseId() - 1;
    List<PostgresResponseLog.Learnable> learnable = responses.learnableAfter(before, 100);
    assertEquals(1, learnable.size());
    assertEquals(results.get(0).stored().responseId(), learnable.get(0).response().responseId());
    assertEquals(
        new PostgresDecisionLog(database.dataSource()).modelFeatures(List.of(id)).get(id),
        learnable.get(0).modelFeatures(),
        "each response comes with the features its decision recorded");
    assertFalse(learnable.get(0).modelFeatures().isEmpty());

    ContactHistory history =
        responses.contactHistory(
            "C2", NOW.minus(7, ChronoUnit.DAYS), NOW.minus(7, ChronoUnit.DAYS));
    assertEquals(
        1, history.impressionsSince("travel-card", Channel.WEB, NOW.minus(1, ChronoUnit.DAYS)));
    assertEquals(NOW, history.lastResponse("travel-card", Outcome.ACCEPTED));

    // Acceptances are remembered longer than the window of the caps; rejections are not.
    Instant acknowledged = NOW.minus(100, ChronoUnit.DAYS);
    Instant refused = NOW.minus(40, ChronoUnit.DAYS);
    String first = decide("C2", acknowledged);
    String second = decide("C2", refused);
    responses.record(
        List.of(
            new PostgresResponseLog.Pending(
                new Response(first, "travel-card", Outcome.ACCEPTED, "k3-" + first, acknowledged),
                "C2",
                Channel.WEB),
            new PostgresResponseLog.Pending(
                new Response(second, "travel-card", Outcome.REJECTED, "k4-" + second, refused),
                "C2",
                Channel.WEB)));
    ContactHistory longer =
        responses.contactHistory(
            "C2", NOW.minus(31, ChronoUnit.DAYS), NOW.minus(400, ChronoUnit.DAYS));
    assertTrue(
        longer
            .responses()
            .contains(
                new ContactHistory.ResponseEvent(
                    "travel-card", Channel.WEB, Outcome.ACCEPTED, acknowledged)));
    assertNull(longer.lastResponse("travel-card", Outcome.REJECTED));
    assertEquals(
        2, longer.responses().size(), "the recent acceptance and the old one, not the rejection");
  }

  @Test
  void ruleSetsSnapshotsAndUsers() {
    PostgresRuleSets ruleSets = new PostgresRuleSets(database.dataSource());
    ruleSets.store(
        new PostgresRuleSets.StoredRuleSet(
            "7",
            NOW,
            "business",
            "first",
            "abc",
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
  }

  @Test
  void everyChangeOfAUserIsRecordedWithWhoMadeItAndTheLastAdministratorStays() {
    PostgresUsers users = new PostgresUsers(database.dataSource());
    assertTrue(
        users.create(
            PostgresUsers.User.of("ana", "Ana Silva", "hash1", Set.of("admin"), NOW),
            "(test)",
            NOW));
    assertFalse(
        users.create(
            PostgresUsers.User.of("ana", "Other", "hash9", Set.of("channel"), NOW), "(test)", NOW));
    assertTrue(
        users.create(
            PostgresUsers.User.of("crm", null, "hash2", Set.of("channel"), NOW), "ana", NOW));
    long stamp = users.enabledStamp("crm").orElseThrow();

    assertEquals(
        Set.of("channel", "business"),
        users.setRoles("crm", Set.of("channel", "business"), "ana", NOW).orElseThrow().roles());
    assertEquals(
        "hash3", users.setPasswordHash("crm", "hash3", "ana", NOW).orElseThrow().passwordHash());
    assertTrue(users.enabledStamp("crm").orElseThrow() > stamp, "every change moves the stamp");
    assertFalse(users.setEnabled("crm", false, "ana", NOW).orElseThrow().enabled());
    assertTrue(users.enabledStamp("crm").isEmpty(), "a disabled user has no stamp to sign in with");
    assertTrue(users.setEnabled("nobody", false, "ana", NOW).isEmpty());

    assertThrows(
        PostgresUsers.LastAdministratorException.class,
        () -> users.setEnabled("ana", false, "ana", NOW));
    assertThrows(
        PostgresUsers.LastAdministratorException.class,
        () -> users.setRoles("ana", Set.of("business"), "ana", NOW));
    assertTrue(users.find("ana").orElseThrow().enabled());
    assertEquals(
        PostgresUsers.FirstAdministrator.ADMINISTRATOR_EXISTS,
        users.createFirstAdministrator(
            PostgresUsers.User.of("bob", null, "h", Set.of("admin"), NOW), "(cmd)", NOW));

    List<PostgresUsers.Change> crm = users.changes("crm", 10, 0);
    assertEquals(
        List.of("disabled", "password-reset", "roles-changed", "created"),
        crm.stream().map(PostgresUsers.Change::kind).toList());
    assertTrue(crm.stream().allMatch(c -> c.changedBy().equals("ana")), crm.toString());
    assertEquals(
        "{\"to\": [\"business\", \"channel\"], \"from\": [\"channel\"]}", crm.get(2).details());
    assertFalse(crm.toString().contains("hash"), "no password hash in a change record");
  }

  @Test
  void uploadsGetTheNextVersionAndEveryChangeIsAudited() {
    PostgresRuleSets ruleSets = new PostgresRuleSets(database.dataSource());
    List<PostgresRuleSets.StoredFile> files =
        List.of(new PostgresRuleSets.StoredFile("r.drl", new byte[] {3}));
    String first =
        ruleSets.storeNext(
            NOW, "business", "cap at 2", "sum-1", null, "{\"results\": []}", files, "{}");
    String second =
        ruleSets.storeNext(
            NOW, "business", "cap at 3", "sum-2", first, "{\"results\": []}", files, "{}");
    assertEquals(Long.parseLong(first) + 1, Long.parseLong(second));
    ruleSets.recordRefusal("business", NOW, "broken", second, "{\"problems\": 1}");
    ruleSets.activate(second, "activated", "business", "go live", NOW, first);

    List<RuleSetChange> changes = ruleSets.changes(3, 0);
    assertEquals(
        List.of("activated", "refused", "uploaded"),
        changes.stream().map(RuleSetChange::kind).toList());
    assertEquals(second, changes.get(0).version());
    assertEquals(first, changes.get(0).previousVersion());
    assertEquals(null, changes.get(1).version());
    RuleSetSummary summary = ruleSets.summary(second).orElseThrow();
    assertEquals(first, summary.basedOn());
    assertEquals(1, summary.files());
    assertEquals("activated", ruleSets.activations().get(ruleSets.activations().size() - 1).kind());
  }

  @Test
  void theActionsTableFollowsTheLibraryInForceAndKeepsEveryActionOnceInForce() {
    PostgresActions actions = new PostgresActions(database.dataSource());
    Action loan =
        new Action(
            "loan", "A loan", Issue.SALES, "loan", "lifecycle", Set.of(Channel.WEB), 40, 1, "");
    actions.project(List.of(loan));
    assertEquals(List.of(loan), actions.active());
    actions.project(List.of(CARD, loan.withValue(45)));
    assertEquals(List.of(loan.withValue(45), CARD), actions.active());
    actions.project(List.of(CARD));
    assertEquals(List.of(CARD), actions.active());
  }

  @Test
  void stageChangesMoveTheCustomersCurrentStage() {
    PostgresJourneys journeys = new PostgresJourneys(database.dataSource());

    String first = decide("C1", NOW);
    String second = decide("C1", NOW.plusSeconds(60));
    PostgresDecisionLog log = new PostgresDecisionLog(database.dataSource());
    // Stage changes travel with the decision that found them.
    String third = UUID.randomUUID().toString();
    DecisionRequest request =
        new DecisionRequest("C1", Channel.WEB, Direction.INBOUND, Map.of(), 3, NOW);
    Decision d =
        new Decision(
            third, request, List.of(), List.of(), List.of(), Map.of(), "v1", List.of(), "none",
            NOW);
    log.write(
        List.of(
            new PostgresDecisionLog.Entry(
                d,
                new AuditRecord(System.nanoTime(), third, "C1", NOW, "{}", "0", "h"),
                List.of(
                    new StageChange(
                        "C1", "retention", null, "at-risk", "RetentionAtRiskStage", first, NOW),
                    new StageChange(
                        "C1",
                        "retention",
                        "at-risk",
                        "leaving",
                        "RetentionLeavingStage",
                        second,
                        NOW.plusSeconds(60))))));
    CurrentStage now = journeys.currentStages("C1").get("retention");
    assertEquals("leaving", now.stage());
    assertEquals("RetentionLeavingStage", now.rule());
    assertEquals(2, journeys.changes("C1", 10).size());
    assertEquals(
        1,
        journeys.population().stream()
            .filter(c -> c.journey().equals("retention"))
            .mapToLong(StageCount::customers)
            .sum());
  }

  @Test
  void aVolumeCounterIsNeverReadBelowTheDaysImpressions() {
    Instant day = NOW.plus(300, ChronoUnit.DAYS);
    LocalDate date = LocalDate.ofInstant(day, ZoneOffset.UTC);
    PostgresVolumeCounters counters = new PostgresVolumeCounters(database.dataSource());
    assertEquals(OptionalLong.empty(), counters.stored("travel-card", date));
    assertEquals(0, counters.used("travel-card", date));
    decide("W1", day);
    decide("W2", day.plusSeconds(30));
    decide("W3", day.plus(1, ChronoUnit.DAYS));
    // Never written: the day's impressions.
    assertEquals(2, counters.used("travel-card", date));
    // Written with reservations still being recorded: the counter.
    counters.save("travel-card", date, 5);
    assertEquals(5, counters.used("travel-card", date));
    // Written before impressions it did not know of (a crash): the impressions.
    counters.save("travel-card", date, 1);
    assertEquals(2, counters.used("travel-card", date));
    assertEquals(OptionalLong.of(1), counters.stored("travel-card", date));
    assertEquals(0, counters.deleteBefore(date));
    assertEquals(1, counters.deleteBefore(date.plusDays(1)));
    assertEquals(OptionalLong.empty(), counters.stored("travel-card", date));
  }

  @Test
  void aCustomerGetsOneSealKeyKeptForTheNextRecordsAndSomeoneWithoutAProfileGetsNoneStored() {
    new PostgresCustomers(database.dataSource())
        .insertMissing(List.of(customer("K1"), customer("K2")).iterator());
    PostgresSealKeys keys = new PostgresSealKeys(database.dataSource());
    var first = keys.keysFor(List.of("K1", "K2", "GONE"), NOW);
    assertTrue(first.get("K1").stored() && first.get("K2").stored());
    assertFalse(first.get("GONE").stored(), "no profile: the key is used once and never stored");
    assertEquals(PostgresSealKeys.KEY_BYTES, first.get("K1").key().length);
    var again = keys.keysFor(List.of("K1"), NOW.plusSeconds(1));
    assertEquals(first.get("K1").subjectId(), again.get("K1").subjectId());
    assertArrayEquals(first.get("K1").key(), again.get("K1").key());
    assertArrayEquals(first.get("K2").key(), keys.key(first.get("K2").subjectId()).orElseThrow());
    assertTrue(keys.key(first.get("GONE").subjectId()).isEmpty());
  }

  @Test
  void aBatchIsStoredWithItsSealKeysReplayAndStageChangesAndARefusedBatchStoresNothing()
      throws Exception {
    new PostgresCustomers(database.dataSource())
        .insertMissing(List.of(customer("K3"), customer("K4")).iterator());
    PostgresSealKeys keys = new PostgresSealKeys(database.dataSource());
    PostgresDecisionLog log = new PostgresDecisionLog(database.dataSource());
    Instant at = NOW.plus(500, ChronoUnit.DAYS);
    long seq = System.nanoTime();
    Map<String, PostgresSealKeys.SealKey> made = new java.util.HashMap<>();
    List<String> features = List.of("bias", "say \"hi\"", "back\\slash", "a,b {c}");
    PostgresDecisionLog.Replay replay =
        new PostgresDecisionLog.Replay(
            List.of(
                new PostgresDecisionLog.Candidate("travel-card", 1.5, 1e-300, 0.1, 0.25),
                new PostgresDecisionLog.Candidate("loan", 1, 2.5e10, 1, Double.MIN_VALUE)),
            0.75);
    String stored =
        log.write(
                keys,
                List.of("K3"),
                at,
                false,
                (k, head) -> {
                  assertTrue(head.isEmpty(), "an optimistic write reads no head");
                  made.putAll(k);
                  PostgresDecisionLog.Entry e = entry("K3", seq, at, features, replay);
                  // A stage change (in a journey no other test counts): the batch is written in a
                  // transaction with it.
                  return List.of(
                      new PostgresDecisionLog.Entry(
                          e.decision(),
                          e.audit(),
                          List.of(
                              new StageChange(
                                  "K3",
                                  "nurture",
                                  null,
                                  "welcome",
                                  "NurtureWelcomeStage",
                                  e.decision().decisionId(),
                                  at)),
                          e.modelFeatures(),
                          e.policy(),
                          e.replay()));
                })
            .get(0)
            .decision()
            .decisionId();
    assertArrayEquals(made.get("K3").key(), keys.key(made.get("K3").subjectId()).orElseThrow());
    assertEquals("{\"b\": [1, \"\\\"\"]}", log.audit(stored).orElseThrow().json());
    assertEquals(at, log.impression(stored, "travel-card").orElseThrow().shownAt());
    assertEquals(
        "welcome",
        new PostgresJourneys(database.dataSource()).currentStages("K3").get("nurture").stage());
    List<PostgresTrainingData.LoggedDecision> logged = new java.util.ArrayList<>();
    new PostgresTrainingData(database.dataSource())
        .streamLoggedDecisions(at, at.plusSeconds(1), null, logged::add);
    assertEquals(1, logged.size());
    assertEquals(stored, logged.get(0).decisionId());
    assertEquals(features, logged.get(0).features());
    assertEquals(replay.candidates(), logged.get(0).candidates());
    assertEquals(0.75, logged.get(0).firstPlaceProbability());
    assertEquals("travel-card", logged.get(0).firstAction());
    assertEquals(at, logged.get(0).decidedAt());

    // The same sequence number again: the batch is refused whole.
    List<PostgresDecisionLog.Entry> refused = new java.util.ArrayList<>();
    assertThrows(
        PostgresDecisionLog.ChainMoved.class,
        () ->
            log.write(
                keys,
                List.of("K4"),
                at,
                false,
                (k, head) -> {
                  refused.add(entry("K4", seq, at, List.of(), null));
                  return refused;
                }));
    assertFalse(log.exists(refused.get(0).decision().decisionId()));

    // At the head: the head is read under the chain's lock, and the batch chained after it.
    long head = log.chainHead().orElseThrow().seq();
    log.write(
        keys,
        List.of("K4"),
        at,
        true,
        (k, h) -> List.of(entry("K4", h.orElseThrow().seq() + 1, at, List.of(), null)));
    assertEquals(head + 1, log.chainHead().orElseThrow().seq());
  }

  /** A decision that showed the travel card, with its audit record at {@code seq}. */
  private static PostgresDecisionLog.Entry entry(
      String customerId,
      long seq,
      Instant at,
      List<String> features,
      PostgresDecisionLog.Replay replay) {
    String id = UUID.randomUUID().toString();
    DecisionRequest request =
        new DecisionRequest(customerId, Channel.APP, Direction.INBOUND, Map.of(), 3, at);
    Proposal p = new Proposal(CARD, 1, 0.1, 0.12, 1, 0.6, "beta:travel-card:app", 4, 4);
    Decision d =
        new Decision(
            id, request, List.of(p), List.of(), List.of(), Map.of(), "v1", List.of("R"), null, at);
    return new PostgresDecisionLog.Entry(
        d,
        new AuditRecord(seq, id, customerId, at, "{\"b\": [1, \"\\\"\"]}", "0", "h"),
        List.of(),
        features,
        "models",
        replay);
  }
}
