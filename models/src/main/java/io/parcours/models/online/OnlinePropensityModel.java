package io.parcours.models.online;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableFeatureMap;
import org.tribuo.MutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A snapshot of an online probit model as a Tribuo {@code Model<Label>}: it predicts the positive
 * and negative labels with probabilities, explains a prediction by each feature's contribution,
 * carries its provenance, and serializes to Tribuo's protobuf format, so Tribuo's evaluators,
 * provenance tools and model files work on what the engine learned online.
 *
 * <p>Immutable. The weights are stored in the order of Tribuo's feature ids.
 */
public final class OnlinePropensityModel extends Model<Label> {

  private static final long serialVersionUID = 1L;

  /** Serialization format version of {@link #serialize()}. */
  public static final int CURRENT_VERSION = 0;

  private final String positive;
  private final String negative;
  private final double beta;
  private final double unseenVariance;
  private final double[] mean;
  private final double[] variance;

  private OnlinePropensityModel(
      String name,
      ModelProvenance provenance,
      ImmutableFeatureMap features,
      ImmutableOutputInfo<Label> outputs,
      String positive,
      String negative,
      double beta,
      double unseenVariance,
      double[] mean,
      double[] variance) {
    super(name, provenance, features, outputs, true);
    this.positive = positive;
    this.negative = negative;
    this.beta = beta;
    this.unseenVariance = unseenVariance;
    this.mean = mean;
    this.variance = variance;
  }

  /** The negative label's name for a positive one: "no" for "yes", otherwise "not-" + positive. */
  static String negativeOf(String positive) {
    return positive.equals("yes") ? "no" : "not-" + positive;
  }

  /**
   * The Tribuo view of a snapshot.
   *
   * @param positiveLabel the label of a positive response
   * @param unseenVariance the prior variance of a feature the snapshot never met
   */
  public static OnlinePropensityModel of(
      String name,
      ModelProvenance provenance,
      ProbitWeights weights,
      String positiveLabel,
      double unseenVariance) {
    MutableFeatureMap fm = new MutableFeatureMap();
    for (int i = 0; i < weights.features(); i++) {
      fm.add(weights.featureName(i), 1.0);
    }
    ImmutableFeatureMap features = new ImmutableFeatureMap(fm);
    double[] mean = new double[features.size()];
    double[] variance = new double[features.size()];
    for (int i = 0; i < weights.features(); i++) {
      int id = features.getID(weights.featureName(i));
      mean[id] = weights.meanAt(i);
      variance[id] = weights.varianceAt(i);
    }
    return new OnlinePropensityModel(
        name,
        provenance,
        features,
        outputs(positiveLabel),
        positiveLabel,
        negativeOf(positiveLabel),
        weights.beta(),
        unseenVariance,
        mean,
        variance);
  }

  private static ImmutableOutputInfo<Label> outputs(String positiveLabel) {
    LabelFactory factory = new LabelFactory();
    MutableOutputInfo<Label> info = factory.generateInfo();
    info.observe(new Label(positiveLabel));
    info.observe(new Label(negativeOf(positiveLabel)));
    return info.generateImmutableOutputInfo();
  }

  /** The posterior mean and variance of the linear predictor of {@code example}. */
  private double[] linear(Example<Label> example) {
    double m = 0;
    double v = 0;
    for (Feature f : example) {
      double x = f.getValue();
      int id = featureIDMap.getID(f.getName());
      if (id >= 0) {
        m += mean[id] * x;
        v += variance[id] * x * x;
      } else {
        v += unseenVariance * x * x;
      }
    }
    return new double[] {m, v};
  }

  /** The posterior mean probability of a positive response to {@code example}. */
  public double propensity(Example<Label> example) {
    double[] mv = linear(example);
    return GaussianTail.cdf(mv[0] / Math.sqrt(beta * beta + mv[1]));
  }

  @Override
  public Prediction<Label> predict(Example<Label> example) {
    double p = propensity(example);
    int used = 0;
    for (Feature f : example) {
      if (featureIDMap.getID(f.getName()) >= 0) {
        used++;
      }
    }
    Map<String, Label> scores = new HashMap<>();
    scores.put(positive, new Label(positive, p));
    scores.put(negative, new Label(negative, 1 - p));
    Label best = p >= 0.5 ? scores.get(positive) : scores.get(negative);
    return new Prediction<>(best, scores, used, example, true);
  }

