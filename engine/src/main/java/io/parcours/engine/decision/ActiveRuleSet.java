package io.parcours.engine.decision;

import io.parcours.db.PostgresRuleSets;
import io.parcours.db.PostgresRuleSets.StoredFile;
import io.parcours.db.PostgresRuleSets.StoredRuleSet;
import io.parcours.rules.RuleEngine;
import io.parcours.rules.RuleFile;
import io.parcours.rules.RuleSetCompilationException;
import io.parcours.rules.RuleSetSource;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rule set in force: a compiled, immutable rule engine behind an atomic reference. A decision reads
 * the reference once and keeps that engine to its end, so activating another version never shows a
 * decision a half-built rule base.
 */
public final class ActiveRuleSet {

  private final PostgresRuleSets store;
  private final AtomicReference<RuleEngine> active = new AtomicReference<>();

  public ActiveRuleSet(PostgresRuleSets store) {
    this.store = store;
  }

  /**
   * Stores the rule set shipped with the engine when it is not stored yet, activates it when nothing is
   * active, then compiles the active version.
   *
   * @throws RuleSetCompilationException when the active version does not compile, listing each problem
   *     with its file and line: the engine must not start on a broken rule set
   */
  public void start(Clock clock) throws RuleSetCompilationException {
    RuleSetSource bundled = RuleSetSource.bundled();
    String checksum = bundled.checksum();
    String bundledVersion =
        store
            .versionWithChecksum(checksum)
            .orElseGet(
                () -> {
                  String version = String.valueOf(store.count() + 1);
                  store.store(
                      new StoredRuleSet(
                          version,
                          clock.instant(),
                          "parcours",
                          "rule set shipped with Parcours",
                          checksum,
                          bundled.files().stream()
                              .map(f -> new StoredFile(f.name(), f.content()))
                              .toList()));
                  return version;
                });
    String version = store.activeVersion().orElse(null);
    if (version == null) {
      store.activate(bundledVersion, "parcours", "first start", clock.instant());
      version = bundledVersion;
    }
    active.set(compile(version));
  }

  private RuleEngine compile(String version) throws RuleSetCompilationException {
    StoredRuleSet stored =
        store
            .find(version)
            .orElseThrow(() -> new IllegalStateException("active rule set " + version + " is not stored"));
    List<RuleFile> files =
        stored.files().stream().map(f -> new RuleFile(f.name(), f.content())).toList();
    return RuleEngine.compile(new RuleSetSource(version, files));
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
