package io.parcours.engine.strategy;

import io.parcours.engine.InvalidStrategyEditException;
import io.parcours.engine.InvalidStrategyEditException.Problem;
import io.parcours.rules.RuleFile;
import io.parcours.rules.RuleProblem;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A change of a version's actions, journeys and event types made item by item, as a form makes it,
 * instead of by uploading whole files: each part puts items (replacing the one with the same id, or
 * name for an event type, in its place; or appending it) and removes items by id. {@link #applyTo}
 * makes the files of the new version from those of the version edited; the new version is then
 * validated, stored and reviewed like any upload, so nothing goes live without a second pair of
 * eyes.
 *
 * <p>Each item put is checked on its own, as the only item of a file of its kind, so that a problem
 * is reported on the item that has it ({@code actions.put[0].treatments[1].channel}) rather than on
 * a line of a file the author never saw; an action is checked against the journeys of the new
 * version. What only the whole version shows (a journey removed that an action still uses, an
 * eligibility the rule compiler refuses) is reported when the version is compiled, like an upload.
 *
 * <p>Pure: files in, files out. An edited file is written back pretty-printed, so that an action
 * put unchanged gives back the same {@code actions.json}; an action library kept as a table ({@code
 * actions.csv} or {@code actions.xlsx}) becomes {@code actions.json} once edited here. The members
 * of {@code event-types.json} besides its event types (its derived features) are kept as they are.
 *
 * @param actions the actions put (objects as in {@code actions.json}) and removed (ids)
 * @param journeys the journeys put (as in {@code journeys.json}) and removed (ids)
 * @param eventTypes the event types put (as in {@code event-types.json}) and removed (names)
 */
public record StrategyEdit(Part actions, Part journeys, Part eventTypes) {

  /**
   * The items of one kind put and removed.
   *
   * @param put the items, each a JSON object as the data file holds it
   * @param remove the ids (names of event types) of the items to remove
   */
  public record Part(List<JsonObject> put, List<String> remove) {

    /** No change. */
    public static final Part NONE = new Part(List.of(), List.of());

    public Part {
      put = put == null ? List.of() : List.copyOf(put);
      remove = remove == null ? List.of() : List.copyOf(remove);
    }

    boolean changes() {
      return !put.isEmpty() || !remove.isEmpty();
    }
  }

  public StrategyEdit {
    actions = actions == null ? Part.NONE : actions;
    journeys = journeys == null ? Part.NONE : journeys;
    eventTypes = eventTypes == null ? Part.NONE : eventTypes;
  }

  /** Whether the edit puts or removes nothing at all. */
  public boolean changesNothing() {
    return !actions.changes() && !journeys.changes() && !eventTypes.changes();
  }

  private static final JsonWriterFactory PRETTY =
      Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

  private static final List<String> EVENT_TYPE_KEYS =
      List.of("name", "description", "attributes", "updates", "triggers");
  private static final List<String> ATTRIBUTE_KINDS = List.of("string", "number", "boolean");

  /**
   * The files of the version made by this edit from the files of version {@code base}: its rules
   * and scenarios as they are, its data files edited (a version stored before strategies were
   * versioned starts from the data files shipped with Parcours).
   *
   * @throws InvalidStrategyEditException naming each item put that does not read and each id
   *     removed that the version does not have; nothing is made
   */
  public List<RuleFile> applyTo(List<RuleFile> base) {
    if (changesNothing()) {
      throw new InvalidStrategyEditException(
          List.of(
              new Problem(
                  "body",
                  "the edit changes nothing: put or remove at least one action, journey or event type")));
    }
    List<RuleFile> data = base.stream().filter(RuleFile::isStrategy).toList();
    if (data.isEmpty()) {
      data = StrategyVersion.shippedData();
    }
    RuleFile actionsFile = find(data, StrategyFiles::isActions);
    RuleFile journeysFile = find(data, n -> n.equalsIgnoreCase(StrategyFiles.JOURNEYS));
    RuleFile eventsFile = find(data, n -> n.equalsIgnoreCase(StrategyFiles.EVENT_TYPES));
    List<Problem> problems = new ArrayList<>();

    // Journeys first: an action put is checked against the journeys of the new version.
    RuleFile newJourneys = journeysFile;
    if (journeys.changes()) {
      List<JsonObject> edited =
          edit(
              "journeys",
              "id",
              "journey",
              journeys,
              items(journeysFile, "journeys"),
              (item, field) -> journeyProblems(item, field),
              problems);
      newJourneys =
          new RuleFile(
              StrategyFiles.JOURNEYS,
              pretty(Json.createObjectBuilder().add("journeys", array(edited)).build()));
    }
    RuleFile newEvents = eventsFile;
    if (eventTypes.changes()) {
      JsonObject root = object(eventsFile);
      List<JsonObject> edited =
          edit(
              "eventTypes",
              "name",
              "event type",
              eventTypes,
              items(eventsFile, "eventTypes"),
              (item, field) -> eventTypeProblems(item, field),
              problems);
      JsonObjectBuilder kept = Json.createObjectBuilder();
      root.forEach((key, value) -> kept.add(key, key.equals("eventTypes") ? array(edited) : value));
      if (!root.containsKey("eventTypes")) {
        kept.add("eventTypes", array(edited));
      }
      newEvents = new RuleFile(StrategyFiles.EVENT_TYPES, pretty(kept.build()));
    }
    RuleFile newActions = actionsFile;
    if (actions.changes()) {
      List<JsonObject> baseActions = actionItems(actionsFile, data, problems);
      RuleFile journeysForActions = newJourneys;
      RuleFile eventsForActions = newEvents;
      List<JsonObject> edited =
          edit(
              "actions",
              "id",
              "action",
              actions,
              baseActions,
              (item, field) -> actionProblems(item, field, journeysForActions, eventsForActions),
              problems);
      newActions =
          new RuleFile(
              StrategyFiles.ACTIONS_JSON,
              pretty(Json.createObjectBuilder().add("actions", array(edited)).build()));
    }
    if (!problems.isEmpty()) {
      throw new InvalidStrategyEditException(problems);
    }
    List<RuleFile> files = new ArrayList<>(base.stream().filter(f -> !f.isStrategy()).toList());
    files.add(newActions);
    files.add(newJourneys);
    files.add(newEvents);
    return files;
  }

  /** Checks one item put, reporting under {@code field}. */
  private interface Check {
    List<Problem> problems(JsonObject item, String field);
  }

  /**
   * The items of one kind after the removals and the puts, in the order of the version edited, new
   * ones appended.
   */
  private static List<JsonObject> edit(
      String kind,
      String key,
      String noun,
      Part part,
      List<JsonObject> base,
      Check check,
      List<Problem> problems) {
    Map<String, JsonObject> items = new LinkedHashMap<>();
    for (int i = 0; i < base.size(); i++) {
      JsonObject o = base.get(i);
      items.put(o.get(key) instanceof JsonString s ? s.getString() : "\u0000" + i, o);
    }
    Set<String> removed = new HashSet<>();
    for (int i = 0; i < part.remove().size(); i++) {
      String id = part.remove().get(i);
      if (items.remove(id) == null) {
        problems.add(
            new Problem(
                kind + ".remove[" + i + "]",
                removed.contains(id)
                    ? "'" + id + "' is removed twice"
                    : "there is no "
                        + noun
                        + " '"
                        + id
                        + "' to remove; the version has "
                        + items.keySet().stream()
                            .filter(k -> !k.startsWith("\u0000"))
                            .sorted()
                            .toList()));
      }
      removed.add(id);
    }
    Set<String> put = new HashSet<>();
    for (int i = 0; i < part.put().size(); i++) {
      JsonObject item = part.put().get(i);
      String field = kind + ".put[" + i + "]";
      problems.addAll(check.problems(item, field));
      if (!(item.get(key) instanceof JsonString s)) {
        continue; // reported by the check
      }
      String id = s.getString();
      if (removed.contains(id)) {
        problems.add(
            new Problem(
                field + "." + key,
                "'" + id + "' is also removed by this edit: put it or remove it, not both"));
      } else if (!put.add(id)) {
        problems.add(
            new Problem(
                field + "." + key,
                "'" + id + "' is put twice in this edit; put each " + noun + " once"));
      }
      items.put(id, item);
    }
    return List.copyOf(items.values());
  }

  // ------------------------------------------------------------------------------------------------
  // checking one item

  private static List<Problem> actionProblems(
      JsonObject item, String field, RuleFile journeys, RuleFile events) {
    RuleFile one =
        new RuleFile(
            StrategyFiles.ACTIONS_JSON,
            pretty(
                Json.createObjectBuilder()
                    .add("actions", Json.createArrayBuilder().add(item))
                    .build()));
    List<RuleFile> files = new ArrayList<>(List.of(one));
    files.add(journeys);
    if (events != null) {
      files.add(events);
    }
    return placed(
        StrategyFiles.read(files).problems(),
        StrategyFiles.ACTIONS_JSON,
        field,
        item,
        ACTION_FIELDS);
  }

  private static List<Problem> journeyProblems(JsonObject item, String field) {
    RuleFile one =
        new RuleFile(
            StrategyFiles.JOURNEYS,
            pretty(
                Json.createObjectBuilder()
                    .add("journeys", Json.createArrayBuilder().add(item))
                    .build()));
    return placed(
        StrategyFiles.read(List.of(one)).problems(),
        StrategyFiles.JOURNEYS,
        field,
        item,
        ACTION_FIELDS);
  }

  /**
   * What is wrong with an event type put: its members are checked here first, for the reader of
   * {@code event-types.json} stops at the first thing it cannot read.
   */
  private static List<Problem> eventTypeProblems(JsonObject item, String field) {
    List<Problem> problems = new ArrayList<>();
    for (String k : item.keySet()) {
      if (!EVENT_TYPE_KEYS.contains(k)) {
        problems.add(
            new Problem(
                field + "." + k,
                "unknown key \"" + k + "\"; an event type has " + EVENT_TYPE_KEYS));
      }
    }
    for (String k : List.of("name", "description")) {
      if (!(item.get(k) instanceof JsonString s) || s.getString().isBlank()) {
        problems.add(new Problem(field + "." + k, "is required: a string"));
      }
    }
    if (!(item.get("attributes") instanceof JsonObject attributes)) {
      problems.add(
          new Problem(
              field + ".attributes",
              "is required: an object of each attribute's name to {\"kind\": \"string\", \"number\" or \"boolean\", …}"));
    } else {
      attributes.forEach(
          (name, rule) -> {
            if (!(rule instanceof JsonObject r)
                || !(r.get("kind") instanceof JsonString kind)
                || !ATTRIBUTE_KINDS.contains(kind.getString())) {
              problems.add(
                  new Problem(
                      field + ".attributes." + name + ".kind",
                      "must be one of " + ATTRIBUTE_KINDS));
            }
          });
    }
    if (!(item.get("updates") instanceof JsonArray updates)
        || !updates.stream().allMatch(u -> u.getValueType() == JsonValue.ValueType.OBJECT)) {
      problems.add(
          new Problem(
              field + ".updates",
              "is required: an array of profile changes such as {\"field\": \"openComplaint\", \"operation\": \"set\", \"value\": true}"
                  + " (empty when the events change nothing)"));
    }
    if (item.containsKey("triggers")
        && !(item.get("triggers") instanceof JsonArray t
            && t.stream().allMatch(c -> c instanceof JsonString))) {
      problems.add(new Problem(field + ".triggers", "must be an array of channels"));
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    RuleFile one =
        new RuleFile(
            StrategyFiles.EVENT_TYPES,
            pretty(
                Json.createObjectBuilder()
                    .add("eventTypes", Json.createArrayBuilder().add(item))
                    .build()));
    return placed(
        StrategyFiles.read(List.of(one)).problems(),
        StrategyFiles.EVENT_TYPES,
        field,
        item,
        EVENT_FIELDS);
  }

  /** The problems of {@code file}, each under the field of the item it is about. */
  private static List<Problem> placed(
      List<RuleProblem> problems, String file, String field, JsonObject item, List<Clue> clues) {
    return problems.stream()
        .filter(p -> p.file().equals(file))
        .map(p -> new Problem(fieldOf(field, item, p.message(), clues), p.message()))
        .toList();
  }

  // ------------------------------------------------------------------------------------------------
  // from a message about a file of one item to the field of that item

  /** Words of a message that say which field it is about. */
  private record Clue(Pattern words, String field) {
    static Clue of(String regex, String field) {
      return new Clue(Pattern.compile(regex), field);
    }
  }

  private static final List<Clue> ACTION_FIELDS =
      List.of(
          Clue.of("unknown issue", "issue"),
          Clue.of("unknown channel", "channel"),
          Clue.of("^the daily limit", "dailyLimit"),
          Clue.of("^the budget|^budget of", "budget"),
          Clue.of("^activeFrom", "activeFrom"),
          Clue.of("^activeUntil|the end must come after the start", "activeUntil"),
          Clue.of("^the eligibility of", "eligibility"),
          Clue.of("the link of", "link"),
          Clue.of("belongs to journey", "journey"),
          Clue.of("applies at stage|^stage '|needs distinct stages", "stages"),
          Clue.of("^value of", "value"),
          Clue.of("^lever of", "lever"),
          Clue.of("has no treatment", "treatments"),
          Clue.of("needs a title", "title"),
          Clue.of(" id '|has two treatments with id", "id"));

  private static final List<Clue> EVENT_FIELDS =
      List.of(
          Clue.of("unknown channel", "triggers"),
          Clue.of(
              "unknown profile field|unknown operation|the update of|cannot be changed by|needs a value",
              "updates"),
          Clue.of("attribute", "attributes"));

  private static final Pattern UNKNOWN_KEY = Pattern.compile("unknown key \"([^\"]+)\"");
  private static final Pattern QUOTED_KEY = Pattern.compile("^\"([A-Za-z]+)\" ");
  private static final Pattern NAMED = Pattern.compile("\\(in ([^)]+)\\)");
  private static final Pattern TREATMENT =
      Pattern.compile(
          "treatments? (?:with id )?([A-Za-z0-9][A-Za-z0-9._-]*)(?: of action| must| needs|$)");

  /**
   * The field of {@code item} a message is about, under {@code field}: a member of the item, or of
   * one of its treatments ({@code treatments[1].channel}); {@code field} itself when the message
   * does not say.
   */
  private static String fieldOf(String field, JsonObject item, String message, List<Clue> clues) {
    JsonArray treatments =
        item.get("treatments") instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
    String itemId = item.get("id") instanceof JsonString s ? s.getString() : null;
    int treatment = -1;
    String key = null;
    Matcher unknown = UNKNOWN_KEY.matcher(message);
    if (unknown.find()) {
      key = unknown.group(1);
      if (!item.containsKey(key)) {
        treatment = withKey(treatments, key);
      }
    } else {
      Matcher quoted = QUOTED_KEY.matcher(message);
      if (quoted.find()) {
        key = quoted.group(1);
      } else {
        for (Clue c : clues) {
          if (c.words().matcher(message).find()) {
            key = c.field();
            break;
          }
        }
      }
      treatment = treatmentOf(treatments, message, itemId);
      if (treatment < 0
          && key != null
          && message.contains("\" is missing")
          && item.containsKey(key)) {
        treatment = withoutKey(treatments, key);
      }
    }
    String at = field;
    if (treatment >= 0) {
      at += ".treatments[" + treatment + "]";
    }
    if (key != null && !(treatment >= 0 && key.equals("treatments"))) {
      at += "." + key;
    }
    return at;
  }

  /**
   * The index of the treatment a message names by its id, its number or "(in id)"; -1 when none.
   */
  private static int treatmentOf(JsonArray treatments, String message, String itemId) {
    Matcher named = TREATMENT.matcher(message);
    while (named.find()) {
      String id = named.group(1);
      int byId = lastWithId(treatments, id);
      if (byId >= 0) {
        return byId;
      }
      if (id.matches("[0-9]+")
          && Integer.parseInt(id) >= 1
          && Integer.parseInt(id) <= treatments.size()) {
        return Integer.parseInt(id) - 1;
      }
    }
    Matcher in = NAMED.matcher(message);
    if (in.find() && !in.group(1).equals(itemId)) {
      return lastWithId(treatments, in.group(1));
    }
    return -1;
  }

  private static int lastWithId(JsonArray treatments, String id) {
    for (int i = treatments.size() - 1; i >= 0; i--) {
      if (treatments.get(i) instanceof JsonObject t
          && t.get("id") instanceof JsonString s
          && s.getString().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private static int withKey(JsonArray treatments, String key) {
    for (int i = 0; i < treatments.size(); i++) {
      if (treatments.get(i) instanceof JsonObject t && t.containsKey(key)) {
        return i;
      }
    }
    return -1;
  }

  private static int withoutKey(JsonArray treatments, String key) {
    for (int i = 0; i < treatments.size(); i++) {
      if (treatments.get(i) instanceof JsonObject t && !t.containsKey(key)) {
        return i;
      }
    }
    return -1;
  }

  // ------------------------------------------------------------------------------------------------
  // reading and writing the files

  private static RuleFile find(List<RuleFile> files, Predicate<String> name) {
    return files.stream().filter(f -> name.test(f.name())).findFirst().orElse(null);
  }

  /**
   * The actions of the version edited as the objects of {@code actions.json}; a table is read and
   * written as JSON first.
   */
  private static List<JsonObject> actionItems(
      RuleFile file, List<RuleFile> data, List<Problem> problems) {
    if (file != null && file.name().toLowerCase(Locale.ROOT).endsWith(".json")) {
      return items(file, "actions");
    }
    StrategyFiles.Read read = StrategyFiles.read(data);
    if (read.strategy() == null) {
      problems.add(
          new Problem(
              "actions",
              "the action library of the version edited does not read ("
                  + read.problems().get(0)
                  + "); upload a corrected one instead"));
      return List.of();
    }
    return items(
        new RuleFile(
            StrategyFiles.ACTIONS_JSON, StrategyFiles.actionsJson(read.strategy().actions())),
        "actions");
  }

  /** The objects of the array {@code key} of a data file; none when there is no such file. */
  private static List<JsonObject> items(RuleFile file, String key) {
    if (file == null) {
      return List.of();
    }
    JsonObject root = object(file);
    if (!(root.get(key) instanceof JsonArray a)) {
      return List.of();
    }
    return a.stream().filter(v -> v instanceof JsonObject).map(JsonValue::asJsonObject).toList();
  }

  /**
   * The object a data file of the version edited holds: a stored version's files were read when it
   * was stored, so one that does not parse is a fault of the store, not of the edit.
   */
  private static JsonObject object(RuleFile file) {
    if (file == null) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(file.content()))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          file.name() + " of the version edited is not a JSON object: " + e.getMessage(), e);
    }
  }

  private static JsonArray array(List<JsonObject> items) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    items.forEach(a::add);
    return a.build();
  }

  /** Pretty-printed, as {@link StrategyFiles#actionsJson} writes, ending with one line break. */
  static byte[] pretty(JsonObject o) {
    StringWriter out = new StringWriter();
    try (JsonWriter w = PRETTY.createWriter(out)) {
      w.writeObject(o);
    }
    return (out.toString().strip() + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
