package io.parcours.rules;

import static io.parcours.rules.Scenario.libraryActions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile rules — each payload as a DRL file, as the ACTION (or other) cell of an
 * {@code .xlsx} decision table built here with POI, and as a CSV decision table — every one refused
 * by the confinement check with its file, line and what is not allowed, and none of it run: the
 * files the payloads would write are not there, the system properties they would set are unset, the
 * socket they would reach was never called, and the payload that would end the JVM did not end this
 * one.
 */
class RuleConfinementTest {

  private static final Path SCRATCH = scratch();
  private static final ServerSocket LISTENER = listener();
  private static final String PORT = String.valueOf(LISTENER.getLocalPort());
  private static final String PROPERTY = "parcours.hostile.ran";

  /**
   * Where a payload sits: in a rule (its consequence or a condition) or in the rule set's header.
   */
  enum Place {
    RULE,
    HEADER
  }

  /**
   * One hostile rule.
   *
   * @param name what it tries
   * @param drl the DRL file carrying it
   * @param needle text on the DRL line where it must be reported
   * @param table the table carrying it, or null when a decision table has no place for it
   * @param refusal what the refusal must say
   */
  record Payload(String name, String drl, String needle, Table table, String refusal) {
    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * A decision table: header rows after RuleSet/Import/Variables, and the rule table's columns.
   *
   * @param header extra rows of the RuleSet area, as key and value
   * @param columns each column's kind, pattern, template and value of the one data row
   * @param place whether the payload is reported on the data row or on the row of its setting
   */
  record Table(List<String[]> header, List<String[]> columns, Place place) {}

  private static final String[] ID_COLUMN = {
    "CONDITION", "$c : Candidate", "id == \"$param\"", "savings-account"
  };

  static Table action(String code) {
    return new Table(
        List.of(), List.of(ID_COLUMN, new String[] {"ACTION", "", code, "x"}), Place.RULE);
  }

  static Table header(String key, String value) {
    return new Table(
        List.<String[]>of(new String[] {key, value}),
        List.of(ID_COLUMN, new String[] {"ACTION", "", "verdict.exclude($c, \"$param\");", "x"}),
        Place.HEADER);
  }

  static Table column(String kind, String pattern, String template, String value) {
    return new Table(
        List.of(),
        List.of(
            ID_COLUMN,
            new String[] {kind, pattern, template, value},
            new String[] {"ACTION", "", "verdict.exclude($c, \"$param\");", "x"}),
        Place.RULE);
  }

  /** A DRL file whose rule runs {@code consequence}. */
  static String drl(String header, String attributes, String conditions, String consequence) {
    return "package io.parcours.rules;\n"
        + header
        + "global Verdict verdict;\n"
        + "\n"
        + "rule \"Hostile\"\n"
        + attributes
        + "when\n"
        + "    $c : Candidate( id == \"savings-account\" )\n"
        + conditions
        + "then\n"
        + "    "
        + consequence
        + "\n"
        + "end\n";
  }

  /** A payload in a consequence, and the same code in a table's ACTION cell. */
  static Payload code(String name, String code, String refusal) {
    return new Payload(name, drl("", "", "", code), code.split("\n")[0], action(code), refusal);
  }

  static String file(String name) {
    return SCRATCH.resolve(name).toString();
  }

