package io.parcours.engine.runtime;

import io.parcours.engine.cache.CacheSettings;
import io.parcours.engine.demo.DemoCustomers;
import io.parcours.engine.decision.Arbitration;
import io.parcours.engine.decision.MaturityRamp;
import io.parcours.models.ModelFamilies;
import java.time.Duration;
import java.util.Objects;

/**
 * What can be configured, with the defaults that let the run command work with no setting at all.
 *
 * @param databaseUrl JDBC URL of PostgreSQL ({@code parcours.db.url})
 * @param databaseUser ({@code parcours.db.user})
 * @param databasePassword ({@code parcours.db.password})
 * @param poolSize most connections ({@code parcours.db.pool-size})
 * @param demo load the demo pack at start ({@code parcours.demo})
 * @param demoCustomers how many synthetic customers the demo pack has ({@code parcours.demo.customers})
 * @param demoSeed the seed of the demo customer generator ({@code parcours.demo.seed})
 * @param threshold the least priority worth showing ({@code parcours.arbitration.threshold})
 * @param auditBatch most decisions per audit commit ({@code parcours.audit.batch})
 * @param responseBatch most responses per commit ({@code parcours.responses.batch})
 * @param snapshotEvery how often model snapshots are saved ({@code parcours.models.snapshot-seconds})
 * @param modelFamily which adaptive models run: {@code probit} (one contextual model per channel) or
 *     {@code beta} (one posterior per action and channel) ({@code parcours.models.family})
 * @param controlShare the share of decisions ranked on random propensities, the control group against
 *     which the models' uplift is measured ({@code parcours.models.control-share})
 * @param caches local or distributed caches, and their sizes ({@code parcours.cache.*})
 */
public record EngineSettings(
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    int poolSize,
    boolean demo,
    int demoCustomers,
    long demoSeed,
    double threshold,
    int auditBatch,
    int responseBatch,
    Duration snapshotEvery,
    String modelFamily,
    double controlShare,
    MaturityRamp ramp,
    Arbitration.Exploration exploration,
    CacheSettings caches) {

  /** The default control share: 2 % of decisions. */
  public static final double DEFAULT_CONTROL_SHARE = 0.02;

  public EngineSettings {
    if (!(controlShare >= 0 && controlShare <= 1)) {
      throw new IllegalArgumentException(
          "parcours.models.control-share must be between 0 and 1 (0.02 is 2 %), got " + controlShare);
    }
    Objects.requireNonNull(ramp, "ramp");
    Objects.requireNonNull(exploration, "exploration");
    Objects.requireNonNull(caches, "caches");
  }

  /** Settings with local caches of the default sizes. */
  public EngineSettings(
      String databaseUrl,
      String databaseUser,
      String databasePassword,
      int poolSize,
      boolean demo,
      int demoCustomers,
      long demoSeed,
      double threshold,
      int auditBatch,
      int responseBatch,
      Duration snapshotEvery,
      String modelFamily,
      double controlShare,
      MaturityRamp ramp,
      Arbitration.Exploration exploration) {
    this(
        databaseUrl, databaseUser, databasePassword, poolSize, demo, demoCustomers, demoSeed, threshold,
        auditBatch, responseBatch, snapshotEvery, modelFamily, controlShare, ramp, exploration,
        CacheSettings.defaults());
  }

  /** These settings with other cache settings. */
  public EngineSettings withCaches(CacheSettings caches) {
    return new EngineSettings(
        databaseUrl, databaseUser, databasePassword, poolSize, demo, demoCustomers, demoSeed, threshold,
        auditBatch, responseBatch, snapshotEvery, modelFamily, controlShare, ramp, exploration, caches);
  }


  /** The default threshold: about a 5 % chance of a response on an action worth 1. */
  public static final double DEFAULT_THRESHOLD = 0.05;

  /** Defaults around a database URL, user and password. */
  public static EngineSettings defaults(String url, String user, String password) {
    return new EngineSettings(
        url, user, password, 16, true, 10_000, DemoCustomers.DEFAULT_SEED, DEFAULT_THRESHOLD, 256, 512, Duration.ofSeconds(10),
        ModelFamilies.DEFAULT, DEFAULT_CONTROL_SHARE, MaturityRamp.DEFAULT, Arbitration.Exploration.THOMPSON);
  }
}
