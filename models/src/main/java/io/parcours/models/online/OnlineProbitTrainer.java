package io.parcours.models.online;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.time.OffsetDateTime;
import java.util.Map;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

/**
 * The online probit learner as a Tribuo trainer: it streams a dataset's examples through an {@link
 * OnlineProbitLearner}, in the dataset's order, one at a time, exactly as the engine learns from
 * live responses. Configurable from an OLCUT configuration file like any Tribuo trainer, so data
 * scientists can cross-validate it and compare it with Tribuo's batch trainers on the same data.
 */
public final class OnlineProbitTrainer implements Trainer<Label> {

  @Config(description = "The label counted as a positive response.")
  private String positiveLabel = "yes";

  @Config(description = "Probit noise β: the spread of the latent score around its mean.")
  private double beta = 1.0;

  @Config(description = "Prior variance σ0² of every weight; the engine's default unless set.")
  private double priorVariance = OnlineProbitLearner.DEFAULT_PRIOR_VARIANCE;

  @Config(
      description =
          "Forgetting ε in [0, 1): how far every weight is pulled back to its prior per response learned.")
  private double forgetting = 0.0;

  private int invocations;

  /** For OLCUT. */
  @SuppressWarnings("unused")
  private OnlineProbitTrainer() {}

  public OnlineProbitTrainer(
      String positiveLabel, double beta, double priorVariance, double forgetting) {
    this.positiveLabel = positiveLabel;
    this.beta = beta;
    this.priorVariance = priorVariance;
    this.forgetting = forgetting;
    postConfig();
  }

  @Override
  public void postConfig() {
    settings();
  }

  /** The learner settings this trainer's configuration gives. */
  public OnlineProbitLearner.Settings settings() {
    return new OnlineProbitLearner.Settings(
        beta, FeaturePrior.uniform(priorVariance), forgetting, Long.MAX_VALUE);
  }

  /** The label counted as positive. */
  public Label positive() {
    return new Label(positiveLabel);
  }

  @Override
  public OnlinePropensityModel train(Dataset<Label> examples) {
    return train(examples, Map.of());
  }

  @Override
  public OnlinePropensityModel train(
      Dataset<Label> examples, Map<String, Provenance> runProvenance) {
    return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
  }

  @Override
  public synchronized OnlinePropensityModel train(
      Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
    if (invocationCount != INCREMENT_INVOCATION_COUNT) {
      invocations = invocationCount;
    }
    TrainerProvenance trainerProvenance = getProvenance();
    invocations++;
    OnlineProbitLearner learner = new OnlineProbitLearner(settings());
    long id = 0;
    for (Example<Label> e : examples) {
      String[] names = new String[e.size()];
      double[] values = new double[e.size()];
      int k = 0;
      for (Feature f : e) {
        names[k] = f.getName();
        values[k] = f.getValue();
        k++;
      }
      learner.learn(names, values, e.getOutput().getLabel().equals(positiveLabel), ++id);
    }
    ProbitWeights weights = learner.publish();
    ModelProvenance provenance =
        new ModelProvenance(
            OnlinePropensityModel.class.getName(),
            OffsetDateTime.now(),
            examples.getProvenance(),
            trainerProvenance,
            runProvenance);
    return OnlinePropensityModel.of(
        "online-probit", provenance, weights, positiveLabel, priorVariance);
  }

  @Override
  public int getInvocationCount() {
    return invocations;
  }

  @Override
  public void setInvocationCount(int count) {
    invocations = count;
  }

  @Override
  public TrainerProvenance getProvenance() {
    return new TrainerProvenanceImpl(this);
  }

  @Override
  public String toString() {
    return "OnlineProbitTrainer(positive="
        + positiveLabel
        + ", beta="
        + beta
        + ", priorVariance="
        + priorVariance
        + ", forgetting="
        + forgetting
        + ")";
  }
}