  static List<Payload> corpus() {
    List<Payload> all = new ArrayList<>();
    all.add(
        code(
            "reading an environment variable",
            "verdict.exclude($c, \"db=\" + System.getenv(\"PARCOURS_DB_URL\"));",
            "`System` is not part of the fact model: a rule may use Candidate, Contacts, Customer,"
                + " JourneyStage, Situation, their properties and verdict"));
    all.add(
        code(
            "reading a system property",
            "verdict.exclude($c, \"user=\" + System.getProperty(\"user.name\"));",
            "`System` is not part"));
    all.add(
        code(
            "setting a system property",
            "System.setProperty(\"" + PROPERTY + "\", \"yes\");",
            "`System` is not part"));
    all.add(code("ending the JVM", "System.exit(3);", "`System` is not part"));
    all.add(
        code(
            "writing a file",
            "java.nio.file.Files.writeString(java.nio.file.Path.of(\""
                + file("written.txt")
                + "\"), \"x\");",
            "`java.nio.file.Files` is not part of the fact model"));
    all.add(
        code(
            "writing a file through a stream",
            "new java.io.FileOutputStream(\"" + file("stream.txt") + "\").close();",
            "`new` is not allowed"));
    all.add(
        code(
            "reading a file",
            "verdict.exclude($c, java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/hostname\")));",
            "`java.nio.file.Files` is not part"));
    all.add(
        code(
            "opening a socket",
            "new java.net.Socket(\"127.0.0.1\", " + PORT + ").close();",
            "`new` is not allowed"));
    all.add(
        code(
            "calling an HTTP URL",
            "java.net.URI.create(\"http://127.0.0.1:" + PORT + "/\").toURL().openStream().close();",
            "`java.net.URI` is not part"));
    all.add(
        code(
            "reflection",
            "verdict.exclude($c, \"\" + $c.getClass().getMethod(\"toString\").invoke($c));",
            "`getClass` is not a property of the fact model nor a verdict call"));
    all.add(
        code(
            "loading a class by name",
            "verdict.exclude($c, Class.forName(\"java.lang.Runtime\").getName());",
            "`Class` is not part"));
    all.add(
        code(
            "reaching a class loader",
            "verdict.exclude($c, \"\" + Verdict.class.getClassLoader());",
            "`Verdict` is not part"));
    all.add(
        code(
            "starting a thread",
            "new Thread(() -> System.setProperty(\"" + PROPERTY + "\", \"yes\")).start();",
            "`new` is not allowed"));
    all.add(
        code(
            "running a process",
            "Runtime.getRuntime().exec(new String[] {\"touch\", \"" + file("exec") + "\"});",
            "`Runtime` is not part"));
    all.add(
        code(
            "building a process",
            "ProcessBuilder b = new ProcessBuilder(\"touch\", \""
                + file("built")
                + "\"); b.start();",
            "`ProcessBuilder` is not part"));
    all.add(
        code(
            "looping for ever",
            "while (true) { verdict.weigh($c, 1.0); }",
            "`while` is not allowed"));
    all.add(
        code(
            "allocating a huge array",
            "long[] all = new long[Integer.MAX_VALUE];",
            "`[` (indexing, arrays, inline lists) is not allowed"));
    all.add(
        code(
            "allocating a huge text",
            "verdict.exclude($c, \"x\".repeat(Integer.MAX_VALUE));",
            "`repeat` is not a property"));
    all.add(
        code(
            "naming System in full",
            "java.lang.System.exit(3);",
            "`java.lang.System` is not part"));
    all.add(
        code(
            "spelling System with a unicode escape",
            "\\u0053ystem.exit(3);",
            "unicode escapes (\\u…) are not allowed"));
    all.add(
        code(
            "hiding a line break in a comment",
            "// \\u000a System.exit(3);",
            "unicode escapes (\\u…) are not allowed"));
    all.add(
        code(
            "reaching the runtime through drools",
            "drools.getKieRuntime().halt();",
            "`drools` is not allowed in a rule"));
    all.add(
        code(
            "reaching the runtime through kcontext",
            "kcontext.getKieRuntime().halt();",
            "`kcontext` is not allowed in a rule"));
    all.add(code("inserting a fact", "insert(\"x\");", "`insert` is not allowed in a rule"));
    all.add(code("a text block", "verdict.exclude($c, \"\"\"\n    x\"\"\");", "text blocks"));
    all.add(
        code("a lambda", "Runnable r = () -> verdict.doNothing(\"x\");", "`Runnable` is not part"));
    all.add(code("an MVEL template", "verdict.exclude($c, @{System.getenv(\"PATH\")});", "`@`"));
    all.add(
        new Payload(
            "an import",
            drl("import java.io.File;\n", "", "", "verdict.exclude($c, \"x\");"),
            "import java.io.File",
            header(
                "Import", "io.parcours.rules.Candidate, io.parcours.rules.Verdict, java.io.File"),
            "import java.io.File is not allowed"));
    all.add(
        new Payload(
            "a function",
            drl("function void boom() { System.exit(3); }\n", "", "", "boom();"),
            "function void boom",
            header("Functions", "function void boom() { System.exit(3); }"),
            "`function` is not allowed in a rule file"));
    all.add(
        new Payload(
            "a declare",
            drl("declare Leak\n    value : String\nend\n", "", "", "verdict.exclude($c, \"x\");"),
            "declare Leak",
            header("Declare", "declare Leak value : String end"),
            "`declare` is not allowed"));
    all.add(
        new Payload(
            "a global the engine does not provide",
            drl("global java.util.Map leak;\n", "", "", "verdict.exclude($c, \"x\");"),
            "global java.util.Map",
            header("Variables", "java.util.Map leak"),
            "global java.util.Map leak is not provided"));
    all.add(
        new Payload(
            "the MVEL dialect",
            drl("", "    dialect \"mvel\"\n", "", "verdict.exclude($c, \"x\");"),
            "dialect \"mvel\"",
            header("Dialect", "mvel"),
            "only the java dialect is allowed"));
    all.add(
        new Payload(
            "a timer",
            drl("", "    timer (int: 1s 1s)\n", "", "verdict.exclude($c, \"x\");"),
            "timer (int",
            column("TIMER", "", "", "int: 1s 1s"),
            "`timer` is not allowed"));
    all.add(
        new Payload(
            "a salience computed by code",
            drl("", "    salience (System.nanoTime() % 2)\n", "", "verdict.exclude($c, \"x\");"),
            "salience (",
            // A decision table refuses a priority that is not a whole number itself.
            null,
            "salience must be a whole number"));
    all.add(
        new Payload(
            "a from with a static call",
            drl(
                "",
                "",
                "    $user : String() from System.getProperty(\"user.name\")\n",
                "verdict.exclude($c, $user);"),
            "from System",
            null,
            "`System` is not part"));
    all.add(
        new Payload(
            "an eval with a static call",
            drl(
                "",
                "",
                "    eval( System.setProperty(\"" + PROPERTY + "\", \"yes\") == null )\n",
                "verdict.exclude($c, \"x\");"),
            "eval(",
            column(
                "CONDITION",
                "",
                "eval( System.setProperty(\"" + PROPERTY + "\", \"$param\") == null )",
                "yes"),
            "`System` is not part"));
    all.add(
        new Payload(
            "a condition with a static call",
            drl(
                "",
                "",
                "    Customer( segment != System.getenv(\"PATH\") )\n",
                "verdict.exclude($c, \"x\");"),
            "Customer( segment",
            column("CONDITION", "Customer", "segment != System.getenv(\"$param\")", "PATH"),
            "`System` is not part"));
    all.add(
        new Payload(
            "navigating from a fact to what is behind it",
            drl("", "", "    Candidate( action.issue != null )\n", "verdict.exclude($c, \"x\");"),
            "Candidate( action",
            column("CONDITION", "Candidate", "action.issue != \"$param\"", "x"),
            "`action` is not part of the fact model"));
    all.add(
        new Payload(
            "an accumulate with code",
            drl(
                "",
                "",
                "    Number() from accumulate( Candidate(), init( int n = 0; ) action( System.exit(3); )"
                    + " result( n ) )\n",
                "verdict.exclude($c, \"x\");"),
            "accumulate(",
            null,
            "accumulate with init/action/result code is not allowed"));
    all.add(
        new Payload(
            "a fact that is not of the model",
            drl("", "", "    Thread()\n", "verdict.exclude($c, \"x\");"),
            "Thread()",
            column("CONDITION", "Thread", "this != null", "x"),
            "`Thread` is not part"));
    all.add(
        new Payload(
            "another package",
            drl("", "", "", "verdict.exclude($c, \"x\");")
                .replace("package io.parcours.rules;", "package java.io;"),
            "package java.io",
            null,
            "a rule file belongs to package io.parcours.rules"));
    return all;
  }

