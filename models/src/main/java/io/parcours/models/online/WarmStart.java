package io.parcours.models.online;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.math.la.DenseMatrix;

/**
 * A prior taken from an offline-trained model, so that an online learner starts from what the data
 * scientists' retraining found instead of from nothing ("warm start"), and retraining never throws
 * away what was learned online: the offline model was trained on the history the online model
 * learned from.
 *
 * <p><b>From a logistic regression</b> (Tribuo {@link LinearSGDModel}, two labels): the log-odds of
 * a positive response is z = Σ (w₊ᵢ − w₋ᵢ) xᵢ + (b₊ − b₋). Since the logistic function is close to
 * a probit, σ(z) ≈ Φ(z·√(π/8)), each prior mean is the log-odds weight times √(π/8) ≈ 0.627, and
 * the offline bias goes to the {@code bias} feature. The offline fit gives no uncertainty, so every
 * weight gets the same prior variance, chosen at upload (smaller: trust the offline model more).
 *
 * <p><b>From the online probit</b> ({@link OnlinePropensityModel}, the retrain command's {@code
 * builtin:online-probit}): its posterior means are taken as they are, and its variances, widened to
 * at least the chosen variance so that the new learner still explores.
 *
 * <p>A feature the offline model does not know gets the default prior.
 */
public final class WarmStart implements FeaturePrior {

  /** √(π/8): the slope that matches a probit to the logistic function at 0. */
  static final double LOGIT_TO_PROBIT = Math.sqrt(Math.PI / 8);

  private final Map<String, double[]> weights;
  private final FeaturePrior fallback;
  private final String source;

  private WarmStart(Map<String, double[]> weights, FeaturePrior fallback, String source) {
    this.weights = weights;
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    this.source = source;
  }

  /**
   * The prior an offline model gives.
   *
   * @param positiveLabel the model's label of a positive response ({@code yes} in the training-data
   *     export)
   * @param variance the prior variance of each weight the model knows, &gt; 0
   * @param fallback the prior of the features the model does not know
   * @throws IllegalArgumentException when the model is not one a probit can start from, saying
   *     which are
   */
  public static WarmStart of(
      Model<Label> model, String positiveLabel, double variance, FeaturePrior fallback) {
    if (!(variance > 0) || Double.isInfinite(variance)) {
      throw new IllegalArgumentException(
          "a prior variance must be finite and > 0, got " + variance);
    }
    Map<String, double[]> weights = new HashMap<>();
    if (model instanceof OnlinePropensityModel online) {
      if (!online.positiveLabel().equals(positiveLabel)) {
        throw new IllegalArgumentException(
            "the model's positive label is '"
                + online.positiveLabel()
                + "', not '"
                + positiveLabel
                + "'");
      }
      for (VariableInfo f : online.getFeatureIDMap()) {
        String name = f.getName();
        weights.put(
            name,
            new double[] {
              online.weightMean(name), Math.max(variance, online.weightVariance(name))
            });
      }
    } else if (model instanceof LinearSGDModel linear) {
      ImmutableOutputInfo<Label> labels = linear.getOutputIDInfo();
      if (labels.size() != 2) {
        throw new IllegalArgumentException(
            "a warm start needs a model of two labels (a response positive or not), this one has "
                + labels.size());
      }
      int positive = labels.getID(new Label(positiveLabel));
      if (positive < 0) {
        throw new IllegalArgumentException(
            "the model has no label '" + positiveLabel + "'; its labels are " + labels.getDomain());
      }
      int negative = 1 - positive;
      DenseMatrix w = linear.getWeightsCopy();
      ImmutableFeatureMap features = linear.getFeatureIDMap();
      for (VariableInfo f : features) {
        int id = features.getID(f.getName());
        double logOdds = w.get(positive, id) - w.get(negative, id);
        weights.put(f.getName(), new double[] {logOdds * LOGIT_TO_PROBIT, variance});
      }
      int bias = features.size();
      double biasLogOdds = w.get(positive, bias) - w.get(negative, bias);
      double[] known = weights.get(io.parcours.models.PropensityFeatures.BIAS);
      double biasMean = (known == null ? 0 : known[0]) + biasLogOdds * LOGIT_TO_PROBIT;
      weights.put(io.parcours.models.PropensityFeatures.BIAS, new double[] {biasMean, variance});
    } else {
      throw new IllegalArgumentException(
          "an online probit can start from a logistic regression ("
              + LinearSGDModel.class.getSimpleName()
              + ") or an online probit ("
              + OnlinePropensityModel.class.getSimpleName()
              + "), not from a "
              + model.getClass().getSimpleName());
    }
    return new WarmStart(Map.copyOf(weights), fallback, model.getClass().getSimpleName());
  }

  @Override
  public double mean(String feature) {
    double[] w = weights.get(feature);
    return w == null ? fallback.mean(feature) : w[0];
  }

  @Override
  public double variance(String feature) {
    double[] w = weights.get(feature);
    return w == null ? fallback.variance(feature) : w[1];
  }

  /** How many features the offline model gave a weight. */
  public int features() {
    return weights.size();
  }

  /** The weights it gives, largest mean first: feature, mean, variance. */
  public List<Map.Entry<String, double[]>> largest(int n) {
    List<Map.Entry<String, double[]>> all = new ArrayList<>(weights.entrySet());
    all.sort(Map.Entry.comparingByValue((a, b) -> Double.compare(Math.abs(b[0]), Math.abs(a[0]))));
    return all.subList(0, Math.min(n, all.size()));
  }

  /** Writes the weights, sorted by feature so that the same prior always gives the same bytes. */
  public void write(DataOutput out) throws IOException {
    out.writeUTF(source);
    List<String> names = new ArrayList<>(weights.keySet());
    names.sort(null);
    out.writeInt(names.size());
    for (String n : names) {
      double[] w = weights.get(n);
      out.writeUTF(n);
      out.writeDouble(w[0]);
      out.writeDouble(w[1]);
    }
  }

  /** Reads what {@link #write} wrote. */
  public static WarmStart read(DataInput in, FeaturePrior fallback) throws IOException {
    String source = in.readUTF();
    int n = in.readInt();
    Map<String, double[]> weights = new HashMap<>(Math.max(16, n * 2));
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      double mean = in.readDouble();
      double variance = in.readDouble();
      if (!(variance > 0)) {
        throw new IOException("feature '" + name + "' has prior variance " + variance);
      }
      weights.put(name, new double[] {mean, variance});
    }
    return new WarmStart(Map.copyOf(weights), fallback, source);
  }

  @Override
  public String toString() {
    return "warm start from a " + source + " (" + weights.size() + " weights), else " + fallback;
  }
}
