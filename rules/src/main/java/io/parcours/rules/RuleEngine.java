package io.parcours.rules;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Exclusion;
import io.parcours.domain.Impression;
import io.parcours.domain.Outcome;
import io.parcours.domain.Purpose;
import io.parcours.domain.Treatment;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.StatelessKieSession;
import org.kie.internal.builder.DecisionTableConfiguration;
import org.kie.internal.builder.DecisionTableInputType;
import org.kie.internal.builder.KnowledgeBuilderFactory;

/**
 * One compiled rule-set version, ready to evaluate decisions: immutable once compiled and safe to
 * share between threads.
 *
 * <p>{@link #compile} first checks that every file is confined to the fact model and the verdict
 * ({@link RuleConfinement}), on the parsed rules, before anything is compiled; then builds and
 * verifies the rule base once; any error message of the compiler fails the compilation with the
 * file, line, column and message of each problem. The rule base is built as Drools' executable
 * model: every condition and consequence becomes Java compiled once, here, instead of MVEL
 * expressions interpreted and then compiled during the first evaluations. That costs an activation
 * about two more seconds of CPU and saves each evaluation about a third of its CPU (ADR 22). The
 * compiler is given this class's class loader explicitly, so that compiling works the same on a
 * plain class path, in an application server's library folder and on threads the server does not
 * manage.
 *
 * <p>{@link #evaluate} fires the rules once, statelessly, over the facts of a decision: a {@link
 * Customer}, a {@link Situation} and one {@link Candidate} per candidate action, with a fresh
 * {@link Verdict} as the global {@code verdict}; a listener of its own tells the verdict which rule
 * fires, collects the names of the rules that fire and stops an evaluation that goes past its
 * {@link EvaluationLimits}. The customer's consents are then applied by {@link ConsentChecks},
 * whatever the rules said.
 */
public final class RuleEngine {

  /** The name of the global through which rules report their conclusions. */
  public static final String VERDICT_GLOBAL = "verdict";

  /**
   * The name under which a decision reports an eligible action none of whose treatments on the
   * channel the customer may get.
   */
  public static final String TREATMENT_ELIGIBILITY = "TreatmentEligibility";

  private static final String RESOURCE_ROOT = "src/main/resources/";
  private static final AtomicLong BUILDS = new AtomicLong();
  private static final long SECONDS_PER_DAY = 86_400;
  private static final String NULL_PACKAGE = "Parser returned a null Package";

  /** The "[io/parcours/rules/caps.xlsx] " a decision table's reader puts before its message. */
  private static final Pattern LEADING_PATH = Pattern.compile("\\[([^\\]]+)\\]\\s*");

  /** The parser's "Line 7:42" (line, then a column counted from 0) in its messages. */
  private static final Pattern PARSER_POSITION = Pattern.compile("\\bLine (\\d+):(\\d+)");

  private final String version;
  private final String checksum;
  private final KieBase base;
  private final List<String> ruleNames;
  private final boolean declaresVerdict;
  private final RuleStatistics statistics;
  private final List<RuleScenario> scenarios;
  private final EvaluationLimits limits;
  private final Map<String, RuleProblem> ruleLocations;

  /**
   * Whether an evaluation has finished: from then on, each evaluation is held to the time limit.
   */
  private volatile boolean warm;

  private RuleEngine(
      String version,
      String checksum,
      KieBase base,
      List<String> ruleNames,
      boolean declaresVerdict,
      List<RuleScenario> scenarios,
      EvaluationLimits limits,
      Map<String, RuleProblem> ruleLocations) {
    this.version = version;
    this.checksum = checksum;
    this.base = base;
    this.ruleNames = ruleNames;
    this.declaresVerdict = declaresVerdict;
    List<String> counted = new ArrayList<>(ruleNames);
    counted.addAll(ConsentChecks.NAMES);
    this.statistics = new RuleStatistics(counted, Instant.now());
    this.scenarios = List.copyOf(scenarios);
    this.limits = limits;
    this.ruleLocations = Map.copyOf(ruleLocations);
  }