  static Stream<Arguments> forms() {
    List<Arguments> all = new ArrayList<>();
    for (Payload p : corpus()) {
      all.add(Arguments.of(p, "drl"));
      if (p.table() != null) {
        all.add(Arguments.of(p, "xlsx"));
        all.add(Arguments.of(p, "csv"));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("forms")
  void isRefusedWithItsFileAndLineAndNothingOfItRuns(Payload p, String form) throws IOException {
    RuleFile file = file(p, form);
    RuleSetCompilationException e =
        assertThrows(
            RuleSetCompilationException.class,
            () -> RuleEngine.compile(new RuleSetSource("hostile", List.of(file))),
            p.name() + " as " + form + " was accepted");
    RuleProblem first = e.problems().get(0);
    assertEquals(file.name(), first.file(), e.getMessage());
    assertEquals(expectedLine(p, form), first.line(), e.getMessage());
    assertTrue(
        e.problems().stream().anyMatch(x -> x.message().contains(p.refusal())),
        "expected «" + p.refusal() + "» in " + e.getMessage());
    nothingRan();
  }

  private static int expectedLine(Payload p, String form) {
    if (form.equals("drl")) {
      String[] lines = p.drl().split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].contains(p.needle())) {
          return i + 1;
        }
      }
      throw new IllegalStateException("needle of " + p.name() + " not in its DRL");
    }
    if (p.table().place() == Place.HEADER) {
      List<List<String>> rows = grid(p.table());
      String key = p.table().header().get(0)[0];
      for (int i = 0; i < rows.size(); i++) {
        if (rows.get(i).get(0).equals(key)) {
          return i + 1;
        }
      }
    }
    return dataRow(p.table());
  }

