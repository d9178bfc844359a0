package io.parcours.engine.response;

import io.parcours.db.PostgresDecisionLog;
import io.parcours.db.PostgresModelSnapshots;
import io.parcours.db.PostgresModelVersions;
import io.parcours.db.PostgresModelVersions.RoleChange;
import io.parcours.db.PostgresResponseLog;
import io.parcours.db.PostgresResponseLog.Stored;
import io.parcours.engine.decision.ActionLibrary;
import io.parcours.engine.models.ModelVersions;
import io.parcours.models.ContextualProbitModels;
import io.parcours.models.ModelFamilies;
import io.parcours.models.PropensityModels;
import io.parcours.models.online.OnlineProbitLearner;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Keeps the adaptive models across restarts: restores the latest snapshot of the configured family
 * from PostgreSQL and replays the responses stored after it, each against the features its decision
 * recorded (each exactly once, since a snapshot records the last response id it includes), and saves a
 * new snapshot when the models have learned something since the last one.
 *
 * <p>Changes of model versions' roles (a challenger added, a promotion) made after the snapshot are
 * replayed too, each just after the response it was made after, so every version learns exactly the
 * responses it learned before the restart.
 */
public final class ModelKeeper {

  private static final Logger LOG = Logger.getLogger(ModelKeeper.class.getName());
  private static final int PAGE = 5_000;

  private final PostgresModelSnapshots snapshots;
  private final PostgresResponseLog responses;
  private final PostgresDecisionLog decisions;
  private final PostgresModelVersions versions;
  private final ActionLibrary library;
  private final Clock clock;
  private final OnlineProbitLearner.Settings probit;
  private volatile long savedThrough = -1;

  /** A keeper whose probit models learn with {@code probit} (prior, forgetting, draws). */
  public ModelKeeper(
      PostgresModelSnapshots snapshots, PostgresResponseLog responses, PostgresDecisionLog decisions,
      PostgresModelVersions versions, ActionLibrary library, Clock clock, OnlineProbitLearner.Settings probit) {
    this.probit = probit;
    this.snapshots = snapshots;
    this.versions = versions;
    this.responses = responses;
    this.decisions = decisions;
    this.library = library;
    this.clock = clock;
  }

  /** The models of {@code family} as they were at its last snapshot, plus every response stored after it. */
  public PropensityModels restore(String family) {
    PropensityModels models =
        snapshots.latest(family).map(s -> readable(family, s)).orElseGet(() -> ModelFamilies.create(family, probit));
    long restoredThrough = models.lastResponseId();
    savedThrough = restoredThrough;
    long replayed = 0;
    // A change made at the snapshot's last response may or may not be in it; applying it again is
    // harmless, since a change states the roles the versions it names take.
    List<RoleChange> changes =
        models instanceof ContextualProbitModels ? versions.changesAfter(restoredThrough - 1) : List.of();
    int applied = 0;
    while (true) {
      List<Stored> page = responses.after(models.lastResponseId(), PAGE);
      if (page.isEmpty()) {
        break;
      }
      Map<String, List<String>> contexts =
          decisions.modelFeatures(page.stream().map(Stored::decisionId).distinct().toList());
      for (Stored s : page) {
        applied = applyChanges(models, changes, applied, s.responseId());
        List<String> context = contexts.getOrDefault(s.decisionId(), List.of());
        models.learn(
            s.actionId(), s.channel(), library.modelFeatures(s.actionId(), context), s.outcome(), s.responseId());
      }
      replayed += page.size();
    }
    applyChanges(models, changes, applied, Long.MAX_VALUE);
    models.publish();
    LOG.info(
        family + " models restored through response " + restoredThrough + ", then " + replayed
            + " responses replayed");
    return models;
  }

  /** Applies the changes from index {@code from} made before response {@code next}; returns the next index. */
  private int applyChanges(PropensityModels models, List<RoleChange> changes, int from, long next) {
    int to = from;
    while (to < changes.size() && changes.get(to).atResponseId() < next) {
      to++;
    }
    if (to > from) {
      ModelVersions.replay((ContextualProbitModels) models, changes.subList(from, to), versions);
    }
    return to;
  }

  /**
   * The models of a snapshot, or fresh models when this release cannot read it (an older format): every
   * stored response is then replayed, so nothing is lost, only the restart takes longer.
   */
  private PropensityModels readable(String family, PostgresModelSnapshots.StoredSnapshot snapshot) {
    try {
      return ModelFamilies.restore(family, snapshot.content(), probit);
    } catch (IllegalArgumentException e) {
      LOG.warning(
          "the " + family + " model snapshot through response " + snapshot.lastResponseId()
              + " cannot be read by this release (" + e.getMessage()
              + "); the models are rebuilt from every stored response");
      return ModelFamilies.create(family, probit);
    }
  }

  /** Saves a snapshot when the models learned since the last one; returns whether it saved. */
  public boolean save(PropensityModels models) {
    PropensityModels.Saved saved = models.save();
    if (saved.lastResponseId() == savedThrough) {
      return false;
    }
    snapshots.save(saved.family(), saved.lastResponseId(), clock.instant(), saved.content());
    savedThrough = saved.lastResponseId();
    return true;
  }
}
