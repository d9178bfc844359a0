package io.parcours.engine.decision;

import io.parcours.db.PostgresRuleSets;
import io.parcours.db.PostgresRuleSets.StoredFile;
import io.parcours.db.PostgresRuleSets.StoredRuleSet;
import io.parcours.rules.EvaluationLimits;
import io.parcours.rules.RuleEngine;
import io.parcours.rules.RuleFile;
import io.parcours.rules.RuleSetCompilationException;
import io.parcours.rules.RuleSetSource;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The rule set in force: a compiled, immutable rule engine behind an atomic reference. A decision reads
 * the reference once and keeps that engine to its end, so activating another version never shows a
 * decision a half-built rule base.
 */
public final class ActiveRuleSet {

  private final PostgresRuleSets store;
  private final AtomicReference<RuleEngine> active = new AtomicReference<>();
  private final EvaluationLimits limits;

  /**
   * @param limits how far the rules of every version compiled here may go for one decision
   */
  public ActiveRuleSet(PostgresRuleSets store, EvaluationLimits limits) {
    this.store = store;
    this.limits = limits;
  }

  /** How far the rules of one decision may go, for every version compiled here. */
  public EvaluationLimits limits() {
    return limits;
  }

  /** The author under which the rule set shipped with Parcours is stored. */
  public static final String SHIPPED_BY = "parcours";

  /**
   * Stores the rule set shipped with the engine when it is not stored yet (with the results of its
   * scenarios, from {@code scenarioResults}, as JSON), and puts it in force when
   * nothing is active or when what is active is an earlier shipped version (nobody changed the rules
   * since); a rule set a business user activated stays in force. Then compiles the active version.
   *
   * @throws RuleSetCompilationException when the active version does not compile, listing each problem
   *     with its file and line: the engine must not start on a broken rule set
   */
  public void start(Clock clock, Function<RuleEngine, String> scenarioResults)
      throws RuleSetCompilationException {
    RuleSetSource bundled = RuleSetSource.bundled();
    String checksum = bundled.checksum();
    String wasActive = store.activeVersion().orElse(null);
    String version = wasActive;
    Optional<String> stored = store.versionWithChecksum(checksum);
    String bundledVersion;
    if (stored.isPresent()) {
      bundledVersion = stored.get();
    } else {
      // The shipped version is stored with the results of its own scenarios, like any upload.
      String results = scenarioResults.apply(RuleEngine.compile(bundled, limits));
      bundledVersion =
          store.storeNext(
              clock.instant(), SHIPPED_BY, "rule set shipped with Parcours", checksum, wasActive, results,
              bundled.files().stream().map(f -> new StoredFile(f.name(), f.content())).toList(), "{}");
    }
    if (version == null) {
      store.activate(bundledVersion, "activated", SHIPPED_BY, "first start", clock.instant(), null);
      version = bundledVersion;
    } else if (!version.equals(bundledVersion)
        && store.summary(version).map(s -> s.author().equals(SHIPPED_BY)).orElse(false)) {
      store.activate(
          bundledVersion, "activated", SHIPPED_BY,
          "rule set shipped with this release of Parcours replaces the one shipped before",
          clock.instant(), version);
      version = bundledVersion;
    }
    active.set(compile(version));
  }

  /** Puts {@code engine} in force: decisions that start from now on use it. */
  public void swap(RuleEngine engine) {
    active.set(engine);
  }

  /**
   * Puts in force the version PostgreSQL says is active, when another node activated it; returns
   * whether the version changed.
   *
   * @throws RuleSetCompilationException when that version does not compile here
   */
  public boolean refresh() throws RuleSetCompilationException {
    String version = store.activeVersion().orElse(null);
    RuleEngine current = active.get();
    if (version == null || (current != null && current.version().equals(version))) {
      return false;
    }
    active.set(compile(version));
    return true;
  }

  /**
   * Compiles stored version {@code version}.
   *
   * @throws IllegalStateException when it is not stored
   */
  public RuleEngine compile(String version) throws RuleSetCompilationException {
    StoredRuleSet stored =
        store
            .find(version)
            .orElseThrow(() -> new IllegalStateException("active rule set " + version + " is not stored"));
    List<RuleFile> files =
        stored.files().stream().map(f -> new RuleFile(f.name(), f.content())).toList();
    return RuleEngine.compile(new RuleSetSource(version, files), limits);
  }

  /** The engine of the active version; read once per decision. */
  public RuleEngine current() {
    RuleEngine engine = active.get();
    if (engine == null) {
      throw new IllegalStateException("no rule set is active yet");
    }
    return engine;
  }
}
