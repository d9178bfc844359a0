package io.parcours.engine.decision;

import io.parcours.db.PostgresRuleSets;
import io.parcours.db.PostgresRuleSets.StoredFile;
import io.parcours.db.PostgresRuleSets.StoredRuleSet;
import io.parcours.engine.strategy.Strategy;
import io.parcours.engine.strategy.StrategyVersion;
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
 * The rule set in force: a compiled, immutable rule engine behind an atomic reference. A decision
 * reads the reference once and keeps that engine to its end, so activating another version never
 * shows a decision a half-built rule base.
 */
public final class ActiveRuleSet {

  private final PostgresRuleSets store;
  private final AtomicReference<StrategyVersion> active = new AtomicReference<>();
  private final EvaluationLimits limits;
  private volatile java.util.function.Consumer<StrategyVersion> afterSwap = v -> {};

  /**
   * @param limits how far the rules of every version compiled here may go for one decision
   */
  public ActiveRuleSet(PostgresRuleSets store, EvaluationLimits limits) {
    this.store = store;
    this.limits = limits;
  }

  /**
   * What to do each time a version is put in force here (at start, by activation or rollback, or by
   * following another node), after decisions use it; a failure is logged, never undoes the swap.
   */
  public void afterSwap(java.util.function.Consumer<StrategyVersion> action) {
    this.afterSwap = action;
  }

  private void set(StrategyVersion version) {
    active.set(version);
    try {
      afterSwap.accept(version);
    } catch (RuntimeException e) {
      java.util.logging.Logger.getLogger(ActiveRuleSet.class.getName())
          .log(
              java.util.logging.Level.WARNING,
              "version " + version.version() + " is in force; what follows its swap failed",
              e);
    }
  }

  /** How far the rules of one decision may go, for every version compiled here. */
  public EvaluationLimits limits() {
    return limits;
  }

  /** The author under which the rule set shipped with Parcours is stored. */
  public static final String SHIPPED_BY = "parcours";

  /**
   * Stores the rule set shipped with the engine when it is not stored yet (with the results of its
   * scenarios, from {@code scenarioResults}, as JSON), and puts it in force when nothing is active
   * or when what is active is an earlier shipped version (nobody changed the rules since); a rule
   * set a business user activated stays in force. Then compiles the active version.
   *
   * @throws RuleSetCompilationException when the active version does not compile, listing each
   *     problem with its file and line: the engine must not start on a broken rule set
   */
  public void start(Clock clock, Function<StrategyVersion, String> scenarioResults)
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
      String results =
          scenarioResults.apply(
              StrategyVersion.compile(bundled.version(), bundled.files(), limits));
      bundledVersion =
          store.storeNext(
              clock.instant(),
              SHIPPED_BY,
              "rule set shipped with Parcours",
              checksum,
              wasActive,
              results,
              bundled.files().stream().map(f -> new StoredFile(f.name(), f.content())).toList(),
              "{}");
    }
    if (version == null) {
      store.activate(bundledVersion, "activated", SHIPPED_BY, "first start", clock.instant(), null);
      version = bundledVersion;
    } else if (!version.equals(bundledVersion)
        && store.summary(version).map(s -> s.author().equals(SHIPPED_BY)).orElse(false)) {
      store.activate(
          bundledVersion,
          "activated",
          SHIPPED_BY,
          "rule set shipped with this release of Parcours replaces the one shipped before",
          clock.instant(),
          version);
      version = bundledVersion;
    }
    set(compile(version));
  }

  /** Puts {@code version} in force: decisions that start from now on use it. */
  public void swap(StrategyVersion version) {
    set(version);
  }

  /**
   * Puts in force the version PostgreSQL says is active, when another node activated it; returns
   * whether the version changed.
   *
   * @throws RuleSetCompilationException when that version does not compile here
   */
  public boolean refresh() throws RuleSetCompilationException {
    String version = store.activeVersion().orElse(null);
    StrategyVersion current = active.get();
    if (version == null || (current != null && current.version().equals(version))) {
      return false;
    }
    set(compile(version));
    return true;
  }

  /**
   * Compiles stored version {@code version}.
   *
   * @throws IllegalStateException when it is not stored
   */
  public StrategyVersion compile(String version) throws RuleSetCompilationException {
    StoredRuleSet stored =
        store
            .find(version)
            .orElseThrow(
                () -> new IllegalStateException("active rule set " + version + " is not stored"));
    List<RuleFile> files =
        stored.files().stream().map(f -> new RuleFile(f.name(), f.content())).toList();
    return StrategyVersion.compile(version, files, limits);
  }

  /**
   * The version in force, its rules and its strategy together; a decision reads it once and keeps
   * it.
   */
  public StrategyVersion version() {
    StrategyVersion version = active.get();
    if (version == null) {
      throw new IllegalStateException("no rule set is active yet");
    }
    return version;
  }

  /** The rules of the version in force. */
  public RuleEngine current() {
    return version().rules();
  }

  /** The action library, journeys and event types of the version in force. */
  public Strategy strategy() {
    return version().strategy();
  }
}