  @Test
  void aScenarioThatRepeatsAnImpressionTwoToTheThirtyOneMinusOneTimesIsRefusedWithItsLine() {
    RuleFile scenarios =
        new RuleFile(
            "hostile.scenarios",
            """
            scenario: shown more often than memory allows
            decide: web inbound
            shown: savings-account on web 2147483647 times 1 days ago
            expect eligible: savings-account
            """
                .getBytes(StandardCharsets.UTF_8));
    RuleSetCompilationException e =
        assertThrows(
            RuleSetCompilationException.class,
            () -> RuleEngine.compile(new RuleSetSource("hostile", List.of(scenarios))));
    assertEquals(
        new RuleProblem(
            "hostile.scenarios",
            3,
            1,
            "'2147483647 times' is too many: a scenario describes at most 10000 impressions"),
        e.problems().get(0));
  }

  @Test
  void impressionsAreCountedAcrossTheLinesOfAScenario() {
    RuleFile scenarios =
        new RuleFile(
            "many.scenarios",
            """
            scenario: shown often, in two lines
            shown: savings-account on web 6000 times 1 days ago
            shown: savings-account on app 6000 times 2 days ago
            expect eligible: savings-account
            """
                .getBytes(StandardCharsets.UTF_8));
    RuleSetCompilationException e =
        assertThrows(
            RuleSetCompilationException.class,
            () -> RuleEngine.compile(new RuleSetSource("hostile", List.of(scenarios))));
    assertEquals(3, e.problems().get(0).line(), e.getMessage());
  }

  @Test
  void aHistoryFurtherBackThanACenturyIsRefused() {
    RuleFile scenarios =
        new RuleFile(
            "old.scenarios",
            """
            scenario: shown long ago
            shown: savings-account on web 9223372036854775807 days ago
            expect eligible: savings-account
            """
                .getBytes(StandardCharsets.UTF_8));
    RuleSetCompilationException e =
        assertThrows(
            RuleSetCompilationException.class,
            () -> RuleEngine.compile(new RuleSetSource("hostile", List.of(scenarios))));
    assertEquals(2, e.problems().get(0).line(), e.getMessage());
    assertTrue(
        e.problems().get(0).message().contains("goes back more than 36500 days"), e.getMessage());
  }

  /**
   * The same harness with a harmless consequence compiles and runs: the refusals above are the
   * check's.
   */
  @ParameterizedTest(name = "a harmless rule as {0} runs")
  @MethodSource("harmlessForms")
  void aHarmlessRuleInTheSameFormCompilesAndRuns(String form) throws RuleSetCompilationException {
    Payload harmless = code("harmless", "verdict.exclude($c, \"x\");", "");
    RuleEngine engine =
        RuleEngine.compile(new RuleSetSource("harmless", List.of(file(harmless, form))));
    RuleEvaluation e = new Scenario().evaluate(engine, libraryActions("savings-account"));
    assertEquals("x", e.exclusionOf("savings-account").reason());
    assertTrue(
        e.exclusionOf("savings-account").rule().startsWith("Hostile"),
        e.exclusionOf("savings-account").rule());
  }

  static Stream<String> harmlessForms() {
    return Stream.of("drl", "xlsx", "csv");
  }

  @Test
  void theProblemSaysWhatTheFactModelIs() {
    RuleFile f = file(corpus().get(0), "drl");
    RuleSetCompilationException e =
        assertThrows(
            RuleSetCompilationException.class,
            () -> RuleEngine.compile(new RuleSetSource("h", List.of(f))));
    assertEquals(
        new RuleProblem(
            "hostile.drl",
            8,
            33,
            "rule \"Hostile\": `System` is not part of the fact model: a rule may use Candidate, Contacts,"
                + " Customer, JourneyStage, Situation, their properties and verdict"),
        e.problems().get(0));
  }

