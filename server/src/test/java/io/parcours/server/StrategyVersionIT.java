package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.engine.decision.MaturityRamp;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A strategy version's data files on a real Payara Server with a real PostgreSQL, as a business
 * user changes them: an action library (as JSON or as a table), journeys and event types are
 * uploaded with the rules, approved and activated with them, change the very next decision, and go
 * with a rollback; a broken action library is refused with its file and line.
 *
 * <p>Each test starts from the version in force, downloaded, and ends by rolling back to it, so the
 * tests do not depend on their order nor leave anything in force for the classes that share the
 * database. Each picks its customers among the demo's customers 1001 to 2000, whom no other
 * integration test decides for, so that no contact cap an earlier decision used up gets in the way.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class StrategyVersionIT {

  /**
   * The value given to a test's new action: the shipped actions are worth at most 60, so whatever
   * propensities the models draw, nothing optional ranks above it.
   */
  private static final int DOMINANT_VALUE = 1_000_000;

  /** The columns of {@code actions.csv}, in their usual order: one row per treatment. */
  private static final List<String> COLUMNS =
      List.of(
          "id",
          "name",
          "issue",
          "group",
          "journey",
          "stages",
          "value",
          "lever",
          "mandatory",
          "dailyLimit",
          "budget",
          "activeFrom",
          "activeUntil",
          "description",
          "treatment",
          "channel",
          "title",
          "text",
          "template",
          "link",
          "eligibility");

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  /**
   * An action added to the library in JSON reaches the web with its treatment as soon as its
   * version is in force, not before (stored and approved is not in force), and leaves with a
   * rollback: the library travels with the rules, in one swap.
   */
  @Test
  void
      anActionAppendedToActionsJsonIsShownOnTheWebWithItsTreatmentOnceActiveAndGoneAfterRollback() {
    String before = activeVersion();
    String customer = firstCustomer(1000, 100, p -> !holds(p, "credit-card"));
    Map<String, byte[]> files = activeFiles();
    JsonObject action =
        serviceAction(
            "moving-home-guide",
            "Moving home, step by step",
            List.of(),
            treatment(
                "web",
                "web",
                "Moving home? Take your bank with you",
                "https://bank.example/offers/moving-home-guide",
                null),
            treatment(
                "app",
                "app",
                "Moving home? Update your address",
                "https://bank.example/app/moving-home-guide",
                "age >= 18"));
    files.put(
        "actions.json", bytes(withAction(text(files.get("actions.json")), action.toString())));

    String version = upload("a guide for customers moving home", files);
    approve(version);
    assertNull(
        proposal(Api.decide(customer, "web", 3), "moving-home-guide"),
        "stored and approved, the version is not in force yet");
    activate(version);
    try {
      JsonObject decision = Api.decide(customer, "web", 3);
      assertEquals(version, decision.getString("ruleSetVersion"));
      JsonObject shown = proposal(decision, "moving-home-guide");
      assertNotNull(shown, decision.toString());
      assertEquals(1, shown.getInt("rank"), "worth more than any other action: " + decision);
      JsonObject treatment = shown.getJsonObject("treatment");
      assertEquals("web", treatment.getString("id"));
      assertEquals("web", treatment.getString("channel"));
      assertEquals("Moving home? Take your bank with you", treatment.getString("title"));
      assertEquals("https://bank.example/offers/moving-home-guide", treatment.getString("link"));
      assertEquals("web/banner", treatment.getString("template"));
      assertTrue(library().containsKey("moving-home-guide"));

      HttpResponse<String> rolledBack = rollback("the guide is not ready");
      assertEquals(before, Api.json(rolledBack).getString("version"));
      JsonObject after = Api.decide(customer, "web", 3);
      assertEquals(before, after.getString("ruleSetVersion"));
      assertNull(proposal(after, "moving-home-guide"), after.toString());
      assertFalse(
          after.toString().contains("moving-home-guide"), "neither shown nor excluded: " + after);
      assertFalse(library().containsKey("moving-home-guide"));
    } finally {
      restore(before);
    }
  }

  /**
   * The same through the API a console form uses: an edit of the version in force makes a draft
   * version, which changes nothing until approved and activated; then the action is shown with its
   * treatment, the draft's diff names it field by field, and a rollback takes it away.
   */
  @Test
  void anActionAddedThroughTheEditsApiIsADraftUntilActivatedAndGoesWithARollback() {
    String before = activeVersion();
    String customer = firstCustomer(1100, 100, p -> !holds(p, "credit-card"));
    JsonObject action =
        serviceAction(
            "moving-home-checklist",
            "Moving home checklist",
            List.of(),
            treatment(
                "web",
                "web",
                "Your moving home checklist",
                "https://bank.example/offers/moving-home-checklist",
                null));
    String edit =
        Json.createObjectBuilder()
            .add("comment", "a checklist for customers moving home")
            .add(
                "actions",
                Json.createObjectBuilder().add("put", Json.createArrayBuilder().add(action)))
            .build()
            .toString();
    HttpResponse<String> stored = Api.post("business", "api/v1/rulesets/active/edits", edit);
    assertEquals(201, stored.statusCode(), stored.body());
    String version = Api.json(stored).getString("version");
    assertTrue(stored.headers().firstValue("Location").orElse("").endsWith("/rulesets/" + version));
    assertNull(
        proposal(Api.decide(customer, "web", 3), "moving-home-checklist"),
        "a draft is not in force");
    HttpResponse<String> early =
        Api.post("business", "api/v1/rulesets/" + version + "/activate", "{}");
    assertEquals(409, early.statusCode(), "a draft goes live only once approved: " + early.body());

    JsonObject diff = Api.json(Api.get("approver", "api/v1/rulesets/" + version + "/diff"));
    JsonObject actions = diff.getJsonObject("strategy").getJsonObject("actions");
    assertEquals(
        List.of("moving-home-checklist"),
        actions.getJsonArray("added").getValuesAs(jakarta.json.JsonString.class).stream()
            .map(jakarta.json.JsonString::getString)
            .toList());
    assertTrue(
        actions.getJsonArray("removed").isEmpty() && actions.getJsonArray("changed").isEmpty(),
        actions.toString());

    approve(version);
    activate(version);
    try {
      JsonObject decision = Api.decide(customer, "web", 3);
      JsonObject shown = proposal(decision, "moving-home-checklist");
      assertNotNull(shown, decision.toString());
      assertEquals(
          "Your moving home checklist", shown.getJsonObject("treatment").getString("title"));
      JsonObject strategy = Api.json(Api.get("business", "api/v1/rulesets/active/strategy"));
      assertTrue(
          strategy.getJsonArray("actions").stream()
              .anyMatch(
                  a -> a.asJsonObject().getString("actionId").equals("moving-home-checklist")),
          "the version in force lists it");

      rollback("the checklist is not ready");
      JsonObject after = Api.decide(customer, "web", 3);
      assertFalse(after.toString().contains("moving-home-checklist"), after.toString());
    } finally {
      restore(before);
    }

    HttpResponse<String> bad =
        Api.post(
            "business",
            "api/v1/rulesets/active/edits",
            "{\"comment\":\"typo\",\"actions\":{\"put\":[{\"id\":\"x\",\"name\":\"X\",\"issue\":\"service\","
                + "\"group\":\"g\",\"journey\":\"service\",\"value\":\"lots\",\"treatments\":[]}],\"remove\":[\"no-such-action\"]}}");
    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals("application/problem+json", bad.headers().firstValue("Content-Type").orElse(""));
    assertTrue(
        bad.body().contains("actions.put[0]") && bad.body().contains("no-such-action"), bad.body());
  }

  /**
   * The same library as a table, one row per treatment with the action's columns left empty on its
   * further rows: every action keeps its treatments and settings (the library in force is the JSON
   * one plus the new action), and the new action reaches the web with its treatment.
   */
  @Test
  void anActionLibraryUploadedAsCsvKeepsEveryActionAndShowsTheNewOneOnTheWeb() {
    String before = activeVersion();
    String customer = firstCustomer(1100, 100, p -> !holds(p, "credit-card"));
    Map<String, byte[]> files = activeFiles();
    JsonArray shipped = json(text(files.remove("actions.json"))).getJsonArray("actions");
    JsonObject action =
        serviceAction(
            "new-address-check",
            "Check your new address",
            List.of(),
            treatment(
                "web",
                "web",
                "Just moved? Check your address, \"in one minute\"",
                "https://bank.example/offers/new-address-check",
                null),
            treatment(
                "app",
                "app",
                "Just moved? Check your address",
                "https://bank.example/app/new-address-check",
                "age >= 18"));
    List<JsonObject> actions = new ArrayList<>(shipped.getValuesAs(JsonObject.class));
    actions.add(action);
    files.put("actions.csv", bytes(csv(actions)));
    Map<String, JsonObject> libraryBefore = library();

    String version = upload("the action library as a table, with an address check", files);
    approve(version);
    activate(version);
    try {
      assertTrue(activeFiles().containsKey("actions.csv"));
      assertFalse(
          activeFiles().containsKey("actions.json"), "a library in one form replaces the other");
      Map<String, JsonObject> libraryAfter = library();
      JsonObject added = libraryAfter.remove("new-address-check");
      assertNotNull(added);
      assertEquals(libraryBefore, libraryAfter, "every action read back from the table as it was");
      assertEquals(2, added.getJsonArray("treatments").size(), added.toString());
      assertEquals(
          "age >= 18", added.getJsonArray("treatments").getJsonObject(1).getString("eligibility"));

      JsonObject decision = Api.decide(customer, "web", 3);
      assertEquals(version, decision.getString("ruleSetVersion"));
      JsonObject shown = proposal(decision, "new-address-check");
      assertNotNull(shown, decision.toString());
      assertEquals(1, shown.getInt("rank"), decision.toString());
      assertEquals(
          "Just moved? Check your address, \"in one minute\"",
          shown.getJsonObject("treatment").getString("title"));
      assertEquals(
          "https://bank.example/offers/new-address-check",
          shown.getJsonObject("treatment").getString("link"));

      assertEquals(before, Api.json(rollback("back to the library in JSON")).getString("version"));
      assertNull(proposal(Api.decide(customer, "web", 3), "new-address-check"));
      assertTrue(activeFiles().containsKey("actions.json"));
    } finally {
      restore(before);
    }
  }

  /**
   * A business value is a lever the business pulls without a rule: the paperless-statements nudge
   * ranks below the personal loan, worth more than ten times as much, for customers who may get
   * both; worth 10,000 times more it comes before the loan for the same customers.
   *
   * <p>Arbitration ranks on drawn propensities, and the random control group (2 % of decisions) on
   * uniform draws, which swap the two about once in 2,000 decisions before the change; so the order
   * before is asked of most of three customers, and the order after, which a draw undoes about once
   * in 40,000 decisions, of each. Each customer gets one decision before and one after, and at most
   * seven marketing actions in the first, so that no contact cap (two impressions of an action a
   * day, eight marketing contacts a day) keeps either action out of the second.
   */
  @Test
  void aValueRaisedInTheActionLibraryReordersTheDecisions() {
    String loanId = "personal-loan";
    String nudgeId = "paperless-statements";
    Map<String, byte[]> files = activeFiles();
    JsonObject library = json(text(files.get("actions.json")));
    assertTrue(
        value(library, loanId) > 10 * value(library, nudgeId),
        "the loan is worth far more than the nudge");

    List<String> customers = new ArrayList<>();
    int loanFirst = 0;
    for (String c : customers(1200, 300)) {
      JsonObject decision = Api.decide(c, "web", 20);
      JsonObject loan = proposal(decision, loanId);
      JsonObject nudge = proposal(decision, nudgeId);
      long marketing =
          decision.getJsonArray("actions").getValuesAs(JsonObject.class).stream()
              .filter(a -> List.of("sales", "retention", "nurture").contains(a.getString("issue")))
              .count();
      if (loan != null && nudge != null && marketing <= 7) {
        customers.add(c);
        loanFirst += loan.getInt("rank") < nudge.getInt("rank") ? 1 : 0;
        if (customers.size() == 3) {
          break;
        }
      }
    }
    assertEquals(
        3, customers.size(), "three customers who may get both the loan and the nudge on the web");
    assertTrue(
        loanFirst >= 2, "the loan ranked above the nudge for " + loanFirst + " of " + customers);

    String before = activeVersion();
    double raised = value(library, nudgeId) * 10_000;
    files.put("actions.json", bytes(withValue(library, nudgeId, raised)));
    String version = upload("paperless statements are worth much more to us", files);
    approve(version);
    activate(version);
    try {
      for (String c : customers) {
        JsonObject decision = Api.decide(c, "web", 20);
        assertEquals(version, decision.getString("ruleSetVersion"));
        JsonObject loan = proposal(decision, loanId);
        JsonObject nudge = proposal(decision, nudgeId);
        assertNotNull(loan, "the loan is still offered: " + decision);
        assertNotNull(nudge, decision.toString());
        assertEquals(raised, nudge.getJsonNumber("value").doubleValue());
        assertTrue(
            nudge.getInt("rank") < loan.getInt("rank"),
            "worth " + raised + ", the nudge comes first: " + decision);
      }
    } finally {
      restore(before);
    }
  }

  /**
   * A journey gains a stage and a rule of journey-stages.drl puts one customer there: the rules
   * find the stage (the decision reports it and the rule that placed the customer), an action bound
   * to it is offered there and nowhere else, and the journeys in force list it with the customer
   * counted.
   */
  @Test
  void aStageAddedToAJourneyIsFoundByTheRulesAndBindsTheActionsOfThatStage() {
    String before = activeVersion();
    List<String> candidates =
        customers(1500, 100).stream().filter(c -> !holds(profile(c), "credit-card")).toList();
    String mover = candidates.get(0);
    String other = candidates.get(1);
    assertNotEquals(
        "moving-home",
        Api.decide(mover, "web", 3).getJsonObject("journeyStages").getString("service", ""));

    Map<String, byte[]> files = activeFiles();
    JsonObject journeys = json(text(files.get("journeys.json")));
    JsonArrayBuilder changed = Json.createArrayBuilder();
    for (JsonObject j : journeys.getJsonArray("journeys").getValuesAs(JsonObject.class)) {
      changed.add(
          j.getString("id").equals("service")
              ? Json.createObjectBuilder(j)
                  .add(
                      "stages",
                      Json.createArrayBuilder(j.getJsonArray("stages")).add("moving-home"))
              : Json.createObjectBuilder(j));
    }
    files.put(
        "journeys.json",
        bytes(pretty(Json.createObjectBuilder().add("journeys", changed).build())));
    files.put(
        "journey-stages.drl",
        bytes(
            text(files.get("journey-stages.drl"))
                + "\nrule \"ServiceMovingHomeStage\"\n"
                + "    activation-group \"service\"\n"
                + "    salience 170\n"
                + "when\n"
                + "    Customer( customerId == \""
                + mover
                + "\" )\n"
                + "then\n"
                + "    verdict.stage(\"service\", \"moving-home\");\n"
                + "end\n"));
    JsonObject checklist =
        serviceAction(
            "moving-day-checklist",
            "Your moving-day checklist",
            List.of("moving-home"),
            treatment(
                "web",
                "web",
                "Your moving-day checklist",
                "https://bank.example/offers/moving-day-checklist",
                null));
    files.put(
        "actions.json", bytes(withAction(text(files.get("actions.json")), checklist.toString())));

    String version = upload("customers moving home", files);
    approve(version);
    activate(version);
    try {
      JsonObject decision = Api.decide(mover, "web", 3);
      assertEquals(
          "moving-home",
          decision.getJsonObject("journeyStages").getString("service", ""),
          decision.toString());
      JsonObject shown = proposal(decision, "moving-day-checklist");
      assertNotNull(shown, "offered at its stage: " + decision);
      assertEquals(
          "Your moving-day checklist", shown.getJsonObject("treatment").getString("title"));
      JsonObject placed =
          Api.json(Api.get("channel", "api/v1/customers/" + mover + "/journeys"))
              .getJsonObject("current")
              .getJsonObject("service");
      assertEquals("moving-home", placed.getString("stage"));
      assertEquals("ServiceMovingHomeStage", placed.getString("rule"));

      JsonObject elsewhere = Api.decide(other, "web", 3);
      assertNotEquals(
          "moving-home", elsewhere.getJsonObject("journeyStages").getString("service", ""));
      assertEquals(
          "ActionOnlyInItsStages",
          exclusion(elsewhere, "moving-day-checklist"),
          elsewhere.toString());

      JsonObject service = journey("service");
      assertNotNull(service);
      JsonObject stage =
          service.getJsonArray("stages").getValuesAs(JsonObject.class).stream()
              .filter(s -> s.getString("stage").equals("moving-home"))
              .findFirst()
              .orElse(null);
      assertNotNull(stage, service.toString());
      assertTrue(stage.getInt("customers") >= 1, stage.toString());

      assertEquals(before, Api.json(rollback("no moving-home stage yet")).getString("version"));
      assertNotEquals(
          "moving-home",
          Api.decide(mover, "web", 3).getJsonObject("journeyStages").getString("service", ""));
      assertFalse(journey("service").toString().contains("moving-home"));
    } finally {
      restore(before);
    }
  }

  /**
   * An event type is data of the version: declared with an SMS trigger, an event of that type is
   * accepted and queues an SMS contact for the customer with the action the outbound decision
   * chose; before and after the version it is an undeclared type, refused.
   */
  @Test
  void anEventTypeAddedWithAnSmsTriggerQueuesAnSmsContact() {
    String before = activeVersion();
    String actionId = "moving-home-sms";
    // A new action reaches a tenth of the customers by outbound contact at first (the maturity
    // ramp,
    // with the server's default settings): the customer is one of them.
    String customer =
        firstCustomer(
            1600,
            200,
            p ->
                p.getJsonArray("consents").toString().contains("\"sms:service\"")
                    && MaturityRamp.DEFAULT.reaches(p.getString("customerId"), actionId, 0));
    assertEquals(422, homeMoved(customer).statusCode(), "not a declared event type yet");

    Map<String, byte[]> files = activeFiles();
    JsonObject events = json(text(files.get("event-types.json")));
    JsonObject type =
        Json.createObjectBuilder()
            .add("name", "home.moved")
            .add("description", "The customer told us they moved home.")
            .add(
                "attributes",
                Json.createObjectBuilder()
                    .add(
                        "postcode",
                        Json.createObjectBuilder().add("kind", "string").add("required", false)))
            .add("updates", Json.createArrayBuilder())
            .add("triggers", Json.createArrayBuilder().add("sms"))
            .build();
    files.put(
        "event-types.json",
        bytes(
            pretty(
                Json.createObjectBuilder(events)
                    .add(
                        "eventTypes",
                        Json.createArrayBuilder(events.getJsonArray("eventTypes")).add(type))
                    .build())));
    JsonObject sms =
        serviceAction(
            actionId,
            "Moved? Tell us your new address",
            List.of(),
            treatment("sms", "sms", "Moved? Reply with your new address", null, "age >= 18"));
    files.put("actions.json", bytes(withAction(text(files.get("actions.json")), sms.toString())));

    String version = upload("an SMS when a customer moves home", files);
    approve(version);
    activate(version);
    try {
      HttpResponse<String> moved = homeMoved(customer);
      assertEquals(201, moved.statusCode(), moved.body());
      long eventId = Api.json(moved).getJsonNumber("eventId").longValue();
      List<JsonObject> queued =
          Api.jsonArray(Api.get("channel", "api/v1/outbound/sms?customerId=" + customer))
              .getValuesAs(JsonObject.class)
              .stream()
              .filter(
                  c -> !c.isNull("eventId") && c.getJsonNumber("eventId").longValue() == eventId)
              .toList();
      assertEquals(1, queued.size(), "one SMS queued by the event: " + queued);
      JsonObject contact = queued.get(0);
      assertEquals(actionId, contact.getString("actionId"));
      assertEquals("queued", contact.getString("status"));
      assertEquals("sms", contact.getString("channel"));
      JsonObject decided =
          Api.json(Api.get("compliance", "api/v1/decisions/" + contact.getString("decisionId")));
      assertEquals(
          version, decided.getJsonObject("record").getString("ruleSetVersion"), decided.toString());

      assertEquals(before, Api.json(rollback("no SMS on moves yet")).getString("version"));
      assertEquals(422, homeMoved(customer).statusCode(), "undeclared again after the rollback");
    } finally {
      restore(before);
    }
  }

  /**
   * A library with mistakes is refused before anything is stored, with every mistake's file and
   * line, so the business user corrects the file in one pass: in JSON an action's ill-typed value
   * (on the line the action starts) and a treatment on a channel that does not exist (on the
   * treatment's line); in a table the row with a value that is not a number.
   */
  @Test
  void aBrokenActionsFileIsRefusedNamingTheFileAndTheLine() {
    String before = activeVersion();
    Map<String, byte[]> files = activeFiles();
    String shipped = text(files.get("actions.json"));
    String broken =
        "{\n"
            + "  \"id\": \"broken-offer\",\n"
            + "  \"name\": \"An offer with mistakes\",\n"
            + "  \"issue\": \"service\",\n"
            + "  \"group\": \"moving\",\n"
            + "  \"journey\": \"service\",\n"
            + "  \"value\": \"high\",\n"
            + "  \"treatments\": [\n"
            + "    {\"id\": \"by-fax\", \"channel\": \"fax\", \"title\": \"By fax\"}\n"
            + "  ]\n"
            + "}";
    String withBroken = withAction(shipped, broken);
    int fax = lineOf(withBroken, "\"by-fax\"");
    files.put("actions.json", bytes(withBroken));
    HttpResponse<String> refused =
        Api.post("business", "api/v1/rulesets", body("an offer with mistakes", files));
    assertEquals(422, refused.statusCode(), refused.body());
    assertEquals(
        "application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
    List<JsonObject> problems =
        Api.json(refused).getJsonArray("compilation").getValuesAs(JsonObject.class);
    assertEquals(2, problems.size(), problems.toString());
    assertProblem(
        saying(problems, "\"value\" must be a number"),
        "actions.json",
        lineOf(withBroken, "\"value\": \"high\""));
    assertProblem(saying(problems, "unknown channel 'fax'"), "actions.json", fax);

    Map<String, byte[]> table = activeFiles();
    List<JsonObject> actions =
        new ArrayList<>(
            json(text(table.remove("actions.json")))
                .getJsonArray("actions")
                .getValuesAs(JsonObject.class));
    String rows = csv(actions);
    int last = (int) rows.lines().count() + 1;
    table.put(
        "actions.csv",
        bytes(
            rows
                + "broken-offer,An offer with mistakes,service,moving,service,,lots,,,,,,,,web,web,Broken,,,,\r\n"));
    HttpResponse<String> refusedTable =
        Api.post("business", "api/v1/rulesets", body("a table with a mistake", table));
    assertEquals(422, refusedTable.statusCode(), refusedTable.body());
    List<JsonObject> tableProblems =
        Api.json(refusedTable).getJsonArray("compilation").getValuesAs(JsonObject.class);
    assertEquals(1, tableProblems.size(), tableProblems.toString());
    assertProblem(
        saying(tableProblems, "column value must be a number, was 'lots'"), "actions.csv", last);

    assertEquals(before, activeVersion(), "nothing was put in force");
    JsonObject change =
        Api.jsonArray(Api.get("compliance", "api/v1/rulesets/changes?limit=1")).getJsonObject(0);
    assertEquals("refused", change.getString("kind"));
    assertEquals(
        "actions.csv",
        change
            .getJsonObject("details")
            .getJsonArray("problems")
            .getJsonObject(0)
            .getString("file"));
  }

  // --------------------------------------------------------------------------------------------------
  // the version in force and its changes

  private static String activeVersion() {
    return Api.json(Api.get("business", "api/v1/rulesets/active")).getString("version");
  }

  /**
   * The files of the version in force by name, in its order, ready to be changed and uploaded
   * again.
   */
  private static Map<String, byte[]> activeFiles() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (JsonObject f :
        Api.json(Api.get("business", "api/v1/rulesets/active"))
            .getJsonArray("files")
            .getValuesAs(JsonObject.class)) {
      String name = f.getString("name");
      HttpResponse<byte[]> content = download("api/v1/rulesets/active/files/" + name);
      assertEquals(200, content.statusCode(), name);
      files.put(name, content.body());
    }
    return files;
  }

  private static HttpResponse<byte[]> download(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(Api.BASE + path))
            .header("Authorization", Api.basic("business", Api.password("business")))
            .GET()
            .build();
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String body(String comment, Map<String, byte[]> files) {
    JsonArrayBuilder list = Json.createArrayBuilder();
    files.forEach(
        (name, content) ->
            list.add(
                name.endsWith(".xlsx")
                    ? Json.createObjectBuilder()
                        .add("name", name)
                        .add("contentBase64", Base64.getEncoder().encodeToString(content))
                    : Json.createObjectBuilder().add("name", name).add("content", text(content))));
    return Json.createObjectBuilder().add("comment", comment).add("files", list).build().toString();
  }

  /**
   * Uploads {@code files} as the business user; returns the version stored, whose scenarios all
   * pass.
   */
  private static String upload(String comment, Map<String, byte[]> files) {
    HttpResponse<String> stored = Api.post("business", "api/v1/rulesets", body(comment, files));
    assertEquals(201, stored.statusCode(), stored.body());
    assertTrue(Api.json(stored).getBoolean("activatable"), stored.body());
    return Api.json(stored).getString("version");
  }

  /** The demo approver approves {@code version}: the second pair of eyes every activation needs. */
  private static void approve(String version) {
    HttpResponse<String> approved =
        Api.post(
            "approver",
            "api/v1/rulesets/" + version + "/reviews",
            Json.createObjectBuilder()
                .add("verdict", "approved")
                .add("comment", "checked against the brief")
                .build()
                .toString());
    assertEquals(201, approved.statusCode(), approved.body());
  }

  private static void activate(String version) {
    HttpResponse<String> activated =
        Api.post(
            "business",
            "api/v1/rulesets/" + version + "/activate",
            "{\"comment\":\"in force for the test\"}");
    assertEquals(200, activated.statusCode(), activated.body());
  }

  private static HttpResponse<String> rollback(String comment) {
    HttpResponse<String> back =
        Api.post(
            "business",
            "api/v1/rulesets/active/rollback",
            Json.createObjectBuilder().add("comment", comment).build().toString());
    assertEquals(200, back.statusCode(), back.body());
    return back;
  }

  /**
   * Rolls back to {@code version} when a test left another in force (it failed before its
   * rollback).
   */
  private static void restore(String version) {
    if (!activeVersion().equals(version)) {
      rollback("back to the version in force before the test");
    }
    assertEquals(version, activeVersion());
  }

  // --------------------------------------------------------------------------------------------------
  // action libraries

  /**
   * A service action of the service journey, in group moving, worth {@link #DOMINANT_VALUE}. No
   * rule of the shipped version names that group, and the rules on service actions concern the
   * travel, complaints and regulatory groups: only a contact cap or a stage could keep it out.
   */
  private static JsonObject serviceAction(
      String id, String name, List<String> stages, JsonObject... treatments) {
    var action =
        Json.createObjectBuilder()
            .add("id", id)
            .add("name", name)
            .add("issue", "service")
            .add("group", "moving")
            .add("journey", "service");
    if (!stages.isEmpty()) {
      action.add("stages", Json.createArrayBuilder(stages));
    }
    JsonArrayBuilder list = Json.createArrayBuilder();
    for (JsonObject t : treatments) {
      list.add(t);
    }
    return action
        .add("value", DOMINANT_VALUE)
        .add("lever", 1.0)
        .add("description", name + ": what to do, in order.")
        .add("treatments", list)
        .build();
  }

  private static JsonObject treatment(
      String id, String channel, String title, String link, String eligibility) {
    var t =
        Json.createObjectBuilder()
            .add("id", id)
            .add("channel", channel)
            .add("title", title)
            .add("text", title + ", in a few steps.");
    if (!channel.equals("sms")) {
      t.add("template", channel + "/banner");
    }
    if (link != null) {
      t.add("link", link);
    }
    if (eligibility != null) {
      t.add("eligibility", eligibility);
    }
    return t.build();
  }

  /**
   * {@code actionsJson} with {@code action} (the text of one JSON object) appended to its actions,
   * the rest of the file unchanged, line for line.
   */
  private static String withAction(String actionsJson, String action) {
    int end = actionsJson.lastIndexOf(']');
    int lastAction = actionsJson.lastIndexOf('}', end);
    return actionsJson.substring(0, lastAction + 1)
        + ",\n"
        + action
        + actionsJson.substring(lastAction + 1);
  }

  /** The library with action {@code id} worth {@code value}. */
  private static String withValue(JsonObject library, String id, double value) {
    JsonArrayBuilder actions = Json.createArrayBuilder();
    for (JsonObject a : library.getJsonArray("actions").getValuesAs(JsonObject.class)) {
      actions.add(
          a.getString("id").equals(id)
              ? Json.createObjectBuilder(a).add("value", value)
              : Json.createObjectBuilder(a));
    }
    return pretty(Json.createObjectBuilder(library).add("actions", actions).build());
  }

  private static double value(JsonObject library, String id) {
    return library.getJsonArray("actions").getValuesAs(JsonObject.class).stream()
        .filter(a -> a.getString("id").equals(id))
        .findFirst()
        .orElseThrow()
        .getJsonNumber("value")
        .doubleValue();
  }

  /**
   * The library as {@code actions.csv}: one row per treatment, the action's columns filled on its
   * first row only, as a business user keeps the table.
   */
  private static String csv(List<JsonObject> actions) {
    StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
    for (JsonObject a : actions) {
      boolean first = true;
      for (JsonObject t : a.getJsonArray("treatments").getValuesAs(JsonObject.class)) {
        List<String> cells = new ArrayList<>();
        for (String column : COLUMNS) {
          cells.add(
              switch (column) {
                case "treatment" -> t.getString("id");
                case "channel", "title", "text", "template", "link", "eligibility" ->
                    t.getString(column, "");
                case "id" -> a.getString("id");
                default -> first ? cell(a.get(column)) : "";
              });
        }
        first = false;
        csv.append(String.join(",", cells.stream().map(StrategyVersionIT::quoted).toList()))
            .append("\r\n");
      }
    }
    return csv.toString();
  }

  private static String cell(JsonValue v) {
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return "";
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    if (v instanceof JsonArray list) {
      return String.join(
          " ", list.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
    }
    if (v instanceof JsonNumber n) {
      return n.toString();
    }
    return v.toString(); // true, false
  }

  private static String quoted(String cell) {
    return cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")
        ? "\"" + cell.replace("\"", "\"\"") + "\""
        : cell;
  }

  /** The library in force by action id, as {@code GET /api/v1/actions} gives it. */
  private static Map<String, JsonObject> library() {
    Map<String, JsonObject> byId = new LinkedHashMap<>();
    for (JsonObject a :
        Api.jsonArray(Api.get("business", "api/v1/actions")).getValuesAs(JsonObject.class)) {
      byId.put(a.getString("actionId"), a);
    }
    return byId;
  }

  // --------------------------------------------------------------------------------------------------
  // customers, decisions, journeys, events

  private static List<String> customers(int offset, int limit) {
    return Api.json(Api.get("channel", "api/v1/customers?limit=" + limit + "&offset=" + offset))
        .getJsonArray("customers")
        .getValuesAs(JsonObject.class)
        .stream()
        .map(c -> c.getString("customerId"))
        .toList();
  }

  private static JsonObject profile(String customerId) {
    return Api.json(Api.get("channel", "api/v1/customers/" + customerId));
  }

  private static boolean holds(JsonObject profile, String product) {
    return profile.getJsonArray("products").getValuesAs(JsonString.class).stream()
        .anyMatch(p -> p.getString().equals(product));
  }

  /**
   * The first of the demo customers {@code offset + 1} to {@code offset + limit} whose profile
   * matches.
   */
  private static String firstCustomer(int offset, int limit, Predicate<JsonObject> matches) {
    for (String c : customers(offset, limit)) {
      if (matches.test(profile(c))) {
        return c;
      }
    }
    throw new AssertionError(
        "no demo customer from " + (offset + 1) + " to " + (offset + limit) + " fits the test");
  }

  /** The proposal of {@code actionId} in {@code decision}, or null when it is not shown. */
  private static JsonObject proposal(JsonObject decision, String actionId) {
    return decision.getJsonArray("actions").getValuesAs(JsonObject.class).stream()
        .filter(a -> a.getString("actionId").equals(actionId))
        .findFirst()
        .orElse(null);
  }

  /** The rule that excluded {@code actionId} from {@code decision}, or null. */
  private static String exclusion(JsonObject decision, String actionId) {
    return decision.getJsonArray("excluded").getValuesAs(JsonObject.class).stream()
        .filter(x -> x.getString("actionId").equals(actionId))
        .map(x -> x.getString("rule"))
        .findFirst()
        .orElse(null);
  }

  private static JsonObject journey(String id) {
    return Api.jsonArray(Api.get("business", "api/v1/journeys"))
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(j -> j.getString("journeyId").equals(id))
        .findFirst()
        .orElse(null);
  }

  private static HttpResponse<String> homeMoved(String customer) {
    return Api.post(
        "channel",
        "api/v1/events",
        Json.createObjectBuilder()
            .add("customerId", customer)
            .add("type", "home.moved")
            .add("occurredAt", Instant.now().toString())
            .add("attributes", Json.createObjectBuilder().add("postcode", "75011"))
            .build()
            .toString(),
        "Idempotency-Key",
        UUID.randomUUID().toString());
  }

  // --------------------------------------------------------------------------------------------------
  // text

  /** The problem whose message says {@code words}. */
  private static JsonObject saying(List<JsonObject> problems, String words) {
    return problems.stream()
        .filter(p -> p.getString("message").contains(words))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no problem says " + words + ": " + problems));
  }

  private static void assertProblem(JsonObject problem, String file, int line) {
    assertEquals(file, problem.getString("file"), problem.toString());
    assertEquals(line, problem.getInt("line"), problem.toString());
  }

  /** The 1-based number of the first line of {@code text} that contains {@code needle}. */
  private static int lineOf(String text, String needle) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(needle)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line contains " + needle);
  }

  private static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  private static String pretty(JsonObject o) {
    StringWriter out = new StringWriter();
    try (var writer =
        Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(out)) {
      writer.write(o);
    }
    return out.toString().strip() + "\n";
  }

  private static String text(byte[] content) {
    return new String(content, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
