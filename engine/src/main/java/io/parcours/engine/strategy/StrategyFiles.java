package io.parcours.engine.strategy;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvException;
import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Issue;
import io.parcours.domain.Journey;
import io.parcours.domain.Treatment;
import io.parcours.engine.decision.ActionLibrary;
import io.parcours.engine.events.EventCatalogue;
import io.parcours.rules.RuleFile;
import io.parcours.rules.RuleProblem;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * Reads and writes the data files of a strategy version: the action library ({@code actions.json},
 * or the same as a table in {@code actions.csv} or {@code actions.xlsx}), the journeys ({@code
 * journeys.json}) and the event types ({@code event-types.json}).
 *
 * <p>Every problem is reported with its file and line, all at once, so that a business user
 * corrects a file in one pass: an unknown key (a typo is never silently ignored), a missing or
 * ill-typed value, an action in a journey that is not declared or at a stage its journey does not
 * have, a treatment on a channel that does not exist, a date that is not one.
 *
 * <p>A treatment's eligibility is a constraint of the {@code Customer} fact, as it would be written
 * in a rule. It becomes one generated rule per treatment ({@link Read#eligibilityRules()}),
 * compiled and confined with the version's own rules, so it can use the fact model and nothing
 * else; a problem in it is reported on the line of the treatment.
 */
public final class StrategyFiles {

  /** The action library in JSON. */
  public static final String ACTIONS_JSON = "actions.json";

  /** The action library as a table: one row per treatment. */
  public static final String ACTIONS_CSV = "actions.csv";

  /** The action library as a workbook: the first sheet, one row per treatment. */
  public static final String ACTIONS_XLSX = "actions.xlsx";

  /** The journeys and their stages. */
  public static final String JOURNEYS = "journeys.json";

  /** The event types, their triggers and the derived features. */
  public static final String EVENT_TYPES = "event-types.json";

  /** The name of the generated rule file holding the treatments' eligibility. */
  public static final String ELIGIBILITY_RULES = "treatment-eligibility.drl";

  /** The columns of {@code actions.csv} and {@code actions.xlsx}, in their usual order. */
  public static final List<String> COLUMNS =
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

  private static final List<String> ACTION_KEYS =
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
          "treatments");
  private static final List<String> TREATMENT_KEYS =
      List.of("id", "channel", "title", "text", "template", "link", "eligibility");
  private static final List<String> JOURNEY_KEYS = List.of("id", "name", "description", "stages");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  private StrategyFiles() {}

  /** Whether {@code name} is the action library in one of its three forms. */
  public static boolean isActions(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.equals(ACTIONS_JSON) || lower.equals(ACTIONS_CSV) || lower.equals(ACTIONS_XLSX);
  }

  /**
   * What the data files of a version declare, or what is wrong with them.
   *
   * @param strategy the strategy; null when there are problems
   * @param eligibilityRules the generated rules of the treatments' eligibility, to compile with the
   *     rules
   * @param eligibilityLines for each line of the generated rules, the file and line it comes from
   * @param problems every problem, with file and line
   */
  public record Read(
      Strategy strategy,
      RuleFile eligibilityRules,
      Map<Integer, RuleProblem> eligibilityLines,
      List<RuleProblem> problems) {

    /**
     * The problem the rule compiler reported in the generated eligibility rules, placed on the line
     * of the treatment it comes from.
     */
    public RuleProblem placed(RuleProblem p) {
      if (!ELIGIBILITY_RULES.equals(p.file())) {
        return p;
      }
      RuleProblem origin = eligibilityLines.get(p.line());
      if (origin == null) {
        return new RuleProblem(ELIGIBILITY_RULES, p.line(), p.column(), p.message());
      }
      return new RuleProblem(
          origin.file(), origin.line(), 0, origin.message() + ": " + p.message());
    }
  }

  /**
   * Reads the data files among {@code files}: one action library, {@code journeys.json} and {@code
   * event-types.json}, each exactly once.
   */
  public static Read read(List<RuleFile> files) {
    List<RuleProblem> problems = new ArrayList<>();
    RuleFile actionsFile = null;
    RuleFile journeysFile = null;
    RuleFile eventsFile = null;
    for (RuleFile f : files) {
      String lower = f.name().toLowerCase(Locale.ROOT);
      if (isActions(lower)) {
        if (actionsFile != null) {
          problems.add(
              new RuleProblem(
                  f.name(),
                  0,
                  0,
                  "a version has one action library; it also has "
                      + actionsFile.name()
                      + ": keep one of them"));
        }
        actionsFile = f;
      } else if (lower.equals(JOURNEYS)) {
        journeysFile = f;
      } else if (lower.equals(EVENT_TYPES)) {
        eventsFile = f;
      }
    }
    if (actionsFile == null) {
      problems.add(
          new RuleProblem(
              ACTIONS_JSON,
              0,
              0,
              "the action library is missing: a version needs actions.json (or actions.csv or actions.xlsx)"));
    }
    if (journeysFile == null) {
      problems.add(
          new RuleProblem(
              JOURNEYS, 0, 0, "the journeys are missing: a version needs journeys.json"));
    }
    if (eventsFile == null) {
      problems.add(
          new RuleProblem(
              EVENT_TYPES, 0, 0, "the event types are missing: a version needs event-types.json"));
    }
    List<Journey> journeys = journeysFile == null ? List.of() : journeys(journeysFile, problems);
    EventCatalogue events = eventsFile == null ? null : events(eventsFile, problems);
    List<Located<Action>> actions =
        actionsFile == null ? List.of() : actions(actionsFile, problems);
    if (journeysFile != null) {
      checkJourneys(actionsFile, actions, journeys, problems);
    }
    StringBuilder drl =
        new StringBuilder(
            "package io.parcours.rules;\n\n// Generated from the eligibility of the treatments of "
                + (actionsFile == null ? ACTIONS_JSON : actionsFile.name())
                + "; not stored.\n\nglobal Verdict verdict;\n");
    Map<Integer, RuleProblem> lines = new HashMap<>();
    for (Located<Action> a : actions) {
      for (Treatment t : a.value().treatments()) {
        if (!t.conditional()) {
          continue;
        }
        int line = a.treatmentLines().getOrDefault(t.id(), a.line());
        String problem = eligibilityProblem(t.eligibility());
        if (problem != null) {
          problems.add(
              new RuleProblem(
                  actionsFile.name(),
                  line,
                  0,
                  "the eligibility of treatment "
                      + t.id()
                      + " of action "
                      + a.value().id()
                      + " "
                      + problem));
          continue;
        }
        int first = countLines(drl) + 1;
        drl.append("\nrule \"TreatmentEligible ")
            .append(Treatment.key(a.value().id(), t.id()))
            .append("\"\nwhen\n")
            .append("    Candidate( id == \"")
            .append(a.value().id())
            .append("\" )\n")
            .append("    Customer( ")
            .append(t.eligibility())
            .append(" )\nthen\n")
            .append("    verdict.treatment(\"")
            .append(a.value().id())
            .append("\", \"")
            .append(t.id())
            .append("\");\nend\n");
        int last = countLines(drl);
        RuleProblem origin =
            new RuleProblem(
                actionsFile.name(),
                line,
                0,
                "the eligibility of treatment " + t.id() + " of action " + a.value().id());
        for (int l = first; l <= last + 1; l++) {
          lines.put(l, origin);
        }
      }
    }
    if (!problems.isEmpty()) {
      return new Read(null, null, Map.of(), List.copyOf(problems));
    }
    Strategy strategy =
        new Strategy(
            new ActionLibrary(actions.stream().map(Located::value).toList()), journeys, events);
    return new Read(
        strategy,
        new RuleFile(ELIGIBILITY_RULES, drl.toString().getBytes(StandardCharsets.UTF_8)),
        Map.copyOf(lines),
        List.of());
  }

  private static int countLines(CharSequence text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /**
   * Why an eligibility cannot stand inside {@code Customer( … )}, or null: it must be one line, its
   * parentheses must balance outside quoted text, and it may not end the pattern or the rule.
   */
  static String eligibilityProblem(String eligibility) {
    if (eligibility.contains("\n") || eligibility.contains("\r")) {
      return "must be one line";
    }
    int depth = 0;
    boolean quoted = false;
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < eligibility.length(); i++) {
      char c = eligibility.charAt(i);
      if (c == '"' && (i == 0 || eligibility.charAt(i - 1) != '\\')) {
        quoted = !quoted;
        words.append(' ');
        continue;
      }
      if (quoted) {
        continue;
      }
      words.append(c);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth < 0) {
        return "closes a parenthesis it did not open";
      } else if (c == ';') {
        return "may not contain ';': it is one condition on the customer, such as age >= 25";
      }
    }
    if (quoted) {
      return "has a quote that is not closed";
    }
    if (depth != 0) {
      return "leaves a parenthesis open";
    }
    for (String w : words.toString().split("[^A-Za-z_]+")) {
      if (List.of("then", "end", "rule", "when").contains(w)) {
        return "may not use the word '"
            + w
            + "': it is one condition on the customer, such as age >= 25";
      }
    }
    return null;
  }

  /** A value read from a file, with the line it starts on and the lines of its treatments. */
  record Located<T>(T value, int line, Map<String, Integer> treatmentLines) {}

  // ------------------------------------------------------------------------------------------------
  // actions

  private static List<Located<Action>> actions(RuleFile f, List<RuleProblem> problems) {
    String lower = f.name().toLowerCase(Locale.ROOT);
    List<Located<Action>> actions;
    if (lower.endsWith(".json")) {
      actions = actionsFromJson(f, problems);
    } else {
      List<TableRow> rows =
          lower.endsWith(".csv") ? csvRows(f, problems) : workbookRows(f, problems);
      actions = actionsFromRows(f.name(), rows, problems);
    }
    Set<String> ids = new LinkedHashSet<>();
    for (Located<Action> a : actions) {
      if (!ids.add(a.value().id())) {
        problems.add(
            new RuleProblem(
                f.name(),
                a.line(),
                0,
                "action " + a.value().id() + " is declared twice; an id names one action"));
      }
    }
    if (actions.isEmpty() && problems.isEmpty()) {
      problems.add(new RuleProblem(f.name(), 0, 0, "declares no action"));
    }
    return actions;
  }

  private static List<Located<Action>> actionsFromJson(RuleFile f, List<RuleProblem> problems) {
    List<Located<Action>> actions = new ArrayList<>();
    String[] text = lines(f);
    for (Located<JsonObject> o : objects(f, "actions", problems)) {
      Fields fields = new Fields(f.name(), o.line(), problems, text);
      JsonObject a = o.value();
      fields.onlyKeys(a, ACTION_KEYS, "an action");
      String id = fields.id(a, "id", "action");
      List<Treatment> treatments = new ArrayList<>();
      Map<String, Integer> treatmentLines = new HashMap<>();
      JsonArray list = fields.array(a, "treatments", true);
      if (list != null) {
        int i = 0;
        for (JsonValue v : list) {
          int line = lineOf(f, "\"" + stringOr(v, "id") + "\"", o.line());
          Fields tf = new Fields(f.name(), line, problems, text);
          String where = "treatment " + (i + 1) + " of action " + id;
          i++;
          if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            tf.problem(where + " must be an object");
            continue;
          }
          JsonObject t = v.asJsonObject();
          tf.onlyKeys(t, TREATMENT_KEYS, "a treatment");
          Treatment treatment =
              tf.treatment(
                  id,
                  tf.id(t, "id", where),
                  tf.string(t, "channel", true),
                  tf.string(t, "title", true),
                  tf.string(t, "text", false),
                  tf.string(t, "template", false),
                  tf.string(t, "link", false),
                  tf.string(t, "eligibility", false));
          if (treatment != null) {
            treatments.add(treatment);
            treatmentLines.put(treatment.id(), line);
          }
        }
      }
      Action action =
          fields.action(
              id,
              fields.string(a, "name", true),
              fields.string(a, "issue", true),
              fields.string(a, "group", true),
              fields.string(a, "journey", true),
              fields.strings(a, "stages"),
              fields.number(a, "value", null),
              fields.number(a, "lever", 1.0),
              fields.bool(a, "mandatory"),
              fields.number(a, "dailyLimit", 0.0),
              fields.number(a, "budget", 0.0),
              fields.string(a, "activeFrom", false),
              fields.string(a, "activeUntil", false),
              fields.string(a, "description", false),
              treatments);
      if (action != null) {
        actions.add(new Located<>(action, o.line(), treatmentLines));
      }
    }
    return actions;
  }

  private static String stringOr(JsonValue v, String key) {
    if (v.getValueType() == JsonValue.ValueType.OBJECT
        && v.asJsonObject().get(key) instanceof JsonString s) {
      return s.getString();
    }
    return "\u0000";
  }

  /** The lines of a text file. */
  private static String[] lines(RuleFile f) {
    return new String(f.content(), StandardCharsets.UTF_8).split("\\R", -1);
  }

  /**
   * The first line at or after {@code from} that contains {@code needle}; {@code from} when none
   * does.
   */
  private static int lineOf(RuleFile f, String needle, int from) {
    String[] lines = new String(f.content(), StandardCharsets.UTF_8).split("\\R", -1);
    for (int i = Math.max(from - 1, 0); i < lines.length; i++) {
      if (lines[i].contains(needle)) {
        return i + 1;
      }
    }
    return from;
  }

  /**
   * One row of an actions table: its line (CSV) or row number (workbook) and its cells by column.
   */
  record TableRow(int line, Map<String, String> cells) {}

  private static List<Located<Action>> actionsFromRows(
      String file, List<TableRow> rows, List<RuleProblem> problems) {
    Map<String, List<TableRow>> byAction = new LinkedHashMap<>();
    for (TableRow r : rows) {
      String id = r.cells().getOrDefault("id", "");
      if (id.isBlank()) {
        problems.add(new RuleProblem(file, r.line(), 0, "the row has no action id"));
        continue;
      }
      byAction.computeIfAbsent(id.strip(), k -> new ArrayList<>()).add(r);
    }
    List<Located<Action>> actions = new ArrayList<>();
    for (Map.Entry<String, List<TableRow>> e : byAction.entrySet()) {
      TableRow first = e.getValue().get(0);
      Fields fields = new Fields(file, first.line(), problems);
      Map<String, String> c = first.cells();
      for (TableRow other : e.getValue().subList(1, e.getValue().size())) {
        for (String column : ACTION_KEYS) {
          String v = other.cells().getOrDefault(column, "");
          if (!v.isBlank() && !v.strip().equals(c.getOrDefault(column, "").strip())) {
            problems.add(
                new RuleProblem(
                    file,
                    other.line(),
                    0,
                    "column "
                        + column
                        + " of action "
                        + e.getKey()
                        + " says '"
                        + v.strip()
                        + "' but its first row (line "
                        + first.line()
                        + ") says '"
                        + c.getOrDefault(column, "").strip()
                        + "'; leave it empty on the rows of further treatments"));
          }
        }
      }
      String id = fields.idCell(c, "id", "action");
      List<Treatment> treatments = new ArrayList<>();
      Map<String, Integer> treatmentLines = new HashMap<>();
      for (TableRow r : e.getValue()) {
        Map<String, String> t = r.cells();
        if (cell(t, "treatment") == null
            && cell(t, "channel") == null
            && cell(t, "title") == null) {
          continue;
        }
        Fields tf = new Fields(file, r.line(), problems);
        Treatment treatment =
            tf.treatment(
                id,
                tf.idCell(t, "treatment", "treatment of action " + id),
                tf.cell(t, "channel", true),
                tf.cell(t, "title", true),
                cell(t, "text"),
                cell(t, "template"),
                cell(t, "link"),
                cell(t, "eligibility"));
        if (treatment != null) {
          treatments.add(treatment);
          treatmentLines.put(treatment.id(), r.line());
        }
      }
      Action action =
          fields.action(
              id,
              fields.cell(c, "name", true),
              fields.cell(c, "issue", true),
              fields.cell(c, "group", true),
              fields.cell(c, "journey", true),
              list(cell(c, "stages")),
              fields.numberCell(c, "value", null),
              fields.numberCell(c, "lever", 1.0),
              fields.boolCell(c, "mandatory"),
              fields.numberCell(c, "dailyLimit", 0.0),
              fields.numberCell(c, "budget", 0.0),
              cell(c, "activeFrom"),
              cell(c, "activeUntil"),
              cell(c, "description"),
              treatments);
      if (action != null) {
        actions.add(new Located<>(action, first.line(), treatmentLines));
      }
    }
    return actions;
  }

  private static String cell(Map<String, String> cells, String column) {
    String v = cells.get(column);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static List<String> list(String text) {
    if (text == null) {
      return List.of();
    }
    List<String> items = new ArrayList<>();
    for (String s : text.split("[,;|\\s]+")) {
      if (!s.isBlank()) {
        items.add(s.strip());
      }
    }
    return items;
  }

  private static List<TableRow> csvRows(RuleFile f, List<RuleProblem> problems) {
    List<TableRow> rows = new ArrayList<>();
    try (CSVReader reader =
        new CSVReaderBuilder(
                new InputStreamReader(
                    new ByteArrayInputStream(f.content()), StandardCharsets.UTF_8))
            .withCSVParser(new RFC4180ParserBuilder().build())
            .build()) {
      List<String> header = null;
      String[] cells;
      long line = 1;
      while ((cells = reader.readNext()) != null) {
        long at = line;
        line = reader.getLinesRead() + 1;
        if (header == null) {
          header = header(f.name(), List.of(cells), (int) at, problems);
          if (header == null) {
            return rows;
          }
          continue;
        }
        if (cells.length == 1 && cells[0].isBlank()) {
          continue;
        }
        rows.add(new TableRow((int) at, row(header, List.of(cells))));
      }
    } catch (IOException | CsvException e) {
      problems.add(
          new RuleProblem(f.name(), 0, 0, "is not a readable CSV file: " + e.getMessage()));
    }
    return rows;
  }

  private static List<TableRow> workbookRows(RuleFile f, List<RuleProblem> problems) {
    List<TableRow> rows = new ArrayList<>();
    try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(f.content()))) {
      Sheet sheet = book.getSheetAt(0);
      DataFormatter format = new DataFormatter(Locale.ROOT);
      List<String> header = null;
      for (Row r : sheet) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < Math.max(r.getLastCellNum(), 0); i++) {
          Cell c = r.getCell(i);
          cells.add(c == null ? "" : format.formatCellValue(c));
        }
        int line = r.getRowNum() + 1;
        if (header == null) {
          if (cells.stream().allMatch(String::isBlank)) {
            continue;
          }
          header = header(f.name(), cells, line, problems);
          if (header == null) {
            return rows;
          }
          continue;
        }
        if (cells.stream().allMatch(String::isBlank)) {
          continue;
        }
        rows.add(new TableRow(line, row(header, cells)));
      }
    } catch (IOException | RuntimeException e) {
      problems.add(
          new RuleProblem(f.name(), 0, 0, "is not a readable workbook: " + e.getMessage()));
    }
    return rows;
  }

  private static List<String> header(
      String file, List<String> cells, int line, List<RuleProblem> problems) {
    List<String> header = new ArrayList<>();
    boolean fine = true;
    for (String c : cells) {
      String name = c.strip();
      if (!name.isEmpty() && !COLUMNS.contains(name)) {
        problems.add(
            new RuleProblem(
                file, line, 0, "unknown column '" + name + "'; the columns are " + COLUMNS));
        fine = false;
      }
      header.add(name);
    }
    for (String required : List.of("id", "name", "issue", "group", "journey", "value")) {
      if (!header.contains(required)) {
        problems.add(
            new RuleProblem(
                file,
                line,
                0,
                "the header has no column '" + required + "'; the columns are " + COLUMNS));
        fine = false;
      }
    }
    return fine ? header : null;
  }

  private static Map<String, String> row(List<String> header, List<String> cells) {
    Map<String, String> row = new HashMap<>();
    for (int i = 0; i < Math.min(header.size(), cells.size()); i++) {
      if (!header.get(i).isEmpty()) {
        row.put(header.get(i), cells.get(i));
      }
    }
    return row;
  }

  // ------------------------------------------------------------------------------------------------
  // journeys and event types

  private static List<Journey> journeys(RuleFile f, List<RuleProblem> problems) {
    List<Journey> journeys = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (Located<JsonObject> o : objects(f, "journeys", problems)) {
      Fields fields = new Fields(f.name(), o.line(), problems, lines(f));
      JsonObject j = o.value();
      fields.onlyKeys(j, JOURNEY_KEYS, "a journey");
      String id = fields.id(j, "id", "journey");
      String name = fields.string(j, "name", true);
      List<String> stages = fields.strings(j, "stages");
      for (String s : stages) {
        if (!ID.matcher(s).matches()) {
          fields.problem(
              "stage '"
                  + s
                  + "' of journey "
                  + id
                  + " must be lower-case letters, digits, '.', '_', '-'");
        }
      }
      if (id == null || name == null) {
        continue;
      }
      if (!ids.add(id)) {
        fields.problem("journey " + id + " is declared twice");
        continue;
      }
      try {
        journeys.add(new Journey(id, name, stages, fields.string(j, "description", false)));
      } catch (IllegalArgumentException e) {
        fields.problem(e.getMessage());
      }
    }
    return journeys;
  }

  private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

  private static EventCatalogue events(RuleFile f, List<RuleProblem> problems) {
    try {
      return EventCatalogue.read(new ByteArrayInputStream(f.content()));
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      int line = 0;
      Matcher named = QUOTED.matcher(message);
      if (named.find()) {
        line = lineOf(f, "\"" + named.group(1) + "\"", 1);
      }
      problems.add(new RuleProblem(f.name(), line, 0, message));
      return null;
    }
  }

  private static void checkJourneys(
      RuleFile actionsFile,
      List<Located<Action>> actions,
      List<Journey> journeys,
      List<RuleProblem> problems) {
    Map<String, Journey> byId = new HashMap<>();
    journeys.forEach(j -> byId.put(j.id(), j));
    for (Located<Action> a : actions) {
      Journey j = byId.get(a.value().journey());
      if (j == null) {
        problems.add(
            new RuleProblem(
                actionsFile.name(),
                a.line(),
                0,
                "action "
                    + a.value().id()
                    + " belongs to journey '"
                    + a.value().journey()
                    + "', which journeys.json does not declare; the journeys are "
                    + byId.keySet().stream().sorted().toList()));
        continue;
      }
      for (String s : a.value().stages()) {
        if (!j.has(s)) {
          problems.add(
              new RuleProblem(
                  actionsFile.name(),
                  a.line(),
                  0,
                  "action "
                      + a.value().id()
                      + " applies at stage '"
                      + s
                      + "', which journey "
                      + j.id()
                      + " does not have; its stages are "
                      + j.stages()));
        }
      }
    }
  }

  /**
   * The objects of the array {@code key} of the file's top-level object, each with the line it
   * starts on.
   */
  private static List<Located<JsonObject>> objects(
      RuleFile f, String key, List<RuleProblem> problems) {
    List<Located<JsonObject>> objects = new ArrayList<>();
    String text = new String(f.content(), StandardCharsets.UTF_8);
    try (JsonParser parser = Json.createParser(new StringReader(text))) {
      if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
        problems.add(
            new RuleProblem(f.name(), 1, 0, "must be a JSON object with an array \"" + key + "\""));
        return objects;
      }
      boolean found = false;
      while (parser.hasNext()) {
        JsonParser.Event e = parser.next();
        if (e == JsonParser.Event.END_OBJECT) {
          break;
        }
        if (e != JsonParser.Event.KEY_NAME) {
          continue;
        }
        String name = parser.getString();
        int keyLine = (int) parser.getLocation().getLineNumber();
        JsonParser.Event value = parser.next();
        if (!name.equals(key)) {
          problems.add(
              new RuleProblem(
                  f.name(),
                  keyLine,
                  0,
                  "unknown key \"" + name + "\"; the file holds one array, \"" + key + "\""));
          skip(parser, value);
          continue;
        }
        found = true;
        if (value != JsonParser.Event.START_ARRAY) {
          problems.add(new RuleProblem(f.name(), keyLine, 0, "\"" + key + "\" must be an array"));
          skip(parser, value);
          continue;
        }
        int i = 0;
        while (true) {
          JsonParser.Event item = parser.next();
          if (item == JsonParser.Event.END_ARRAY) {
            break;
          }
          i++;
          int line = (int) parser.getLocation().getLineNumber();
          if (item != JsonParser.Event.START_OBJECT) {
            problems.add(
                new RuleProblem(
                    f.name(), line, 0, "item " + i + " of \"" + key + "\" must be an object"));
            skip(parser, item);
            continue;
          }
          objects.add(new Located<>(parser.getObject(), line, Map.of()));
        }
      }
      if (!found) {
        problems.add(new RuleProblem(f.name(), 1, 0, "has no array \"" + key + "\""));
      }
    } catch (JsonParsingException e) {
      problems.add(
          new RuleProblem(
              f.name(),
              (int) e.getLocation().getLineNumber(),
              (int) e.getLocation().getColumnNumber(),
              "is not valid JSON: " + e.getMessage()));
    } catch (RuntimeException e) {
      problems.add(new RuleProblem(f.name(), 0, 0, "is not valid JSON: " + e.getMessage()));
    }
    return objects;
  }

  private static void skip(JsonParser parser, JsonParser.Event value) {
    if (value == JsonParser.Event.START_ARRAY) {
      parser.skipArray();
    } else if (value == JsonParser.Event.START_OBJECT) {
      parser.skipObject();
    }
  }

  /**
   * Reads the fields of one item, recording what is wrong on the line of the key concerned when the
   * item comes from a JSON file ({@code text}, its lines), otherwise on the item's line.
   */
  private record Fields(String file, int line, List<RuleProblem> problems, String[] text) {

    Fields(String file, int line, List<RuleProblem> problems) {
      this(file, line, problems, null);
    }

    void problem(String message) {
      problems.add(new RuleProblem(file, line, 0, message));
    }

    /**
     * A problem with the value of {@code key}, on the first line from the item's on that names it.
     */
    void problem(String key, String message) {
      int at = line;
      if (text != null) {
        for (int i = Math.max(line - 1, 0); i < text.length; i++) {
          if (text[i].contains("\"" + key + "\"")) {
            at = i + 1;
            break;
          }
        }
      }
      problems.add(new RuleProblem(file, at, 0, message));
    }

    void onlyKeys(JsonObject o, List<String> keys, String what) {
      for (String k : o.keySet()) {
        if (!keys.contains(k)) {
          problem(k, "unknown key \"" + k + "\"; " + what + " has " + keys);
        }
      }
    }

    String id(JsonObject o, String key, String what) {
      String id = string(o, key, true);
      return checkedId(id, what);
    }

    String idCell(Map<String, String> cells, String column, String what) {
      return checkedId(cell(cells, column, true), what);
    }

    private String checkedId(String id, String what) {
      if (id != null && !ID.matcher(id).matches()) {
        problem(
            what
                + " id '"
                + id
                + "' must be lower-case letters, digits, '.', '_', '-', starting with a letter or digit");
        return null;
      }
      return id;
    }

    String string(JsonObject o, String key, boolean required) {
      JsonValue v = o.get(key);
      if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
        if (required) {
          problem("\"" + key + "\" is missing" + named(o));
        }
        return null;
      }
      if (!(v instanceof JsonString s)) {
        problem(key, "\"" + key + "\" must be a string" + named(o));
        return null;
      }
      if (required && s.getString().isBlank()) {
        problem(key, "\"" + key + "\" is empty" + named(o));
        return null;
      }
      return s.getString();
    }

    private static String named(JsonObject o) {
      return o.get("id") instanceof JsonString s ? " (in " + s.getString() + ")" : "";
    }

    String cell(Map<String, String> cells, String column, boolean required) {
      String v = StrategyFiles.cell(cells, column);
      if (v == null && required) {
        problem("column " + column + " is empty");
      }
      return v;
    }

    List<String> strings(JsonObject o, String key) {
      JsonValue v = o.get(key);
      if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
        return List.of();
      }
      if (!(v instanceof JsonArray a) || !a.stream().allMatch(x -> x instanceof JsonString)) {
        problem(key, "\"" + key + "\" must be an array of strings" + named(o));
        return List.of();
      }
      return a.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    JsonArray array(JsonObject o, String key, boolean required) {
      JsonValue v = o.get(key);
      if (v == null) {
        if (required) {
          problem(
              "\""
                  + key
                  + "\" is missing"
                  + named(o)
                  + ": an action is offered on the channels it has a treatment for");
        }
        return null;
      }
      if (!(v instanceof JsonArray a)) {
        problem(key, "\"" + key + "\" must be an array" + named(o));
        return null;
      }
      return a;
    }

    /** A number; {@code fallback} when absent (null: required). NaN after a problem. */
    Double number(JsonObject o, String key, Double fallback) {
      JsonValue v = o.get(key);
      if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
        if (fallback == null) {
          problem("\"" + key + "\" is missing" + named(o));
          return Double.NaN;
        }
        return fallback;
      }
      if (!(v instanceof JsonNumber n)) {
        problem(key, "\"" + key + "\" must be a number" + named(o));
        return Double.NaN;
      }
      return n.doubleValue();
    }

    Double numberCell(Map<String, String> cells, String column, Double fallback) {
      String v = StrategyFiles.cell(cells, column);
      if (v == null) {
        if (fallback == null) {
          problem("column " + column + " is empty");
          return Double.NaN;
        }
        return fallback;
      }
      try {
        return Double.parseDouble(v.replace(',', '.'));
      } catch (NumberFormatException e) {
        problem("column " + column + " must be a number, was '" + v + "'");
        return Double.NaN;
      }
    }

    boolean bool(JsonObject o, String key) {
      JsonValue v = o.get(key);
      if (v == null || v.getValueType() == JsonValue.ValueType.NULL || v == JsonValue.FALSE) {
        return false;
      }
      if (v == JsonValue.TRUE) {
        return true;
      }
      problem(key, "\"" + key + "\" must be true or false" + named(o));
      return false;
    }

    boolean boolCell(Map<String, String> cells, String column) {
      String v = StrategyFiles.cell(cells, column);
      if (v == null) {
        return false;
      }
      switch (v.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "y", "1" -> {
          return true;
        }
        case "false", "no", "n", "0" -> {
          return false;
        }
        default -> {
          problem("column " + column + " must be true or false, was '" + v + "'");
          return false;
        }
      }
    }

    Treatment treatment(
        String actionId,
        String id,
        String channel,
        String title,
        String text,
        String template,
        String link,
        String eligibility) {
      if (id == null || channel == null || title == null) {
        return null;
      }
      Channel c;
      try {
        c = Channel.fromCode(channel);
      } catch (IllegalArgumentException e) {
        problem("treatment " + id + " of action " + actionId + ": " + e.getMessage());
        return null;
      }
      URI uri = null;
      if (link != null && !link.isBlank()) {
        try {
          uri = new URI(link.strip());
        } catch (URISyntaxException e) {
          problem(
              "the link of treatment "
                  + id
                  + " of action "
                  + actionId
                  + " is not an address: "
                  + e.getMessage());
          return null;
        }
      }
      try {
        return new Treatment(id, c, title, text, template, uri, eligibility);
      } catch (IllegalArgumentException e) {
        problem("action " + actionId + ": " + e.getMessage());
        return null;
      }
    }

    Action action(
        String id,
        String name,
        String issue,
        String group,
        String journey,
        List<String> stages,
        Double value,
        Double lever,
        boolean mandatory,
        Double dailyLimit,
        Double budget,
        String from,
        String until,
        String description,
        List<Treatment> treatments) {
      if (id == null || name == null || issue == null || group == null || journey == null) {
        return null;
      }
      Issue is;
      try {
        is = Issue.fromCode(issue);
      } catch (IllegalArgumentException e) {
        problem("action " + id + ": " + e.getMessage());
        return null;
      }
      if (value.isNaN() || lever.isNaN() || dailyLimit.isNaN() || budget.isNaN()) {
        return null;
      }
      if (dailyLimit != Math.rint(dailyLimit) || dailyLimit < 0 || dailyLimit > Integer.MAX_VALUE) {
        problem(
            "the daily limit of action "
                + id
                + " must be a whole number ≥ 0 (0: no limit), was "
                + dailyLimit);
        return null;
      }
      if (budget != Math.rint(budget) || budget < 0) {
        problem(
            "the budget of action "
                + id
                + " must be a whole number of impressions ≥ 0 (0: no limit), was "
                + budget);
        return null;
      }
      if (treatments.isEmpty()) {
        problem("action " + id + " has no treatment: give it one per channel it is offered on");
        return null;
      }
      Instant start = instant(from, false, id, "activeFrom");
      Instant end = instant(until, true, id, "activeUntil");
      if ((from != null && start == null) || (until != null && end == null)) {
        return null;
      }
      Set<Channel> channels = EnumSet.noneOf(Channel.class);
      treatments.forEach(t -> channels.add(t.channel()));
      try {
        return new Action(
            id,
            name,
            is,
            group,
            journey,
            channels,
            value,
            lever,
            description,
            Set.copyOf(stages),
            mandatory,
            (int) Math.round(dailyLimit),
            treatments,
            start,
            end,
            Math.round(budget));
      } catch (IllegalArgumentException e) {
        problem(e.getMessage());
        return null;
      }
    }

    /**
     * A day ({@code 2026-12-24}: its start, or for an end the start of the next day, so that the
     * day is included) or an instant ({@code 2026-12-24T09:00:00Z}).
     */
    private Instant instant(String text, boolean end, String id, String key) {
      if (text == null || text.isBlank()) {
        return null;
      }
      try {
        if (text.length() == 10) {
          LocalDate day = LocalDate.parse(text);
          return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        problem(
            key
                + " of action "
                + id
                + " must be a day (2026-12-24) or an instant (2026-12-24T09:00:00Z), was '"
                + text
                + "'");
        return null;
      }
    }
  }

  // ------------------------------------------------------------------------------------------------
  // writing

  /**
   * The action library as {@code actions.json}, one key a line in a stable order, so that a version
   * made from a form differs from the one before by the lines of what was changed.
   */
  public static byte[] actionsJson(List<Action> actions) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g =
        Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
            .createGenerator(out)) {
      g.writeStartObject().writeStartArray("actions");
      for (Action a : actions) {
        g.writeStartObject()
            .write("id", a.id())
            .write("name", a.name())
            .write("issue", a.issue().code())
            .write("group", a.group())
            .write("journey", a.journey());
        if (!a.stages().isEmpty()) {
          g.writeStartArray("stages");
          a.stages().stream().sorted().forEach(g::write);
          g.writeEnd();
        }
        g.write("value", a.value()).write("lever", a.lever());
        if (a.mandatory()) {
          g.write("mandatory", true);
        }
        if (a.dailyLimit() > 0) {
          g.write("dailyLimit", a.dailyLimit());
        }
        if (a.budget() > 0) {
          g.write("budget", a.budget());
        }
        if (a.activeFrom() != null) {
          g.write("activeFrom", a.activeFrom().toString());
        }
        if (a.activeUntil() != null) {
          g.write("activeUntil", a.activeUntil().toString());
        }
        if (!a.description().isEmpty()) {
          g.write("description", a.description());
        }
        g.writeStartArray("treatments");
        for (Treatment t : a.treatments()) {
          g.writeStartObject()
              .write("id", t.id())
              .write("channel", t.channel().code())
              .write("title", t.title());
          if (!t.text().isEmpty()) {
            g.write("text", t.text());
          }
          if (!t.template().isEmpty()) {
            g.write("template", t.template());
          }
          if (t.link() != null) {
            g.write("link", t.link().toString());
          }
          if (t.eligibility() != null) {
            g.write("eligibility", t.eligibility());
          }
          g.writeEnd();
        }
        g.writeEnd().writeEnd();
      }
      g.writeEnd().writeEnd();
    }
    return (out.toString().strip() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The journeys as {@code journeys.json}. */
  public static byte[] journeysJson(List<Journey> journeys) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g =
        Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
            .createGenerator(out)) {
      g.writeStartObject().writeStartArray("journeys");
      for (Journey j : journeys) {
        g.writeStartObject().write("id", j.id()).write("name", j.name());
        if (!j.description().isEmpty()) {
          g.write("description", j.description());
        }
        g.writeStartArray("stages");
        j.stages().forEach(g::write);
        g.writeEnd().writeEnd();
      }
      g.writeEnd().writeEnd();
    }
    return (out.toString().strip() + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