  /**
   * Compiles and verifies {@code source}, with the {@link EvaluationLimits#DEFAULT default limits}.
   *
   * @see #compile(RuleSetSource, EvaluationLimits)
   */
  public static RuleEngine compile(RuleSetSource source) throws RuleSetCompilationException {
    return compile(source, EvaluationLimits.DEFAULT);
  }

  /**
   * Checks that {@code source} is confined to the fact model and the verdict, then compiles and
   * verifies it.
   *
   * @param limits how far each evaluation of the compiled rule set may go
   * @throws RuleSetCompilationException listing every problem, when a file has an unsupported type,
   *     uses anything besides the fact model and the verdict, the compiler reports an error, or a
   *     file declares a global other than {@code verdict}
   */
  public static RuleEngine compile(RuleSetSource source, EvaluationLimits limits)
      throws RuleSetCompilationException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(limits, "limits");
    List<RuleProblem> problems = new ArrayList<>();
    for (RuleFile f : source.files()) {
      if (!f.hasAcceptedType()) {
        problems.add(
            new RuleProblem(
                f.name(),
                0,
                0,
                "unsupported file type; a rule set accepts " + RuleFile.ACCEPTED_TYPES + " files"));
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleSetCompilationException(source.version(), problems);
    }
    RuleConfinement.Report confinement =
        RuleConfinement.check(source.files().stream().filter(f -> !f.isStrategy()).toList());
    if (!confinement.problems().isEmpty()) {
      throw new RuleSetCompilationException(source.version(), confinement.problems());
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    ClassLoader loader = RuleEngine.class.getClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return build(source, loader, limits, confinement.rules());
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static RuleEngine build(
      RuleSetSource source,
      ClassLoader loader,
      EvaluationLimits limits,
      Map<String, RuleProblem> ruleLocations)
      throws RuleSetCompilationException {
    KieServices ks = KieServices.Factory.get();
    // A release id of its own per build: the builder registers the module in the process-wide
    // repository, and a shared id would let two concurrent builds overwrite each other. The module
    // is removed again once the rule base is made, so compiled versions do not pile up there.
    ReleaseId releaseId =
        ks.newReleaseId("io.parcours.rules", "rule-set-" + BUILDS.incrementAndGet(), "1.0.0");
    KieFileSystem kfs = ks.newKieFileSystem();
    kfs.generateAndWritePomXML(releaseId);
    List<RuleScenario> scenarios = new ArrayList<>();
    List<RuleProblem> scenarioProblems = new ArrayList<>();
    for (RuleFile f : source.files()) {
      if (f.isStrategy()) {
        continue;
      }
      if (f.isScenarios()) {
        try {
          scenarios.addAll(ScenarioFile.parse(f, source.version()));
        } catch (RuleSetCompilationException e) {
          scenarioProblems.addAll(e.problems());
        }
      } else {
        kfs.write(resource(ks, f));
      }
    }
    try {
      verify(ks.newKieBuilder(kfs, loader), source, scenarioProblems);
      KieContainer container = ks.newKieContainer(releaseId, loader);
      KieBaseConfiguration configuration = ks.newKieBaseConfiguration(null, loader);
      return engine(source, container.newKieBase(configuration), scenarios, limits, ruleLocations);
    } finally {
      ks.getRepository().removeKieModule(releaseId);
    }
  }

  /** Builds every file and fails on any error message of the compiler. */
  private static void verify(KieBuilder builder, RuleSetSource source, List<RuleProblem> earlier)
      throws RuleSetCompilationException {
    try {
      builder.buildAll(ExecutableModelProject.class);
    } catch (RuntimeException e) {
      // A decision table that cannot be read at all (not a spreadsheet, no RuleTable) stops the
      // build
      // with an exception whose message starts with the table's path, instead of a build message.
      String text = oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
      String file = fileOf(null, source);
      Matcher path = LEADING_PATH.matcher(text);
      if (path.lookingAt() && path.end() < text.length()) {
        file = fileOf(path.group(1), source);
        text = text.substring(path.end());
      }
      throw new RuleSetCompilationException(
          source.version(), List.of(new RuleProblem(file, 0, 0, text)));
    }
    List<RuleProblem> problems = new ArrayList<>(earlier);
    problems.addAll(problems(builder.getResults().getMessages(Message.Level.ERROR), source));
    if (!problems.isEmpty()) {
      throw new RuleSetCompilationException(source.version(), problems);
    }
  }

  /** The engine of a built rule base, after checking that it asks only for the verdict global. */
  private static RuleEngine engine(
      RuleSetSource source,
      KieBase base,
      List<RuleScenario> scenarios,
      EvaluationLimits limits,
      Map<String, RuleProblem> ruleLocations)
      throws RuleSetCompilationException {
    List<String> names = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    boolean declaresVerdict = false;
    for (KiePackage p : base.getKiePackages()) {
      for (Rule r : p.getRules()) {
        names.add(r.getName());
      }
      for (Global g : p.getGlobalVariables()) {
        if (VERDICT_GLOBAL.equals(g.getName()) && Verdict.class.getName().equals(g.getType())) {
          declaresVerdict = true;
        } else {
          problems.add(
              globalProblem(
                  source,
                  p.getName(),
                  g.getName(),
                  "global "
                      + g.getType()
                      + " "
                      + g.getName()
                      + " is not provided; the only global is "
                      + Verdict.class.getName()
                      + " "
                      + VERDICT_GLOBAL));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleSetCompilationException(source.version(), problems);
    }
    Collections.sort(names);
    return new RuleEngine(
        source.version(),
        source.checksum(),
        base,
        List.copyOf(names),
        declaresVerdict,
        scenarios,
        limits,
        ruleLocations);
  }

  /** A problem with a global, placed on the DRL line that declares it when there is one. */
  private static RuleProblem globalProblem(
      RuleSetSource source, String pkg, String global, String message) {
    Pattern declaration =
        Pattern.compile("^\\s*global\\s+\\S+\\s+" + Pattern.quote(global) + "\\s*;?\\s*$");
    for (RuleFile f : source.files()) {
      if (!f.name().toLowerCase(Locale.ROOT).endsWith(".drl")) {
        continue;
      }
      String[] lines = new String(f.bytes(), StandardCharsets.UTF_8).split("\\R");
      for (int i = 0; i < lines.length; i++) {
        if (declaration.matcher(lines[i]).matches()) {
          return new RuleProblem(f.name(), i + 1, lines[i].indexOf("global") + 1, message);
        }
      }
    }
    return new RuleProblem("package " + pkg, 0, 0, message);
  }

  private static Resource resource(KieServices ks, RuleFile f) {
    Resource r = ks.getResources().newByteArrayResource(f.bytes());
    r.setSourcePath(RESOURCE_ROOT + RuleSetSource.BUNDLED_FOLDER + f.name());
    String lower = f.name().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".drl")) {
      r.setResourceType(ResourceType.DRL);
    } else {
      DecisionTableConfiguration table = KnowledgeBuilderFactory.newDecisionTableConfiguration();
      table.setInputType(
          lower.endsWith(".csv")
              ? DecisionTableInputType.CSV
              : lower.endsWith(".xls") ? DecisionTableInputType.XLS : DecisionTableInputType.XLSX);
      r.setResourceType(ResourceType.DTABLE);
      r.setConfiguration(table);
    }
    return r;
  }

  /**
   * The compiler's error messages as problems, one line each. The parser's follow-up message
   * "Parser returned a null Package" is left out when the file has another problem that says what
   * is wrong.
   */
  private static List<RuleProblem> problems(List<Message> messages, RuleSetSource source) {
    List<RuleProblem> problems = new ArrayList<>(messages.size());
    for (Message m : messages) {
      String text = oneLine(m.getText());
      int line = Math.max(m.getLine(), 0);
      int column = Math.max(m.getColumn(), 0);
      Matcher parser = PARSER_POSITION.matcher(text);
      if (column == 0 && parser.find() && Integer.parseInt(parser.group(1)) == line) {
        column = Integer.parseInt(parser.group(2)) + 1;
      }
      problems.add(new RuleProblem(fileOf(m.getPath(), source), line, column, text));
    }
    List<RuleProblem> telling = new ArrayList<>(problems.size());
    for (RuleProblem p : problems) {
      if (!(p.message().equals(NULL_PACKAGE)
          && problems.stream()
              .anyMatch(o -> o.file().equals(p.file()) && !o.message().equals(NULL_PACKAGE)))) {
        telling.add(p);
      }
    }
    return telling;
  }

  /** {@code text} on one line: lines stripped and joined by a space, caret-only lines left out. */
  private static String oneLine(String text) {
    if (text == null || text.isBlank()) {
      return "error";
    }
    StringBuilder b = new StringBuilder(text.length());
    for (String part : text.strip().split("\\R")) {
      String stripped = part.strip();
      if (!stripped.isEmpty() && !stripped.equals("^")) {
        if (b.length() > 0) {
          b.append(' ');
        }
        b.append(stripped);
      }
    }
    return b.toString();
  }

  /** The rule file a compiler message is about, from the path the compiler gives. */
  private static String fileOf(String path, RuleSetSource source) {
    if (path == null || path.isBlank()) {
      return "(rule set " + source.version() + ")";
    }
    String found = null;
    for (RuleFile f : source.files()) {
      if ((path.equals(f.name()) || path.endsWith("/" + f.name()))
          && (found == null || f.name().length() > found.length())) {
        found = f.name();
      }
    }
    return found != null ? found : path;
  }

  /** The version of the rule set compiled. */
  public String version() {
    return version;
  }

  /** The checksum of the source compiled, as {@link RuleSetSource#checksum()}. */
  public String checksum() {
    return checksum;
  }

  /** The names of all rules in the compiled base, in alphabetical order. */
  public List<String> ruleNames() {
    return ruleNames;
  }

  /** The scenarios shipped with the rule set, in file and line order. */
  public List<RuleScenario> scenarios() {
    return scenarios;
  }

  /**
   * Runs the rule set's scenarios; their evaluations do not count in {@link #statistics()}.
   *
   * @param candidatesFor the actions offered on a channel, as a decision would consider them
   * @param library any action by id, or null when unknown
   */
  public ScenarioReport runScenarios(
      Function<Channel, List<Action>> candidatesFor, Function<String, Action> library) {
    return ScenarioReport.run(this, scenarios, candidatesFor, library);
  }

  /** How far each evaluation of this rule set may go. */
  public EvaluationLimits limits() {
    return limits;
  }

  /**
   * {@code e} as a problem of the rule set: the file and line of the rule that was firing when the
   * limit was crossed (for a decision table, its row), and what was exceeded.
   */
  public RuleProblem problem(EvaluationLimitExceededException e) {
    RuleProblem at = ruleLocations.get(e.rule());
    return at == null
        ? new RuleProblem("(rule set " + version + ")", 0, 0, e.getMessage())
        : new RuleProblem(at.file(), at.line(), at.column(), e.getMessage());
  }

  /**
   * How often each rule has fired since this rule set was compiled and the consent checks excluded.
   */
  public RuleStatistics statistics() {
    return statistics;
  }

  /**
   * Runs the rule set over one decision, looking up the group of a shown action among the
   * candidates.
   *
   * @see #evaluate(CustomerProfile, DecisionRequest, List, ContactHistory, Function)
   */
  public RuleEvaluation evaluate(
      CustomerProfile customer,
      DecisionRequest request,
      List<Action> candidates,
      ContactHistory history) {
    return evaluate(customer, request, candidates, history, id -> null);
  }

  /**
   * Runs the rule set over one decision.
   *
   * @param customer the customer's profile
   * @param request the channel's question; its channel, direction, context and time reach the rules
   * @param candidates the actions to consider, each id at most once, usually those offered on the
   *     request's channel
   * @param history the customer's recent contacts, from which each candidate's counters are
   *     computed at the request time; {@code null} means no recorded contact
   * @param library finds any action by id, so that impressions of actions that are not candidates
   *     on this channel still count for their group; may answer {@code null}, and candidates are
   *     always known
   * @throws IllegalArgumentException when an action id appears twice among the candidates
   * @throws EvaluationLimitExceededException when the rules fire more often or for longer than the
   *     rule set's {@link #limits()}
   */
  public RuleEvaluation evaluate(
      CustomerProfile customer,
      DecisionRequest request,
      List<Action> candidates,
      ContactHistory history,
      Function<String, Action> library) {
    return evaluate(customer, Map.of(), request, candidates, history, library, true);
  }

  /**
   * Runs the rule set over one decision, the customer's derived features included.
   *
   * @param features the values of the customer's derived features at the request's time, by name,
   *     as {@code Customer.feature(name)} gives them to the rules
   * @see #evaluate(CustomerProfile, DecisionRequest, List, ContactHistory, Function)
   */
  public RuleEvaluation evaluate(
      CustomerProfile customer,
      Map<String, Double> features,
      DecisionRequest request,
      List<Action> candidates,
      ContactHistory history,
      Function<String, Action> library) {
    return evaluate(customer, features, request, candidates, history, library, true);
  }

  /**
   * Runs the rule set as {@link #evaluate(CustomerProfile, Map, DecisionRequest, List,
   * ContactHistory, Function)} does, without counting its firings in the {@link #statistics()}: for
   * an evaluation that is no decision, such as a rehearsal while a node warms up.
   */
  public RuleEvaluation rehearse(
      CustomerProfile customer,
      Map<String, Double> features,
      DecisionRequest request,
      List<Action> candidates,
      ContactHistory history,
      Function<String, Action> library) {
    return evaluate(customer, features, request, candidates, history, library, false);
  }

  /** As the public evaluate; {@code counted} says whether the firings count in the statistics. */
  RuleEvaluation evaluate(
      CustomerProfile customer,
      Map<String, Double> features,
      DecisionRequest request,
      List<Action> candidates,
      ContactHistory history,
      Function<String, Action> library,
      boolean counted) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(candidates, "candidates");
    Instant at = request.at();
    ZonedDateTime local = at.atZone(zone(customer.timeZone()));
    String channel = request.channel().code();
    int n = candidates.size();
    Candidate[] facts = new Candidate[n];
    Map<String, Candidate> byId = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      Action a = candidates.get(i);
      facts[i] = new Candidate(a, i, channel);
      if (byId.putIfAbsent(a.id(), facts[i]) != null) {
        throw new IllegalArgumentException("candidate action " + a.id() + " appears twice");
      }
    }
    Contacts contacts = new Contacts();
    if (history != null) {
      Instant startOfToday = local.toLocalDate().atStartOfDay(local.getZone()).toInstant();
      new Counting(request, startOfToday, byId, library).count(history, facts, contacts);
    }

    List<Object> all = new ArrayList<>(n + 3);
    Customer who = new Customer(customer, features);
    Situation situation =
        new Situation(
            channel,
            request.direction().code(),
            request.context(),
            at,
            local.getHour(),
            local.getDayOfWeek().getValue());
    all.add(who);
    all.add(situation);
    all.add(contacts);
    Collections.addAll(all, facts);
    Verdict verdict = new Verdict(n);
    FiredRules fired = new FiredRules(verdict, limits, warm);
    StatelessKieSession run = base.newStatelessKieSession();
    if (declaresVerdict) {
      run.setGlobal(VERDICT_GLOBAL, verdict);
    }
    run.addEventListener(fired);
    try {
      run.execute(all);
    } catch (RuntimeException e) {
      throw limitExceeded(e);
    }
    warm = true;
    ConsentChecks.apply(who, situation, facts, verdict, fired.names());
    if (counted) {
      statistics.record(fired.names(), at);
    }

    List<Action> eligible = new ArrayList<>(n);
    List<Exclusion> exclusions = new ArrayList<>();
    Map<String, Double> weights = new HashMap<>();
    Map<String, Treatment> treatments = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Action a = candidates.get(i);
      String rule = verdict.excludedBy(i);
      Treatment treatment = null;
      boolean offered = true;
      if (rule == null && !a.treatments().isEmpty()) {
        offered = false;
        for (Treatment t : a.treatments()) {
          if (t.channel() == request.channel()) {
            offered = true;
            if (!t.conditional() || verdict.treatmentEligible(Treatment.key(a.id(), t.id()))) {
              treatment = t;
              break;
            }
          }
        }
      }
      if (rule != null) {
        exclusions.add(new Exclusion(a.id(), rule, verdict.reason(i)));
      } else if (offered && treatment == null && !a.treatments().isEmpty()) {
        exclusions.add(
            new Exclusion(
                a.id(),
                TREATMENT_ELIGIBILITY,
                "the customer meets the eligibility of none of the action's treatments on "
                    + request.channel().code()));
      } else if (!offered) {
        exclusions.add(
            new Exclusion(
                a.id(),
                TREATMENT_ELIGIBILITY,
                "the action has no treatment on " + request.channel().code()));
      } else {
        if (treatment != null) {
          treatments.put(a.id(), treatment);
        }
        eligible.add(a);
        double w = verdict.weight(i);
        if (!Double.isNaN(w)) {
          weights.put(a.id(), w);
        }
      }
    }
    return new RuleEvaluation(
        eligible,
        exclusions,
        weights,
        verdict.stages(),
        verdict.stageRules(),
        fired.names(),
        verdict.doNothingReason(),
        treatments);
  }

  /**
   * The {@link EvaluationLimitExceededException} a listener threw, however the session wrapped it;
   * any other failure as it came.
   */
  private static RuntimeException limitExceeded(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EvaluationLimitExceededException limit) {
        return limit;
      }
    }
    return e;
  }

  /**
   * Fills the contact counters of candidates and customer from a history, in one pass over each
   * list.
   */
  private static final class Counting {
    private final Instant at;
    private final Instant since7;
    private final Instant since30;
    private final Instant startOfToday;
    private final Channel channel;
    private final Map<String, Candidate> byId;
    private final Function<String, Action> library;

    Counting(
        DecisionRequest request,
        Instant startOfToday,
        Map<String, Candidate> byId,
        Function<String, Action> library) {
      this.at = request.at();
      this.since7 = at.minusSeconds(7 * SECONDS_PER_DAY);
      this.since30 = at.minusSeconds(30 * SECONDS_PER_DAY);
      this.startOfToday = startOfToday;
      this.channel = request.channel();
      this.byId = byId;
      this.library = library;
    }

    void count(ContactHistory history, Candidate[] facts, Contacts contacts) {
      // Responses first: an impression counts as unanswered only after the last positive response.
      Map<String, Instant> lastPositive = new HashMap<>();
      Map<String, Integer> groupAccepted = new HashMap<>();
      for (ContactHistory.ResponseEvent r : history.responses()) {
        Instant t = r.at();
        int days = days(t);
        boolean last30 = !t.isBefore(since30);
        if (r.outcome() == Outcome.ACCEPTED) {
          contacts.daysSinceLastAcceptance = latest(contacts.daysSinceLastAcceptance, days);
          if (last30) {
            contacts.acceptancesLast30Days++;
          }
        } else if (r.outcome() == Outcome.REJECTED && last30) {
          contacts.rejectionsLast30Days++;
        }
        if (r.outcome().isPositive()) {
          lastPositive.merge(r.actionId(), t, (a, b) -> a.isAfter(b) ? a : b);
        }
        Candidate c = byId.get(r.actionId());
        if (r.outcome() == Outcome.ACCEPTED) {
          Action answered = c != null ? c.getAction() : library.apply(r.actionId());
          if (answered != null) {
            groupAccepted.merge(answered.group(), days, Math::min);
          }
        }
        if (c == null) {
          continue;
        }
        if (r.outcome() == Outcome.REJECTED) {
          c.daysSinceLastRejection = latest(c.daysSinceLastRejection, days);
        } else if (r.outcome() == Outcome.ACCEPTED) {
          c.daysSinceLastAcceptance = latest(c.daysSinceLastAcceptance, days);
        }
      }

      int channelToday = 0;
      int channel7 = 0;
      int channel30 = 0;
      int allToday = 0;
      int all7 = 0;
      int all30 = 0;
      int marketingChannel30 = 0;
      int marketingToday = 0;
      int marketing7 = 0;
      int marketing30 = 0;
      Map<String, int[]> groups = new HashMap<>();
      for (Impression i : history.impressions()) {
        // An impression recorded after the request's instant was made while the request waited for
        // the
        // customer's previous decision: it is a contact all the same, made now.
        Instant t = i.at().isAfter(at) ? at : i.at();
        if (t.isBefore(since30)) {
          continue;
        }
        boolean onChannel = i.channel() == channel;
        boolean today = !t.isBefore(startOfToday);
        boolean last7 = !t.isBefore(since7);
        int days = days(t);
        contacts.impressionsLast30Days++;
        contacts.daysSinceLastImpression = latest(contacts.daysSinceLastImpression, days);
        all30++;
        if (last7) {
          all7++;
        }
        if (today) {
          allToday++;
        }
        if (onChannel) {
          channel30++;
          if (last7) {
            channel7++;
          }
          if (today) {
            channelToday++;
          }
        }
        Candidate c = byId.get(i.actionId());
        Action shown = c != null ? c.getAction() : library.apply(i.actionId());
        // An impression of an action no longer in the library counts as marketing: caps protect the
        // customer, so what cannot be classified is counted rather than forgotten.
        if (shown == null || shown.issue().purpose() == Purpose.MARKETING) {
          marketing30++;
          if (onChannel) {
            marketingChannel30++;
          }
          if (last7) {
            marketing7++;
          }
          if (today) {
            marketingToday++;
          }
        }
        String group = shown == null ? null : shown.group();
        if (group != null) {
          int[] g = groups.computeIfAbsent(group, k -> new int[3]);
          g[2]++;
          if (last7) {
            g[1]++;
          }
          if (today) {
            g[0]++;
          }
        }
        if (c == null) {
          continue;
        }
        c.impressionsOfActionAllChannels30Days++;
        c.daysSinceLastImpression = latest(c.daysSinceLastImpression, days);
        Instant positive = lastPositive.get(i.actionId());
        if (positive == null || t.isAfter(positive)) {
          c.impressionsSincePositiveResponse++;
        }
        if (last7) {
          c.impressionsOfActionAllChannels7Days++;
        }
        if (today) {
          c.impressionsOfActionAllChannelsToday++;
        }
        if (onChannel) {
          c.impressionsLast30Days++;
          if (last7) {
            c.impressionsLast7Days++;
          }
          if (today) {
            c.impressionsToday++;
          }
        }
      }
      for (Candidate c : facts) {
        c.impressionsOnChannelToday = channelToday;
        c.impressionsOnChannelLast7Days = channel7;
        c.impressionsOnChannelLast30Days = channel30;
        c.allImpressionsToday = allToday;
        c.allImpressionsLast7Days = all7;
        c.allImpressionsLast30Days = all30;
        c.marketingImpressionsOnChannelLast30Days = marketingChannel30;
        c.marketingImpressionsToday = marketingToday;
        c.marketingImpressionsLast7Days = marketing7;
        c.marketingImpressionsLast30Days = marketing30;
        c.daysSinceGroupAcceptance = groupAccepted.getOrDefault(c.getGroup(), -1);
        int[] g = groups.get(c.getGroup());
        if (g != null) {
          c.impressionsOfGroupToday = g[0];
          c.impressionsOfGroupLast7Days = g[1];
          c.impressionsOfGroupLast30Days = g[2];
        }
      }
    }

    /** Whole days between {@code t} and the decision; 0 for a time at or after it. */
    private int days(Instant t) {
      long seconds = at.getEpochSecond() - t.getEpochSecond();
      return seconds <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, seconds / SECONDS_PER_DAY);
    }
  }

  private static int latest(int known, int days) {
    return known < 0 ? days : Math.min(known, days);
  }

  /** The customer's zone; UTC when the profile names a zone this runtime does not know. */
  private static ZoneId zone(String timeZone) {
    try {
      return ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  @Override
  public String toString() {
    return "RuleEngine[" + version + ", " + ruleNames.size() + " rules]";
  }
}
