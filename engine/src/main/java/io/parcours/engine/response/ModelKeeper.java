package io.parcours.engine.response;

import io.parcours.db.PostgresModelSnapshots;
import io.parcours.db.PostgresResponseLog;
import io.parcours.db.PostgresResponseLog.Stored;
import io.parcours.models.BetaBernoulliModels;
import io.parcours.models.ModelSnapshot;
import io.parcours.models.Prior;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

/**
 * Keeps the adaptive models across restarts: restores the latest snapshot from PostgreSQL and replays
 * the responses stored after it (each exactly once, since a snapshot records the last response id it
 * includes), and saves a new snapshot when the models have learned something since the last one.
 */
public final class ModelKeeper {

  /** The model family name under which snapshots are stored. */
  public static final String FAMILY = ModelSnapshot.FAMILY;

  private static final Logger LOG = Logger.getLogger(ModelKeeper.class.getName());

  private final PostgresModelSnapshots snapshots;
  private final PostgresResponseLog responses;
  private final Clock clock;
  private volatile long savedThrough = -1;

  public ModelKeeper(PostgresModelSnapshots snapshots, PostgresResponseLog responses, Clock clock) {
    this.snapshots = snapshots;
    this.responses = responses;
    this.clock = clock;
  }

  /** The models as they were at the last snapshot, plus every response stored after it. */
  public BetaBernoulliModels restore(Prior prior) {
    BetaBernoulliModels models =
        snapshots
            .latest(FAMILY)
            .map(s -> BetaBernoulliModels.restore(ModelSnapshot.fromBytes(s.content()), prior))
            .orElseGet(() -> new BetaBernoulliModels(prior));
    long restoredThrough = models.lastResponseId();
    savedThrough = restoredThrough;
    long replayed = 0;
    while (true) {
      List<Stored> page = responses.after(models.lastResponseId(), 5_000);
      if (page.isEmpty()) {
        break;
      }
      for (Stored s : page) {
        models.learn(s.actionId(), s.channel(), s.outcome(), s.responseId());
      }
      replayed += page.size();
    }
    LOG.info(
        "adaptive models restored through response "
            + restoredThrough
            + ", then "
            + replayed
            + " responses replayed");
    return models;
  }

  /** Saves a snapshot when the models learned since the last one; returns whether it saved. */
  public boolean save(BetaBernoulliModels models) {
    ModelSnapshot snapshot = models.snapshot();
    if (snapshot.lastResponseId() == savedThrough) {
      return false;
    }
    snapshots.save(FAMILY, snapshot.lastResponseId(), clock.instant(), snapshot.toBytes());
    savedThrough = snapshot.lastResponseId();
    return true;
  }
}
