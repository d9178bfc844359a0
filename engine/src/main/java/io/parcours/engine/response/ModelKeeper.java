package io.parcours.engine.response;

import io.parcours.db.PostgresModelSnapshots;
import io.parcours.db.PostgresModelVersions;
import io.parcours.db.PostgresResponseLog;
import io.parcours.db.PostgresResponseLog.Learnable;
import io.parcours.db.PostgresResponseLog.Stored;
import io.parcours.domain.ModelRoleChange;
import io.parcours.engine.decision.ActionLibrary;
import io.parcours.engine.models.ModelVersions;
import io.parcours.models.ContextualProbitModels;
import io.parcours.models.ModelFamilies;
import io.parcours.models.PropensityModels;
import io.parcours.models.online.OnlineProbitLearner;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Keeps the adaptive models across restarts: restores the latest snapshot of the configured family
 * from PostgreSQL and replays the responses stored after it, each against the features its decision
 * recorded (each exactly once, since a snapshot records the last response id it includes), and
 * saves a new snapshot when the models have learned something since the last one.
 *
 * <p>Changes of model versions' roles (a challenger added, a promotion) made after the snapshot are
 * replayed too, each just after the response it was made after, so every version learns exactly the
 * responses it learned before the restart.
 */
public final class ModelKeeper implements ModelVersions.LocalChanges {

  private static final Logger LOG = Logger.getLogger(ModelKeeper.class.getName());
  private static final int PAGE = 5_000;

  private final PostgresModelSnapshots snapshots;
  private final PostgresResponseLog responses;
  private final PostgresModelVersions versions;
  private final java.util.function.Supplier<ActionLibrary> library;
  private final Clock clock;
  private final OnlineProbitLearner.Settings probit;
  private volatile long savedThrough = -1;

  /** The last role change applied to the models; guarded by this. */
  private long appliedChange;

  /**
   * Role changes above {@link #appliedChange} that this node made and applied itself; guarded by
   * this.
   */
  private final Set<Long> appliedHere = new HashSet<>();

  /** A keeper whose probit models learn with {@code probit} (prior, forgetting, draws). */
  public ModelKeeper(
      PostgresModelSnapshots snapshots,
      PostgresResponseLog responses,
      PostgresModelVersions versions,
      java.util.function.Supplier<ActionLibrary> library,
      Clock clock,
      OnlineProbitLearner.Settings probit) {
    this.probit = probit;
    this.snapshots = snapshots;
    this.versions = versions;
    this.responses = responses;
    this.library = library;
    this.clock = clock;
  }

  /**
   * The models of {@code family} as they were at its last snapshot, plus every response stored
   * after it.
   */
  public synchronized PropensityModels restore(String family) {
    long lastChange = versions.lastChangeId();
    PropensityModels models =
        snapshots
            .latest(family)
            .map(s -> readable(family, s))
            .orElseGet(() -> ModelFamilies.create(family, probit));
    long restoredThrough = models.lastResponseId();
    savedThrough = restoredThrough;
    // A change made at the snapshot's last response may or may not be in it; applying it again is
    // harmless, since a change states the roles the versions it names take.
    List<ModelRoleChange> changes =
        models instanceof ContextualProbitModels
            ? versions.changesAfter(restoredThrough - 1)
            : List.of();
    long replayed = learnAfter(models, changes);
    appliedChange =
        Math.max(lastChange, changes.stream().mapToLong(ModelRoleChange::changeId).max().orElse(0));
    LOG.info(
        family
            + " models restored through response "
            + restoredThrough
            + ", then "
            + replayed
            + " responses replayed");
    return models;
  }

  /**
   * Brings {@code models} up to the database: learns every response stored after the last one they
   * learned, whichever node stored it, in response-id order (which is commit order, see {@link
   * PostgresResponseLog}), against the features its decision recorded; applies the role changes
   * recorded since the last catch-up, each before the first response after the one it was made at
   * (or at once, when the models are already past it); then publishes. The response writer calls it
   * after each batch it stores, before acknowledging the batch, and the engine every 250 ms, so
   * that every node's models follow the responses and model changes of every other.
   *
   * @return the responses learned
   */
  public synchronized long catchUp(PropensityModels models) {
    List<ModelRoleChange> changes =
        models instanceof ContextualProbitModels ? versions.changesSince(appliedChange) : List.of();
    long last = appliedChange;
    for (ModelRoleChange c : changes) {
      last = Math.max(last, c.changeId());
    }
    List<ModelRoleChange> elsewhere =
        changes.stream().filter(c -> !appliedHere.contains(c.changeId())).toList();
    long learned = learnAfter(models, elsewhere);
    appliedChange = last;
    changes.forEach(c -> appliedHere.remove(c.changeId()));
    return learned;
  }

  /**
   * Runs a role change of this node's with no catch-up in between (the lock order: this, then the
   * models').
   */
  @Override
  public synchronized void exclusively(Runnable change) {
    change.run();
  }

  @Override
  public synchronized void appliedHere(List<Long> changeIds) {
    appliedHere.addAll(changeIds);
  }

  /**
   * Learns the responses after the models' last, applying {@code changes} at their place;
   * publishes.
   */
  private long learnAfter(PropensityModels models, List<ModelRoleChange> changes) {
    long learned = 0;
    int applied = 0;
    while (true) {
      List<Learnable> page = responses.learnableAfter(models.lastResponseId(), PAGE);
      for (Learnable l : page) {
        Stored s = l.response();
        applied = applyChanges(models, changes, applied, s.responseId());
        models.learn(
            library.get().modelFeatures(s.actionId()),
            s.channel(),
            l.modelFeatures(),
            s.outcome(),
            s.responseId());
      }
      learned += page.size();
      if (page.size() < PAGE) {
        break;
      }
    }
    applyChanges(models, changes, applied, Long.MAX_VALUE);
    models.publish();
    return learned;
  }

  /**
   * Applies the changes from index {@code from} made before response {@code next}; returns the next
   * index.
   */
  private int applyChanges(
      PropensityModels models, List<ModelRoleChange> changes, int from, long next) {
    int to = from;
    while (to < changes.size() && changes.get(to).atResponseId() < next) {
      to++;
    }
    if (to > from) {
      try {
        ModelVersions.replay((ContextualProbitModels) models, changes.subList(from, to), versions);
      } catch (IllegalArgumentException e) {
        // Roles this node cannot take in its present state: it keeps learning with the roles it
        // has.
        LOG.warning(
            "model role changes "
                + changes.subList(from, to).stream().map(ModelRoleChange::changeId).toList()
                + " cannot be applied here: "
                + e.getMessage());
      }
    }
    return to;
  }

  /**
   * The models of a snapshot, or fresh models when this release cannot read it (an older format):
   * every stored response is then replayed, so nothing is lost, only the restart takes longer.
   */
  private PropensityModels readable(String family, PostgresModelSnapshots.StoredSnapshot snapshot) {
    try {
      return ModelFamilies.restore(family, snapshot.content(), probit);
    } catch (IllegalArgumentException e) {
      LOG.warning(
          "the "
              + family
              + " model snapshot through response "
              + snapshot.lastResponseId()
              + " cannot be read by this release ("
              + e.getMessage()
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
