package io.parcours.engine.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.Issue;
import io.parcours.domain.Purpose;
import io.parcours.domain.Treatment;
import io.parcours.rules.EvaluationLimits;
import io.parcours.rules.RuleEngine;
import io.parcours.rules.RuleEvaluation;
import io.parcours.rules.RuleFile;
import io.parcours.rules.RuleProblem;
import io.parcours.rules.RuleSetCompilationException;
import io.parcours.rules.RuleSetSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * The data files of a strategy version: the shipped ones read clean; every problem of every file is
 * reported at once with its file and line, those the rule compiler finds in a treatment's
 * eligibility too; the three forms of the action library say the same; a conditional treatment
 * reaches only the customers who meet its condition.
 */
class StrategyFilesTest {

  /** A weekday afternoon, outside every quiet hour. */
  private static final Instant AFTERNOON = Instant.parse("2026-12-02T14:00:00Z");

  private static RuleFile file(String name, String text) {
    return new RuleFile(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private static RuleFile shipped(String name) {
    return StrategyVersion.shippedData().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /**
   * One action of the lifecycle journey on one line, with {@code extra} members and {@code
   * treatments}.
   */
  private static String action(String id, String extra, String treatments) {
    return "{\"id\": \""
        + id
        + "\", \"name\": \"N\", \"issue\": \"sales\", \"group\": \"g\", \"journey\": \"lifecycle\","
        + " \"value\": 1"
        + (extra.isEmpty() ? "" : ", " + extra)
        + ", \"treatments\": ["
        + treatments
        + "]}";
  }

  private static String web(String eligibility) {
    return "{\"id\": \"web\", \"channel\": \"web\", \"title\": \"T\""
        + (eligibility == null ? "" : ", \"eligibility\": \"" + eligibility + "\"")
        + "}";
  }

  private static String actionsFile(String... lines) {
    return "{\"actions\": [\n" + String.join(",\n", lines) + "\n]}\n";
  }

  private static Map<Integer, String> byLine(List<RuleProblem> problems, String file) {
    return problems.stream()
        .filter(p -> p.file().equals(file))
        .collect(
            Collectors.toMap(RuleProblem::line, RuleProblem::message, (a, b) -> a + " | " + b));
  }

  private static void assertSays(Map<Integer, String> messages, int line, String expected) {
    String said = messages.get(line);
    assertNotNull(said, "nothing reported on line " + line + "; reported: " + messages);
    assertTrue(said.contains(expected), "line " + line + " says: " + said);
  }

  @Test
  void theShippedFilesReadWithoutAProblem() {
    StrategyFiles.Read read = StrategyFiles.read(StrategyVersion.shippedData());

    assertEquals(List.of(), read.problems());
    assertEquals(27, read.strategy().actions().size());
    assertEquals(5, read.strategy().journeys().size());
    assertTrue(read.strategy().events().find("payment.missed").isPresent());
    String drl = new String(read.eligibilityRules().content(), StandardCharsets.UTF_8);
    assertTrue(drl.contains("rule \"TreatmentEligible savings-account/web-high-balance\""), drl);
    assertTrue(drl.contains("Customer( balance >= 20000 )"), drl);
  }

  @Test
  void everyProblemOfEveryFileIsReportedAtOnceWithItsFileAndLine() {
    String actions =
        actionsFile(
            action("typo", "\"colour\": \"red\"", web(null)),
            "{\"id\": \"nameless\", \"issue\": \"sales\", \"group\": \"g\", \"journey\": \"lifecycle\", \"value\": 1,"
                + " \"treatments\": ["
                + web(null)
                + "]}",
            action("charity", "", web(null)).replace("\"sales\"", "\"charity\""),
            action("faxed", "", "{\"id\": \"fax\", \"channel\": \"fax\", \"title\": \"T\"}"),
            action("holiday", "", web(null)).replace("\"lifecycle\"", "\"holidays\""),
            action("moonstruck", "\"stages\": [\"moon\"]", web(null)),
            action("twice", "", web(null)),
            action("twice", "", web(null)),
            action("christmas", "\"activeFrom\": \"24/12/2026\"", web(null)),
            action("two-lines", "", web("age > 18\\nage < 65")),
            action("open", "", web("(age > 18")));
    String journeys =
        "{\"journeys\": [\n"
            + "{\"id\": \"lifecycle\", \"name\": \"Lifecycle\", \"stages\": [\"need\", \"use\"]},\n"
            + "{\"id\": \"nameless\", \"stages\": [\"a\"], \"colour\": \"red\"}\n"
            + "]}\n";
    String events =
        "{\"eventTypes\": [\n"
            + "{\"name\": \"login\", \"description\": \"d\", \"attributes\": {}, \"updates\": []},\n"
            + "{\"name\": \"salary.paid\", \"description\": \"d\", \"attributes\": {},"
            + " \"updates\": [{\"field\": \"monthlyIncome\", \"operation\": \"set\", \"attribute\": \"amount\"}]}\n"
            + "]}\n";

    StrategyFiles.Read read =
        StrategyFiles.read(
            List.of(
                file("actions.json", actions),
                file("journeys.json", journeys),
                file("event-types.json", events)));

    assertNull(read.strategy());
    Map<Integer, String> a = byLine(read.problems(), "actions.json");
    assertSays(a, 2, "unknown key \"colour\"");
    assertSays(a, 3, "\"name\" is missing (in nameless)");
    assertSays(a, 4, "unknown issue 'charity'");
    assertSays(a, 5, "unknown channel 'fax'");
    assertSays(a, 6, "belongs to journey 'holidays', which journeys.json does not declare");
    assertSays(a, 7, "applies at stage 'moon', which journey lifecycle does not have");
    assertSays(a, 9, "action twice is declared twice");
    assertSays(a, 10, "activeFrom of action christmas must be a day (2026-12-24)");
    assertSays(a, 11, "the eligibility of treatment web of action two-lines must be one line");
    assertSays(a, 12, "the eligibility of treatment web of action open leaves a parenthesis open");
    assertEquals(Set.of(2, 3, 4, 5, 6, 7, 9, 10, 11, 12), a.keySet(), a.toString());
    Map<Integer, String> j = byLine(read.problems(), "journeys.json");
    assertSays(j, 3, "unknown key \"colour\"");
    assertSays(j, 3, "\"name\" is missing");
    Map<Integer, String> e = byLine(read.problems(), "event-types.json");
    assertSays(e, 3, "event type 'salary.paid'");
  }

  @Test
  void aVersionWithoutOneOfItsDataFilesIsToldWhichIsMissing() {
    StrategyFiles.Read read = StrategyFiles.read(List.of(shipped("journeys.json")));

    Set<String> files = read.problems().stream().map(RuleProblem::file).collect(Collectors.toSet());
    assertEquals(Set.of("actions.json", "event-types.json"), files);
  }

  @Test
  void anEligibilityTheRuleCompilerRefusesIsReportedOnTheLineOfItsTreatment() {
    String actions =
        actionsFile(action("fine", "", web(null)), action("misspelt", "", web("balanse >= 100")));

    RuleSetCompilationException refused =
        assertThrows(
            RuleSetCompilationException.class,
            () ->
                StrategyVersion.compile(
                    "t", withShippedData(file("actions.json", actions)), EvaluationLimits.DEFAULT));

    assertTrue(
        refused.problems().stream().allMatch(p -> p.file().equals("actions.json") && p.line() == 3),
        refused.problems().toString());
    assertTrue(
        refused
            .problems()
            .get(0)
            .message()
            .startsWith("the eligibility of treatment web of action misspelt: "),
        refused.problems().get(0).message());
  }

  @Test
  void anEligibilityThatWouldEndTheProcessIsRefusedByTheConfinement() {
    String actions = actionsFile(action("hostile", "", web("age > 18 && System.exit(3) == null")));

    RuleSetCompilationException refused =
        assertThrows(
            RuleSetCompilationException.class,
            () ->
                StrategyVersion.compile(
                    "t", withShippedData(file("actions.json", actions)), EvaluationLimits.DEFAULT));

    RuleProblem p = refused.problems().get(0);
    assertEquals("actions.json", p.file());
    assertEquals(2, p.line());
    assertTrue(p.message().contains("`System` is not part"), p.message());
  }

  /** {@code actions} with the shipped journeys and event types. */
  private static List<RuleFile> withShippedData(RuleFile actions) {
    return List.of(actions, shipped("journeys.json"), shipped("event-types.json"));
  }

  // ------------------------------------------------------------------------------------------------
  // the three forms of the action library

  /** The shipped actions and one that uses the columns they leave empty. */
  private static List<Action> everyColumnUsed() {
    List<Action> actions =
        new ArrayList<>(StrategyFiles.read(StrategyVersion.shippedData()).strategy().actions());
    actions.add(
        new Action(
            "winter-saver",
            "Winter saver, \"limited\"",
            Issue.SALES,
            "savings-account",
            "lifecycle",
            EnumSet.of(Channel.WEB, Channel.EMAIL),
            12.5,
            0.8,
            "Two lines,\nand a comma",
            Set.of("use", "need"),
            true,
            40,
            List.of(
                new Treatment(
                    "web-rich",
                    Channel.WEB,
                    "For savers",
                    "",
                    "web/banner",
                    null,
                    "balance >= 5000"),
                new Treatment(
                    "web",
                    Channel.WEB,
                    "Save",
                    "text",
                    "",
                    URI.create("https://bank.example/s"),
                    null),
                new Treatment("mail", Channel.EMAIL, "Save by mail", "", "", null, null)),
            Instant.parse("2026-12-01T00:00:00Z"),
            Instant.parse("2027-03-01T00:00:00Z"),
            10_000));
    return actions;
  }

  /**
   * One row per treatment, the action's columns on its first row only, as a business user writes
   * it.
   */
  private static List<List<String>> rows(List<Action> actions) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(StrategyFiles.COLUMNS);
    for (Action a : actions) {
      boolean first = true;
      for (Treatment t : a.treatments()) {
        List<String> row = new ArrayList<>();
        for (String column : StrategyFiles.COLUMNS) {
          boolean repeated = isActionColumn(column) && !column.equals("id");
          row.add(first || !repeated ? cell(a, t, column) : "");
        }
        rows.add(row);
        first = false;
      }
    }
    return rows;
  }

  private static boolean isActionColumn(String column) {
    return !Set.of("treatment", "channel", "title", "text", "template", "link", "eligibility")
        .contains(column);
  }

  private static String cell(Action a, Treatment t, String column) {
    return switch (column) {
      case "id" -> a.id();
      case "name" -> a.name();
      case "issue" -> a.issue().code();
      case "group" -> a.group();
      case "journey" -> a.journey();
      case "stages" -> a.stages().stream().sorted().collect(Collectors.joining(" "));
      case "value" -> Double.toString(a.value());
      case "lever" -> Double.toString(a.lever());
      case "mandatory" -> a.mandatory() ? "yes" : "";
      case "dailyLimit" -> a.dailyLimit() == 0 ? "" : Integer.toString(a.dailyLimit());
      case "budget" -> a.budget() == 0 ? "" : Long.toString(a.budget());
      case "activeFrom" -> a.activeFrom() == null ? "" : a.activeFrom().toString();
      case "activeUntil" -> a.activeUntil() == null ? "" : a.activeUntil().toString();
      case "description" -> a.description();
      case "treatment" -> t.id();
      case "channel" -> t.channel().code();
      case "title" -> t.title();
      case "text" -> t.text();
      case "template" -> t.template();
      case "link" -> t.link() == null ? "" : t.link().toString();
      case "eligibility" -> t.eligibility() == null ? "" : t.eligibility();
      default -> throw new IllegalArgumentException(column);
    };
  }

  private static String csv(List<List<String>> rows) {
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      out.append(
              row.stream()
                  .map(c -> "\"" + c.replace("\"", "\"\"") + "\"")
                  .collect(Collectors.joining(",")))
          .append("\r\n");
    }
    return out.toString();
  }

  /** The rows in the first sheet of a workbook, numbers as numeric cells. */
  private static byte[] workbook(List<List<String>> rows) throws IOException {
    try (XSSFWorkbook book = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = book.createSheet("actions");
      Set<String> numeric = Set.of("value", "lever", "dailyLimit", "budget");
      for (int r = 0; r < rows.size(); r++) {
        Row row = sheet.createRow(r);
        for (int c = 0; c < rows.get(r).size(); c++) {
          String v = rows.get(r).get(c);
          if (r > 0 && numeric.contains(StrategyFiles.COLUMNS.get(c)) && !v.isEmpty()) {
            row.createCell(c).setCellValue(Double.parseDouble(v));
          } else {
            row.createCell(c).setCellValue(v);
          }
        }
      }
      book.write(out);
      return out.toByteArray();
    }
  }

  private static List<Action> read(RuleFile actions) {
    StrategyFiles.Read read = StrategyFiles.read(withShippedData(actions));
    assertEquals(List.of(), read.problems(), actions.name());
    return read.strategy().actions();
  }

  @Test
  void theActionLibraryAsACsvTableOrAWorkbookIsTheSameAsInJson() throws IOException {
    List<Action> library = everyColumnUsed();
    List<List<String>> rows = rows(library);

    List<Action> json = read(new RuleFile("actions.json", StrategyFiles.actionsJson(library)));
    List<Action> csv = read(file("actions.csv", csv(rows)));
    List<Action> xlsx = read(new RuleFile("actions.xlsx", workbook(rows)));

    assertEquals(library, json);
    assertEquals(json, csv);
    assertEquals(json, xlsx);
  }

  @Test
  void aDayInATableIsTheWholeDayAndAFurtherRowMayNotContradictTheFirst() {
    String table =
        String.join(
                "\n",
                "id,name,issue,group,journey,value,activeFrom,activeUntil,treatment,channel,title",
                "advent,Advent,sales,g,lifecycle,1,2026-12-01,2026-12-24,web,web,Advent",
                ",,,,,,,,app,app,Advent",
                "easter,Easter,sales,g,lifecycle,1,,,web,web,Easter",
                "easter,Easter,sales,g,lifecycle,2,,,app,app,Easter")
            + "\n";

    StrategyFiles.Read read = StrategyFiles.read(withShippedData(file("actions.csv", table)));

    Map<Integer, String> problems = byLine(read.problems(), "actions.csv");
    assertSays(problems, 3, "the row has no action id");
    assertSays(
        problems, 5, "column value of action easter says '2' but its first row (line 4) says '1'");
    StrategyFiles.Read fixed =
        StrategyFiles.read(
            withShippedData(
                file(
                    "actions.csv",
                    table
                        .replace(",,,,,,,,app", "advent,,,,,,,,app")
                        .replace("lifecycle,2,", "lifecycle,,"))));
    Action advent = fixed.strategy().library().find("advent").orElseThrow();
    assertEquals(Instant.parse("2026-12-01T00:00:00Z"), advent.activeFrom());
    assertEquals(
        Instant.parse("2026-12-25T00:00:00Z"), advent.activeUntil(), "the 24th is included");
    assertTrue(advent.activeAt(Instant.parse("2026-12-24T23:59:59Z")));
    assertFalse(advent.activeAt(Instant.parse("2026-12-25T00:00:00Z")));
    assertFalse(advent.activeAt(Instant.parse("2026-11-30T23:59:59Z")));
    assertEquals(Set.of(Channel.WEB, Channel.APP), advent.channels());
  }

  // ------------------------------------------------------------------------------------------------
  // conditional treatments

  private static CustomerProfile customer(double balance) {
    Set<Consent> consents = new HashSet<>();
    for (Channel c : Channel.values()) {
      for (Purpose p : Purpose.values()) {
        consents.add(new Consent(c, p));
      }
    }
    return new CustomerProfile(
        "C000042",
        "Ada Lovelace",
        36,
        "Bretagne",
        "mass",
        48,
        Set.of("current-account"),
        balance,
        3_000,
        0.1,
        0,
        false,
        false,
        consents,
        "Europe/Paris",
        AFTERNOON);
  }

  private static RuleEvaluation onWeb(StrategyVersion version, String actionId, double balance) {
    Action a = version.strategy().library().find(actionId).orElseThrow();
    return version
        .rules()
        .evaluate(
            customer(balance),
            new DecisionRequest("C000042", Channel.WEB, Direction.INBOUND, Map.of(), 5, AFTERNOON),
            List.of(a),
            null);
  }

  @Test
  void aConditionalTreatmentIsChosenOnlyForTheCustomersWhoMeetIt()
      throws RuleSetCompilationException {
    String actions =
        actionsFile(
            action(
                "welcome",
                "",
                "{\"id\": \"web-rich\", \"channel\": \"web\", \"title\": \"Rich\","
                    + " \"eligibility\": \"balance >= 1000 && age >= 30\"}, "
                    + web(null)),
            action("exclusive", "", web("balance >= 1000")));
    StrategyVersion version =
        StrategyVersion.compile(
            "t", withShippedData(file("actions.json", actions)), EvaluationLimits.DEFAULT);

    assertEquals("web-rich", onWeb(version, "welcome", 2_000).treatment("welcome").id());
    assertEquals(
        "web",
        onWeb(version, "welcome", 500).treatment("welcome").id(),
        "the next treatment on the channel, in order of preference");
    assertEquals("web", onWeb(version, "exclusive", 1_000).treatment("exclusive").id());
    RuleEvaluation poor = onWeb(version, "exclusive", 999);
    assertEquals(
        RuleEngine.TREATMENT_ELIGIBILITY,
        poor.exclusionOf("exclusive").rule(),
        "no treatment the customer may get: not offered");
  }

  @Test
  void theShippedSavingsAccountBannerForHighBalancesIsShownFromTwentyThousandOnly()
      throws RuleSetCompilationException {
    StrategyVersion shipped =
        StrategyVersion.compile(
            "bundled", RuleSetSource.bundled().files(), EvaluationLimits.DEFAULT);

    assertEquals(
        "web-high-balance",
        onWeb(shipped, "savings-account", 20_000).treatment("savings-account").id());
    assertEquals(
        "web-high-balance",
        onWeb(shipped, "savings-account", 85_000).treatment("savings-account").id());
    assertEquals(
        "web", onWeb(shipped, "savings-account", 19_999.99).treatment("savings-account").id());
  }

  @Test
  void aRuleThatPlacesCustomersAtAStageTheJourneysDoNotDeclareIsRefusedOnItsLine() {
    List<RuleFile> files =
        new java.util.ArrayList<>(io.parcours.rules.RuleSetSource.bundled().files());
    files.add(
        file(
            "typo-stage.drl",
            "package io.parcours.rules;\nglobal Verdict verdict;\nrule \"Typo\"\nwhen\n"
                + "    Customer( age > 200 )\nthen\n    verdict.stage(\"retention\", \"at-rsik\");\n"
                + "    verdict.stage(\"holidays\", \"away\");\nend\n"));
    io.parcours.rules.RuleSetCompilationException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.parcours.rules.RuleSetCompilationException.class,
            () ->
                StrategyVersion.compile("typo", files, io.parcours.rules.EvaluationLimits.DEFAULT));
    Map<Integer, String> messages = byLine(e.problems(), "typo-stage.drl");
    assertSays(messages, 7, "stage 'at-rsik' is not a stage of journey retention");
    assertSays(messages, 8, "journey 'holidays' is not declared in journeys.json");
  }