  @Test
  void aRuleMayNotTakeTheNameOfAConsentCheck() {
    RuleFile f =
        new RuleFile(
            "consent.drl",
            drl("", "", "", "verdict.exclude($c, \"x\");")
                .replace("\"Hostile\"", "\"NoContactWithoutConsent\"")
                .getBytes(StandardCharsets.UTF_8));
    RuleSetCompilationException e =
        assertThrows(
            RuleSetCompilationException.class,
            () -> RuleEngine.compile(new RuleSetSource("h", List.of(f))));
    assertTrue(e.getMessage().contains("belongs to the consent check"), e.getMessage());
  }

  @Test
  void everyShippedRuleFilePassesTheCheck() {
    assertEquals(List.of(), RuleConfinement.check(RuleSetSource.bundled().files()).problems());
  }

  // ---------------------------------------------------------------------------------------------------

  private static RuleFile file(Payload p, String form) {
    return switch (form) {
      case "drl" -> new RuleFile("hostile.drl", p.drl().getBytes(StandardCharsets.UTF_8));
      case "csv" ->
          new RuleFile("hostile.csv", csv(grid(p.table())).getBytes(StandardCharsets.UTF_8));
      case "xlsx" -> new RuleFile("hostile.xlsx", xlsx(grid(p.table())));
      default -> throw new IllegalArgumentException(form);
    };
  }

  /** The table as rows of cells, in the layout of the shipped decision tables. */
  private static List<List<String>> grid(Table t) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("RuleSet", "io.parcours.rules"));
    boolean imports = t.header().stream().anyMatch(h -> h[0].equals("Import"));
    boolean variables = t.header().stream().anyMatch(h -> h[0].equals("Variables"));
    if (!imports) {
      rows.add(List.of("Import", "io.parcours.rules.Candidate, io.parcours.rules.Verdict"));
    }
    if (!variables) {
      rows.add(List.of("Variables", "io.parcours.rules.Verdict verdict"));
    }
    for (String[] h : t.header()) {
      rows.add(List.of(h[0], h[1]));
    }
    if (variables) {
      rows.add(List.of("Variables", "io.parcours.rules.Verdict verdict"));
    }
    rows.add(List.of(""));
    rows.add(List.of("RuleTable Hostile"));
    for (int part = 0; part < 3; part++) {
      final int at = part;
      rows.add(t.columns().stream().map(c -> c[at]).toList());
    }
    rows.add(t.columns().stream().map(c -> "Title of " + c[0]).toList());
    rows.add(t.columns().stream().map(c -> c[3]).toList());
    return rows;
  }

  private static int dataRow(Table t) {
    return grid(t).size();
  }

  private static String csv(List<List<String>> rows) {
    StringBuilder b = new StringBuilder();
    for (List<String> row : rows) {
      List<String> cells = new ArrayList<>();
      for (String cell : row) {
        cells.add(
            cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                ? "\"" + cell.replace("\"", "\"\"") + "\""
                : cell);
      }
      b.append(String.join(",", cells)).append('\n');
    }
    return b.toString();
  }

  private static byte[] xlsx(List<List<String>> rows) {
    try (XSSFWorkbook wb = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = wb.createSheet("Hostile");
      for (int r = 0; r < rows.size(); r++) {
        Row row = sheet.createRow(r);
        for (int c = 0; c < rows.get(r).size(); c++) {
          if (!rows.get(r).get(c).isEmpty()) {
            row.createCell(c).setCellValue(rows.get(r).get(c));
          }
        }
      }
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** No file written, no property set, no connection made. */
  private static void nothingRan() throws IOException {
    try (Stream<Path> files = Files.list(SCRATCH)) {
      assertEquals(List.of(), files.toList(), "a payload wrote a file");
    }
    assertNull(System.getProperty(PROPERTY), "a payload set a system property");
    LISTENER.setSoTimeout(1);
    try {
      LISTENER.accept().close();
      throw new AssertionError("a payload opened a connection");
    } catch (SocketTimeoutException expected) {
      // Nobody called.
    }
  }

  @AfterAll
  static void close() throws IOException {
    LISTENER.close();
    try (Stream<Path> files = Files.list(SCRATCH)) {
      assertFalse(files.findAny().isPresent());
    }
    Files.delete(SCRATCH);
  }

  private static Path scratch() {
    try {
      return Files.createTempDirectory("parcours-hostile");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ServerSocket listener() {
    try {
      return new ServerSocket(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
