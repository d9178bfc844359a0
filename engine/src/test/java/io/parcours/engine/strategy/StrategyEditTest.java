package io.parcours.engine.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.engine.InvalidStrategyEditException;
import io.parcours.engine.strategy.StrategyEdit.Part;
import io.parcours.rules.EvaluationLimits;
import io.parcours.rules.RuleFile;
import io.parcours.rules.RuleSetCompilationException;
import io.parcours.rules.RuleSetSource;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An edit puts and removes actions, journeys and event types of a version and gives the files of
 * the new one: items replaced in place or appended, removals of what does not exist refused, each
 * problem of an item put named by its field, an action table turned into actions.json, the rules
 * untouched.
 */
class StrategyEditTest {

  private static final List<RuleFile> SHIPPED = RuleSetSource.bundled().files();

  private static JsonObject json(String text) {
    try (JsonReader r = Json.createReader(new StringReader(text))) {
      return r.readObject();
    }
  }

  private static RuleFile file(List<RuleFile> files, String name) {
    return files.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no " + name + " among " + files.stream().map(RuleFile::name).toList()));
  }

  private static String text(RuleFile f) {
    return new String(f.content(), StandardCharsets.UTF_8);
  }

  /** The shipped action {@code id} as actions.json holds it. */
  private static JsonObject shippedAction(String id) {
    return json(text(file(SHIPPED, "actions.json")))
        .getJsonArray("actions")
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(a -> a.getString("id").equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static JsonObject action(String id, String journey) {
    return json(
        "{\"id\": \""
            + id
            + "\", \"name\": \"Winter saver\", \"issue\": \"sales\", \"group\": \"savings-account\","
            + " \"journey\": \""
            + journey
            + "\", \"value\": 12, \"treatments\": [{\"id\": \"web\", \"channel\": \"web\","
            + " \"title\": \"Save for winter\"}]}");
  }

  private static StrategyEdit actions(List<JsonObject> put, List<String> remove) {
    return new StrategyEdit(new Part(put, remove), null, null);
  }

  private static Strategy strategy(List<RuleFile> files) {
    StrategyFiles.Read read = StrategyVersion.data(files);
    assertEquals(List.of(), read.problems());
    return read.strategy();
  }

  private static Map<String, String> problems(InvalidStrategyEditException e) {
    return e.problems().stream()
        .collect(
            Collectors.toMap(
                InvalidStrategyEditException.Problem::field,
                InvalidStrategyEditException.Problem::message,
                (a, b) -> a + " | " + b));
  }

  private static void assertNamed(Map<String, String> problems, String field, String says) {
    assertTrue(problems.containsKey(field), field + " is not named; the problems are " + problems);
    assertTrue(problems.get(field).contains(says), field + ": " + problems.get(field));
  }

  @Test
  void anActionPutReplacesTheOneWithItsIdInItsPlaceAndANewOneIsAppended() {
    JsonObject savings =
        Json.createObjectBuilder(shippedAction("savings-account")).add("value", 25).build();

    List<RuleFile> files =
        actions(List.of(savings, action("winter-saver", "lifecycle")), List.of()).applyTo(SHIPPED);

    List<Action> before = strategy(SHIPPED).actions();
    List<Action> after = strategy(files).actions();
    assertEquals(before.size() + 1, after.size());
    int at =
        before.indexOf(
            before.stream()
                .filter(a -> a.id().equals("savings-account"))
                .findFirst()
                .orElseThrow());
    assertEquals("savings-account", after.get(at).id());
    assertEquals(25, after.get(at).value());
    assertEquals(before.get(at).treatments(), after.get(at).treatments());
    assertEquals("winter-saver", after.get(after.size() - 1).id());
    for (RuleFile f : SHIPPED) {
      if (!f.name().equals("actions.json")) {
        assertEquals(f, file(files, f.name()), f.name() + " is kept as it is");
      }
    }
    assertEquals(SHIPPED.size(), files.size());
  }

  @Test
  void anActionPutUnchangedGivesBackTheSameFileByteForByte() {
    List<RuleFile> files =
        actions(List.of(shippedAction("savings-account")), List.of()).applyTo(SHIPPED);

    assertArrayEquals(
        file(SHIPPED, "actions.json").content(), file(files, "actions.json").content());
  }

  @Test
  void aRemovedActionIsGoneAndOneThatDoesNotExistIsNamed() {
    List<RuleFile> files = actions(List.of(), List.of("travel-fees-info")).applyTo(SHIPPED);
    assertTrue(strategy(files).library().find("travel-fees-info").isEmpty());
    assertEquals(strategy(SHIPPED).actions().size() - 1, strategy(files).actions().size());

    InvalidStrategyEditException refused =
        assertThrows(
            InvalidStrategyEditException.class,
            () ->
                actions(List.of(), List.of("travel-fees-info", "no-such-action")).applyTo(SHIPPED));
    assertEquals(
        List.of("actions.remove[1]"),
        refused.problems().stream().map(InvalidStrategyEditException.Problem::field).toList());
    assertTrue(
        refused.getMessage().contains("there is no action 'no-such-action' to remove"),
        refused.getMessage());
  }

  @Test
  void anItemBothPutAndRemovedOrPutTwiceIsRefused() {
    InvalidStrategyEditException refused =
        assertThrows(
            InvalidStrategyEditException.class,
            () ->
                actions(
                        List.of(
                            action("winter-saver", "lifecycle"),
                            action("winter-saver", "lifecycle"),
                            shippedAction("savings-account")),
                        List.of("savings-account"))
                    .applyTo(SHIPPED));

    Map<String, String> problems = problems(refused);
    assertNamed(problems, "actions.put[1].id", "'winter-saver' is put twice");
    assertNamed(problems, "actions.put[2].id", "'savings-account' is also removed by this edit");
  }

  @Test
  void eachProblemOfAnItemPutIsNamedByItsFieldAllAtOnce() {
    JsonObject wordValue =
        Json.createObjectBuilder(action("a0", "lifecycle")).add("value", "high").build();
    JsonObject fax =
        json(
            "{\"id\": \"a1\", \"name\": \"N\", \"issue\": \"sales\", \"group\": \"g\", \"journey\": \"lifecycle\","
                + " \"value\": 1, \"treatments\": [{\"id\": \"web\", \"channel\": \"web\", \"title\": \"T\"},"
                + " {\"id\": \"fax\", \"channel\": \"fax\", \"title\": \"T\"}]}");
    JsonObject holidays = action("a2", "holidays");
    JsonObject colour =
        json(
            "{\"id\": \"a3\", \"name\": \"N\", \"issue\": \"sales\", \"group\": \"g\", \"journey\": \"lifecycle\","
                + " \"value\": 1, \"treatments\": [{\"id\": \"web\", \"channel\": \"web\", \"title\": \"T\", \"colour\": \"red\"}]}");
    JsonObject open =
        json(
            "{\"id\": \"a4\", \"name\": \"N\", \"issue\": \"sales\", \"group\": \"g\", \"journey\": \"lifecycle\","
                + " \"value\": 1, \"treatments\": [{\"id\": \"app\", \"channel\": \"app\", \"title\": \"T\"},"
                + " {\"id\": \"web\", \"channel\": \"web\", \"title\": \"T\", \"eligibility\": \"(age > 18\"}]}");
    JsonObject untitled =
        json(
            "{\"id\": \"a5\", \"name\": \"N\", \"issue\": \"charity\", \"group\": \"g\", \"journey\": \"lifecycle\","
                + " \"value\": 1, \"treatments\": [{\"id\": \"web\", \"channel\": \"web\"}]}");
    JsonObject nameless = json("{\"id\": \"onboarding\", \"stages\": [\"welcome\"]}");
    JsonObject faxed =
        json(
            "{\"name\": \"letter.sent\", \"description\": \"d\", \"attributes\": {},"
                + " \"updates\": [], \"triggers\": [\"fax\"]}");
    JsonObject dated =
        json(
            "{\"name\": \"birthday\", \"description\": \"d\", \"attributes\": {\"on\": {\"kind\": \"date\"}},"
                + " \"updates\": [], \"colour\": \"red\"}");
    StrategyEdit edit =
        new StrategyEdit(
            new Part(List.of(wordValue, fax, holidays, colour, open, untitled), List.of()),
            new Part(List.of(nameless), List.of()),
            new Part(List.of(faxed, dated), List.of()));

    Map<String, String> problems =
        problems(assertThrows(InvalidStrategyEditException.class, () -> edit.applyTo(SHIPPED)));

    assertNamed(problems, "actions.put[0].value", "\"value\" must be a number");
    assertNamed(problems, "actions.put[1].treatments[1].channel", "unknown channel 'fax'");
    assertNamed(problems, "actions.put[2].journey", "belongs to journey 'holidays'");
    assertNamed(problems, "actions.put[3].treatments[0].colour", "unknown key \"colour\"");
    assertNamed(problems, "actions.put[4].treatments[1].eligibility", "leaves a parenthesis open");
    assertNamed(problems, "actions.put[5].issue", "unknown issue 'charity'");
    assertNamed(problems, "actions.put[5].treatments[0].title", "\"title\" is missing");
    assertNamed(problems, "journeys.put[0].name", "\"name\" is missing");
    assertNamed(problems, "eventTypes.put[0].triggers", "unknown channel 'fax'");
    assertNamed(
        problems,
        "eventTypes.put[1].attributes.on.kind",
        "must be one of [string, number, boolean]");
    assertNamed(problems, "eventTypes.put[1].colour", "unknown key \"colour\"");
  }

  @Test
  void anActionMayJoinAJourneyPutInTheSameEdit() {
    StrategyEdit edit =
        new StrategyEdit(
            new Part(
                List.of(
                    Json.createObjectBuilder(action("welcome-call", "onboarding"))
                        .add("stages", Json.createArrayBuilder().add("welcome"))
                        .build()),
                List.of()),
            new Part(
                List.of(
                    json(
                        "{\"id\": \"onboarding\", \"name\": \"Onboarding\", \"stages\": [\"welcome\", \"settled\"]}")),
                List.of()),
            null);

    Strategy after = strategy(edit.applyTo(SHIPPED));

    assertEquals("onboarding", after.journeys().get(after.journeys().size() - 1).id());
    assertEquals("onboarding", after.library().find("welcome-call").orElseThrow().journey());
  }

  @Test
  void aJourneyRemovedThatAnActionStillUsesIsRefusedWhenTheVersionIsCompiled() {
    List<RuleFile> files =
        new StrategyEdit(null, new Part(List.of(), List.of("resilience")), null).applyTo(SHIPPED);

    RuleSetCompilationException refused =
        assertThrows(
            RuleSetCompilationException.class,
            () -> StrategyVersion.compile("t", files, EvaluationLimits.DEFAULT));
    assertTrue(
        refused.problems().stream()
            .anyMatch(
                p ->
                    p.file().equals("actions.json")
                        && p.message()
                            .contains(
                                "belongs to journey 'resilience', which journeys.json does not declare")),
        refused.problems().toString());
  }

  @Test
  void anActionTableIsWrittenAsActionsJsonOnceEdited() {
    String table =
        String.join(
                "\n",
                "id,name,issue,group,journey,value,treatment,channel,title,eligibility",
                "budgeting-guide,Budgeting guide,nurture,money-tips,nurture,4,web,web,Budget better,",
                "budgeting-guide,,,,,,app,app,Budget better,",
                "loyalty-bonus,Loyalty bonus,retention,rewards,retention,30,web-rich,web,A bonus for you,balance >= 10000")
            + "\n";
    List<RuleFile> base =
        new ArrayList<>(SHIPPED.stream().filter(f -> !f.name().equals("actions.json")).toList());
    base.add(new RuleFile("actions.csv", table.getBytes(StandardCharsets.UTF_8)));
    List<Action> tabled = strategy(base).actions();

    List<RuleFile> files =
        actions(List.of(action("winter-saver", "lifecycle")), List.of()).applyTo(base);

    assertFalse(
        files.stream().anyMatch(f -> f.name().equals("actions.csv")), "the table is replaced");
    List<Action> after = strategy(files).actions();
    assertEquals(tabled, after.subList(0, 2));
    assertEquals("winter-saver", after.get(2).id());
    assertEquals("balance >= 10000", after.get(1).treatments().get(0).eligibility());

    List<RuleFile> journeysOnly =
        new StrategyEdit(
                null,
                new Part(
                    List.of(
                        json(
                            "{\"id\": \"onboarding\", \"name\": \"Onboarding\", \"stages\": [\"welcome\"]}")),
                    List.of()),
                null)
            .applyTo(base);
    assertEquals(
        file(base, "actions.csv"),
        file(journeysOnly, "actions.csv"),
        "a table not edited stays a table");
  }

  @Test
  void eventTypesArePutAndRemovedAndTheDerivedFeaturesKeptAsTheyAre() {
    JsonObject letter =
        json(
            "{\"name\": \"letter.sent\", \"description\": \"A letter went out.\", \"attributes\": {},"
                + " \"updates\": [], \"triggers\": [\"email\"]}");
    JsonObject abroad =
        json(
            "{\"name\": \"trip.ended\", \"description\": \"Back home.\", \"attributes\": {},"
                + " \"updates\": [{\"field\": \"travellingAbroad\", \"operation\": \"set\", \"value\": false}], \"triggers\": [\"app\"]}");
    StrategyEdit edit =
        new StrategyEdit(null, null, new Part(List.of(letter, abroad), List.of("churn.scored")));

    List<RuleFile> files = edit.applyTo(SHIPPED);

    Strategy after = strategy(files);
    assertTrue(after.events().find("letter.sent").isPresent());
    assertTrue(after.events().find("churn.scored").isEmpty());
    assertEquals(List.of(Channel.APP), after.events().find("trip.ended").orElseThrow().triggers());
    assertEquals(
        json(text(file(SHIPPED, "event-types.json"))).get("features"),
        json(text(file(files, "event-types.json"))).get("features"));
    assertTrue(
        text(file(files, "event-types.json")).contains("\n    \"eventTypes\": [\n"),
        "written pretty-printed");
  }

  @Test
  void anEditThatChangesNothingIsRefused() {
    InvalidStrategyEditException refused =
        assertThrows(
            InvalidStrategyEditException.class,
            () -> new StrategyEdit(null, Part.NONE, null).applyTo(SHIPPED));

    assertEquals("body", refused.problems().get(0).field());
  }
}