  @Test
  void anEventTypeWithAnUnknownKeyOrWithoutItsUpdatesIsRefusedNamingIt() {
    String events =
        "{\"eventTypes\": [\n"
            + "  {\"name\": \"a.b\", \"description\": \"d\", \"attributes\": {}, \"updates\": [], \"trigers\": [\"sms\"]}\n]}\n";
    StrategyFiles.Read read =
        StrategyFiles.read(
            List.of(
                shipped("actions.json"),
                shipped("journeys.json"),
                file("event-types.json", events)));
    Map<Integer, String> messages = byLine(read.problems(), "event-types.json");
    assertSays(messages, 2, "unknown key 'trigers'");

    String missing =
        "{\"eventTypes\": [\n  {\"name\": \"a.b\", \"description\": \"d\", \"attributes\": {}}\n]}\n";
    read =
        StrategyFiles.read(
            List.of(
                shipped("actions.json"),
                shipped("journeys.json"),
                file("event-types.json", missing)));
    assertSays(byLine(read.problems(), "event-types.json"), 2, "'updates' is missing");
  }

  @Test
  void aProblemWithAFieldOfAnActionWrittenOverSeveralLinesIsOnTheLineOfThatField() {
    String actions =
        "{\"actions\": [\n"
            + "  {\n"
            + "    \"id\": \"spread\",\n"
            + "    \"name\": \"Spread over lines\",\n"
            + "    \"issue\": \"sales\",\n"
            + "    \"group\": \"g\",\n"
            + "    \"journey\": \"lifecycle\",\n"
            + "    \"value\": \"high\",\n"
            + "    \"colour\": \"red\",\n"
            + "    \"mandatory\": \"yes\",\n"
            + "    \"treatments\": ["
            + web(null)
            + "]\n"
            + "  }\n"
            + "]}\n";
    StrategyFiles.Read read =
        StrategyFiles.read(
            List.of(
                file("actions.json", actions),
                shipped("journeys.json"),
                shipped("event-types.json")));
    Map<Integer, String> messages = byLine(read.problems(), "actions.json");
    assertSays(messages, 8, "\"value\" must be a number");
    assertSays(messages, 9, "unknown key \"colour\"");
    assertSays(messages, 10, "\"mandatory\" must be true or false");
  }
}
