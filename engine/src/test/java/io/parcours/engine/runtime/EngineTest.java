package io.parcours.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.Decision;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.OutboundContact;
import io.parcours.domain.Outcome;
import io.parcours.domain.Proposal;
import io.parcours.domain.Response;
import io.parcours.engine.InvalidResponseException;
import io.parcours.engine.ModelChangeException;
import io.parcours.engine.UnknownCustomerException;
import io.parcours.engine.cache.CacheSettings;
import io.parcours.engine.decision.AuditVerifier;
import io.parcours.engine.events.EventIngestion;
import io.parcours.engine.models.ModelVersions;
import io.parcours.engine.response.ResponseReceipt;
import io.parcours.models.ContextualProbitModels;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine core, assembled as the server assembles it, on a real PostgreSQL and a real
 * Infinispan, outside the container: decisions are audited and chained, responses are learned once,
 * the audit chain detects tampering, and the models survive a restart.
 */
class EngineTest {

  private static EmbeddedPostgres postgres;
  private static EngineSettings settings;

  @BeforeAll
  static void startDatabase() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    EngineSettings d =
        EngineSettings.defaults(
            postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    settings =
        new EngineSettings(
            d.databaseUrl(),
            d.databaseUser(),
            d.databasePassword(),
            8,
            true,
            300,
            d.demoSeed(),
            d.threshold(),
            d.auditBatch(),
            d.responseBatch(),
            Duration.ofHours(1),
            d.modelFamily(),
            d.controlShare(),
            d.ramp(),
            d.exploration());
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    postgres.close();
  }

  private static Engine start() throws Exception {
    return Engine.start(settings, Executors.defaultThreadFactory(), Clock.systemUTC());
  }

  private static DecisionRequest request(String customer, Channel channel, int limit) {
    return new DecisionRequest(
        customer, channel, Direction.INBOUND, Map.of(), limit, Instant.now());
  }

  @Test
  void concurrentDecisionsAreAllAuditedInOneIntactChain() throws Exception {
    try (Engine engine = start()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Decision>> futures = new ArrayList<>();
      for (int i = 1; i <= 200; i++) {
        String customer = String.format("C%06d", 1 + i % 300);
        futures.add(
            pool.submit(() -> engine.decisions().decide(request(customer, Channel.WEB, 3))));
      }
      for (Future<Decision> f : futures) {
        Decision d = f.get();
        assertTrue(
            engine.decisionLog().audit(d.decisionId()).isPresent(), "answered only when audited");
      }
      pool.shutdown();
      AuditVerifier.Verification v = engine.auditVerifier().verify();
      assertTrue(v.intact(), String.valueOf(v));
      assertTrue(v.verified() >= 200);
    }
  }

  @Test
  void anUnknownCustomerIsRefused() throws Exception {
    try (Engine engine = start()) {
      assertThrows(
          UnknownCustomerException.class,
          () -> engine.decisions().decide(request("NOBODY", Channel.WEB, 3)));
    }
  }

  @Test
  void aResponseIsLearnedOnceAgainstItsDecisionsFeaturesAndSurvivesARestart() throws Exception {
    String action;
    long evidence;
    byte[] learned;
    try (Engine engine = start()) {
      ContextualProbitModels models = (ContextualProbitModels) engine.models();
      Decision decision = firstDecisionWithAnAction(engine, Channel.SMS);
      Proposal shown = decision.proposals().get(0);
      action = shown.action().id();
      List<String> context =
          engine
              .decisionLog()
              .modelFeatures(List.of(decision.decisionId()))
              .get(decision.decisionId());
      assertTrue(
          context.contains("bias")
              && context.contains("direction=" + decision.request().direction().code()),
          context.toString());
      assertTrue(
          context.stream().anyMatch(f -> f.startsWith("stage:")),
          "journey stages are features: " + context);
      String key = UUID.randomUUID().toString();
      long before = models.evidence(action, Channel.SMS);
      double weightBefore = models.weights(Channel.SMS).weightMean("action=" + action);
      Response accepted =
          new Response(decision.decisionId(), action, Outcome.ACCEPTED, key, Instant.now());
      ResponseReceipt first = engine.responses().capture(accepted);
      ResponseReceipt replay = engine.responses().capture(accepted);
      assertTrue(first.created());
      assertFalse(replay.created());
      assertEquals(first.responseId(), replay.responseId());
      evidence = before + 1;
      assertEquals(evidence, models.evidence(action, Channel.SMS));
      assertTrue(
          models.weights(Channel.SMS).weightMean("action=" + action) > weightBefore,
          "an acceptance raises the action's weight, and the next score sees it");

      assertThrows(
          InvalidResponseException.class,
          () ->
              engine
                  .responses()
                  .capture(
                      new Response(
                          decision.decisionId(),
                          "not-shown",
                          Outcome.ACCEPTED,
                          UUID.randomUUID().toString(),
                          Instant.now())));
      assertThrows(
          InvalidResponseException.class,
          () ->
              engine
                  .responses()
                  .capture(
                      new Response(
                          decision.decisionId(), action, Outcome.REJECTED, key, Instant.now())));
      learned = models.save().content();
    }
    try (Engine restarted = start()) {
      ContextualProbitModels models = (ContextualProbitModels) restarted.models();
      assertEquals(
          evidence,
          models.evidence(action, Channel.SMS),
          "restored from the snapshot and replay, counted once");
      assertArrayEquals(
          learned, models.save().content(), "every weight exactly as it was before the restart");
    }
    // A snapshot this release cannot read: the models are rebuilt from every stored response.
    try (Connection c =
            java.sql.DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
        Statement s = c.createStatement()) {
      s.executeUpdate("update model_snapshots set content = '\\x00000009'::bytea");
    }
    try (Engine rebuilt = start()) {
      ContextualProbitModels models = (ContextualProbitModels) rebuilt.models();
      assertEquals(evidence, models.evidence(action, Channel.SMS));
      assertArrayEquals(
          learned, models.save().content(), "the same weights, rebuilt from the responses");
    }
  }

  @Test
  void theConfiguredLearnerIsTheOneTheModelsLearnWith() throws Exception {
    EngineSettings configured = settings.withLearner(EngineSettings.learner(0.05, 0.001, 0.7));
    try (Engine engine =
        Engine.start(configured, Executors.defaultThreadFactory(), Clock.systemUTC())) {
      var learner = ((ContextualProbitModels) engine.models()).settings();
      assertEquals(0.05, learner.prior().variance("action=any"));
      assertEquals(0.001, learner.forgetting());
      assertEquals(0.7, learner.drawScale());
    }
  }

