package io.parcours.engine.runtime;

import io.parcours.engine.cache.CacheSettings;
import io.parcours.engine.decision.Arbitration;
import io.parcours.engine.decision.MaturityRamp;
import io.parcours.engine.demo.DemoCustomers;
import io.parcours.models.ContextualProbitModels;
import io.parcours.models.ModelFamilies;
import io.parcours.models.online.FeaturePrior;
import io.parcours.models.online.OnlineProbitLearner;
import io.parcours.rules.EvaluationLimits;
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
 * @param demoCustomers how many synthetic customers the demo pack has ({@code
 *     parcours.demo.customers})
 * @param demoSeed the seed of the demo customer generator ({@code parcours.demo.seed})
 * @param threshold the least priority worth showing ({@code parcours.arbitration.threshold})
 * @param auditBatch most decisions per audit commit ({@code parcours.audit.batch})
 * @param responseBatch most responses per commit ({@code parcours.responses.batch})
 * @param snapshotEvery how often model snapshots are saved ({@code
 *     parcours.models.snapshot-seconds})
 * @param modelFamily which adaptive models run: {@code probit} (one contextual model per channel)
 *     or {@code beta} (one posterior per action and channel) ({@code parcours.models.family})
 * @param controlShare the share of decisions ranked on random propensities, the control group
 *     against which the models' uplift is measured ({@code parcours.models.control-share})
 * @param learner how the probit models learn and explore: prior variance ({@code
 *     parcours.models.prior-variance}), forgetting per response ({@code
 *     parcours.models.forgetting}) and the scale of the draws ({@code parcours.models.draw-scale})
 * @param caches local or distributed caches, and their sizes ({@code parcours.cache.*})
 * @param ruleLimits how far the rules may go for one decision: the most rule firings ({@code
 *     parcours.rules.max-firings}) and milliseconds ({@code parcours.rules.max-millis}); a decision
 *     that goes past them answers 503, and an upload whose scenarios do is refused
 * @param approvalsRequired how many approvers other than its author must approve a rule-set version
 *     before it goes live ({@code parcours.rulesets.approvals-required}, 1; 0 only for a sandbox)
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
    OnlineProbitLearner.Settings learner,
    CacheSettings caches,
    EvaluationLimits ruleLimits,
    int approvalsRequired) {

  /** The default control share: 2 % of decisions. */
  public static final double DEFAULT_CONTROL_SHARE = 0.02;

  public EngineSettings {
    if (!(controlShare >= 0 && controlShare <= 1)) {
      throw new IllegalArgumentException(
          "parcours.models.control-share must be between 0 and 1 (0.02 is 2 %), got "
              + controlShare);
    }
    Objects.requireNonNull(ramp, "ramp");
    Objects.requireNonNull(exploration, "exploration");
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(caches, "caches");
    Objects.requireNonNull(ruleLimits, "ruleLimits");
    if (approvalsRequired < 0 || approvalsRequired > MAX_APPROVALS) {
      throw new IllegalArgumentException(
          "parcours.rulesets.approvals-required must be between 0 (a sandbox: changes go live unreviewed) and "
              + MAX_APPROVALS
              + ", got "
              + approvalsRequired);
    }
  }

  /** The default number of approvals a rule-set version needs: one person besides its author. */
  public static final int DEFAULT_APPROVALS = 1;

  /** The most approvals a version can be made to need. */
  public static final int MAX_APPROVALS = 5;

  /**
   * Settings with local caches of the default sizes, the default probit learner and rule limits,
   * and one approval per rule-set version.
   */
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
        databaseUrl,
        databaseUser,
        databasePassword,
        poolSize,
        demo,
        demoCustomers,
        demoSeed,
        threshold,
        auditBatch,
        responseBatch,
        snapshotEvery,
        modelFamily,
        controlShare,
        ramp,
        exploration,
        ContextualProbitModels.defaultSettings(),
        CacheSettings.defaults(),
        EvaluationLimits.DEFAULT,
        DEFAULT_APPROVALS);
  }

  /** These settings with other cache settings. */
  public EngineSettings withCaches(CacheSettings caches) {
    return new EngineSettings(
        databaseUrl,
        databaseUser,
        databasePassword,
        poolSize,
        demo,
        demoCustomers,
        demoSeed,
        threshold,
        auditBatch,
        responseBatch,
        snapshotEvery,
        modelFamily,
        controlShare,
        ramp,
        exploration,
        learner,
        caches,
        ruleLimits,
        approvalsRequired);
  }

  /** These settings with another number of approvals a rule-set version needs. */
  public EngineSettings withApprovalsRequired(int approvalsRequired) {
    return new EngineSettings(
        databaseUrl,
        databaseUser,
        databasePassword,
        poolSize,
        demo,
        demoCustomers,
        demoSeed,
        threshold,
        auditBatch,
        responseBatch,
        snapshotEvery,
        modelFamily,
        controlShare,
        ramp,
        exploration,
        learner,
        caches,
        ruleLimits,
        approvalsRequired);
  }

  /** These settings with another probit learner. */
  public EngineSettings withLearner(OnlineProbitLearner.Settings learner) {
    return new EngineSettings(
        databaseUrl,
        databaseUser,
        databasePassword,
        poolSize,
        demo,
        demoCustomers,
        demoSeed,
        threshold,
        auditBatch,
        responseBatch,
        snapshotEvery,
        modelFamily,
        controlShare,
        ramp,
        exploration,
        learner,
        caches,
        ruleLimits,
        approvalsRequired);
  }

  /** These settings with other limits on the rules of one decision. */
  public EngineSettings withRuleLimits(EvaluationLimits ruleLimits) {
    return new EngineSettings(
        databaseUrl,
        databaseUser,
        databasePassword,
        poolSize,
        demo,
        demoCustomers,
        demoSeed,
        threshold,
        auditBatch,
        responseBatch,
        snapshotEvery,
        modelFamily,
        controlShare,
        ramp,
        exploration,
        learner,
        caches,
        ruleLimits,
        approvalsRequired);
  }

  /**
   * The limits of {@code parcours.rules.max-firings} and {@code parcours.rules.max-millis}.
   *
   * @throws IllegalArgumentException naming the setting that is out of range
   */
  public static EvaluationLimits ruleLimits(long maxFirings, long maxMillis) {
    if (maxFirings < 1) {
      throw new IllegalArgumentException(
          "parcours.rules.max-firings must be at least 1 (the default is "
              + EvaluationLimits.DEFAULT.maxFirings()
              + "), got "
              + maxFirings);
    }
    if (maxMillis < 1) {
      throw new IllegalArgumentException(
          "parcours.rules.max-millis must be at least 1 (the default is "
              + EvaluationLimits.DEFAULT.maxMillis()
              + "), got "
              + maxMillis);
    }
    return new EvaluationLimits(maxFirings, maxMillis);
  }

  /**
   * The probit learner of {@code parcours.models.prior-variance}, {@code
   * parcours.models.forgetting} and {@code parcours.models.draw-scale}, with β = 1 and snapshots
   * published within 100 ms.
   *
   * @throws IllegalArgumentException naming the setting that is out of range, and its range
   */
  public static OnlineProbitLearner.Settings learner(
      double priorVariance, double forgetting, double drawScale) {
    if (!(priorVariance > 0) || Double.isInfinite(priorVariance)) {
      throw new IllegalArgumentException(
          "parcours.models.prior-variance must be finite and > 0 (the default is "
              + OnlineProbitLearner.DEFAULT_PRIOR_VARIANCE
              + "), got "
              + priorVariance);
    }
    if (!(forgetting >= 0 && forgetting < 1)) {
      throw new IllegalArgumentException(
          "parcours.models.forgetting must be at least 0 and below 1 (0 forgets nothing; 0.0003 keeps about"
              + " the last 3,000 responses of a channel's model), got "
              + forgetting);
    }
    if (!(drawScale >= 0 && drawScale <= 1)) {
      throw new IllegalArgumentException(
          "parcours.models.draw-scale must be between 0 (rank on the mean) and 1 (plain Thompson"
              + " sampling), got "
              + drawScale);
    }
    OnlineProbitLearner.Settings d = ContextualProbitModels.defaultSettings();
    return new OnlineProbitLearner.Settings(
        d.beta(),
        FeaturePrior.uniform(priorVariance),
        forgetting,
        d.publishEveryNanos(),
        drawScale);
  }

  /** The default threshold: about a 5 % chance of a response on an action worth 1. */
  public static final double DEFAULT_THRESHOLD = 0.05;

  /** Defaults around a database URL, user and password. */
  public static EngineSettings defaults(String url, String user, String password) {
    return new EngineSettings(
        url,
        user,
        password,
        16,
        true,
        10_000,
        DemoCustomers.DEFAULT_SEED,
        DEFAULT_THRESHOLD,
        256,
        512,
        Duration.ofSeconds(10),
        ModelFamilies.DEFAULT,
        DEFAULT_CONTROL_SHARE,
        MaturityRamp.DEFAULT,
        Arbitration.Exploration.THOMPSON);
  }
}
