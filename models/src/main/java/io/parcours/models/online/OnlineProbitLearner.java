package io.parcours.models.online;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Learns a Bayesian probit regression one response at a time, by assumed-density filtering, and
 * publishes immutable {@link ProbitWeights} snapshots for scoring.
 *
 * <p><b>The update</b> (Graepel, Candela, Borchert, Herbrich, "Web-scale Bayesian click-through
 * rate prediction for sponsored search advertising in Microsoft's Bing search engine", ICML 2010).
 * Each weight has an independent normal posterior N(μᵢ, σᵢ²). For an example x with label y ∈ {−1,
 * +1}:
 *
 * <pre>
 *   s² = β² + Σ xᵢ² σᵢ²          t = y · Σ xᵢ μᵢ / s
 *   μᵢ ← μᵢ + y · xᵢ · (σᵢ² / s) · v(t)
 *   σᵢ² ← σᵢ² · (1 − xᵢ² · (σᵢ² / s²) · w(t))
 * </pre>
 *
 * with v(t) = φ(t)/Φ(t) and w(t) = v(t)(v(t) + t). This is the exact posterior of one probit
 * observation projected back onto independent normals, so it costs time proportional to the number
 * of active features, needs no learning rate, and keeps a variance per weight: the posterior
 * Thompson sampling draws from.
 *
 * <p><b>Forgetting.</b> Optional forgetting ε pulls every weight a little back towards its prior
 * after each response learned, whether the response touched it or not (ADR 0016): in natural
 * parameters,
 *
 * <pre>
 *   1/σᵢ² ← (1 − ε)/σᵢ² + ε/σ0ᵢ²          μᵢ/σᵢ² ← (1 − ε)μᵢ/σᵢ² + ε μ0ᵢ/σ0ᵢ²
 * </pre>
 *
 * so that a model keeps following customers whose tastes drift, and a weight left unseen for a
 * while (an action not offered in a season) becomes uncertain again and is explored again. The
 * clock is the model's count of responses learned. Since k such steps compose into one with (1 −
 * ε)ᵏ in place of 1 − ε, a weight is brought up to date only when a response touches it or a
 * snapshot is published: an update still costs time proportional to the active features.
 *
 * <p>Threading: one writer calls {@link #learn} and {@link #publish}; {@link #weights()} may be
 * read by any thread at any time and returns the last published snapshot.
 */
public final class OnlineProbitLearner {

  /**
   * How the learner is set up.
   *
   * @param drawScale α in [0, 1], how widely a draw for ranking spreads around the posterior mean
   *     propensity (see {@link ProbitPosterior}): 1 is Thompson sampling, 0 ranks on the mean. It
   *     changes no weight, only the draws scored from them.
   */
  public record Settings(
      double beta,
      FeaturePrior prior,
      double forgetting,
      long publishEveryNanos,
      double drawScale) {
    public Settings {
      Objects.requireNonNull(prior, "prior");
      if (!(beta > 0) || Double.isInfinite(beta)) {
        throw new IllegalArgumentException("beta must be finite and > 0, got " + beta);
      }
      if (!(forgetting >= 0 && forgetting < 1)) {
        throw new IllegalArgumentException("forgetting must be in [0, 1), got " + forgetting);
      }
      if (publishEveryNanos < 0) {
        throw new IllegalArgumentException(
            "publishEveryNanos must be ≥ 0, got " + publishEveryNanos);
      }
      if (!(drawScale >= 0 && drawScale <= 1)) {
        throw new IllegalArgumentException("drawScale must be in [0, 1], got " + drawScale);
      }
    }

    /** Settings whose draws are plain Thompson samples (α = 1). */
    public Settings(double beta, FeaturePrior prior, double forgetting, long publishEveryNanos) {
      this(beta, prior, forgetting, publishEveryNanos, 1.0);
    }

    /** The same settings with another prior: a warm start. */
    public Settings withPrior(FeaturePrior other) {
      return new Settings(beta, other, forgetting, publishEveryNanos, drawScale);
    }

    /**
     * β = 1, N(0, {@value #DEFAULT_PRIOR_VARIANCE}) for every weight, no forgetting, a snapshot at
     * least every 100 ms of learning, draws scaled by α = {@value #DEFAULT_DRAW_SCALE}.
     */
    public static Settings defaults() {
      return new Settings(
          1.0, FeaturePrior.uniform(DEFAULT_PRIOR_VARIANCE), 0.0, 100_000_000L, DEFAULT_DRAW_SCALE);
    }
  }

  /**
   * σ0² of every weight unless set. With about 45 features per scored action, the prior spread of a
   * new action's linear predictor is 45 σ0². Chosen with {@link #DEFAULT_DRAW_SCALE} on the journey
   * simulator's seeds 1 to 4 (docs/models.md, ADR 0015).
   */
  public static final double DEFAULT_PRIOR_VARIANCE = 0.03;

  /**
   * α of the draws unless set: chosen with {@link #DEFAULT_PRIOR_VARIANCE} on the journey
   * simulator's seeds 1 to 4, by the least mean regret (docs/models.md, ADR 0015).
   */
  public static final double DEFAULT_DRAW_SCALE = 0.4;

  private final Settings settings;
  private final FeatureDomain domain;
  private double[] mean;
  private double[] variance;

  /** For each weight, the count of responses learned at which its stored mean and variance hold. */
  private long[] current;

  private long evidence;
  private long positives;
  private long lastResponseId;
  private long lastPublished = System.nanoTime();
  private boolean dirty;
  private volatile ProbitWeights published;

  public OnlineProbitLearner(Settings settings) {
    this(settings, new FeatureDomain(), new double[0], new double[0], 0, 0, 0);
  }

  private OnlineProbitLearner(
      Settings settings,
      FeatureDomain domain,
      double[] mean,
      double[] variance,
      long evidence,
      long positives,
      long lastResponseId) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.domain = domain;
    this.mean = mean;
    this.variance = variance;
    this.current = new long[mean.length];
    Arrays.fill(current, evidence);
    this.evidence = evidence;
    this.positives = positives;
    this.lastResponseId = lastResponseId;
    this.published = snapshotNow();
  }

  /**
   * A learner that continues from a snapshot (a restart): same features, same posteriors, same
   * counts.
   */
  public static OnlineProbitLearner resume(Settings settings, ProbitWeights from) {
    int n = from.features();
    String[] names = new String[n];
    double[] mean = new double[n];
    double[] variance = new double[n];
    for (int i = 0; i < n; i++) {
      names[i] = from.featureName(i);
      mean[i] = from.meanAt(i);
      variance[i] = from.varianceAt(i);
    }
    return resume(
        settings, names, mean, variance, from.evidence(), from.positives(), from.lastResponseId());
  }

  /** A learner that continues from stored weights: feature names with their means and variances. */
  public static OnlineProbitLearner resume(
      Settings settings,
      String[] names,
      double[] mean,
      double[] variance,
      long evidence,
      long positives,
      long lastResponseId) {
    if (names.length != mean.length || names.length != variance.length) {
      throw new IllegalArgumentException(
          names.length + " names, " + mean.length + " means and " + variance.length + " variances");
    }
    FeatureDomain domain = new FeatureDomain();
    for (int i = 0; i < names.length; i++) {
      if (domain.indexOrAdd(names[i]) != i) {
        throw new IllegalArgumentException("feature '" + names[i] + "' appears twice");
      }
      if (!(variance[i] > 0)) {
        throw new IllegalArgumentException(
            "feature '" + names[i] + "' has variance " + variance[i]);
      }
    }
    return new OnlineProbitLearner(
        settings, domain, mean.clone(), variance.clone(), evidence, positives, lastResponseId);
  }

  /** The settings the learner was built with. */
  public Settings settings() {
    return settings;
  }

  /** The last published snapshot. */
  public ProbitWeights weights() {
    return published;
  }

  /** The id of the last response learned; 0 when none. */
  public long lastResponseId() {
    return lastResponseId;
  }

  /**
   * The posterior mean propensity of an example (features with value 1) under everything learned so
   * far, published or not: what the model predicts just before it learns a response. Writer only.
   */
  public double predict(List<String> features) {
    String[] names = features.toArray(String[]::new);
    double[] ones = new double[names.length];
    Arrays.fill(ones, 1.0);
    return predict(names, ones);
  }

  /**
   * {@link #predict(List)} of the example {@code crossing} makes of {@code own} in {@code context},
   * found without building the names of features the model has met. Writer only.
   */
  public double predict(Crossing crossing, List<String> context, List<String> own) {
    int[] index = crossing.indices(domain, context, own);
    double m = 0;
    double v = settings.beta() * settings.beta();
    for (int k = 0; k < index.length; k++) {
      int i = index[k];
      if (i >= 0 && i < mean.length && variance[i] > 0) {
        bringUpToDate(i);
        m += mean[i];
        v += variance[i];
      } else {
        String f = crossing.name(context, own, k);
        m += settings.prior().mean(f);
        v += settings.prior().variance(f);
      }
    }
    return GaussianTail.cdf(m / Math.sqrt(v));
  }

  /** {@link #predict(List)} of an example given as feature names and values. Writer only. */
  public double predict(String[] features, double[] values) {
    if (features.length != values.length) {
      throw new IllegalArgumentException(
          features.length + " feature names but " + values.length + " values");
    }
    double m = 0;
    double v = settings.beta() * settings.beta();
    for (int k = 0; k < features.length; k++) {
      String f = features[k];
      double x = values[k];
      int i = domain.index(f);
      if (i >= 0 && i < mean.length && variance[i] > 0) {
        bringUpToDate(i);
        m += mean[i] * x;
        v += variance[i] * x * x;
      } else {
        m += settings.prior().mean(f) * x;
        v += settings.prior().variance(f) * x * x;
      }
    }
    return GaussianTail.cdf(m / Math.sqrt(v));
  }

  /**
   * Learns one response to an example whose features all have value 1.
   *
   * @param responseId the durable id of the response; one not above {@link #lastResponseId()} was
   *     already learned and is ignored, so a replay after a restart counts nothing twice
   * @return whether the response was learned
   */
  public boolean learn(List<String> features, boolean positive, long responseId) {
    String[] names = features.toArray(String[]::new);
    double[] ones = new double[names.length];
    Arrays.fill(ones, 1.0);
    return learn(names, ones, positive, responseId);
  }

  /**
   * Learns one response to an example given as feature names and values; see {@link #learn(List,
   * boolean, long)}.
   */
  public boolean learn(String[] features, double[] values, boolean positive, long responseId) {
    if (features.length != values.length) {
      throw new IllegalArgumentException(
          features.length + " feature names but " + values.length + " values");
    }
    if (responseId <= lastResponseId) {
      return false;
    }
    int[] index = new int[features.length];
    for (int k = 0; k < features.length; k++) {
      index[k] = slot(domain.indexOrAdd(features[k]));
      bringUpToDate(index[k]);
    }
    update(index, values, positive, responseId);
    return true;
  }

  /**
   * Learns one response to the example {@code crossing} makes of {@code own} in {@code context}, as
   * {@link #learn(List, boolean, long)} learns the same features by name: the same weights, and new
   * features added in the same order under the same names. Only the names of new features are
   * built.
   */
  public boolean learn(
      Crossing crossing,
      List<String> context,
      List<String> own,
      boolean positive,
      long responseId) {
    if (responseId <= lastResponseId) {
      return false;
    }
    int[] index = crossing.indices(domain, context, own);
    for (int k = 0; k < index.length; k++) {
      int known = index[k];
      index[k] = slot(known >= 0 ? known : domain.indexOrAdd(crossing.name(context, own, k)));
      bringUpToDate(index[k]);
    }
    double[] ones = new double[index.length];
    Arrays.fill(ones, 1.0);
    update(index, ones, positive, responseId);
    return true;
  }

  /** The update of the weights at {@code index}, of values {@code values}, by one response. */
  private void update(int[] index, double[] values, boolean positive, long responseId) {
    double m = 0;
    double s2 = settings.beta() * settings.beta();
    for (int k = 0; k < index.length; k++) {
      double x = values[k];
      m += mean[index[k]] * x;
      s2 += variance[index[k]] * x * x;
    }
    double y = positive ? 1 : -1;
    double s = Math.sqrt(s2);
    double t = y * m / s;
    double v = GaussianTail.v(t);
    double w = GaussianTail.w(t);
    for (int k = 0; k < index.length; k++) {
      int i = index[k];
      double x = values[k];
      double var = variance[i];
      mean[i] += y * x * (var / s) * v;
      variance[i] = var * (1 - x * x * (var / s2) * w);
      // The forgetting step of this response is still to come, as for every other weight.
      current[i] = evidence;
    }
    evidence++;
    if (positive) {
      positives++;
    }
    lastResponseId = responseId;
    dirty = true;
    if (System.nanoTime() - lastPublished >= settings.publishEveryNanos()) {
      publish();
    }
  }

  /**
   * Publishes what was learned since the last snapshot, so the next score sees it. The writer calls
   * it when it has no more responses waiting; {@link #learn} also publishes when the last snapshot
   * is older than the settings allow.
   */
  public ProbitWeights publish() {
    if (dirty) {
      published = snapshotNow();
      dirty = false;
    }
    lastPublished = System.nanoTime();
    return published;
  }

  private ProbitWeights snapshotNow() {
    int n = domain.size();
    if (settings.forgetting() > 0) {
      for (int i = 0; i < n; i++) {
        bringUpToDate(i);
      }
    }
    return new ProbitWeights(
        domain,
        settings.prior(),
        settings.beta(),
        Arrays.copyOf(mean, n),
        Arrays.copyOf(variance, n),
        evidence,
        positives,
        lastResponseId);
  }

  /** The array slot of feature {@code i} of the domain, given its prior when new. */
  private int slot(int i) {
    if (i >= mean.length) {
      int capacity = Math.max(16, Math.max(i + 1, mean.length * 2));
      mean = Arrays.copyOf(mean, capacity);
      variance = Arrays.copyOf(variance, capacity);
      current = Arrays.copyOf(current, capacity);
    }
    if (variance[i] == 0) {
      String feature = domain.name(i);
      mean[i] = settings.prior().mean(feature);
      variance[i] = settings.prior().variance(feature);
      current[i] = evidence;
    }
    return i;
  }

  /**
   * Applies to weight i the forgetting steps of the responses learned since it was last brought up
   * to date: k steps of ε are one step of 1 − (1 − ε)ᵏ, a mixture with the prior in natural
   * parameters.
   */
  private void bringUpToDate(int i) {
    long k = evidence - current[i];
    current[i] = evidence;
    if (k <= 0 || settings.forgetting() == 0) {
      return;
    }
    String feature = domain.name(i);
    double kept = Math.pow(1 - settings.forgetting(), k);
    double p0 = 1 / settings.prior().variance(feature);
    double p = 1 / variance[i];
    double precision = kept * p + (1 - kept) * p0;
    double meanTimesPrecision =
        kept * mean[i] * p + (1 - kept) * settings.prior().mean(feature) * p0;
    variance[i] = 1 / precision;
    mean[i] = meanTimesPrecision / precision;
  }
}
