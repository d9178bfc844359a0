package io.parcours.engine.rules;

import io.parcours.db.PostgresRuleSets;
import io.parcours.db.PostgresRuleSets.StoredFile;
import io.parcours.db.PostgresRuleSets.StoredRuleSet;
import io.parcours.domain.RuleSetActivation;
import io.parcours.domain.RuleSetChange;
import io.parcours.domain.RuleSetReview;
import io.parcours.domain.RuleSetSummary;
import io.parcours.engine.InvalidStrategyEditException;
import io.parcours.engine.RuleSetConflictException;
import io.parcours.engine.RuleSetRejectedException;
import io.parcours.engine.RuleSetReviewException;
import io.parcours.engine.ScenariosFailedException;
import io.parcours.engine.UnknownRuleSetException;
import io.parcours.engine.decision.ActionLibrary;
import io.parcours.engine.decision.ActiveRuleSet;
import io.parcours.engine.strategy.Strategy;
import io.parcours.engine.strategy.StrategyDiff;
import io.parcours.engine.strategy.StrategyEdit;
import io.parcours.engine.strategy.StrategyFiles;
import io.parcours.engine.strategy.StrategyVersion;
import io.parcours.rules.EvaluationLimitExceededException;
import io.parcours.rules.RuleFile;
import io.parcours.rules.RuleProblem;
import io.parcours.rules.RuleSetCompilationException;
import io.parcours.rules.RuleSetDiff;
import io.parcours.rules.RuleSetSource;
import io.parcours.rules.RuleStatistics;
import io.parcours.rules.ScenarioReport;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.bind.Jsonb;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Changes rule sets while decisions run.
 *
 * <p>An upload is compiled and its scenarios run before anything is stored: a rule set that does
 * not compile is refused with every problem's file, line and column, and the refusal is audited. A
 * stored version is immutable. RuleSetActivation compiles the version (off the decision path), runs
 * its scenarios against the current action library, and only then swaps the engine's reference: a
 * decision keeps the compiled rule base it started with, so none fails or sees half a rule set.
 * Rollback returns to the version that was in force before the current one, following activations
 * as a stack, so two rollbacks go back two versions. Activations and rollbacks are serialised;
 * uploads are not.
 *
 * <p>Four eyes: a version is activated only once enough people other than its author approved it
 * and nobody rejected it ({@link #review}); how many is a setting, {@code
 * parcours.rulesets.approvals-required}, 1 by default and 0 only for a sandbox. That the reviewer
 * holds the approver role is checked where the request is authenticated. A rollback needs no
 * approval: it returns to a version that was in force.
 */
public final class RuleSetLifecycle {

  private static final Logger LOG = Logger.getLogger(RuleSetLifecycle.class.getName());
  private static final String UPLOAD = "upload";

  /** The outcome of a stored upload. */
  public record Upload(String version, String checksum, int rules, ScenarioReport scenarios) {}

  /** A version, whether it is the one in force, and where its review stands. */
  public record Detail(
      RuleSetSummary summary, List<FileInfo> files, boolean active, Approval approval) {}

  /**
   * Where a version's review stands.
   *
   * @param required how many approvals a version needs before it goes live
   * @param reviews every review of the version, oldest first
   * @param approved whether it may go live: enough approvals and no rejection
   */
  public record Approval(int required, List<RuleSetReview> reviews, boolean approved) {

    /** How many approvals the version has. */
    public long approvals() {
      return reviews.stream().filter(r -> r.verdict().equals(APPROVED)).count();
    }

    /** The first rejection, if anybody rejected the version. */
    public Optional<RuleSetReview> rejection() {
      return reviews.stream().filter(r -> r.verdict().equals(REJECTED)).findFirst();
    }
  }

  private static final String APPROVED = "approved";
  private static final String REJECTED = "rejected";

  /** What a version declares besides its rules, with the version's name ('active' resolved). */
  public record VersionStrategy(String version, Strategy strategy) {}

  /** One file of a version: its name, size and SHA-256. */
  public record FileInfo(String name, int bytes, String sha256) {}

  private final PostgresRuleSets store;
  private final ActiveRuleSet active;
  private final Jsonb json;
  private final Clock clock;
  private final int approvalsRequired;

  /**
   * @param approvalsRequired how many approvals a version needs before it goes live, 0 or more
   */
  public RuleSetLifecycle(
      PostgresRuleSets store,
      ActiveRuleSet active,
      Jsonb json,
      Clock clock,
      int approvalsRequired) {
    if (approvalsRequired < 0) {
      throw new IllegalArgumentException(
          "approvals required must be 0 or more, got " + approvalsRequired);
    }
    this.store = store;
    this.active = active;
    this.json = json;
    this.clock = clock;
    this.approvalsRequired = approvalsRequired;
  }

  /** How many approvals a version needs before it goes live; 0 in a sandbox. */
  public int approvalsRequired() {
    return approvalsRequired;
  }

  /**
   * Records {@code reviewer}'s approval or rejection of stored version {@code version}, with why;
   * the review stands in the audit of rule changes.
   *
   * @throws UnknownRuleSetException when the version is not stored
   * @throws RuleSetReviewException when the reviewer is the version's author, or reviewed it
   *     already
   */
  public Approval review(String version, String reviewer, boolean approve, String comment) {
    String wanted = resolve(version);
    RuleSetSummary summary =
        store
            .summary(wanted)
            .orElseThrow(
                () -> new UnknownRuleSetException("no rule set with version '" + version + "'"));
    if (summary.author().equals(reviewer)) {
      throw new RuleSetReviewException(
          RuleSetReviewException.Kind.OWN_VERSION,
          wanted,
          reviewer
              + " uploaded rule set "
              + wanted
              + " and cannot review it: another approver must");
    }
    String verdict = approve ? APPROVED : REJECTED;
    if (!store.review(wanted, reviewer, verdict, clock.instant(), comment)) {
      throw new RuleSetReviewException(
          RuleSetReviewException.Kind.ALREADY_REVIEWED,
          wanted,
          reviewer
              + " has already reviewed rule set "
              + wanted
              + "; a review is not changed afterwards");
    }
    LOG.info("rule set " + wanted + " " + verdict + " by " + reviewer);
    return approval(wanted);
  }

  /** Where the review of stored version {@code version} stands. */
  private Approval approval(String version) {
    List<RuleSetReview> reviews = store.reviews(version);
    Approval a = new Approval(approvalsRequired, reviews, false);
    return new Approval(
        approvalsRequired, reviews, a.rejection().isEmpty() && a.approvals() >= approvalsRequired);
  }

  /**
   * Validates and stores a new version.
   *
   * @throws RuleSetRejectedException when a file does not compile or a scenario cannot be read;
   *     nothing is stored, and the refusal is audited
   * @throws RuleSetConflictException when a stored version has exactly these files
   */
  public Upload upload(String author, String comment, List<RuleFile> uploaded) {
    return upload(author, comment, uploaded, active.current().version());
  }

  /**
   * Validates and stores a new version made of {@code uploaded} and, for the data files it does not
   * carry (actions, journeys, event types), those of version {@code basedOn}.
   *
   * @see #upload(String, String, List)
   */
  public Upload upload(String author, String comment, List<RuleFile> uploaded, String basedOn) {
    return store(author, comment, uploaded, resolve(basedOn));
  }

  /**
   * Stores a new version made from version {@code basedOn} by {@code edit}: its data files with the
   * actions, journeys and event types put or removed, its rules as they are. Validated and stored
   * like an upload, and like one it goes live only once approved and activated.
   *
   * @throws UnknownRuleSetException when {@code basedOn} is not stored
   * @throws InvalidStrategyEditException naming each item of the edit that is wrong, before
   *     anything is compiled or audited
   * @see #upload(String, String, List)
   */
  public Upload edit(String author, String comment, StrategyEdit edit, String basedOn) {
    String base = resolve(basedOn);
    List<RuleFile> files = edit.applyTo(source(base).files());
    return store(author, comment, files, base);
  }

  private Upload store(String author, String comment, List<RuleFile> uploaded, String basedOn) {
    List<RuleFile> files = StrategyVersion.completed(uploaded, source(basedOn).files());
    RuleSetSource source = new RuleSetSource(UPLOAD, files);
    String checksum = source.checksum();
    Optional<String> same = store.versionWithChecksum(checksum);
    if (same.isPresent()) {
      throw new RuleSetConflictException(
          "these files are already stored as rule set "
              + same.get()
              + "; activate that version instead",
          same.get());
    }
    StrategyVersion engine;
    try {
      engine = StrategyVersion.compile(UPLOAD, files, active.limits());
    } catch (RuleSetCompilationException e) {
      store.recordRefusal(author, clock.instant(), comment, basedOn, refusal(files, e.problems()));
      throw new RuleSetRejectedException(
          "the rule set does not compile: "
              + e.problems().size()
              + " problem(s); nothing was stored",
          e.problems());
    }
    ScenarioReport report;
    try {
      report = scenarios(engine);
    } catch (EvaluationLimitExceededException e) {
      List<RuleProblem> problems = List.of(engine.rules().problem(e));
      store.recordRefusal(author, clock.instant(), comment, basedOn, refusal(files, problems));
      throw new RuleSetRejectedException(
          "the rule set exceeded its evaluation limit in its scenarios (rule "
              + e.rule()
              + "); nothing was stored",
          problems);
    }
    String version =
        store.storeNext(
            clock.instant(),
            author,
            comment,
            checksum,
            basedOn,
            json.toJson(report),
            files.stream().map(f -> new StoredFile(f.name(), f.content())).toList(),
            uploadDetails(files, basedOn, report));
    LOG.info(
        "rule set "
            + version
            + " uploaded by "
            + author
            + ": "
            + engine.rules().ruleNames().size()
            + " rules, "
            + report.passed()
            + "/"
            + report.results().size()
            + " scenarios pass");
    return new Upload(version, checksum, engine.rules().ruleNames().size(), report);
  }

  /**
   * Puts stored version {@code version} in force.
   *
   * @throws UnknownRuleSetException when it is not stored
   * @throws ScenariosFailedException when one of its scenarios fails against the current action
   *     library
   * @throws RuleSetRejectedException when it no longer compiles (a fact class changed)
   * @throws RuleSetReviewException when it has fewer approvals than required, or was rejected
   */
  public synchronized RuleSetActivation activate(String version, String by, String comment) {
    if (store.summary(version).isPresent()) {
      Approval approval = approval(version);
      if (!approval.approved()) {
        throw new RuleSetReviewException(
            RuleSetReviewException.Kind.NOT_APPROVED, version, notApproved(version, approval));
      }
    }
    return put(version, "activated", by, comment, true);
  }

  private static String notApproved(String version, Approval approval) {
    Optional<RuleSetReview> rejection = approval.rejection();
    if (rejection.isPresent()) {
      return "rule set "
          + version
          + " was rejected by "
          + rejection.get().reviewer()
          + " (\""
          + rejection.get().comment()
          + "\"); upload a corrected version for review";
    }
    return "rule set "
        + version
        + " needs "
        + approval.required()
        + " approval(s) by an approver other than"
        + " its author before it goes live; it has "
        + approval.approvals();
  }

  /**
   * Returns to the version in force before the current one. Scenarios are run and reported but do
   * not block a rollback: it is the way back when the current version misbehaves.
   *
   * @throws RuleSetConflictException when no earlier version was in force
   */
  public synchronized RuleSetActivation rollback(String by, String comment) {
    Deque<String> stack = new ArrayDeque<>();
    for (RuleSetActivation a : store.activations()) {
      if (a.kind().equals("rolled-back")) {
        if (!stack.isEmpty()) {
          stack.pop();
        }
        if (stack.isEmpty() || !stack.peek().equals(a.version())) {
          stack.push(a.version());
        }
      } else {
        stack.push(a.version());
      }
    }
    if (stack.size() < 2) {
      throw new RuleSetConflictException(
          "no earlier rule set was in force before "
              + active.current().version()
              + "; there is nothing to roll back to",
          active.current().version());
    }
    stack.pop();
    return put(stack.peek(), "rolled-back", by, comment, false);
  }

  private RuleSetActivation put(
      String version, String kind, String by, String comment, boolean strict) {
    String previous = active.current().version();
    StrategyVersion engine = compile(version);
    try {
      ScenarioReport report = scenarios(engine);
      if (strict && !report.allPassed()) {
        throw new ScenariosFailedException(version, report);
      }
    } catch (EvaluationLimitExceededException e) {
      // A rollback is the way back from a misbehaving version: it goes ahead whatever the scenarios
      // do.
      if (strict) {
        throw new RuleSetRejectedException(
            "rule set "
                + version
                + " exceeds its evaluation limit in its scenarios (rule "
                + e.rule()
                + ")",
            List.of(engine.rules().problem(e)));
      }
    }
    store.activate(version, kind, by, comment, clock.instant(), previous);
    active.swap(engine);
    LOG.info("rule set " + version + " " + kind + " by " + by + " (was " + previous + ")");
    List<RuleSetActivation> all = store.activations();
    return all.get(all.size() - 1);
  }

  private StrategyVersion compile(String version) {
    if (store.summary(version).isEmpty()) {
      throw new UnknownRuleSetException("no rule set with version '" + version + "'");
    }
    try {
      return active.compile(version);
    } catch (RuleSetCompilationException e) {
      throw new RuleSetRejectedException(
          "rule set " + version + " no longer compiles: " + e.problems().size() + " problem(s)",
          e.problems());
    }
  }

  /** The version's scenarios, run against its own action library. */
  public static ScenarioReport scenarios(StrategyVersion version) {
    ActionLibrary library = version.strategy().library();
    return version.rules().runScenarios(library::candidates, id -> library.find(id).orElse(null));
  }

  /**
   * Stored version {@code version} ('active': the one in force), compiled with its data files.
   *
   * @throws UnknownRuleSetException when it is not stored
   * @throws RuleSetRejectedException when it no longer compiles
   */
  public StrategyVersion compiled(String version) {
    String wanted = resolve(version);
    StrategyVersion current = active.version();
    return wanted.equals(current.version()) ? current : compile(wanted);
  }

  /** The version in force, compiled. */
  public StrategyVersion inForce() {
    return active.version();
  }

  /** Every stored version, newest first. */
  public List<RuleSetSummary> list() {
    return store.list();
  }

  /**
   * Version {@code version} with its files.
   *
   * @throws UnknownRuleSetException when it is not stored
   */
  public Detail detail(String version) {
    String wanted = resolve(version);
    RuleSetSummary summary =
        store
            .summary(wanted)
            .orElseThrow(
                () -> new UnknownRuleSetException("no rule set with version '" + version + "'"));
    StoredRuleSet stored = store.find(wanted).orElseThrow();
    List<FileInfo> files =
        stored.files().stream()
            .map(f -> new FileInfo(f.name(), f.content().length, sha256(f.content())))
            .toList();
    return new Detail(summary, files, wanted.equals(active.current().version()), approval(wanted));
  }

  /**
   * The content of one file of a version.
   *
   * @throws UnknownRuleSetException when the version or the file is not stored
   */
  public byte[] file(String version, String name) {
    StoredRuleSet stored = stored(resolve(version));
    return stored.files().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new UnknownRuleSetException(
                    "rule set " + stored.version() + " has no file '" + name + "'"))
        .content();
  }

  /**
   * What changed from version {@code from} to version {@code to}.
   *
   * @throws UnknownRuleSetException when either is not stored
   */
  public RuleSetDiff diff(String from, String to) {
    return RuleSetDiff.between(source(resolve(from)), source(resolve(to)));
  }

  /**
   * What version {@code version} declares besides its rules: its actions with their treatments, its
   * journeys, its event types and derived features.
   *
   * @throws UnknownRuleSetException when it is not stored
   * @throws RuleSetRejectedException when its data files no longer read (the format changed since)
   */
  public VersionStrategy strategy(String version) {
    String wanted = resolve(version);
    StrategyVersion current = active.version();
    if (wanted.equals(current.version())) {
      return new VersionStrategy(wanted, current.strategy());
    }
    StrategyFiles.Read read = StrategyVersion.data(source(wanted).files());
    if (read.strategy() == null) {
      throw new RuleSetRejectedException(
          "the data files of rule set "
              + wanted
              + " no longer read: "
              + read.problems().size()
              + " problem(s)",
          read.problems());
    }
    return new VersionStrategy(wanted, read.strategy());
  }

  /**
   * What changed in the actions, journeys, event types and derived features from version {@code
   * from} to version {@code to}; null when the data files of either no longer read (the file by
   * file {@link #diff} still shows them).
   *
   * @throws UnknownRuleSetException when either is not stored
   */
  public StrategyDiff strategyDiff(String from, String to) {
    Strategy before = StrategyVersion.data(source(resolve(from)).files()).strategy();
    Strategy after = StrategyVersion.data(source(resolve(to)).files()).strategy();
    return before == null || after == null ? null : StrategyDiff.between(before, after);
  }

  /** How often each rule of the version in force has fired since it was compiled. */
  public RuleStatistics statistics() {
    return active.current().statistics();
  }

  /** The version in force. */
  public String activeVersion() {
    return active.current().version();
  }

  /** The audit of rule changes, newest first. */
  public List<RuleSetChange> changes(int limit, int offset) {
    return store.changes(limit, offset);
  }

  /** {@code active} names the version in force; any other name is a version. */
  private String resolve(String version) {
    return "active".equals(version) ? active.current().version() : version;
  }

  private StoredRuleSet stored(String version) {
    return store
        .find(version)
        .orElseThrow(
            () -> new UnknownRuleSetException("no rule set with version '" + version + "'"));
  }

  private RuleSetSource source(String version) {
    StoredRuleSet stored = stored(version);
    return new RuleSetSource(
        version, stored.files().stream().map(f -> new RuleFile(f.name(), f.content())).toList());
  }

  private String uploadDetails(List<RuleFile> files, String basedOn, ScenarioReport report) {
    JsonObjectBuilder details = Json.createObjectBuilder();
    details.add("files", fileList(files));
    details.add("scenariosPassed", report.passed());
    details.add("scenariosFailed", report.failures().size());
    Optional<StoredRuleSet> base = store.find(basedOn);
    if (base.isPresent()) {
      RuleSetDiff diff =
          RuleSetDiff.between(
              new RuleSetSource(
                  basedOn,
                  base.get().files().stream()
                      .map(f -> new RuleFile(f.name(), f.content()))
                      .toList()),
              new RuleSetSource(UPLOAD, files));
      JsonArrayBuilder changed = Json.createArrayBuilder();
      for (RuleSetDiff.FileDiff f : diff.files()) {
        if (f.change() != RuleSetDiff.Change.UNCHANGED) {
          changed.add(
              Json.createObjectBuilder()
                  .add("name", f.name())
                  .add("change", f.change().name().toLowerCase(Locale.ROOT)));
        }
      }
      details.add("changedFrom", basedOn).add("changes", changed);
    }
    return details.build().toString();
  }

  private static String refusal(List<RuleFile> files, List<RuleProblem> problems) {
    JsonArrayBuilder list = Json.createArrayBuilder();
    for (RuleProblem p : problems) {
      list.add(
          Json.createObjectBuilder()
              .add("file", p.file())
              .add("line", p.line())
              .add("column", p.column())
              .add("message", p.message()));
    }
    return Json.createObjectBuilder()
        .add("files", fileList(files))
        .add("problems", list)
        .build()
        .toString();
  }

  private static JsonArrayBuilder fileList(List<RuleFile> files) {
    JsonArrayBuilder list = Json.createArrayBuilder();
    for (RuleFile f : files) {
      byte[] content = f.content();
      list.add(
          Json.createObjectBuilder()
              .add("name", f.name())
              .add("bytes", content.length)
              .add("sha256", sha256(content)));
    }
    return list;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
