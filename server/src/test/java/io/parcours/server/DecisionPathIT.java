package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole path on a real Payara Server with a real PostgreSQL: a channel decides, the decision is
 * audited and explained, responses are captured once and change the next answer, and the contact
 * policy decision table caps an action.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class DecisionPathIT {

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  /**
   * Books a trip abroad for customers from the list until one gets an app contact about travel
   * queued (others may get a notice or an offer first); returns it.
   */
  private static JsonObject tripQueuesAnAppContact(List<String> customers) {
    java.util.Set<String> travel = new java.util.HashSet<>();
    for (JsonObject a :
        Api.jsonArray(Api.get("channel", "api/v1/actions")).getValuesAs(JsonObject.class)) {
      if (a.getString("group").equals("travel")) {
        travel.add(a.getString("actionId"));
      }
    }
    for (String customer : customers) {
      JsonObject profile = Api.json(Api.get("channel", "api/v1/customers/" + customer));
      if (profile.getBoolean("travellingAbroad")
          || !profile.getJsonArray("consents").toString().contains("app:service")) {
        continue;
      }
      HttpResponse<String> trip =
          Api.post(
              "channel",
              "api/v1/events",
              "{\"customerId\":\""
                  + customer
                  + "\",\"type\":\"trip.booked\",\"occurredAt\":\""
                  + Instant.now()
                  + "\",\"attributes\":{\"abroad\":true}}",
              "Idempotency-Key",
              UUID.randomUUID().toString());
      assertEquals(201, trip.statusCode(), trip.body());
      JsonArray queued =
          Api.jsonArray(Api.get("channel", "api/v1/outbound/app?customerId=" + customer));
      assertTrue(queued.size() <= 1, queued.toString());
      if (!queued.isEmpty() && travel.contains(queued.getJsonObject(0).getString("actionId"))) {
        return queued.getJsonObject(0);
      }
    }
    throw new AssertionError("no trip abroad queued an app contact");
  }

  @Test
  void aTriggeredContactIsQueuedAndLeavesTheQueueWhenAcceptedOnTheWebOrWhenConsentIsWithdrawn() {
    JsonObject contact = tripQueuesAnAppContact(Api.customers(700).subList(500, 700));
    String customer = contact.getString("customerId");
    String action = contact.getString("actionId");
    assertEquals("queued", contact.getString("status"));
    assertTrue(
        contact.containsKey("eventId") && contact.containsKey("sendAfter"), contact.toString());

    String webDecision = null;
    for (int i = 0; i < 60 && webDecision == null; i++) {
      JsonObject d = Api.decide(customer, "web", 10);
      if (d.getJsonArray("actions").getValuesAs(JsonObject.class).stream()
          .anyMatch(a -> a.getString("actionId").equals(action))) {
        webDecision = d.getString("decisionId");
      }
    }
    assertNotNull(webDecision, "the web shows " + action);
    assertEquals(
        201,
        Api.respond(webDecision, action, "accepted", UUID.randomUUID().toString()).statusCode());
    assertTrue(
        Api.jsonArray(Api.get("channel", "api/v1/outbound/app?customerId=" + customer)).isEmpty(),
        "accepted on the web: the app contact left the queue");
    HttpResponse<String> late =
        Api.post(
            "channel",
            "api/v1/outbound/app/" + contact.getJsonNumber("contactId") + "/delivered",
            "");
    assertEquals(409, late.statusCode(), late.body());
    assertTrue(late.body().contains("accepted " + action + " on web"), late.body());
    JsonObject held = Api.json(Api.get("compliance", "api/v1/customers/" + customer + "/export"));
    assertTrue(
        held.getJsonArray("events").getValuesAs(JsonObject.class).stream()
            .anyMatch(
                e ->
                    e.getString("type").equals("trip.booked")
                        && e.getJsonObject("attributes").getBoolean("abroad")
                        && !e.isNull("triggeredAt")),
        "the right of access shows the events: " + held.getJsonArray("events"));
    assertTrue(
        held.getJsonArray("outboundContacts").getValuesAs(JsonObject.class).stream()
            .anyMatch(
                c ->
                    c.getString("actionId").equals(action)
                        && c.getString("status").equals("cancelled")),
        "and the outbound contacts: " + held.getJsonArray("outboundContacts"));

    JsonObject other = tripQueuesAnAppContact(Api.customers(900).subList(720, 900));
    String who = other.getString("customerId");
    JsonObject consents = Api.json(Api.get("channel", "api/v1/customers/" + who + "/consents"));
    List<String> kept =
        consents.getJsonArray("granted").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .filter(c -> !c.equals("app:service") && !c.equals("app:marketing"))
            .toList();
    HttpResponse<String> withdrawn =
        Api.put(
            "channel",
            "api/v1/customers/" + who + "/consents",
            "{\"granted\":"
                + kept.stream().map(c -> "\"" + c + "\"").toList()
                + ",\"source\":\"app settings\",\"textVersion\":\"v3\"}");
    assertEquals(200, withdrawn.statusCode(), withdrawn.body());
    assertTrue(
        Api.jsonArray(Api.get("channel", "api/v1/outbound/app?customerId=" + who)).isEmpty(),
        "consent withdrawn: the queued contact is purged");
    assertEquals(400, Api.get("channel", "api/v1/outbound/fax").statusCode());
    HttpResponse<String> unknown =
        Api.post("channel", "api/v1/outbound/app/999999999/delivered", "");
    assertEquals(404, unknown.statusCode());
    assertTrue(unknown.body().contains("no outbound contact '999999999' on app"), unknown.body());
  }

  @Test
  void anEventChangesTheProfileAndTheVeryNextDecision() {
    String customer = null;
    for (String id : Api.customers(200).subList(150, 200)) {
      JsonObject profile = Api.json(Api.get("channel", "api/v1/customers/" + id));
      if (profile.getInt("missedPayments") == 0) {
        customer = id;
        break;
      }
    }
    assertNotNull(customer, "a demo customer without missed payments");
    JsonObject before = Api.decide(customer, "app", 3);
    assertFalse(before.getJsonObject("journeyStages").containsKey("resilience"), before.toString());

    String key = UUID.randomUUID().toString();
    String missed =
        "{\"customerId\":\""
            + customer
            + "\",\"type\":\"payment.missed\","
            + "\"occurredAt\":\""
            + java.time.Instant.now().minusSeconds(30)
            + "\",\"attributes\":{\"product\":\"loan\"}}";
    HttpResponse<String> first =
        Api.post("channel", "api/v1/events", missed, "Idempotency-Key", key);
    assertEquals(201, first.statusCode(), first.body());
    HttpResponse<String> replay =
        Api.post("channel", "api/v1/events", missed, "Idempotency-Key", key);
    assertEquals(200, replay.statusCode());
    assertTrue(Api.json(replay).getBoolean("replayed"));
    String batch =
        "{\"events\":[{\"customerId\":\""
            + customer
            + "\",\"type\":\"payment.missed\",\"occurredAt\":\""
            + java.time.Instant.now()
            + "\",\"attributes\":{\"product\":\"credit-card\",\"amount\":35.5},"
            + "\"idempotencyKey\":\""
            + UUID.randomUUID()
            + "\"},{\"customerId\":\""
            + customer
            + "\",\"type\":\"login\",\"occurredAt\":\""
            + java.time.Instant.now()
            + "\",\"idempotencyKey\":\""
            + UUID.randomUUID()
            + "\"}]}";
    HttpResponse<String> stored = Api.post("channel", "api/v1/events:batch", batch);
    assertEquals(200, stored.statusCode(), stored.body());
    assertEquals(2, Api.json(stored).getInt("created"));
    assertEquals(
        2, Api.json(Api.get("channel", "api/v1/customers/" + customer)).getInt("missedPayments"));
    JsonObject after = Api.decide(customer, "app", 3);
    assertEquals(
        "in-difficulty",
        after.getJsonObject("journeyStages").getString("resilience"),
        "the very next decision sees the customer in difficulty");

    HttpResponse<String> wrong =
        Api.post(
            "channel",
            "api/v1/events",
            "{\"customerId\":\""
                + customer
                + "\",\"type\":\"payment.missed\",\"occurredAt\":\"2026-11-30T10:00:00Z\","
                + "\"attributes\":{\"product\":\"yacht\",\"colour\":\"red\"}}",
            "Idempotency-Key",
            UUID.randomUUID().toString());
    assertEquals(422, wrong.statusCode(), wrong.body());
    assertEquals(
        "application/problem+json",
        wrong.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    assertTrue(
        wrong.body().contains("attributes.product") && wrong.body().contains("attributes.colour"),
        wrong.body());
    HttpResponse<String> undeclared =
        Api.post(
            "channel",
            "api/v1/events",
            "{\"customerId\":\""
                + customer
                + "\",\"type\":\"lottery.won\",\"occurredAt\":\"2026-11-30T10:00:00Z\"}",
            "Idempotency-Key",
            UUID.randomUUID().toString());
    assertEquals(422, undeclared.statusCode());
    assertTrue(undeclared.body().contains("lottery.won"), undeclared.body());
    HttpResponse<String> noKey =
        Api.post(
            "channel",
            "api/v1/events",
            "{\"customerId\":\""
                + customer
                + "\",\"type\":\"login\",\"occurredAt\":\"yesterday\"}");
    assertEquals(400, noKey.statusCode());
    assertTrue(
        noKey.body().contains("Idempotency-Key") && noKey.body().contains("occurredAt"),
        noKey.body());
    assertEquals(
        404,
        Api.post(
                "channel",
                "api/v1/events",
                "{\"customerId\":\"NOBODY\",\"type\":\"login\",\"occurredAt\":\"2026-11-30T10:00:00Z\"}",
                "Idempotency-Key",
                UUID.randomUUID().toString())
            .statusCode());
    JsonArray types = Api.jsonArray(Api.get("business", "api/v1/event-types"));
    assertTrue(
        types.getValuesAs(JsonObject.class).stream()
            .anyMatch(
                t ->
                    t.getString("name").equals("payment.missed")
                        && t.getJsonArray("updates")
                            .getJsonObject(0)
                            .getString("field")
                            .equals("missedPayments")),
        types.toString());
  }

  /** The sales actions offered on the web that {@code decision} did not exclude. */
  private static java.util.Set<String> salesNotExcluded(
      JsonObject decision, java.util.Set<String> webSales) {
    java.util.Set<String> left = new java.util.HashSet<>(webSales);
    for (JsonObject x : decision.getJsonArray("excluded").getValuesAs(JsonObject.class)) {
      left.remove(x.getString("actionId"));
    }
    return left;
  }

  private static boolean excludedBy(JsonObject decision, String rule) {
    return decision.getJsonArray("excluded").getValuesAs(JsonObject.class).stream()
        .anyMatch(x -> x.getString("rule").equals(rule));
  }

  @Test
  void twoComplaintsInThirtyDaysRaiseTheWindowFeatureAndKeepSalesOffersAway() {
    java.util.Set<String> webSales = new java.util.HashSet<>();
    for (JsonObject a :
        Api.jsonArray(Api.get("channel", "api/v1/actions")).getValuesAs(JsonObject.class)) {
      if (a.getString("issue").equals("sales")
          && a.getJsonArray("channels").toString().contains("\"web\"")) {
        webSales.add(a.getString("actionId"));
      }
    }
    String customer = null;
    for (String id : Api.customers(1000).subList(920, 1000)) {
      JsonObject profile = Api.json(Api.get("channel", "api/v1/customers/" + id));
      if (profile.getInt("missedPayments") == 0
          && !profile.getBoolean("openComplaint")
          && profile
                  .getJsonObject("derivedFeatures")
                  .getJsonNumber("complaintsLast30Days")
                  .doubleValue()
              == 0
          && !salesNotExcluded(Api.decide(id, "web", 3), webSales).isEmpty()) {
        customer = id;
        break;
      }
    }
    assertNotNull(customer, "a demo customer to whom a sales offer may be made on the web");
    assertTrue(
        Api.jsonArray(Api.get("business", "api/v1/derived-features"))
            .getValuesAs(JsonObject.class)
            .stream()
            .anyMatch(
                f ->
                    f.getString("name").equals("complaintsLast30Days")
                        && f.getString("kind").equals("count")
                        && f.getInt("days") == 30));

    Instant now = Instant.now();
    String batch =
        "{\"events\":["
            + event(customer, "complaint.opened", now.minus(java.time.Duration.ofDays(12)))
            + ","
            + event(customer, "complaint.closed", now.minus(java.time.Duration.ofDays(11)))
            + ","
            + event(customer, "complaint.opened", now.minusSeconds(3600))
            + "]}";
    HttpResponse<String> stored = Api.post("channel", "api/v1/events:batch", batch);
    assertEquals(200, stored.statusCode(), stored.body());
    JsonObject profile = Api.json(Api.get("channel", "api/v1/customers/" + customer));
    assertEquals(
        2,
        profile
            .getJsonObject("derivedFeatures")
            .getJsonNumber("complaintsLast30Days")
            .doubleValue());
    JsonObject open = Api.decide(customer, "web", 3);
    assertTrue(excludedBy(open, "NoCommercialDuringComplaint"), open.toString());

    HttpResponse<String> closed =
        Api.post(
            "channel",
            "api/v1/events",
            "{\"customerId\":\""
                + customer
                + "\",\"type\":\"complaint.closed\",\"occurredAt\":\""
                + Instant.now()
                + "\"}",
            "Idempotency-Key",
            UUID.randomUUID().toString());
    assertEquals(201, closed.statusCode(), closed.body());
    assertFalse(
        Api.json(Api.get("channel", "api/v1/customers/" + customer)).getBoolean("openComplaint"));
    JsonObject after = Api.decide(customer, "web", 3);
    assertTrue(excludedBy(after, "NoSalesAfterRepeatedComplaints"), after.toString());
    assertEquals(
        java.util.Set.of(),
        salesNotExcluded(after, webSales),
        "no sales offer after two complaints in 30 days");
    assertTrue(
        after.getJsonArray("actions").getValuesAs(JsonObject.class).stream()
            .noneMatch(a -> a.getString("issue").equals("sales")),
        after.toString());
    JsonObject record =
        Api.json(Api.get("compliance", "api/v1/decisions/" + after.getString("decisionId")))
            .getJsonObject("record");
    assertEquals(
        2,
        record
            .getJsonObject("personal")
            .getJsonObject("derivedFeatures")
            .getJsonNumber("complaintsLast30Days")
            .doubleValue(),
        "the audit record keeps, sealed, the values the rules saw");

    JsonObject export = Api.json(Api.get("compliance", "api/v1/customers/" + customer + "/export"));
    JsonObject derived = export.getJsonObject("derivedFeatures");
    assertEquals(
        2, derived.getJsonObject("values").getJsonNumber("complaintsLast30Days").doubleValue());
    assertEquals(
        2,
        derived.getJsonArray("tallies").getValuesAs(JsonObject.class).stream()
            .filter(t -> t.getString("feature").equals("complaintsLast30Days"))
            .count(),
        derived.toString());
  }

  private static String event(String customer, String type, Instant at) {
    return "{\"customerId\":\""
        + customer
        + "\",\"type\":\""
        + type
        + "\",\"occurredAt\":\""
        + at
        + "\",\"idempotencyKey\":\""
        + UUID.randomUUID()
        + "\"}";
  }

  /**
   * IBM's telco churn sample, from the shared data sets beside the repository. A clone without them
   * skips the test that needs it and says so; continuous integration ({@code .ci/run}) sets {@code
   * parcours.data.required} and fails instead.
   */
  private static java.nio.file.Path telcoFile() {
    java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("user.dir")).getParent();
    java.nio.file.Path file = root.resolveSibling("shared/data/telco/Telco-Customer-Churn.csv");
    String missing =
        "the public telco churn data set (IBM's Telco-Customer-Churn.csv) is not at " + file;
    if (Boolean.getBoolean("parcours.data.required")) {
      assertTrue(java.nio.file.Files.isReadable(file), missing);
    } else {
      org.junit.jupiter.api.Assumptions.assumeTrue(
          java.nio.file.Files.isReadable(file),
          missing + "; skipped (-Dparcours.data.required=true makes it mandatory)");
    }
    return file;
  }

  private static HttpResponse<String> importCsv(
      String user, String mapping, java.net.http.HttpRequest.BodyPublisher body) {
    return Api.upload(
        user,
        "api/v1/customers:import" + (mapping == null ? "" : "?mapping=" + mapping),
        "text/csv",
        body);
  }

  @Test
  void theTelcoFileIsImportedWithItsBadRowsReportedByLineAndItsCustomersDecidedFor()
      throws Exception {
    HttpResponse<String> done =
        importCsv("admin", "telco", java.net.http.HttpRequest.BodyPublishers.ofFile(telcoFile()));
    assertEquals(200, done.statusCode(), done.body());
    JsonObject report = Api.json(done);
    assertEquals("finished", report.getString("status"));
    assertEquals(7043, report.getInt("rowsRead"));
    assertEquals(7032, report.getInt("imported") + report.getInt("updated"));
    assertEquals(
        11, report.getInt("skipped"), "the eleven customers of tenure 0 have no TotalCharges");
    JsonObject first = report.getJsonArray("skippedRows").getJsonObject(0);
    assertEquals(490, first.getInt("line"));
    assertEquals("telco-4472-LVYGI", first.getString("customerId"));
    assertEquals(
        "TotalCharges: is blank, and the mapping requires a value", first.getString("reason"));
    System.out.printf(
        "customers:import of the telco file: %d rows in %s → %s, %.0f rows/s%n",
        report.getInt("rowsRead"),
        report.getString("startedAt"),
        report.getString("finishedAt"),
        report.getJsonNumber("rowsPerSecond").doubleValue());

    JsonObject profile = Api.json(Api.get("channel", "api/v1/customers/telco-7590-VHVEG"));
    assertEquals("7590-VHVEG", profile.getString("name"));
    assertEquals(1, profile.getInt("tenureMonths"));
    assertEquals(
        List.of("internet", "online-backup"),
        profile.getJsonArray("products").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList());
    JsonObject attributes = profile.getJsonObject("attributes");
    assertEquals("Month-to-month", attributes.getString("contract"));
    assertEquals(29.85, attributes.getJsonNumber("monthlyCharges").doubleValue(), 1e-9);
    assertEquals(29.85, attributes.getJsonNumber("totalCharges").doubleValue(), 1e-9);
    assertFalse(attributes.getBoolean("seniorCitizen"));
    assertTrue(attributes.getBoolean("partner"));
    assertEquals("Electronic check", attributes.getString("paymentMethod"));
    assertTrue(profile.getJsonArray("consents").isEmpty(), "an import grants no consent");
    assertEquals(
        "telco-7590-VHVEG", Api.decide("telco-7590-VHVEG", "web", 3).getString("customerId"));
    assertEquals(
        404, Api.get("channel", "api/v1/customers/telco-4472-LVYGI").statusCode(), "a skipped row");

    JsonArray imports = Api.jsonArray(Api.get("admin", "api/v1/customer-imports"));
    assertEquals(report.getString("importId"), imports.getJsonObject(0).getString("importId"));
    assertEquals(
        200,
        Api.get("admin", "api/v1/customer-imports/" + report.getString("importId")).statusCode());

    // The same file again: every customer is updated, none created.
    JsonObject again =
        Api.json(
            importCsv(
                "admin", "telco", java.net.http.HttpRequest.BodyPublishers.ofFile(telcoFile())));
    assertEquals(0, again.getInt("imported"));
    assertEquals(7032, again.getInt("updated"));

    assertEquals(
        403,
        importCsv("channel", "telco", java.net.http.HttpRequest.BodyPublishers.ofString("a"))
            .statusCode());
    HttpResponse<String> noMapping =
        importCsv("admin", "crm", java.net.http.HttpRequest.BodyPublishers.ofString("a"));
    assertEquals(400, noMapping.statusCode());
    assertTrue(
        noMapping.body().contains("'crm' is not a mapping; known: [telco]"), noMapping.body());
    HttpResponse<String> header =
        importCsv(
            "admin",
            "telco",
            java.net.http.HttpRequest.BodyPublishers.ofString("customerID,gender\nX,Y\n"));
    assertEquals(422, header.statusCode(), header.body());
    assertEquals(
        "application/problem+json",
        header.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    assertEquals(1, Api.json(header).getInt("line"));
    assertTrue(
        Api.json(header).getString("detail").startsWith("line 1: the header lacks the column(s)"),
        header.body());
    String goodRow = java.nio.file.Files.readAllLines(telcoFile()).get(1);
    HttpResponse<String> quote =
        importCsv(
            "admin",
            "telco",
            java.net.http.HttpRequest.BodyPublishers.ofString(
                java.nio.file.Files.readAllLines(telcoFile()).get(0)
                    + "\n"
                    + goodRow
                    + "\n"
                    + "9999-BROKEN,\"Female,0\n"));
    assertEquals(422, quote.statusCode(), quote.body());
    assertEquals(3, Api.json(quote).getInt("line"), quote.body());

    // A mapping of one's own: the telco one, but a blank TotalCharges is 0; then the eleven come
    // in.
    String telco = Api.get("admin", "api/v1/customer-import-mappings/telco").body();
    String withDefault =
        telco.replace(
            "\"totalCharges\": {\"column\": \"TotalCharges\", \"required\": true}",
            "\"totalCharges\": {\"column\": \"TotalCharges\", \"default\": 0}");
    assertFalse(withDefault.equals(telco), telco);
    HttpResponse<String> broken =
        Api.put(
            "admin",
            "api/v1/customer-import-mappings/telco-all",
            withDefault.replace("\"age\": {\"default\": 40}", "\"age\": {\"default\": 400}"));
    assertEquals(422, broken.statusCode(), broken.body());
    assertTrue(
        broken.body().contains("fields.age.default: must be between 0 and 130, was 400"),
        broken.body());
    assertEquals(
        422, Api.put("admin", "api/v1/customer-import-mappings/telco", withDefault).statusCode());
    HttpResponse<String> saved =
        Api.put("admin", "api/v1/customer-import-mappings/telco-all", withDefault);
    assertEquals(201, saved.statusCode(), saved.body());
    JsonObject all =
        Api.json(
            importCsv(
                "admin",
                "telco-all",
                java.net.http.HttpRequest.BodyPublishers.ofFile(telcoFile())));
    assertEquals(0, all.getInt("skipped"), all.toString());
    assertEquals(11, all.getInt("imported"));
    assertEquals(7032, all.getInt("updated"));
    JsonObject joined = Api.json(Api.get("channel", "api/v1/customers/telco-4472-LVYGI"));
    assertEquals(0, joined.getInt("tenureMonths"));
    assertEquals(
        0.0, joined.getJsonObject("attributes").getJsonNumber("totalCharges").doubleValue());
  }

  @Test
  void aDemoCustomerGetsRankedActionsWithAnAuditedExplanation() {
    JsonObject decision = Api.decide("C000001", "web", 5);
    String decisionId = decision.getString("decisionId");
    assertEquals("C000001", decision.getString("customerId"));
    assertFalse(decision.getString("ruleSetVersion").isBlank());
    var actions = decision.getJsonArray("actions");
    assertTrue(actions.size() <= 5);
    double previous = Double.MAX_VALUE;
    for (JsonValue v : actions) {
      double priority = v.asJsonObject().getJsonNumber("priority").doubleValue();
      assertTrue(priority <= previous, "actions are ranked by priority");
      previous = priority;
    }
    assertEquals(actions.isEmpty(), decision.getBoolean("doNothing"));

    JsonObject audit = Api.json(Api.get("compliance", "api/v1/decisions/" + decisionId));
    JsonObject record = audit.getJsonObject("record");
    assertEquals(decisionId, record.getString("decisionId"));
    assertEquals(decision.getString("ruleSetVersion"), record.getString("ruleSetVersion"));
    assertFalse(record.getJsonArray("rulesFired").isEmpty(), "the rules that fired are recorded");
    assertEquals(
        "C000001",
        record.getJsonObject("personal").getJsonObject("profile").getString("customerId"));
    assertEquals(64, audit.getString("hash").length());
    for (JsonValue v : actions) {
      JsonObject score = Api.score(decisionId, v.asJsonObject().getString("actionId"));
      assertNotNull(score, "every shown action has its score recorded");
      assertTrue(score.getString("modelId").startsWith("probit:web@"), score.toString());
    }

    JsonObject verification = Api.json(Api.get("compliance", "api/v1/audit/verification"));
    assertTrue(verification.getBoolean("intact"), verification.toString());
    assertTrue(verification.getJsonNumber("verified").longValue() >= 1);
  }

  @Test
  void acceptedResponsesRaiseThePropensityOfTheirAction() {
    List<String> customers = Api.customers(400).subList(100, 400);
    String action = null;
    double before = 0;
    int accepted = 0;
    String lastDecision = null;
    for (String customer : customers) {
      JsonObject decision = Api.decide(customer, "app", 20);
      for (JsonValue v : decision.getJsonArray("actions")) {
        JsonObject shown = v.asJsonObject();
        if (action == null) {
          action = shown.getString("actionId");
          before = shown.getJsonNumber("propensity").doubleValue();
        }
        if (shown.getString("actionId").equals(action)) {
          HttpResponse<String> r =
              Api.respond(
                  decision.getString("decisionId"),
                  action,
                  "accepted",
                  UUID.randomUUID().toString());
          assertEquals(201, r.statusCode(), r.body());
          accepted++;
          lastDecision = decision.getString("decisionId");
        }
      }
      if (accepted == 12) {
        break;
      }
    }
    assertEquals(12, accepted, "action " + action + " was shown to twelve customers");
    JsonObject after = null;
    for (String customer : customers) {
      JsonObject decision = Api.decide(customer, "app", 20);
      after = Api.score(decision.getString("decisionId"), action);
      if (after != null) {
        break;
      }
    }
    assertNotNull(after, "action " + action + " was scored again after " + lastDecision);
    double propensity = after.getJsonNumber("propensity").doubleValue();
    assertTrue(
        propensity > before + 0.2,
        "propensity of "
            + action
            + " rose from "
            + before
            + " to "
            + propensity
            + " after 12 acceptances");
    assertTrue(after.getJsonNumber("evidence").longValue() >= 12);
  }

  @Test
  void theWebModelIsEvaluatedOfflineOnTheDecisionsLoggedWithTheirFirstPlaceProbabilities() {
    Instant from = Instant.now().minusSeconds(3600);
    int replayable = 0;
    int n = 0;
    for (String customer : Api.customers(700).subList(400, 480)) {
      JsonObject decision = Api.decide(customer, "web", 3);
      var actions = decision.getJsonArray("actions");
      JsonObject record =
          Api.json(Api.get("compliance", "api/v1/decisions/" + decision.getString("decisionId")))
              .getJsonObject("record");
      assertEquals(4, record.getInt("format"));
      if (record.containsKey("firstPlaceProbability")) {
        double p = record.getJsonNumber("firstPlaceProbability").doubleValue();
        assertTrue(p > 0 && p <= 1, "a probability: " + p);
        replayable++;
        if (n++ % 2 == 0) {
          String first = actions.getJsonObject(0).getString("actionId");
          assertEquals(
              201,
              Api.respond(
                      decision.getString("decisionId"),
                      first,
                      "accepted",
                      UUID.randomUUID().toString())
                  .statusCode());
        }
      }
    }
    assertTrue(replayable > 0, "some decisions showed an optional action first");
    Instant to = Instant.now().plusSeconds(60);

    HttpResponse<String> r =
        Api.post(
            "scientist",
            "api/v1/models/probit:web/evaluate-offline",
            "{\"from\": \"" + from + "\", \"to\": \"" + to + "\"}");
    assertEquals(200, r.statusCode(), r.body());
    JsonObject e = Api.json(r);
    assertEquals(
        "probit:web@1", e.getString("modelId"), "the channel's model is evaluated by its champion");
    HttpResponse<String> byVersion =
        Api.post(
            "scientist",
            "api/v1/models/probit:web@1/evaluate-offline",
            "{\"from\": \"" + from + "\", \"to\": \"" + to + "\"}");
    assertEquals(200, byVersion.statusCode(), byVersion.body());
    assertEquals(e.getJsonNumber("decisions"), Api.json(byVersion).getJsonNumber("decisions"));
    assertTrue(e.getJsonNumber("decisions").longValue() >= replayable, e.toString());
    long matched = e.getJsonNumber("matched").longValue();
    assertTrue(matched <= e.getJsonNumber("decisions").longValue());
    assertTrue(
        e.getJsonObject("loggedRate").getJsonNumber("positives").longValue()
            >= (replayable + 1) / 2,
        e.toString());
    for (String estimator : List.of("ips", "snips")) {
      if (matched > 0) {
        JsonObject interval = e.getJsonObject(estimator);
        double estimate = interval.getJsonNumber("estimate").doubleValue();
        assertTrue(
            interval.getJsonNumber("low").doubleValue() <= estimate
                && estimate <= interval.getJsonNumber("high").doubleValue(),
            e.toString());
      }
    }

    HttpResponse<String> csv =
        Api.get("scientist", "api/v1/models/decision-log?channel=web&from=" + from + "&to=" + to);
    assertEquals(200, csv.statusCode(), csv.body());
    assertTrue(
        csv.body()
            .startsWith(
                "decision_id,decided_at,channel,policy,first_action,first_place_probability"));
    assertTrue(
        csv.body().lines().count() > replayable, "a header and a row per replayable decision");

    HttpResponse<String> bad =
        Api.post(
            "scientist",
            "api/v1/models/probit:web/evaluate-offline",
            "{\"from\": \"yesterday\", \"to\": \"" + to + "\", \"clip\": 0.5}");
    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals(
        "application/problem+json",
        bad.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    assertTrue(bad.body().contains("from") && bad.body().contains("clip"), bad.body());
    assertEquals(
        404,
        Api.post(
                "scientist",
                "api/v1/models/probit:nowhere/evaluate-offline",
                "{\"from\": \"" + from + "\", \"to\": \"" + to + "\"}")
            .statusCode());
    assertEquals(
        403,
        Api.post(
                "channel",
                "api/v1/models/probit:web/evaluate-offline",
                "{\"from\": \"" + from + "\", \"to\": \"" + to + "\"}")
            .statusCode());
  }

  @Test
  void theContactPolicyTableCapsAnActionAtTwoImpressionsADayAndNamesItsRule() {
    String customer = Api.customers(60).get(50);
    Map<String, Integer> shown = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      JsonObject decision = Api.decide(customer, "web", 20);
      for (JsonValue v : decision.getJsonArray("excluded")) {
        JsonObject excluded = v.asJsonObject();
        if (excluded.getString("rule").equals("ActionCapToday")) {
          assertEquals(
              2,
              shown.getOrDefault(excluded.getString("actionId"), 0),
              "the daily cap excludes an action after exactly two impressions today");
          return;
        }
      }
      for (JsonValue v : decision.getJsonArray("actions")) {
        shown.merge(v.asJsonObject().getString("actionId"), 1, Integer::sum);
      }
    }
    throw new AssertionError("no action was capped after 30 decisions; shown: " + shown);
  }

  @Test
  void aReplayedIdempotencyKeyHasOneEffect() {
    JsonObject decision = null;
    for (String customer : Api.customers(100).subList(60, 100)) {
      decision = Api.decide(customer, "web", 3);
      if (!decision.getJsonArray("actions").isEmpty()) {
        break;
      }
    }
    assertNotNull(decision);
    String decisionId = decision.getString("decisionId");
    String action = decision.getJsonArray("actions").getJsonObject(0).getString("actionId");
    String key = UUID.randomUUID().toString();

    HttpResponse<String> first = Api.respond(decisionId, action, "clicked", key);
    HttpResponse<String> second = Api.respond(decisionId, action, "clicked", key);
    assertEquals(201, first.statusCode(), first.body());
    assertEquals(200, second.statusCode(), second.body());
    assertFalse(Api.json(first).getBoolean("replayed"));
    assertTrue(Api.json(second).getBoolean("replayed"));
    assertEquals(
        Api.json(first).getJsonNumber("responseId").longValue(),
        Api.json(second).getJsonNumber("responseId").longValue());

    HttpResponse<String> sameFactOtherKey =
        Api.respond(decisionId, action, "clicked", UUID.randomUUID().toString());
    assertEquals(200, sameFactOtherKey.statusCode(), "the natural key deduplicates too");

    HttpResponse<String> reused = Api.respond(decisionId, action, "rejected", key);
    assertEquals(422, reused.statusCode(), reused.body());
    assertEquals(
        "application/problem+json", reused.headers().firstValue("Content-Type").orElse(""));
    assertTrue(Api.json(reused).getString("detail").contains("already used"));
  }

  @Test
  void eachUserLearnsItsOwnRole() {
    for (String role :
        List.of("channel", "business", "scientist", "compliance", "approver", "admin")) {
      JsonObject me = Api.json(Api.get(role, "api/v1/me"));
      assertEquals(role, me.getString("user"));
      assertEquals(
          List.of(role), me.getJsonArray("roles").getValuesAs(jakarta.json.JsonString::getString));
    }
  }

  @Test
  void theConsoleIsServedAtTheRoot() {
    HttpResponse<String> page = Api.get(null, "");
    assertEquals(200, page.statusCode());
    assertTrue(
        page.body().contains("<script type=\"module\" src=\"js/main.js\">"),
        "the console page loads its entry module");
    HttpResponse<String> main = Api.get(null, "js/main.js");
    assertEquals(200, main.statusCode());
    String type = main.headers().firstValue("Content-Type").orElse("");
    assertTrue(
        type.matches("(text|application)/javascript\\b.*"),
        "a module is served as JavaScript, or the browser refuses to run it: " + type);
  }

  @Test
  void theApiIsDescribedByOpenApi() {
    HttpResponse<String> openapi = Api.get(null, "openapi");
    assertEquals(200, openapi.statusCode());
    assertTrue(openapi.body().contains("/api/v1/decisions"), openapi.body());
    assertTrue(openapi.body().contains("/api/v1/responses"));
  }

  private static long excludedForConsent(String customer) {
    HttpResponse<String> r =
        Api.post(
            "channel",
            "api/v1/decisions",
            "{\"customerId\":\""
                + customer
                + "\",\"channel\":\"email\",\"direction\":\"outbound\",\"limit\":5}");
    assertEquals(200, r.statusCode(), r.body());
    return Api.json(r).getJsonArray("excluded").getValuesAs(JsonObject.class).stream()
        .filter(x -> x.getString("rule").equals("NoContactWithoutConsent"))
        .count();
  }

  @Test
  void aWithdrawnConsentAppliesToTheVeryNextDecisionAndEveryChangeIsKept() {
    String all =
        "[\"web:service\",\"web:marketing\",\"web:profiling\",\"app:service\",\"app:marketing\","
            + "\"app:profiling\",\"email:service\",\"email:marketing\",\"email:profiling\",\"sms:service\","
            + "\"sms:marketing\",\"call-centre:service\",\"call-centre:marketing\"]";
    // A customer some marketing e-mail would reach: not one whom other rules hold back from
    // everything.
    String customer = null;
    for (String candidate : Api.customers(100).subList(60, 100)) {
      HttpResponse<String> granted =
          Api.put(
              "channel",
              "api/v1/customers/" + candidate + "/consents",
              "{\"granted\":"
                  + all
                  + ",\"source\":\"preference-centre\",\"textVersion\":\"2026-10\"}");
      assertEquals(200, granted.statusCode(), granted.body());
      assertEquals(
          0,
          excludedForConsent(candidate),
          "every consent granted: nothing is held back for consent");
      HttpResponse<String> withdrawn =
          Api.put(
              "channel",
              "api/v1/customers/" + candidate + "/consents",
              "{\"granted\":[\"email:service\"],\"source\":\"email-unsubscribe\",\"textVersion\":\"2026-10\"}");
      assertEquals(200, withdrawn.statusCode(), withdrawn.body());
      if (excludedForConsent(candidate) >= 1) {
        customer = candidate;
        break;
      }
    }
    assertNotNull(
        customer,
        "for some customer the very next e-mail decision holds marketing back for consent");

    JsonObject consents =
        Api.json(Api.get("compliance", "api/v1/customers/" + customer + "/consents"));
    assertEquals(
        List.of("email:service"),
        consents.getJsonArray("granted").getValuesAs(JsonString::getString));
    JsonObject latest = consents.getJsonArray("history").getJsonObject(0);
    assertEquals("email-unsubscribe", latest.getString("source"));
    assertEquals("2026-10", latest.getString("textVersion"));
    assertEquals("channel", latest.getString("recordedBy"));
    assertFalse(latest.getBoolean("granted"));

    HttpResponse<String> bad =
        Api.put(
            "channel",
            "api/v1/customers/" + customer + "/consents",
            "{\"granted\":[\"fax:marketing\"],\"source\":\"x\"}");
    assertEquals(400, bad.statusCode());
    String problem = bad.body();
    assertTrue(problem.contains("granted[0]") && problem.contains("textVersion"), problem);
    assertEquals(
        404,
        Api.put(
                "channel",
                "api/v1/customers/NOBODY/consents",
                "{\"granted\":[],\"source\":\"x\",\"textVersion\":\"1\"}")
            .statusCode());
    assertEquals(
        403,
        Api.put(
                "compliance",
                "api/v1/customers/" + customer + "/consents",
                "{\"granted\":[],\"source\":\"x\",\"textVersion\":\"1\"}")
            .statusCode());

    // The right of access: everything held about the customer, the decisions above included.
    HttpResponse<String> export = Api.get("compliance", "api/v1/customers/" + customer + "/export");
    assertEquals(200, export.statusCode(), export.body());
    JsonObject held = Api.json(export);
    assertEquals(customer, held.getString("customerId"));
    assertEquals(
        List.of("email:service"),
        held.getJsonObject("consents").getJsonArray("granted").getValuesAs(JsonString::getString));
    assertTrue(held.getJsonObject("consents").getJsonArray("changes").size() >= 2);
    JsonObject firstDecision = held.getJsonArray("decisions").getJsonObject(0);
    assertEquals(
        customer,
        firstDecision
            .getJsonObject("auditRecord")
            .getJsonObject("personal")
            .getString("customerId"));
    assertTrue(
        held.containsKey("impressions")
            && held.containsKey("responses")
            && held.containsKey("journeys"));
    assertEquals(403, Api.get("channel", "api/v1/customers/" + customer + "/export").statusCode());
    assertEquals(404, Api.get("compliance", "api/v1/customers/NOBODY/export").statusCode());
  }
}