  /** The features with the largest weights, positive first, under {@link Model#ALL_OUTPUTS}. */
  @Override
  public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
    List<Pair<String, Double>> all = new ArrayList<>(mean.length);
    for (int i = 0; i < mean.length; i++) {
      all.add(new Pair<>(featureIDMap.get(i).getName(), mean[i]));
    }
    all.sort(Comparator.comparingDouble((Pair<String, Double> p) -> -Math.abs(p.getB())));
    int k = n < 0 ? all.size() : Math.min(n, all.size());
    return Map.of(Model.ALL_OUTPUTS, List.copyOf(all.subList(0, k)));
  }

  /** Each feature's contribution xᵢμᵢ to the linear predictor, largest first. */
  @Override
  public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
    List<Pair<String, Double>> contributions = new ArrayList<>();
    for (Feature f : example) {
      int id = featureIDMap.getID(f.getName());
      contributions.add(new Pair<>(f.getName(), id >= 0 ? mean[id] * f.getValue() : 0.0));
    }
    contributions.sort(Comparator.comparingDouble((Pair<String, Double> p) -> -Math.abs(p.getB())));
    return Optional.of(new Excuse<>(example, predict(example), Map.of(positive, contributions)));
  }

  @Override
  protected OnlinePropensityModel copy(String newName, ModelProvenance newProvenance) {
    return new OnlinePropensityModel(
        newName,
        newProvenance,
        featureIDMap,
        outputIDInfo,
        positive,
        negative,
        beta,
        unseenVariance,
        mean.clone(),
        variance.clone());
  }

  /** The posterior mean of a feature's weight, or 0 when the model never met it. */
  public double weightMean(String feature) {
    int id = featureIDMap.getID(feature);
    return id >= 0 ? mean[id] : 0;
  }

  /** The posterior variance of a feature's weight, or the unseen variance when never met. */
  public double weightVariance(String feature) {
    int id = featureIDMap.getID(feature);
    return id >= 0 ? variance[id] : unseenVariance;
  }

  /** The label of a positive response. */
  public String positiveLabel() {
    return positive;
  }

  /**
   * Tribuo's protobuf form: the common model data (name, provenance, feature and output domains)
   * and the posterior, carried in a {@link Struct} so that no generated classes of our own are
   * needed.
   */
  @Override
  public ModelProto serialize() {
    ModelDataProto data = createDataCarrier().serialize();
    ListValue.Builder means = ListValue.newBuilder();
    ListValue.Builder variances = ListValue.newBuilder();
    for (int i = 0; i < mean.length; i++) {
      means.addValues(Value.newBuilder().setNumberValue(mean[i]));
      variances.addValues(Value.newBuilder().setNumberValue(variance[i]));
    }
    Struct body =
        Struct.newBuilder()
            .putFields(
                "model-data",
                Value.newBuilder()
                    .setStringValue(
                        java.util.Base64.getEncoder().encodeToString(data.toByteArray()))
                    .build())
            .putFields("positive", Value.newBuilder().setStringValue(positive).build())
            .putFields("beta", Value.newBuilder().setNumberValue(beta).build())
            .putFields("unseen-variance", Value.newBuilder().setNumberValue(unseenVariance).build())
            .putFields("mean", Value.newBuilder().setListValue(means).build())
            .putFields("variance", Value.newBuilder().setListValue(variances).build())
            .build();
    return ModelProto.newBuilder()
        .setVersion(CURRENT_VERSION)
        .setClassName(OnlinePropensityModel.class.getName())
        .setSerializedData(Any.pack(body))
        .build();
  }

  /**
   * Reads the protobuf form written by {@link #serialize()}; called by {@link Model#deserialize}.
   */
  public static OnlinePropensityModel deserializeFromProto(
      int version, String className, Any message) throws InvalidProtocolBufferException {
    if (version < 0 || version > CURRENT_VERSION) {
      throw new IllegalArgumentException(
          "unknown version " + version + ", this build reads up to " + CURRENT_VERSION);
    }
    Struct body = message.unpack(Struct.class);
    ModelDataProto dataProto =
        ModelDataProto.parseFrom(
            java.util.Base64.getDecoder()
                .decode(body.getFieldsOrThrow("model-data").getStringValue()));
    ModelDataCarrier<?> data = ModelDataCarrier.deserialize(dataProto);
    List<Value> means = body.getFieldsOrThrow("mean").getListValue().getValuesList();
    List<Value> variances = body.getFieldsOrThrow("variance").getListValue().getValuesList();
    if (means.size() != data.featureDomain().size() || variances.size() != means.size()) {
      throw new IllegalStateException(
          "invalid model: "
              + data.featureDomain().size()
              + " features but "
              + means.size()
              + " means and "
              + variances.size()
              + " variances");
    }
    double[] mean = new double[means.size()];
    double[] variance = new double[means.size()];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = means.get(i).getNumberValue();
      variance[i] = variances.get(i).getNumberValue();
    }
    @SuppressWarnings("unchecked")
    ImmutableOutputInfo<Label> outputs = (ImmutableOutputInfo<Label>) data.outputDomain();
    String positive = body.getFieldsOrThrow("positive").getStringValue();
    return new OnlinePropensityModel(
        data.name(),
        data.provenance(),
        data.featureDomain(),
        outputs,
        positive,
        negativeOf(positive),
        body.getFieldsOrThrow("beta").getNumberValue(),
        body.getFieldsOrThrow("unseen-variance").getNumberValue(),
        mean,
        variance);
  }
}
