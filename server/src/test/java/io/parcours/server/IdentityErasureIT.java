package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Identities, merges and erasure over the REST API on Payara and PostgreSQL: a visitor known by a
 * cookie is merged into the customer who logs in on that browser and the contact caps count both
 * histories; an erased customer leaves no personal data in any table while their audit records
 * still exist, verify and explain their decisions.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class IdentityErasureIT {

  private static final String WEB_OFFERS =
      "{\"granted\":[\"web:marketing\",\"web:profiling\",\"web:service\",\"app:service\",\"email:service\"],"
          + "\"source\":\"preference-centre\",\"textVersion\":\"2026-10\"}";

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  private static Connection database() throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + Integer.getInteger("parcours.it.db.port") + "/postgres",
        "postgres",
        "postgres");
  }

  private static HttpResponse<String> event(String body) {
    return Api.post(
        "channel", "api/v1/events", body, "Idempotency-Key", UUID.randomUUID().toString());
  }

  private static JsonObject decide(String who, int limit) {
    HttpResponse<String> r =
        Api.post(
            "channel",
            "api/v1/decisions",
            "{" + who + ",\"channel\":\"web\",\"limit\":" + limit + "}");
    assertEquals(200, r.statusCode(), r.body());
    return Api.json(r);
  }

  private static Set<String> shown(JsonObject decision) {
    return decision.getJsonArray("actions").stream()
        .map(a -> a.asJsonObject().getString("actionId"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * A demo customer who is an adult without complaint, missed payment or trip, was shown nothing
   * since yesterday and is not {@code other}; of those, one with the fewest products, so that
   * offers are not ruled out because they are held.
   */
  private static String freshCustomer(Connection c, String other) throws Exception {
    try (PreparedStatement s =
        c.prepareStatement(
            "select customer_id from customers k where customer_id like 'C%' and customer_id <> ? and age >= 18"
                + " and not open_complaint and missed_payments = 0 and not travelling_abroad and not anonymous"
                + " and name in (select name from customers group by name having count(*) = 1)"
                + " and not exists (select 1 from impressions i where i.customer_id = k.customer_id and i.shown_at >= ?)"
                + " order by cardinality(products), customer_id desc limit 1")) {
      s.setString(1, other == null ? "" : other);
      s.setObject(
          2, LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next(), "a demo customer shown nothing since yesterday");
        return r.getString(1);
      }
    }
  }

  @Test
  void aVisitorKnownByACookieIsMergedIntoTheCustomerWhoLogsInAndTheCapsCountBoth()
      throws Exception {
    String cookie = "ck-" + UUID.randomUUID();
    String identity = "\"identity\":{\"type\":\"cookie\",\"value\":\"" + cookie + "\"}";
    HttpResponse<String> visit =
        event(
            "{"
                + identity
                + ",\"type\":\"login\",\"occurredAt\":\""
                + Instant.now()
                + "\",\"attributes\":{\"channel\":\"web\"}}");
    assertEquals(201, visit.statusCode(), visit.body());
    String anonymous = Api.json(visit).getString("customerId");
    assertTrue(anonymous.startsWith("anon-"), anonymous);
    JsonObject owner = Api.json(Api.get("channel", "api/v1/identities/cookie/" + cookie));
    assertEquals(anonymous, owner.getString("customerId"));
    assertTrue(owner.getBoolean("anonymous"));
    assertEquals(
        200,
        Api.put("channel", "api/v1/customers/" + anonymous + "/consents", WEB_OFFERS).statusCode());

    // Two visits today, decided by the cookie alone: what is shown both times reached its daily
    // cap.
    JsonObject first = decide(identity, 20);
    JsonObject second = decide(identity, 20);
    assertEquals(anonymous, first.getString("customerId"));
    Set<String> twice = new TreeSet<>(shown(first));
    twice.retainAll(shown(second));
    assertFalse(
        twice.isEmpty(), "the visitor was shown some action twice: " + first + " " + second);

    String known;
    try (Connection c = database()) {
      known = freshCustomer(c, null);
    }
    assertEquals(
        200,
        Api.put("channel", "api/v1/customers/" + known + "/consents", WEB_OFFERS).statusCode());
    HttpResponse<String> login =
        event(
            "{\"customerId\":\""
                + known
                + "\","
                + identity
                + ",\"type\":\"login\",\"occurredAt\":\""
                + Instant.now()
                + "\",\"attributes\":{\"channel\":\"web\"}}");
    assertEquals(201, login.statusCode(), login.body());
    assertEquals(known, Api.json(login).getString("customerId"));

    JsonObject identities =
        Api.json(Api.get("channel", "api/v1/customers/" + known + "/identities"));
    assertFalse(identities.getBoolean("anonymous"));
    assertEquals(cookie, identities.getJsonArray("identities").getJsonObject(0).getString("value"));
    assertEquals(
        anonymous, identities.getJsonArray("merges").getJsonObject(0).getString("absorbedId"));
    assertEquals(
        known,
        Api.json(Api.get("channel", "api/v1/identities/cookie/" + cookie)).getString("customerId"));
    assertEquals(
        known,
        Api.json(Api.get("channel", "api/v1/identities/customer-number/" + anonymous))
            .getString("customerId"));

    JsonObject after = decide("\"customerId\":\"" + known + "\"", 20);
    for (String action : twice) {
      assertFalse(
          shown(after).contains(action), action + " was shown twice today to the visitor: capped");
    }
    List<String> capped =
        after.getJsonArray("excluded").stream()
            .map(JsonValue::asJsonObject)
            .filter(
                e ->
                    twice.contains(e.getString("actionId"))
                        && e.getString("rule").equals("ActionCapToday"))
            .map(e -> e.getString("actionId"))
            .toList();
    assertFalse(
        capped.isEmpty(),
        "the daily cap counts the visitor's impressions: " + after.getJsonArray("excluded"));

    // The absorbed id still works for a channel that kept it: it decides for the customer.
    assertEquals(known, decide("\"customerId\":\"" + anonymous + "\"", 3).getString("customerId"));
    // Two known customers are never merged by a link.
    String other;
    try (Connection c = database()) {
      other = freshCustomer(c, known);
    }
    HttpResponse<String> refused =
        Api.post(
            "channel",
            "api/v1/customers/" + known + "/identities",
            "{\"type\":\"customer-number\",\"value\":\"" + other + "\"}");
    assertEquals(409, refused.statusCode(), refused.body());
    assertTrue(Api.json(refused).getString("detail").contains("never merged"), refused.body());
  }

  @Test
  void
      anErasedCustomerLeavesNoPersonalDataInAnyTableWhileTheAuditRecordsStillExplainTheirDecisions()
          throws Exception {
    String who;
    String name;
    try (Connection c = database()) {
      who = freshCustomer(c, null);
      try (PreparedStatement s =
          c.prepareStatement("select name from customers where customer_id = ?")) {
        s.setString(1, who);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          name = r.getString(1);
        }
      }
    }
    String email = "erase." + UUID.randomUUID() + "@example.org";
    HttpResponse<String> linked =
        Api.post(
            "channel",
            "api/v1/customers/" + who + "/identities",
            "{\"type\":\"email\",\"value\":\""
                + email.toUpperCase()
                + "\",\"source\":\"sign-up\"}");
    assertEquals(200, linked.statusCode(), linked.body());
    assertEquals("linked", Api.json(linked).getString("outcome"));
    assertEquals(
        201,
        event(
                "{\"identity\":{\"type\":\"email\",\"value\":\""
                    + email
                    + "\"},\"type\":\"payment.missed\","
                    + "\"occurredAt\":\""
                    + Instant.now()
                    + "\",\"attributes\":{\"product\":\"loan\",\"amount\":120.5}}")
            .statusCode());
    assertEquals(
        200, Api.put("channel", "api/v1/customers/" + who + "/consents", WEB_OFFERS).statusCode());
    List<String> decisions = new ArrayList<>();
    String shownAction = null;
    String shownDecision = null;
    for (int i = 0; i < 3; i++) {
      JsonObject d = decide("\"customerId\":\"" + who + "\"", 3);
      decisions.add(d.getString("decisionId"));
      if (shownAction == null && !d.getJsonArray("actions").isEmpty()) {
        shownAction = d.getJsonArray("actions").getJsonObject(0).getString("actionId");
        shownDecision = d.getString("decisionId");
      }
    }
    if (shownAction != null) {
      assertEquals(
          201, Api.respond(shownDecision, shownAction, "clicked", "click-" + who).statusCode());
    }
    JsonObject before =
        Api.json(Api.get("compliance", "api/v1/decisions/" + decisions.get(0)))
            .getJsonObject("record");
    assertEquals(
        who,
        before.getJsonObject("personal").getString("customerId"),
        "compliance reads the inputs");

    assertEquals(
        400, Api.delete("admin", "api/v1/customers/" + who).statusCode(), "a reason is required");
    assertEquals(
        403, Api.delete("compliance", "api/v1/customers/" + who + "?reason=asked").statusCode());
    HttpResponse<String> erased =
        Api.delete(
            "admin",
            "api/v1/customers/"
                + who
                + "?reason="
                + URLEncoder.encode("customer request 2026-118", StandardCharsets.UTF_8));
    assertEquals(200, erased.statusCode(), erased.body());
    JsonObject erasure = Api.json(erased);
    String pseudonym = erasure.getString("pseudonym");
    assertEquals(1, erasure.getJsonObject("rows").getInt("customers"));
    assertTrue(erasure.getJsonObject("rows").getInt("decisions") >= 3, erasure.toString());

    // Every table, every column: neither the id, nor the name, nor the e-mail.
    try (Connection c = database()) {
      List<String> tables = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "select table_name from information_schema.tables where table_schema = 'public'"
                      + " and table_type = 'BASE TABLE' order by table_name")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      assertTrue(tables.size() >= 20, "every table of the schema is checked: " + tables);
      for (String table : tables) {
        for (String personal : List.of(who, name, email)) {
          try (PreparedStatement s =
              c.prepareStatement("select count(*) from " + table + " t where t::text ~* ?")) {
            s.setString(
                1,
                "(^|[^A-Za-z0-9])"
                    + personal.replaceAll("[^A-Za-z0-9]", "\\\\$0")
                    + "([^A-Za-z0-9]|$)");
            try (ResultSet r = s.executeQuery()) {
              r.next();
              assertEquals(0, r.getLong(1), table + " still holds '" + personal + "'");
            }
          }
        }
      }
      try (PreparedStatement s =
          c.prepareStatement("select requested_by, reason from erasures where pseudonym = ?")) {
        s.setString(1, pseudonym);
        try (ResultSet r = s.executeQuery()) {
          assertTrue(r.next(), "the erasure is recorded");
          assertEquals("admin", r.getString(1));
          assertEquals("customer request 2026-118", r.getString(2));
        }
      }
    }

    // The audit records still exist, the chain verifies, and they still explain the decisions.
    JsonObject verification = Api.json(Api.get("compliance", "api/v1/audit/verification"));
    assertTrue(verification.getBoolean("intact"), verification.toString());
    for (String id : decisions) {
      JsonObject record =
          Api.json(Api.get("compliance", "api/v1/decisions/" + id)).getJsonObject("record");
      assertTrue(record.getBoolean("personalErased"), record.toString());
      assertEquals(JsonValue.NULL, record.get("personal"));
      assertNotNull(record.getString("ruleSetVersion"));
      assertFalse(
          record.getJsonArray("rulesFired").isEmpty(), "the rules that fired are still named");
      assertTrue(
          record.getJsonArray("scores").size() + record.getJsonArray("exclusions").size() > 0);
      assertEquals("web", record.getJsonObject("request").getString("channel"));
      record
          .getJsonArray("result")
          .getValuesAs(JsonString.class)
          .forEach(a -> assertFalse(a.getString().isBlank()));
    }
    assertEquals(404, Api.get("channel", "api/v1/customers/" + who).statusCode());
    assertEquals(404, Api.get("channel", "api/v1/identities/email/" + email).statusCode());
    assertEquals(
        404,
        Api.post(
                "channel",
                "api/v1/decisions",
                "{\"customerId\":\"" + who + "\",\"channel\":\"web\"}")
            .statusCode());
  }
}
