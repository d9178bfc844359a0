package io.parcours.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AnnotatedBaseDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.MVELExprDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.PatternSourceDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * Checks, before anything is compiled or run, that every rule file of a rule set uses the fact
 * model and the verdict and nothing else.
 *
 * <p>The check reads the rules as Drools itself reads them: a DRL file through Drools' parser into
 * its descriptors (package, imports, globals, functions, declarations, rules with their attributes,
 * conditions and consequence); a decision table through Drools' own decision-table compiler into
 * DRL, parsed the same way, so that what a cell smuggles in is seen exactly as the rule compiler
 * would see it. Then it allows, rather than forbids:
 *
 * <ul>
 *   <li>the package {@code io.parcours.rules}, imports of the fact classes, {@link Verdict} and
 *       {@code java.util.List} (the type of {@code from collect}), the global {@code Verdict
 *       verdict};
 *   <li>no {@code function}, {@code import function}, {@code declare}, query, entry point, window
 *       or unit;
 *   <li>rule attributes {@code salience} (a whole number), {@code activation-group}, {@code
 *       agenda-group}, {@code ruleflow-group}, {@code no-loop}, {@code lock-on-active}, {@code
 *       auto-focus}, {@code enabled} (a literal) and {@code dialect "java"}; no timer, calendar,
 *       duration, MVEL dialect nor annotation;
 *   <li>conditions made of patterns of the fact classes (a {@code List} only from {@code collect},
 *       a number only from {@code accumulate} with its built-in functions), {@code and}, {@code
 *       or}, {@code not}, {@code exists}, {@code forall}, {@code eval} and {@code from}, every
 *       expression in them and every consequence passing {@link ExpressionCheck}.
 * </ul>
 *
 * A problem names the file and line (for a decision table, the table's row) and says what is not
 * allowed. A file the parser cannot read is left to the compiler, which reports its syntax errors
 * as before; what the parser could read of it is still checked first.
 */
final class RuleConfinement {

  /**
   * The outcome of the check: the problems, and where each rule is, by name, so that a later
   * problem of a rule (an evaluation limit) can name its file and line.
   */
  record Report(List<RuleProblem> problems, Map<String, RuleProblem> rules) {}

  static final String PACKAGE = "io.parcours.rules";

  private static final Set<String> IMPORTS;

  static {
    java.util.HashSet<String> imports = new java.util.HashSet<>();
    for (String c : ExpressionCheck.FACT_CLASSES) {
      imports.add(PACKAGE + "." + c);
    }
    imports.add(PACKAGE + ".Verdict");
    imports.add("java.util.List");
    IMPORTS = Set.copyOf(imports);
  }

  private static final Set<String> NAME_ATTRIBUTES =
      Set.of("activation-group", "agenda-group", "ruleflow-group");
  private static final Set<String> FLAG_ATTRIBUTES =
      Set.of("no-loop", "lock-on-active", "auto-focus", "enabled");
  private static final Set<String> ACCUMULATE_FUNCTIONS =
      Set.of("count", "sum", "min", "max", "average");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,9}");

  /**
   * The comment the decision-table compiler writes before each rule: "// rule values at A11, ...".
   */
  private static final Pattern ROW = Pattern.compile("//\\s*rule values at [A-Z]+(\\d+)");

  private RuleConfinement() {}

  /** Checks every rule file of {@code files}; scenario files are checked when they are read. */
  static Report check(List<RuleFile> files) {
    List<RuleProblem> problems = new ArrayList<>();
    Map<String, RuleProblem> rules = new HashMap<>();
    for (RuleFile f : files) {
      String lower = f.name().toLowerCase(Locale.ROOT);
      if (lower.endsWith(".drl")) {
        new FileCheck(
                f.name(), new String(f.bytes(), StandardCharsets.UTF_8), false, problems, rules)
            .run();
      } else if (lower.endsWith(".csv") || lower.endsWith(".xlsx") || lower.endsWith(".xls")) {
        String drl = tableAsDrl(f, lower.endsWith(".csv") ? InputType.CSV : InputType.XLS);
        if (drl != null) {
          FileCheck check = new FileCheck(f.name(), drl, true, problems, rules);
          check.settings = TableSettings.of(f);
          check.run();
        }
      }
    }
    return new Report(problems, rules);
  }

  /**
   * The DRL Drools makes of a decision table, or null when it cannot read the table (the compiler
   * then reports why, with the table's name).
   */
  private static String tableAsDrl(RuleFile f, InputType type) {
    try {
      return new SpreadsheetCompiler().compile(new ByteArrayInputStream(f.bytes()), type);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The check of one file's DRL. */
  private static final class FileCheck {
    private final String file;
    private final String drl;
    private final boolean table;
    private final List<RuleProblem> problems;
    private final Map<String, RuleProblem> rules;
    private final int[] lineStarts;
    private String rule;
    private int ruleLine;

    /**
     * For a decision table, the rows of its RuleSet settings (Import, Functions, …), by keyword.
     */
    private TableSettings settings;

    private int settingRow;

    FileCheck(
        String file,
        String drl,
        boolean table,
        List<RuleProblem> problems,
        Map<String, RuleProblem> rules) {
      this.file = file;
      this.drl = drl;
      this.table = table;
      this.problems = problems;
      this.rules = rules;
      List<Integer> starts = new ArrayList<>();
      starts.add(0);
      for (int i = 0; i < drl.length(); i++) {
        if (drl.charAt(i) == '\n') {
          starts.add(i + 1);
        }
      }
      lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    void run() {
      int escape = drl.indexOf("\\u");
      if (escape < 0) {
        escape = drl.indexOf("\\U");
      }
      if (escape >= 0) {
        // Java reads a unicode escape anywhere, comments included, before it reads anything else.
        refuse(
            lineOf(escape),
            columnOf(escape),
            "unicode escapes (\\u…) are not allowed in a rule file: write the characters themselves");
        return;
      }
      DrlParser parser = new DrlParser();
      PackageDescr pkg;
      try {
        pkg = parser.parse(false, new StringReader(drl));
      } catch (DroolsParserException e) {
        return;
      }
      if (pkg == null) {
        return;
      }
      packageLevel(pkg, !parser.hasErrors());
      for (RuleDescr r : pkg.getRules()) {
        rule(r);
      }
    }

    /**
     * @param parsed whether the parser read the whole file; if not, the compiler says what is wrong
     */
    private void packageLevel(PackageDescr pkg, boolean parsed) {
      String name = pkg.getName();
      if (parsed && (name == null || !name.equals(PACKAGE))) {
        refuse(
            pkg.getLine(),
            pkg.getColumn(),
            "a rule file belongs to package "
                + PACKAGE
                + "; write `package "
                + PACKAGE
                + ";` first");
      }
      for (ImportDescr i : pkg.getImports()) {
        if (!IMPORTS.contains(i.getTarget())) {
          setting("Import");
          refuse(
              i.getLine(),
              column(i.getColumn()),
              "import "
                  + i.getTarget()
                  + " is not allowed: the fact classes are already visible, and a"
                  + " rule may use nothing else ("
                  + ExpressionCheck.FACT_MODEL
                  + ")");
        }
      }
      for (BaseDescr d : pkg.getFunctionImports()) {
        refuse(d, "`import function` is not allowed in a rule file: rules call no functions");
      }
      for (BaseDescr d : pkg.getAccumulateImports()) {
        refuse(
            d,
            "`import accumulate` is not allowed in a rule file: use count, sum, min, max or average");
      }
      for (BaseDescr d : pkg.getFunctions()) {
        setting("Functions");
        refuse(
            d,
            "`function` is not allowed in a rule file: a rule tests the facts and concludes through"
                + " verdict");
      }
      for (BaseDescr d : pkg.getTypeDeclarations()) {
        setting("Declare");
        refuse(d, "`declare` is not allowed in a rule file: rules use the fact model as it is");
      }
      for (BaseDescr d : pkg.getEnumDeclarations()) {
        setting("Declare");
        refuse(
            d, "`declare enum` is not allowed in a rule file: rules use the fact model as it is");
      }
      for (BaseDescr d : pkg.getEntryPointDeclarations()) {
        refuse(d, "entry points are not allowed in a rule file");
      }
      for (BaseDescr d : pkg.getWindowDeclarations()) {
        refuse(d, "windows are not allowed in a rule file");
      }
      if (pkg.getUnit() != null) {
        refuse(pkg.getUnit(), "rule units are not allowed in a rule file");
      }
      for (GlobalDescr g : pkg.getGlobals()) {
        boolean verdict =
            RuleEngine.VERDICT_GLOBAL.equals(g.getIdentifier())
                && (g.getType().equals("Verdict") || g.getType().equals(Verdict.class.getName()));
        if (!verdict) {
          setting("Variables");
          refuse(
              g.getLine(),
              column(g.getColumn()),
              "global "
                  + g.getType()
                  + " "
                  + g.getIdentifier()
                  + " is not provided; the only global is "
                  + Verdict.class.getName()
                  + " "
                  + RuleEngine.VERDICT_GLOBAL);
        }
      }
      for (AttributeDescr a : pkg.getAttributes()) {
        setting(a.getName());
        attribute(a);
      }
      setting(null);
    }

    /**
     * Says which setting of a decision table's RuleSet area the next refusal is about, so that it
     * is reported on that setting's row.
     */
    private void setting(String keyword) {
      settingRow = settings == null || keyword == null ? 0 : settings.row(keyword);
    }

    private void rule(RuleDescr r) {
      rule = r.getName();
      ruleLine = r.getLine();
      rules.putIfAbsent(
          rule, new RuleProblem(file, place(ruleLine), table ? 0 : column(r.getColumn()), ""));
      if (r.isQuery()) {
        refuse(r, "queries are not allowed in a rule file: rules decide, the engine asks");
        return;
      }
      if (ConsentChecks.NAMES.contains(rule)) {
        refuse(
            r,
            "the name "
                + rule
                + " belongs to the consent check the engine makes on every decision;"
                + " name the rule after what it decides");
      }
      annotations(r);
      for (AttributeDescr a : r.getAttributes().values()) {
        attribute(a);
      }
      if (!r.getNamedConsequences().isEmpty()) {
        refuse(
            r,
            "named consequences (`do[…]`, `break[…]`) are not allowed: a rule has one consequence");
      }
      condition(r.getLhs());
      Object consequence = r.getConsequence();
      if (consequence instanceof String text && !text.isBlank()) {
        int start = consequenceStart(r, text);
        expression(text, ExpressionCheck.Kind.CONSEQUENCE, start, r.getConsequenceLine(), 0);
      } else if (consequence != null && !(consequence instanceof String)) {
        refuse(r, "this consequence is not Java text the engine can check");
      }
      rule = null;
    }

    private void attribute(AttributeDescr a) {
      String name = a.getName();
      String value = a.getValue() == null ? "" : a.getValue().strip();
      boolean allowed =
          switch (name) {
            case "salience" -> WHOLE_NUMBER.matcher(value).matches();
            case "dialect" -> value.equals("java");
            default ->
                NAME_ATTRIBUTES.contains(name)
                    ? a.getType() == AttributeDescr.Type.STRING || value.matches("[\\w.-]*")
                    : FLAG_ATTRIBUTES.contains(name)
                        && (value.isEmpty() || value.equals("true") || value.equals("false"));
          };
      if (allowed) {
        return;
      }
      String why =
          switch (name) {
            case "salience" -> "salience must be a whole number such as -4, was `" + value + "`";
            case "dialect" ->
                "only the java dialect is allowed; remove `dialect \"" + value + "\"`";
            case "timer", "calendars", "duration" ->
                "`" + name + "` is not allowed: a rule decides once per decision, at once";
            default ->
                NAME_ATTRIBUTES.contains(name) || FLAG_ATTRIBUTES.contains(name)
                    ? "`" + name + "` takes a literal value, was `" + value + "`"
                    : "the attribute `"
                        + name
                        + "` is not allowed; a rule may have salience,"
                        + " activation-group, agenda-group, ruleflow-group, no-loop, lock-on-active,"
                        + " auto-focus and enabled";
          };
      refuse(a, why);
    }

    private void annotations(BaseDescr d) {
      if (d instanceof AnnotatedBaseDescr a && !a.getAnnotations().isEmpty()) {
        refuse(
            d,
            "annotations (@"
                + a.getAnnotationNames().iterator().next()
                + ") are not allowed in a rule");
      }
    }

    private void condition(BaseDescr d) {
      if (d == null) {
        return;
      }
      if (d instanceof AndDescr
          || d instanceof OrDescr
          || d instanceof NotDescr
          || d instanceof ExistsDescr
          || d instanceof ForallDescr) {
        annotations(d);
        for (BaseDescr c : ((org.drools.drl.ast.descr.ConditionalElementDescr) d).getDescrs()) {
          condition(c);
        }
      } else if (d instanceof PatternDescr p) {
        pattern(p);
      } else if (d instanceof EvalDescr e) {
        Object content = e.getContent();
        if (content instanceof String text) {
          expressionAt(e, text);
        } else {
          refuse(e, "this eval is not text the engine can check");
        }
      } else {
        refuse(
            d,
            "`"
                + describe(d)
                + "` is not allowed in a condition; use patterns of the fact model,"
                + " not, exists, forall, eval, collect and accumulate");
      }
    }

    private void pattern(PatternDescr p) {
      annotations(p);
      PatternSourceDescr source = p.getSource();
      String type = p.getObjectType();
      String simple =
          type != null && type.startsWith(PACKAGE + ".")
              ? type.substring(PACKAGE.length() + 1)
              : type;
      boolean fact = ExpressionCheck.FACT_CLASSES.contains(simple);
      boolean collected =
          source instanceof CollectDescr && ("List".equals(type) || "java.util.List".equals(type));
      boolean accumulated =
          source instanceof AccumulateDescr
              && Set.of("Number", "Integer", "Long", "Double").contains(type);
      if (!fact && !collected && !accumulated) {
        refuse(
            p,
            "`"
                + type
                + "` is not part of the fact model: "
                + ExpressionCheck.FACT_MODEL
                + (source instanceof CollectDescr ? " (collect into a List)" : ""));
      }
      if (p.isQuery()) {
        refuse(p, "queries are not allowed in a rule");
      }
      if (!p.getBehaviors().isEmpty()) {
        refuse(p, "windows (`over window:`) are not allowed in a rule");
      }
      for (BaseDescr c : p.getDescrs()) {
        if (c instanceof ExprConstraintDescr e) {
          expressionAt(e, e.getExpression());
        } else {
          refuse(c, "this constraint is not an expression the engine can check");
        }
      }
      if (source == null) {
        return;
      }
      if (source instanceof CollectDescr c) {
        pattern(c.getInputPattern());
      } else if (source instanceof AccumulateDescr a) {
        accumulate(p, a);
      } else if (source instanceof FromDescr f) {
        if (f.getDataSource() instanceof MVELExprDescr m) {
          String text = m.getExpression();
          int at = drl.indexOf(text, offset(p.getLine(), p.getColumn()));
          expression(text, ExpressionCheck.Kind.CONDITION, at, p.getLine(), p.getColumn());
        } else {
          refuse(p, "this `from` source is not an expression the engine can check");
        }
      } else {
        refuse(
            p,
            "`"
                + describe(source)
                + "` is not allowed as a source: use from, collect or accumulate");
      }
    }

    private void accumulate(PatternDescr p, AccumulateDescr a) {
      if (a.getInitCode() != null
          || a.getActionCode() != null
          || a.getReverseCode() != null
          || a.getResultCode() != null
          || a.isExternalFunction()) {
        refuse(
            a,
            "accumulate with init/action/result code is not allowed: use count, sum, min, max or"
                + " average");
        return;
      }
      condition(a.getInput());
      for (AccumulateDescr.AccumulateFunctionCallDescr f : a.getFunctions()) {
        if (!ACCUMULATE_FUNCTIONS.contains(f.getFunction())) {
          refuse(
              a,
              "accumulate function `"
                  + f.getFunction()
                  + "` is not allowed: use count, sum, min,"
                  + " max or average");
        }
        for (String param : f.getParams()) {
          int at = drl.indexOf(param, offset(a.getLine(), a.getColumn()));
          expression(param, ExpressionCheck.Kind.CONDITION, at, a.getLine(), a.getColumn());
        }
      }
    }

    /** Checks expression text that a descriptor placed at its line and column. */
    private void expressionAt(BaseDescr d, String text) {
      if (text == null) {
        return;
      }
      int at = d.getLine() > 0 ? drl.indexOf(text, offset(d.getLine(), d.getColumn())) : -1;
      expression(text, ExpressionCheck.Kind.CONDITION, at, d.getLine(), d.getColumn());
    }

    /**
     * Checks {@code text}; a problem is placed at the token itself when the text was found in the
     * file at {@code start}, otherwise at the descriptor's {@code line} and {@code column}.
     */
    private void expression(
        String text, ExpressionCheck.Kind kind, int start, int line, int column) {
      ExpressionCheck.Finding f = ExpressionCheck.check(text, kind);
      if (f == null) {
        return;
      }
      if (start >= 0 && drl.startsWith(text, start)) {
        int at = start + f.offset();
        refuse(lineOf(at), columnOf(at), f.message());
      } else {
        refuse(line, column(column), f.message());
      }
    }

    /** Where the consequence text starts in the file: after the {@code then} of its rule. */
    private int consequenceStart(RuleDescr r, String text) {
      int line = r.getConsequenceLine();
      int from = line > 0 ? offset(line, 0) : offset(r.getLine(), 0);
      int then = drl.indexOf("then", from);
      return then < 0 ? -1 : drl.indexOf(text, then + 4);
    }

    private void refuse(BaseDescr d, String message) {
      refuse(
          d.getLine() > 0 ? d.getLine() : ruleLine,
          d.getLine() > 0 ? column(d.getColumn()) : 0,
          message);
    }

    private void refuse(int line, int column, String message) {
      String where = rule == null ? "" : "rule \"" + rule + "\": ";
      problems.add(new RuleProblem(file, place(line), table ? 0 : column, where + message));
    }

    /** The line to report: the DRL line, or for a decision table the row of the rule's values. */
    private int place(int drlLine) {
      if (!table) {
        return Math.max(drlLine, 0);
      }
      if (rule == null && settingRow > 0) {
        return settingRow;
      }
      int row = 0;
      for (int l = 1; l <= Math.min(drlLine, lineStarts.length); l++) {
        Matcher m = ROW.matcher(lineText(l));
        if (m.find()) {
          row = Integer.parseInt(m.group(1));
        }
      }
      return row;
    }

    private String lineText(int line) {
      int start = lineStarts[line - 1];
      int end = line < lineStarts.length ? lineStarts[line] : drl.length();
      return drl.substring(start, end);
    }

    /** The offset of a descriptor's (1-based line, 0-based column). */
    private int offset(int line, int column) {
      if (line < 1 || line > lineStarts.length) {
        return 0;
      }
      return Math.min(lineStarts[line - 1] + Math.max(column, 0), drl.length());
    }

    private int lineOf(int offset) {
      int lo = 0;
      int hi = lineStarts.length - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (lineStarts[mid] <= offset) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return lo + 1;
    }

    /** The 1-based column of an offset. */
    private int columnOf(int offset) {
      return offset - lineStarts[lineOf(offset) - 1] + 1;
    }

    /** A descriptor's 0-based column as a 1-based column, 0 when unknown. */
    private static int column(int descrColumn) {
      return descrColumn < 0 ? 0 : descrColumn + 1;
    }

    private static String describe(BaseDescr d) {
      String text = d.getText();
      if (text != null && !text.isBlank()) {
        String t = text.strip();
        return t.length() > 40 ? t.substring(0, 40) + "…" : t;
      }
      return d.getClass().getSimpleName().replace("Descr", "").toLowerCase(Locale.ROOT);
    }
  }

  /** The rows of a decision table's RuleSet settings, read from the table itself. */
  private static final class TableSettings {
    private final Map<String, Integer> rows;

    private TableSettings(Map<String, Integer> rows) {
      this.rows = rows;
    }

    /** The 1-based row of the first cell that reads {@code keyword}, or 0. */
    int row(String keyword) {
      return rows.getOrDefault(keyword.toLowerCase(Locale.ROOT), 0);
    }

    static TableSettings of(RuleFile f) {
      Map<String, Integer> rows = new HashMap<>();
      try {
        if (f.name().toLowerCase(Locale.ROOT).endsWith(".csv")) {
          String[] lines = new String(f.bytes(), StandardCharsets.UTF_8).split("\\R", -1);
          for (int i = 0; i < lines.length; i++) {
            int comma = lines[i].indexOf(',');
            String first =
                (comma < 0 ? lines[i] : lines[i].substring(0, comma)).replace("\"", "").strip();
            rows.putIfAbsent(first.toLowerCase(Locale.ROOT), i + 1);
          }
        } else {
          try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(f.bytes()))) {
            for (Sheet sheet : book) {
              for (Row row : sheet) {
                for (Cell cell : row) {
                  if (cell.getCellType() == CellType.STRING) {
                    rows.putIfAbsent(
                        cell.getStringCellValue().strip().toLowerCase(Locale.ROOT),
                        row.getRowNum() + 1);
                  }
                }
              }
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // The table compiler read it; a row not found here is reported as 0.
      }
      return new TableSettings(rows);
    }
  }
}