  @Test
  void theControlGroupIsRankedOnRandomPropensitiesAndTheRecordsSaySo() throws Exception {
    EngineSettings everyone =
        new EngineSettings(
            settings.databaseUrl(),
            settings.databaseUser(),
            settings.databasePassword(),
            8,
            true,
            300,
            settings.demoSeed(),
            settings.threshold(),
            settings.auditBatch(),
            settings.responseBatch(),
            Duration.ofHours(1),
            settings.modelFamily(),
            1.0,
            settings.ramp(),
            settings.exploration());
    try (Engine engine =
        Engine.start(everyone, Executors.defaultThreadFactory(), Clock.systemUTC())) {
      Decision d = engine.decisions().decide(request("C000011", Channel.APP, 3));
      String json = engine.decisionLog().audit(d.decisionId()).orElseThrow().json();
      assertTrue(json.contains("\"policy\":\"control\""), json);
      assertTrue(json.contains("\"modelFeatures\":[\"bias\""), json);
      try (Connection c =
              java.sql.DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
          java.sql.PreparedStatement s =
              c.prepareStatement("select policy from decisions where decision_id = ?::uuid")) {
        s.setString(1, d.decisionId());
        try (java.sql.ResultSet r = s.executeQuery()) {
          assertTrue(r.next());
          assertEquals("control", r.getString(1));
        }
      }
    }
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new EngineSettings(
                settings.databaseUrl(),
                settings.databaseUser(),
                settings.databasePassword(),
                8,
                true,
                300,
                settings.demoSeed(),
                settings.threshold(),
                settings.auditBatch(),
                settings.responseBatch(),
                Duration.ofHours(1),
                settings.modelFamily(),
                1.5,
                settings.ramp(),
                settings.exploration()));
  }

  @Test
  void theAuditChainDetectsAChangedRecord() throws Exception {
    try (Engine engine = start()) {
      Decision d = engine.decisions().decide(request("C000010", Channel.APP, 3));
      long seq = engine.decisionLog().audit(d.decisionId()).orElseThrow().seq();
      try (Connection c =
              java.sql.DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
          Statement s = c.createStatement()) {
        s.executeUpdate(
            "update audit_records set record = '{\"tampered\": true}' where seq = " + seq);
        AuditVerifier.Verification v = engine.auditVerifier().verify();
        assertFalse(v.intact());
        assertEquals(seq, v.firstBrokenSeq());
        assertNotNull(v.problem());
        // put the chain back for the other tests, which verify it too
        s.executeUpdate("delete from audit_records where seq >= " + seq);
        s.executeUpdate("delete from impressions where decision_id = '" + d.decisionId() + "'");
        s.executeUpdate("delete from decisions where decision_id = '" + d.decisionId() + "'");
      }
    }
  }

  @Test
  void eventsAreStoredWithTheirProfileChangeOnceAndTheNextDecisionSeesIt() throws Exception {
    try (Engine engine = start()) {
      String customer = null;
      for (int i = 1; i <= 300 && customer == null; i++) {
        String id = String.format("C%06d", i);
        if (engine.customerState().profile(id).missedPayments() == 0) {
          customer = id;
        }
      }
      assertNotNull(customer);
      String who = customer;
      Decision before = engine.decisions().decide(request(who, Channel.APP, 3));
      assertFalse(
          before.journeyStages().containsKey("resilience"), before.journeyStages().toString());

      Instant at = Instant.now().minusSeconds(60);
      var first =
          new io.parcours.domain.CustomerEvent(
              who, "payment.missed", at, Map.of("product", "loan"), "miss-1-" + who);
      var second =
          new io.parcours.domain.CustomerEvent(
              who,
              "payment.missed",
              at.plusSeconds(5),
              Map.of("product", "credit-card", "amount", 40.0),
              "miss-2-" + who);
      var receipts = engine.events().ingest(List.of(first, second), "events[%d].");
      assertFalse(receipts.get(0).replayed() || receipts.get(1).replayed());
      assertEquals(
          2,
          engine.customerState().profile(who).missedPayments(),
          "the cache sees the change at once");
      // The event re-evaluated the stages right after its answer, without a decision: recorded with
      // it.
      assertTrue(engine.events().awaitStages(Duration.ofSeconds(30)));
      var change =
          engine.journeys().changes(who, 10).stream()
              .filter(ch -> "resilience".equals(ch.journey()))
              .findFirst()
              .orElseThrow();
      assertEquals("in-difficulty", change.toStage());
      assertEquals(receipts.get(1).eventId(), change.eventId());
      assertEquals(null, change.decisionId());
      Decision after = engine.decisions().decide(request(who, Channel.APP, 3));
      assertEquals(
          "in-difficulty",
          after.journeyStages().get("resilience"),
          "the very next decision differs");

      var again = engine.events().ingest(List.of(first), "");
      assertTrue(again.get(0).replayed());
      assertEquals(receipts.get(0).eventId(), again.get(0).eventId());
      assertEquals(
          2,
          engine.customers().find(who).orElseThrow().missedPayments(),
          "a repeated key changes nothing");

      io.parcours.engine.InvalidEventException bad =
          assertThrows(
              io.parcours.engine.InvalidEventException.class,
              () ->
                  engine
                      .events()
                      .ingest(
                          List.of(
                              new io.parcours.domain.CustomerEvent(
                                  who, "payment.caught-up", at, Map.of(), "ok-" + who),
                              new io.parcours.domain.CustomerEvent(
                                  who,
                                  "payment.missed",
                                  at,
                                  Map.of("product", "yacht"),
                                  "bad-" + who),
                              new io.parcours.domain.CustomerEvent(
                                  who, "lottery.won", at, Map.of(), "worse-" + who)),
                          "events[%d]."));
      assertEquals(
          List.of("events[1].attributes.product", "events[2].type"),
          bad.problems().stream().map(p -> p.field()).toList());
      assertEquals(
          2,
          engine.customers().find(who).orElseThrow().missedPayments(),
          "all or nothing: nothing stored");
      assertThrows(
          UnknownCustomerException.class,
          () ->
              engine
                  .events()
                  .ingest(
                      List.of(
                          new io.parcours.domain.CustomerEvent(
                              who, "payment.caught-up", at, Map.of(), "ok2-" + who),
                          new io.parcours.domain.CustomerEvent(
                              "NOBODY", "login", at, Map.of(), "nobody-" + who)),
                      ""));
      assertEquals(
          2,
          engine.customers().find(who).orElseThrow().missedPayments(),
          "all or nothing: nothing stored");

      engine
          .events()
          .ingest(
              List.of(
                  new io.parcours.domain.CustomerEvent(
                      who, "payment.caught-up", at.plusSeconds(9), Map.of(), "caught-up-" + who)),
              "");
      assertFalse(
          engine
              .decisions()
              .decide(request(who, Channel.APP, 3))
              .journeyStages()
              .containsKey("resilience"));
    }
  }

  /** The sales actions a decision found eligible: shown, or ranked below the threshold. */
  private static List<String> eligibleSales(Decision d) {
    List<String> sales = new ArrayList<>();
    for (var p : d.proposals()) {
      if (p.action().issue() == io.parcours.domain.Issue.SALES) {
        sales.add(p.action().id());
      }
    }
    for (var p : d.belowThreshold()) {
      if (p.action().issue() == io.parcours.domain.Issue.SALES) {
        sales.add(p.action().id());
      }
    }
    return sales;
  }

  @Test
  void complaintsCountInA30DayWindowThatIsStoredWithTheEventAndSlidesWithTheClock()
      throws Exception {
    Instant now = Instant.now();
    String who = null;
    try (Engine engine = start()) {
      for (int i = 1; i <= 300 && who == null; i++) {
        String id = String.format("C%06d", i);
        var p = engine.customerState().profile(id);
        if (!p.openComplaint()
            && p.missedPayments() == 0
            && p.activity().days().isEmpty()
            && !eligibleSales(engine.decisions().decide(request(id, Channel.WEB, 20))).isEmpty()) {
          who = id;
        }
      }
      assertNotNull(who, "a demo customer with a sales offer on the web");
      String customer = who;
      Instant twentyDaysAgo = now.minus(Duration.ofDays(20));
      Instant yesterday = now.minus(Duration.ofDays(1));
      engine
          .events()
          .ingest(
              List.of(
                  new io.parcours.domain.CustomerEvent(
                      customer,
                      "complaint.opened",
                      twentyDaysAgo,
                      Map.of("topic", "fees"),
                      "c1-" + customer),
                  new io.parcours.domain.CustomerEvent(
                      customer,
                      "complaint.closed",
                      twentyDaysAgo.plusSeconds(3600),
                      Map.of(),
                      "c2-" + customer),
                  new io.parcours.domain.CustomerEvent(
                      customer, "complaint.opened", yesterday, Map.of(), "c3-" + customer),
                  new io.parcours.domain.CustomerEvent(
                      customer,
                      "complaint.closed",
                      yesterday.plusSeconds(60),
                      Map.of(),
                      "c4-" + customer),
                  new io.parcours.domain.CustomerEvent(
                      customer,
                      "payment.missed",
                      yesterday,
                      Map.of("product", "loan", "amount", 310.5),
                      "m1-" + customer),
                  new io.parcours.domain.CustomerEvent(
                      customer,
                      "payment.missed",
                      now,
                      Map.of("product", "loan", "amount", 40.0),
                      "m2-" + customer)),
              "events[%d].");
      engine
          .events()
          .ingest(
              List.of(
                  new io.parcours.domain.CustomerEvent(
                      customer, "payment.caught-up", now, Map.of(), "up-" + customer)),
              "");
      // Repeated: changes nothing.
      engine
          .events()
          .ingest(
              List.of(
                  new io.parcours.domain.CustomerEvent(
                      customer, "complaint.opened", yesterday, Map.of(), "c3-" + customer)),
              "");

      var cached = engine.customerState().profile(customer);
      var stored = engine.customers().find(customer).orElseThrow();
      assertEquals(stored.activity(), cached.activity(), "the cache holds what PostgreSQL holds");
      assertFalse(cached.openComplaint());
      Map<String, Double> f = engine.decisions().features(cached, now);
      assertEquals(2.0, f.get("complaintsLast30Days"));
      assertEquals(350.5, f.get("missedAmountLast90Days"), 1e-9);
      assertEquals(0.0, f.get("loginsLast7Days"));
      assertEquals(90.0, f.get("daysSinceLastLogin"));

      Decision today = engine.decisions().decide(request(customer, Channel.WEB, 20));
      assertTrue(
          eligibleSales(today).isEmpty(),
          "no sales offer after two complaints: " + eligibleSales(today));
      assertTrue(
          today.exclusions().stream()
              .anyMatch(x -> x.rule().equals("NoSalesAfterRepeatedComplaints")),
          today.exclusions().toString());

      // No event in between: ten days on, the first complaint has left the window, and sales come
      // back.
      Instant later = now.plus(Duration.ofDays(10));
      assertEquals(1.0, engine.decisions().features(cached, later).get("complaintsLast30Days"));
      Decision tenDaysOn =
          engine
              .decisions()
              .decide(
                  new DecisionRequest(
                      customer, Channel.WEB, Direction.INBOUND, Map.of(), 20, later));
      assertFalse(
          tenDaysOn.exclusions().stream()
              .anyMatch(x -> x.rule().equals("NoSalesAfterRepeatedComplaints")));
      assertFalse(eligibleSales(tenDaysOn).isEmpty(), "sales offers are back");
    }
    // A restart reads the tallies back from PostgreSQL.
    try (Engine engine = start()) {
      var p = engine.customerState().profile(who);
      assertEquals(2.0, engine.decisions().features(p, now).get("complaintsLast30Days"));
      assertEquals(
          0.0,
          engine
              .decisions()
              .features(p, now.plus(Duration.ofDays(29)))
              .get("complaintsLast30Days"));
    }
  }

  /**
   * A customer who may be contacted on the app for service and is not travelling, from index {@code
   * from}.
   */
  private static String appServiceCustomer(Engine engine, int from) {
    for (int i = from; i <= 300; i++) {
      String id = String.format("C%06d", i);
      var p = engine.customerState().profile(id);
      if (p.consentsTo(Channel.APP, io.parcours.domain.Purpose.SERVICE)
          && !p.travellingAbroad()
          && p.missedPayments() == 0
          && !p.openComplaint()) {
        return id;
      }
    }
    throw new AssertionError("no demo customer consents to service contact on the app");
  }

  /**
   * Books trips abroad for app customers from index {@code from} until one triggers a travel
   * contact on the app (a customer with a regulatory notice due gets the notice first); returns
   * that contact.
   */
  private static OutboundContact travelContact(Engine engine, Clock clock, int from) {
    return tripContact(engine, clock, from, true);
  }

  /**
   * Books trips abroad for app customers from index {@code from} until one triggers an app contact
   * (about travel when {@code travel}: new actions reach only some customers by outbound contact,
   * and a notice due comes first); returns that contact.
   */
  private static OutboundContact tripContact(Engine engine, Clock clock, int from, boolean travel) {
    int next = from;
    while (next <= 300) {
      String who = appServiceCustomer(engine, next);
      engine.events().ingest(List.of(tripAbroad(who, clock.instant())), "");
      var queued =
          engine.outbound().due(Channel.APP, 1000).stream()
              .filter(c -> c.customerId().equals(who))
              .toList();
      assertTrue(queued.size() <= 1, "one contact per trigger and channel");
      if (!queued.isEmpty()
          && (!travel
              || engine
                  .decisions()
                  .library()
                  .find(queued.get(0).actionId())
                  .orElseThrow()
                  .group()
                  .equals("travel"))) {
        return queued.get(0);
      }
      next = Integer.parseInt(who.substring(1)) + 1;
    }
    throw new AssertionError(
        "no trip abroad from customer "
            + from
            + " on triggered "
            + (travel ? "a travel" : "an")
            + " contact on the app");
  }

  private static io.parcours.domain.CustomerEvent tripAbroad(String customer, Instant at) {
    return new io.parcours.domain.CustomerEvent(
        customer,
        "trip.booked",
        at,
        Map.of("abroad", true, "country", "PT"),
        "trip-" + customer + "-" + UUID.randomUUID());
  }

  @Test
  void aTriggeredContactIsQueuedThenCancelledWhenTheCustomerAcceptsOnTheWebOrWithdrawsConsent()
      throws Exception {
    // 10:00 in Paris: outside the app's quiet hours.
    Clock day = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), java.time.ZoneOffset.UTC);
    try (Engine engine = Engine.start(settings, Executors.defaultThreadFactory(), day)) {
      // The web ranks on Thompson draws: for some customers the travel action stays below the
      // threshold
      // there; take the first customer whose web decision shows the action the app contact is
      // about.
      OutboundContact contact = null;
      Decision web = null;
      int from = 200;
      while (web == null) {
        contact = travelContact(engine, day, from);
        from = Integer.parseInt(contact.customerId().substring(1)) + 1;
        String action = contact.actionId();
        for (int i = 0; i < 10 && web == null; i++) {
          Decision d =
              engine
                  .decisions()
                  .decide(
                      new DecisionRequest(
                          contact.customerId(),
                          Channel.WEB,
                          Direction.INBOUND,
                          Map.of(),
                          20,
                          day.instant()));
          if (d.proposals().stream().anyMatch(p -> p.action().id().equals(action))) {
            web = d;
          }
        }
      }
      String who = contact.customerId();
      assertEquals(day.instant(), contact.sendAfter());
      assertNotNull(web, "the web shows the travel action the app contact is about");
      engine
          .responses()
          .capture(
              new Response(
                  web.decisionId(),
                  contact.actionId(),
                  Outcome.ACCEPTED,
                  UUID.randomUUID().toString(),
                  day.instant()));
      var after = engine.outbound().find(Channel.APP, contact.contactId()).orElseThrow();
      assertEquals(
          "cancelled", after.status(), "accepted on the web: the app contact must not go out");
      assertTrue(
          after.reason().contains("accepted " + contact.actionId() + " on web"), after.reason());
      assertEquals(
          io.parcours.engine.outbound.OutboundQueue.Delivery.CANCELLED,
          engine.outbound().deliver(Channel.APP, contact.contactId()));

      var mine = List.of(tripContact(engine, day, 2, false));
      String other = mine.get(0).customerId();
      var kept = new java.util.HashSet<>(engine.customerState().profile(other).consents());
      kept.remove(new io.parcours.domain.Consent(Channel.APP, io.parcours.domain.Purpose.SERVICE));
      engine.consents().replace(other, kept, day.instant(), "test", "v1", "test");
      engine.customerState().reloadProfile(other);
      assertEquals(1, engine.outbound().purgeWithoutConsent(other));
      assertEquals(
          "cancelled",
          engine.outbound().find(Channel.APP, mine.get(0).contactId()).orElseThrow().status());

      var due = List.of(tripContact(engine, day, Integer.parseInt(other.substring(1)) + 1, false));
      assertEquals(
          io.parcours.engine.outbound.OutboundQueue.Delivery.DELIVERED,
          engine.outbound().deliver(Channel.APP, due.get(0).contactId()));
      assertEquals(
          io.parcours.engine.outbound.OutboundQueue.Delivery.ALREADY_DELIVERED,
          engine.outbound().deliver(Channel.APP, due.get(0).contactId()));
    }
    // 23:00 in Paris: the app is quiet until 8:00, so the contact waits until then.
    Clock night = Clock.fixed(Instant.parse("2026-11-24T22:00:00Z"), java.time.ZoneOffset.UTC);
    OutboundContact waiting = null;
    try (Engine engine = Engine.start(settings, Executors.defaultThreadFactory(), night)) {
      int next = 120;
      while (waiting == null) {
        String who = appServiceCustomer(engine, next);
        engine.events().ingest(List.of(tripAbroad(who, night.instant())), "");
        var queued = engine.outbound().queuedFor(who);
        if (!queued.isEmpty()) {
          waiting = queued.get(0);
          assertTrue(
              engine.outbound().due(Channel.APP, 1000).stream()
                  .noneMatch(c -> c.customerId().equals(who)),
              "nothing due during quiet hours");
          java.time.ZoneId zone =
              java.time.ZoneId.of(engine.customerState().profile(who).timeZone());
          assertEquals(
              java.time.LocalDate.parse("2026-11-25").atTime(8, 0).atZone(zone).toInstant(),
              waiting.sendAfter(),
              "8:00 on the customer's clock, when the app may contact them again");
        }
        next = Integer.parseInt(who.substring(1)) + 1;
      }
      assertNotNull(waiting, "a trip booked at night queued a contact for the morning");
    }
    Clock noon = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), java.time.ZoneOffset.UTC);
    try (Engine engine = Engine.start(settings, Executors.defaultThreadFactory(), noon)) {
      long id = waiting.contactId();
      assertTrue(
          engine.outbound().due(Channel.APP, 1000).stream().anyMatch(c -> c.contactId() == id),
          "due once the quiet hours are over");
    }
  }

  /**
   * A logistic regression that likes one action on the web, trained offline on made-up responses.
   */
  private static byte[] offlineModel(String liked) {
    var labels = new org.tribuo.classification.LabelFactory();
    var data =
        new org.tribuo.MutableDataset<org.tribuo.classification.Label>(
            new org.tribuo.provenance.SimpleDataSourceProvenance("web history, October", labels),
            labels);
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    for (int i = 0; i < 4000; i++) {
      boolean it = r.nextBoolean();
      var e =
          new org.tribuo.impl.ArrayExample<>(
              new org.tribuo.classification.Label(
                  r.nextDouble() < (it ? 0.4 : 0.05) ? "yes" : "no"));
      e.add("bias", 1);
      e.add(it ? "action=" + liked : "action=something-else", 1);
      data.add(e);
    }
    var trainer =
        new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
            new org.tribuo.classification.sgd.objectives.LogMulticlass(),
            new org.tribuo.math.optimisers.AdaGrad(0.1, 0.1),
            5,
            1_000_000,
            1,
            7L);
    return trainer.train(data).serialize().toByteArray();
  }

  @Test
  void twoNodesLearnEveryResponseInOneOrderAndFollowEachOthersRoleChanges() throws Exception {
    // Both nodes decide and take responses at the same time, on one database.
    try (Engine a = start();
        Engine b = start()) {
      a.followModelsNow();
      b.followModelsNow();
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<Decision>> deciding = new ArrayList<>();
      for (int i = 1; i <= 240; i++) {
        Engine node = i % 2 == 0 ? a : b;
        String customer = String.format("C%06d", 1 + i % 300);
        deciding.add(pool.submit(() -> node.decisions().decide(request(customer, Channel.WEB, 2))));
      }
      List<Decision> shown = new ArrayList<>();
      for (Future<Decision> f : deciding) {
        if (!f.get().proposals().isEmpty()) {
          shown.add(f.get());
        }
      }
      AuditVerifier.Verification chain = b.auditVerifier().verify();
      assertTrue(chain.intact(), "the two nodes extended one chain: " + chain);
      for (Decision d : shown) {
        assertTrue(
            a.decisionLog().audit(d.decisionId()).isPresent(),
            "every decision of either node is audited");
      }
      List<Future<Integer>> answered = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        Engine node = t % 2 == 0 ? a : b;
        int thread = t;
        answered.add(
            pool.submit(
                () -> {
                  int n = 0;
                  for (int i = thread; i < shown.size(); i += 6) {
                    Decision d = shown.get(i);
                    node.responses()
                        .capture(
                            new Response(
                                d.decisionId(),
                                d.proposals().get(0).action().id(),
                                i % 3 == 0 ? Outcome.ACCEPTED : Outcome.IGNORED,
                                UUID.randomUUID().toString(),
                                Instant.now()));
                    n++;
                  }
                  return n;
                }));
      }
      int total = 0;
      for (Future<Integer> f : answered) {
        total += f.get();
      }
      pool.shutdown();
      assertTrue(total > 100, "responses on both nodes: " + total);
      assertEquals(shown.size(), total);
      a.followModelsNow();
      b.followModelsNow();
      ContextualProbitModels onA = (ContextualProbitModels) a.models();
      ContextualProbitModels onB = (ContextualProbitModels) b.models();
      assertEquals(onA.lastResponseId(), onB.lastResponseId());
      assertArrayEquals(
          onA.save().content(),
          onB.save().content(),
          "both nodes learned the same responses in the same order, whichever node took them");

      String liked = onA.actionEvidence(Channel.WEB).get(0).actionId();
      String challenger =
          a.modelVersions()
              .challenge(
                  "probit:web",
                  offlineModel(liked),
                  0.3,
                  0.01,
                  "logistic regression, node a",
                  "scientist",
                  "retraining on one node");
      int version = ContextualProbitModels.parse(challenger).version();
      a.modelVersions().promote(challenger, "scientist", "better");
      b.followModelsNow();
      assertEquals(
          challenger,
          onB.score("x", Channel.WEB, List.of("bias"), rng()).modelId(),
          "the other node follows the challenger and its promotion");
      assertEquals(
          onA.weights(Channel.WEB, version).weightMean("action=" + liked),
          onB.weights(Channel.WEB, version).weightMean("action=" + liked),
          "from the same warm start");
      a.followModelsNow();
      assertArrayEquals(
          onA.save().content(),
          onB.save().content(),
          "the node that made the changes is not moved by them twice");
      a.modelVersions().rollback("probit:web", "scientist", "undo");
    }
  }

  @Test
  void twoNodesDecidingForTheSameCustomerAtTheSameInstantCannotBothPassAContactCap()
      throws Exception {
    // Customers never contacted before; eight decisions each, four on each node, all at once. The
    // demo
    // contact policy shows an action at most twice a day (ActionCapToday); mandatory notices are
    // exempt.
    int portA = freePort();
    int portB = freePort();
    String hosts = "127.0.0.1[" + portA + "],127.0.0.1[" + portB + "]";
    CacheSettings caches = CacheSettings.defaults();
    try (Engine a =
            Engine.start(
                settings.withCaches(caches.distributed("127.0.0.1", portA, 0, hosts)),
                Executors.defaultThreadFactory(),
                Clock.systemUTC());
        Engine b =
            Engine.start(
                settings.withCaches(caches.distributed("127.0.0.1", portB, 0, hosts)),
                Executors.defaultThreadFactory(),
                Clock.systemUTC())) {
      assertEquals(
          2,
          b.caches().manager().getMembers().size(),
          "one cluster: " + b.caches().manager().getMembers());
      List<String> fresh = new ArrayList<>();
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement();
          java.sql.ResultSet r =
              s.executeQuery(
                  "select customer_id from customers where customer_id between 'C000201' and 'C000300'"
                      + " and not exists (select 1 from impressions i where i.customer_id = customers.customer_id)"
                      + " order by customer_id limit 40")) {
        while (r.next()) {
          fresh.add(r.getString(1));
        }
      }
      assertTrue(fresh.size() >= 30, "customers with no contact yet: " + fresh.size());
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<Decision>> deciding = new ArrayList<>();
      for (String customer : fresh) {
        // the eight start together: taken in order by 16 threads, a customer's eight always find
        // threads
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(8);
        for (int i = 0; i < 8; i++) {
          Engine node = i % 2 == 0 ? a : b;
          deciding.add(
              pool.submit(
                  () -> {
                    together.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    return node.decisions().decide(request(customer, Channel.WEB, 3));
                  }));
        }
      }
      Map<String, Integer> shown = new java.util.TreeMap<>();
      java.util.Set<String> mandatory = new java.util.HashSet<>();
      for (Future<Decision> f : deciding) {
        for (Proposal p : f.get().proposals()) {
          shown.merge(f.get().request().customerId() + " " + p.action().id(), 1, Integer::sum);
          if (p.action().mandatory()) {
            mandatory.add(p.action().id());
          }
        }
      }
      pool.shutdown();
      Map<String, Integer> stored = new java.util.TreeMap<>();
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          java.sql.PreparedStatement s =
              c.prepareStatement(
                  "select customer_id || ' ' || action_id, count(*) from impressions where customer_id = any (?)"
                      + " group by 1")) {
        s.setArray(1, c.createArrayOf("text", fresh.toArray()));
        try (java.sql.ResultSet r = s.executeQuery()) {
          while (r.next()) {
            stored.put(r.getString(1), r.getInt(2));
          }
        }
      }
      assertEquals(shown, stored, "every impression answered is stored, and only those");
      Map<String, Integer> overCap = new java.util.TreeMap<>(stored);
      overCap.values().removeIf(n -> n <= 2);
      overCap.keySet().removeIf(k -> mandatory.contains(k.substring(k.indexOf(' ') + 1)));
      assertEquals(
          Map.of(), overCap, "no optional action shown more than twice in a day to one customer");
      assertTrue(
          stored.values().stream().filter(n -> n == 2).count() >= fresh.size(),
          "the cap was reached, not avoided: " + stored);
      assertTrue(
          a.decisions().claimConflicts() + b.decisions().claimConflicts() > 0,
          "the nodes met at the same customer at the same instant");
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aChallengerStartsFromAnOfflineModelServesItsShareAndItsRolesSurviveARestart()
      throws Exception {
    byte[] learned;
    String challenger;
    try (Engine engine = start()) {
      ModelVersions versions = engine.modelVersions();
      Decision first = firstDecisionWithAnAction(engine, Channel.WEB);
      engine
          .responses()
          .capture(
              new Response(
                  first.decisionId(),
                  first.proposals().get(0).action().id(),
                  Outcome.CLICKED,
                  UUID.randomUUID().toString(),
                  Instant.now()));
      String liked = first.proposals().get(0).action().id();

      ModelChangeException garbage =
          assertThrows(
              ModelChangeException.class,
              () ->
                  versions.challenge(
                      "probit:web",
                      new byte[] {1, 2, 3},
                      0.5,
                      0.01,
                      "not a model",
                      "scientist",
                      "test"));
      assertEquals(ModelChangeException.Kind.UNPROCESSABLE, garbage.kind());
      challenger =
          versions.challenge(
              "probit:web",
              offlineModel(liked),
              0.5,
              0.01,
              "logistic regression, October",
              "scientist",
              "monthly retraining");
      ContextualProbitModels models = (ContextualProbitModels) engine.models();
      int version = ContextualProbitModels.parse(challenger).version();
      assertTrue(version >= 2, challenger);
      assertTrue(
          models.weights(Channel.WEB, version).weightMean("action=" + liked) > 0.3,
          "the challenger starts from the offline model's weights");

      Map<String, Integer> servedBy = new java.util.HashMap<>();
      List<Decision> decided = new ArrayList<>();
      for (int i = 1; i <= 300; i++) {
        Decision d = engine.decisions().decide(request(String.format("C%06d", i), Channel.WEB, 2));
        if (!d.proposals().isEmpty()) {
          decided.add(d);
          servedBy.merge(d.proposals().get(0).modelId(), 1, Integer::sum);
          assertEquals(
              1,
              d.proposals().stream().map(Proposal::modelId).distinct().count(),
              "one version per decision");
        }
      }
      int byChallenger = servedBy.getOrDefault(challenger, 0);
      assertTrue(
          byChallenger > decided.size() / 5 && byChallenger < decided.size() * 4 / 5,
          "half the decisions go to the challenger: " + servedBy);
      String audit = engine.decisionLog().audit(decided.get(0).decisionId()).orElseThrow().json();
      assertTrue(
          audit.contains("\"modelId\":\"probit:web@"),
          "the audit record names the version: " + audit);
      for (Decision d : decided.subList(0, 40)) {
        engine
            .responses()
            .capture(
                new Response(
                    d.decisionId(),
                    d.proposals().get(0).action().id(),
                    d.proposals().get(0).action().id().equals(liked)
                        ? Outcome.ACCEPTED
                        : Outcome.IGNORED,
                    UUID.randomUUID().toString(),
                    Instant.now()));
      }
      assertEquals(
          40,
          models.weights(Channel.WEB, version).evidence(),
          "the challenger learns every response after it joined");

      ModelChangeException notChallenger =
          assertThrows(
              ModelChangeException.class,
              () -> versions.promote("probit:web@1", "scientist", "no"));
      assertEquals(ModelChangeException.Kind.CONFLICT, notChallenger.kind());
      learned = models.save().content();
    }
    try (Engine restarted = start()) {
      assertArrayEquals(
          learned, restarted.models().save().content(), "versions, roles and weights restored");
      restarted.modelVersions().promote(challenger, "scientist", "better over the test");
      assertEquals(
          challenger, restarted.models().score("x", Channel.WEB, List.of("bias"), rng()).modelId());
      restarted.modelVersions().rollback("probit:web", "scientist", "complaints");
      assertEquals(
          challenger.replaceAll("@\\d+$", "@1"),
          restarted.models().score("x", Channel.WEB, List.of("bias"), rng()).modelId());
      learned = restarted.models().save().content();
      ModelVersions.History history = restarted.modelVersions().history("probit:web");
      List<String> actions = history.changes().stream().map(c -> c.action()).distinct().toList();
      assertTrue(
          actions.containsAll(List.of("created", "challenger", "promote", "rollback")),
          actions.toString());
      assertTrue(
          history.changes().stream()
              .anyMatch(c -> c.reason().equals("complaints") && c.changedBy().equals("scientist")));
      assertTrue(
          history.versions().stream()
              .anyMatch(
                  v ->
                      v.versionId().equals(challenger)
                          && v.role().equals("standby")
                          && v.provenance().contains("LinearSGDModel")
                          && v.provenance().contains("web history, October")),
          history.versions().toString());
    }
    // Without any snapshot the models are rebuilt from every response, with each role change
    // replayed
    // after the response it followed: the same versions learn the same responses.
    try (Connection c =
            java.sql.DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
        Statement s = c.createStatement()) {
      s.executeUpdate("delete from model_snapshots");
    }
    try (Engine rebuilt = start()) {
      assertArrayEquals(learned, rebuilt.models().save().content());
    }
  }

  private static org.apache.commons.rng.UniformRandomProvider rng() {
    return org.apache.commons.rng.simple.RandomSource.SPLIT_MIX_64.create(1L);
  }

  private static Decision firstDecisionWithAnAction(Engine engine, Channel channel) {
    for (int i = 1; i <= 300; i++) {
      Decision d = engine.decisions().decide(request(String.format("C%06d", i), channel, 1));
      if (!d.proposals().isEmpty()) {
        return d;
      }
    }
    throw new AssertionError("no customer got an action on " + channel);
  }

  private static final java.util.Set<io.parcours.domain.Consent> WEB_OFFERS =
      java.util.Set.of(
          new io.parcours.domain.Consent(Channel.WEB, io.parcours.domain.Purpose.MARKETING),
          new io.parcours.domain.Consent(Channel.WEB, io.parcours.domain.Purpose.PROFILING),
          new io.parcours.domain.Consent(Channel.WEB, io.parcours.domain.Purpose.SERVICE));

  private static java.util.Set<String> shown(Decision d) {
    return d.proposals().stream()
        .map(p -> p.action().id())
        .collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void anAnonymousVisitorIsMergedIntoTheCustomerWhoLogsInAndTheContactCapsCountBothHistories()
      throws Exception {
    // A day after every other test's decisions, so that today's caps count this test's impressions
    // only.
    Clock day = Clock.fixed(Instant.parse("2027-01-15T10:00:00Z"), java.time.ZoneOffset.UTC);
    try (Engine engine = Engine.start(settings, Executors.defaultThreadFactory(), day)) {
      // A visitor known by a cookie only: the first event makes an anonymous profile.
      var cookie =
          new io.parcours.domain.Identity(
              io.parcours.domain.IdentityType.COOKIE, "ck-" + UUID.randomUUID());
      Instant at = day.instant();
      var visit =
          engine
              .events()
              .ingest(
                  List.of(
                      new io.parcours.domain.CustomerEvent(
                          null,
                          "login",
                          at,
                          Map.of("channel", "web"),
                          UUID.randomUUID().toString(),
                          cookie)),
                  "");
      String anonymous = visit.get(0).customerId();
      assertTrue(anonymous.startsWith("anon-"), anonymous);
      assertEquals(
          anonymous,
          engine.identities().findOrCreate(cookie, "test"),
          "the cookie names its profile now");
      engine.consents().replace(anonymous, WEB_OFFERS, at, "cookie-banner", "v1", "test");
      engine.customerState().reloadProfile(anonymous);
      // Two visits the same day: every action shown both times has reached its daily cap (2 a day).
      Decision first =
          engine
              .decisions()
              .decide(
                  new DecisionRequest(anonymous, Channel.WEB, Direction.INBOUND, Map.of(), 20, at));
      Decision second =
          engine
              .decisions()
              .decide(
                  new DecisionRequest(anonymous, Channel.WEB, Direction.INBOUND, Map.of(), 20, at));
      java.util.Set<String> twice = new java.util.TreeSet<>(shown(first));
      twice.retainAll(shown(second));
      assertFalse(
          twice.isEmpty(),
          "the visitor was shown some action twice: " + shown(first) + " " + shown(second));

      // A known customer who takes web offers logs in on that browser.
      // (of those with the fewest products, so that the visitor's offers are not ruled out as held)
      String known = null;
      int fewest = Integer.MAX_VALUE;
      for (int i = 300; i >= 100; i--) {
        String id = String.format("C%06d", i);
        var p = engine.customers().find(id).orElse(null);
        if (p != null
            && p.age() >= 18
            && !p.openComplaint()
            && p.missedPayments() == 0
            && !p.travellingAbroad()
            && p.products().size() < fewest) {
          known = id;
          fewest = p.products().size();
        }
      }
      assertNotNull(known);
      String customer = known;
      var consents = new java.util.HashSet<>(engine.customerState().profile(customer).consents());
      consents.addAll(WEB_OFFERS);
      engine.consents().replace(customer, consents, at, "preference-centre", "v1", "test");
      engine.customerState().reloadProfile(customer);
      var own = engine.caches().histories().get(customer);
      int ownImpressions = own == null ? 0 : own.impressions().size();
      var login =
          engine
              .events()
              .ingest(
                  List.of(
                      new io.parcours.domain.CustomerEvent(
                          customer,
                          "login",
                          at.plusSeconds(60),
                          Map.of("channel", "web"),
                          UUID.randomUUID().toString(),
                          cookie)),
                  "");
      assertEquals(customer, login.get(0).customerId());

      // One profile now: the known customer's, with the visitor's history, identities and events.
      assertThrows(UnknownCustomerException.class, () -> engine.customerState().profile(anonymous));
      assertEquals(
          customer,
          engine.identities().current(anonymous),
          "the absorbed id resolves to the survivor");
      assertEquals(customer, engine.identities().findOrCreate(cookie, "test"));
      var identities = engine.identities().of(customer);
      assertFalse(identities.anonymous());
      assertEquals(
          List.of(cookie), identities.identities().stream().map(l -> l.identity()).toList());
      assertEquals(
          List.of(anonymous), identities.merges().stream().map(m -> m.absorbedId()).toList());
      var history = engine.caches().histories().get(customer);
      assertEquals(
          ownImpressions + first.proposals().size() + second.proposals().size(),
          history.impressions().size(),
          "the survivor's contact history holds both profiles' impressions");
      try (Connection c =
              java.sql.DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
          var s =
              c.prepareStatement(
                  "select count(*) from events where customer_id = ? and occurred_at >= ?")) {
        s.setString(1, customer);
        s.setTimestamp(2, java.sql.Timestamp.from(at));
        try (var r = s.executeQuery()) {
          r.next();
          assertEquals(
              2,
              r.getLong(1),
              "the visitor's login and the customer's are both the customer's events");
        }
      }
      // The known customer's attributes win; consents stay theirs.
      assertEquals(
          engine.customers().find(customer).orElseThrow().name(),
          engine.customerState().profile(customer).name());

      Decision after =
          engine
              .decisions()
              .decide(
                  new DecisionRequest(customer, Channel.WEB, Direction.INBOUND, Map.of(), 20, at));
      for (String action : twice) {
        assertFalse(
            shown(after).contains(action),
            action + " was shown twice today to the visitor: capped for the customer");
        assertTrue(
            after.exclusions().stream().anyMatch(e -> e.actionId().equals(action)),
            action + " is excluded");
      }
      assertTrue(
          after.exclusions().stream()
              .anyMatch(e -> twice.contains(e.actionId()) && e.rule().equals("ActionCapToday")),
          "the daily cap counts the visitor's impressions: " + after.exclusions());
      assertTrue(engine.auditVerifier().verify().intact());
    }
  }

  @Test
  void anErasedCustomerLeavesNoPersonalDataInAnyTableWhileTheirAuditRecordsStillVerifyAndExplain()
      throws Exception {
    try (Engine engine = start();
        Connection c =
            java.sql.DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"))) {
      String who = erasable(c, "E000001", "Maëlle Quintard-Erasmus");
      String name = engine.customers().find(who).orElseThrow().name();
      var email =
          new io.parcours.domain.Identity(
              io.parcours.domain.IdentityType.EMAIL,
              "erase.me." + UUID.randomUUID() + "@example.org");
      assertEquals(
          io.parcours.engine.identities.IdentityGraph.Outcome.LINKED,
          engine.identities().link(who, email, "sign-up", "test").outcome());
      Instant at = Instant.now();
      engine
          .events()
          .ingest(
              List.of(
                  new io.parcours.domain.CustomerEvent(
                      who,
                      "payment.missed",
                      at,
                      Map.of("product", "loan", "amount", 99.0),
                      "erase-" + who)),
              "");
      List<Decision> decisions = new ArrayList<>();
      for (Channel ch : List.of(Channel.WEB, Channel.APP, Channel.WEB)) {
        decisions.add(engine.decisions().decide(request(who, ch, 3)));
      }
      Decision shown =
          decisions.stream().filter(d -> !d.proposals().isEmpty()).findFirst().orElse(null);
      if (shown != null) {
        engine
            .responses()
            .capture(
                new Response(
                    shown.decisionId(),
                    shown.proposals().get(0).action().id(),
                    Outcome.CLICKED,
                    "resp-" + who,
                    Instant.now()));
      }
      var opened =
          engine
              .auditReader()
              .open(
                  decisions.get(0).decisionId(),
                  engine.decisionLog().audit(decisions.get(0).decisionId()).orElseThrow().json());
      assertEquals(
          who,
          opened.getJsonObject("personal").getString("customerId"),
          "readable before the erasure");
      assertFalse(
          engine
              .decisionLog()
              .audit(decisions.get(0).decisionId())
              .orElseThrow()
              .json()
              .contains(who),
          "the stored record never held the customer id in clear");

      var erasure = engine.erasure().erase(who, "dpo", "customer request 2026-118");
      assertTrue(
          erasure.counts().get("customers") == 1 && erasure.counts().get("customer_keys") >= 1,
          erasure.toString());
      assertTrue(erasure.counts().get("decisions") >= 3, erasure.toString());

      // No table holds the id, the name or the e-mail any more.
      List<String> tables = new ArrayList<>();
      try (Statement s = c.createStatement();
          var r =
              s.executeQuery(
                  "select table_name from information_schema.tables where table_schema = 'public'"
                      + " and table_type = 'BASE TABLE' order by table_name")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      assertTrue(
          tables.containsAll(
              List.of("customers", "audit_records", "events", "customer_identities")),
          tables.toString());
      for (String table : tables) {
        for (String personal : List.of(who, name, email.value())) {
          try (var s =
              c.prepareStatement("select count(*) from " + table + " t where t::text ~ ?")) {
            s.setString(
                1,
                "(^|[^A-Za-z0-9])"
                    + personal.replaceAll("[^A-Za-z0-9]", "\\\\$0")
                    + "([^A-Za-z0-9]|$)");
            try (var r = s.executeQuery()) {
              r.next();
              assertEquals(0, r.getLong(1), table + " still holds '" + personal + "'");
            }
          }
        }
      }
      // The audit records are all there, the chain verifies, and they still explain the decisions.
      assertTrue(engine.auditVerifier().verify().intact());
      for (Decision d : decisions) {
        var record = engine.decisionLog().audit(d.decisionId()).orElseThrow();
        assertEquals(erasure.pseudonym(), record.customerId());
        var open = engine.auditReader().open(d.decisionId(), record.json());
        assertTrue(open.getBoolean("personalErased"));
        assertEquals(
            d.rulesFired(),
            open.getJsonArray("rulesFired").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString)
                .toList());
        assertEquals(d.proposals().size(), open.getJsonArray("result").size());
      }
      assertThrows(UnknownCustomerException.class, () -> engine.customerState().profile(who));
      assertThrows(UnknownCustomerException.class, () -> engine.identities().current(who));
      assertTrue(engine.identities().find(email).isEmpty());
      assertThrows(
          UnknownCustomerException.class, () -> engine.erasure().erase(who, "dpo", "again"));
    }
  }

  /**
   * A customer of their own for a test that erases: a copy of a demo customer under a new id and a
   * name nobody else has, so that no other test meets an erased profile.
   */
  private static String erasable(Connection c, String id, String name) throws Exception {
    try (var s =
        c.prepareStatement(
            "insert into customers (customer_id, name, age, region, segment, tenure_months,"
                + " products, balance, monthly_income, churn_risk, missed_payments, open_complaint, travelling_abroad,"
                + " consents, time_zone, updated_at) select ?, ?, age, region, segment, tenure_months, products, balance,"
                + " monthly_income, churn_risk, 0, false, false, consents, time_zone, updated_at from customers"
                + " where customer_id = 'C000120'")) {
      s.setString(1, id);
      s.setString(2, name);
      assertEquals(1, s.executeUpdate());
    }
    return id;
  }

  @Test
  void recordsWrittenInClearBeforeFormat4AreSealedOnceAtStartAndTheirCustomerCanThenBeErased()
      throws Exception {
    try (Connection c =
        java.sql.DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"))) {
      String who;
      try (Engine engine = start()) {
        who = erasable(c, "E000002", "Ottilie Verhaegen-Clearcase");
        engine.decisions().decide(request(who, Channel.WEB, 3));
      }
      // A record as versions before format 4 wrote it, chained at the end of the trail.
      String decisionId = UUID.randomUUID().toString();
      String json =
          "{\"format\":3,\"decisionId\":\""
              + decisionId
              + "\",\"decidedAt\":\"2026-10-01T08:00:00Z\","
              + "\"request\":{\"customerId\":\""
              + who
              + "\",\"channel\":\"web\",\"direction\":\"inbound\","
              + "\"context\":{\"page\":\"cards\"},\"limit\":3},\"profile\":{\"customerId\":\""
              + who
              + "\",\"name\":\"Ottilie Verhaegen-Clearcase\"},\"ruleSetVersion\":\"1\",\"rulesFired\":[\"ConsentRule\"],"
              + "\"result\":[],\"doNothingReason\":\"no action is eligible\"}";
      long seq;
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "insert into decisions (decision_id, customer_id, channel, direction, decided_at,"
                + " rule_set_version, do_nothing) values ('"
                + decisionId
                + "', '"
                + who
                + "', 'web', 'inbound',"
                + " '2026-10-01T08:00:00Z', '1', true)");
        try (var r =
            s.executeQuery("select seq, hash from audit_records order by seq desc limit 1")) {
          r.next();
          seq = r.getLong(1) + 1;
          try (var insert =
              c.prepareStatement(
                  "insert into audit_records (seq, decision_id, customer_id, recorded_at,"
                      + " record, previous_hash, hash) values (?, ?::uuid, ?, now(), ?::json, ?, ?)")) {
            insert.setLong(1, seq);
            insert.setString(2, decisionId);
            insert.setString(3, who);
            insert.setString(4, json);
            insert.setString(5, r.getString(2));
            insert.setString(6, io.parcours.engine.decision.AuditTrail.hash(r.getString(2), json));
            insert.executeUpdate();
          }
        }
      }
      assertTrue(
          new AuditVerifier(new io.parcours.db.PostgresDecisionLog(postgres.getPostgresDatabase()))
              .verify()
              .intact(),
          "the chain holds before the re-seal");
      try (Engine engine = start()) {
        var record = engine.decisionLog().audit(decisionId).orElseThrow();
        assertFalse(
            record.json().contains(who) || record.json().contains("Verhaegen"), record.json());
        var open = engine.auditReader().open(decisionId, record.json());
        assertEquals(3, open.getInt("resealedFromFormat"));
        assertEquals(4, open.getInt("format"));
        assertEquals(who, open.getJsonObject("personal").getString("customerId"));
        assertEquals(
            "cards", open.getJsonObject("personal").getJsonObject("context").getString("page"));
        assertEquals(
            List.of("ConsentRule"),
            open.getJsonArray("rulesFired").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString)
                .toList());
        assertTrue(engine.auditVerifier().verify().intact(), "the chain holds after the re-seal");
        try (Statement s = c.createStatement();
            var r =
                s.executeQuery(
                    "select from_seq, records_sealed from audit_reseals order by reseal_id desc limit 1")) {
          assertTrue(r.next(), "the re-seal is recorded");
          assertTrue(r.getLong(1) <= seq);
          assertTrue(r.getInt(2) >= 1);
        }
        engine.erasure().erase(who, "dpo", "customer request");
        assertTrue(
            engine
                .auditReader()
                .open(decisionId, engine.decisionLog().audit(decisionId).orElseThrow().json())
                .getBoolean("personalErased"));
        assertTrue(engine.auditVerifier().verify().intact());
      }
    }
  }

  @Test
  void aWarmUpRehearsesDecisionsAndRecordsNothing() throws Exception {
    try (Engine engine = start()) {
      String customer = "C000007";
      Decision real = engine.decisions().decide(request(customer, Channel.WEB, 3));
      long audited = engine.auditVerifier().verify().verified();
      var statistics = engine.decisions().strategyVersion().rules().statistics();
      long evaluations = statistics.evaluations();
      ContactHistory history = engine.caches().histories().get(customer);

      EngineWarmUp warmUp =
          new EngineWarmUp(
              engine.decisions(),
              (size, seed) -> List.of(customer, "C000008"),
              200,
              Clock.systemUTC());
      assertEquals(EngineWarmUp.State.RUNNING, warmUp.progress().state());
      assertFalse(warmUp.progress().ready(), "not ready before it rehearsed");
      warmUp.run();

      EngineWarmUp.Progress done = warmUp.progress();
      assertEquals(EngineWarmUp.State.DONE, done.state(), String.valueOf(done));
      assertEquals(200, done.rehearsed());
      assertTrue(done.ready());
      assertEquals(audited, engine.auditVerifier().verify().verified(), "no audit record");
      assertEquals(evaluations, statistics.evaluations(), "no firing counted");
      assertEquals(history, engine.caches().histories().get(customer), "no contact claimed");
      assertTrue(engine.decisionLog().audit(real.decisionId()).isPresent());
      assertTrue(engine.auditVerifier().verify().intact());
    }
  }

  @Test
  void aWarmUpWithoutCustomersOrCountLeavesTheNodeReady() throws Exception {
    try (Engine engine = start()) {
      EngineWarmUp none =
          new EngineWarmUp(engine.decisions(), (size, seed) -> List.of(), 50, Clock.systemUTC());
      none.run();
      assertEquals(EngineWarmUp.State.STOPPED, none.progress().state());
      assertEquals(0, none.progress().rehearsed());
      assertTrue(none.progress().ready());

      EngineWarmUp off =
          new EngineWarmUp(engine.decisions(), engine.customers()::sample, 0, Clock.systemUTC());
      assertEquals(EngineWarmUp.State.OFF, off.progress().state());
      assertTrue(off.progress().ready());
      assertThrows(
          IllegalArgumentException.class,
          () ->
              new EngineWarmUp(
                  engine.decisions(), engine.customers()::sample, -1, Clock.systemUTC()));
    }
  }

  @Test
  void concurrentEventCallsAreStoredTogetherAndEachIsAnsweredAsIfAlone() throws Exception {
    try (Engine engine = start()) {
      Instant at = Instant.now().minusSeconds(30);
      String blocked = "C000201";
      String b = "C000202";
      String c = "C000203";
      List<Integer> batches = java.util.Collections.synchronizedList(new ArrayList<>());
      engine.events().writer().observe((items, nanos) -> batches.add(items));
      var first = new io.parcours.domain.CustomerEvent(b, "login", at, Map.of(), "group-b-" + at);
      ExecutorService callers = Executors.newFixedThreadPool(4);
      try (Connection lock = postgres.getPostgresDatabase().getConnection()) {
        // The writer waits for this customer's row while the other calls queue behind it.
        lock.setAutoCommit(false);
        try (var s =
            lock.prepareStatement("select 1 from customers where customer_id = ? for update")) {
          s.setString(1, blocked);
          s.executeQuery().close();
        }
        Future<List<EventIngestion.Receipt>> alone =
            callers.submit(
                () ->
                    engine
                        .events()
                        .ingest(
                            List.of(
                                new io.parcours.domain.CustomerEvent(
                                    blocked, "login", at, Map.of(), "group-a-" + at)),
                            ""));
        awaitLockWait();
        Future<List<EventIngestion.Receipt>> fromB =
            callers.submit(() -> engine.events().ingest(List.of(first), ""));
        awaitQueued(engine, 1);
        Future<List<EventIngestion.Receipt>> fromC =
            callers.submit(
                () ->
                    engine
                        .events()
                        .ingest(
                            List.of(
                                first,
                                new io.parcours.domain.CustomerEvent(
                                    c, "login", at, Map.of(), "group-c-" + at)),
                            "events[%d]."));
        awaitQueued(engine, 2);
        Future<List<EventIngestion.Receipt>> fromNobody =
            callers.submit(
                () ->
                    engine
                        .events()
                        .ingest(
                            List.of(
                                new io.parcours.domain.CustomerEvent(
                                    c, "login", at, Map.of(), "group-d-" + at),
                                new io.parcours.domain.CustomerEvent(
                                    "NOBODY", "login", at, Map.of(), "group-n-" + at)),
                            "events[%d]."));
        awaitQueued(engine, 3);
        lock.rollback();

        assertEquals(1, alone.get(30, TimeUnit.SECONDS).size());
        List<EventIngestion.Receipt> receiptsB = fromB.get(30, TimeUnit.SECONDS);
        List<EventIngestion.Receipt> receiptsC = fromC.get(30, TimeUnit.SECONDS);
        assertFalse(receiptsB.get(0).replayed());
        assertTrue(receiptsC.get(0).replayed(), "the key B stored first is a replay for C");
        assertEquals(receiptsB.get(0).eventId(), receiptsC.get(0).eventId());
        assertFalse(receiptsC.get(1).replayed());
        ExecutionException unknown =
            assertThrows(ExecutionException.class, () -> fromNobody.get(30, TimeUnit.SECONDS));
        assertTrue(unknown.getCause() instanceof UnknownCustomerException, unknown.toString());
      } finally {
        callers.shutdownNow();
      }
      assertEquals(List.of(1, 3), batches, "the first call alone, then the three queued together");
      assertEquals(
          List.of("group-a-" + at, "group-b-" + at, "group-c-" + at),
          storedKeys("group-%-" + at),
          "each new key once; nothing of the call that named an unknown customer");
    }
  }

  /** Waits until some transaction waits for a row lock: the event writer, on the locked row. */
  private static void awaitLockWait() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        var s =
            c.prepareStatement(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock'")) {
      while (true) {
        try (ResultSet r = s.executeQuery()) {
          r.next();
          if (r.getLong(1) > 0) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the event writer never waited for the locked customer");
        }
        Thread.sleep(5);
      }
    }
  }

  private static List<String> storedKeys(String like) throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        var s =
            c.prepareStatement(
                "select idempotency_key from events where idempotency_key like ? order by 1")) {
      s.setString(1, like);
      List<String> keys = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          keys.add(r.getString(1));
        }
      }
      return keys;
    }
  }

  private static void awaitQueued(Engine engine, int calls) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (engine.events().writer().queued() < calls) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + calls + " calls queued for the event writer");
      }
      Thread.sleep(5);
    }
  }
}
