package io.parcours.models.offline;

import io.parcours.domain.Channel;
import io.parcours.models.PropensityModels;
import io.parcours.models.Randomness;
import io.parcours.models.online.ProbitWeights;
import java.util.List;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * A candidate model as off-policy evaluation uses it: the mean propensity it gives an action with
 * given features. Anything that predicts a propensity can be a candidate: a probit model's weights,
 * the engine's models of any family, a model version, or a Tribuo model trained offline.
 *
 * <p>Not required to be thread-safe: one evaluation scores from one thread.
 */
@FunctionalInterface
public interface CandidateScorer {

  /** The candidate's mean propensity for {@code actionId} with {@code features}, in [0, 1]. */
  double propensity(String actionId, List<String> features);

  /** The posterior mean propensity under a probit model's weights. */
  static CandidateScorer of(ProbitWeights weights) {
    Objects.requireNonNull(weights, "weights");
    return (actionId, features) -> weights.propensity(weights.encode(features));
  }

  /** The posterior mean propensity of {@code models} on {@code channel} (the draw is not used). */
  static CandidateScorer of(PropensityModels models, Channel channel) {
    Objects.requireNonNull(models, "models");
    Objects.requireNonNull(channel, "channel");
    UniformRandomProvider rng = Randomness.seeded(0);
    return (actionId, features) -> models.score(actionId, channel, features, rng).propensity();
  }

  /**
   * The probability a Tribuo classifier gives {@code positiveLabel} for an example with the
   * features, each of value 1 (as the training-data export's examples are built).
   *
   * @throws IllegalArgumentException when the model cannot give probabilities or does not know the
   *     label
   */
  static CandidateScorer of(Model<Label> model, String positiveLabel) {
    Objects.requireNonNull(model, "model");
    if (!model.generatesProbabilities()) {
      throw new IllegalArgumentException(
          "the model " + model.getName() + " does not predict probabilities");
    }
    if (model.getOutputIDInfo().getID(new Label(positiveLabel)) < 0) {
      throw new IllegalArgumentException(
          "the model "
              + model.getName()
              + " has no label '"
              + positiveLabel
              + "'; it knows "
              + model.getOutputIDInfo().getDomain());
    }
    Label unknown = new Label(positiveLabel);
    return (actionId, features) -> {
      // Built at once: adding features one by one sorts the example after each.
      String[] names = features.stream().distinct().toArray(String[]::new);
      double[] ones = new double[names.length];
      java.util.Arrays.fill(ones, 1.0);
      Prediction<Label> p = model.predict(new ArrayExample<>(unknown, names, ones));
      Label score = p.getOutputScores().get(positiveLabel);
      return score == null ? 0 : score.getScore();
    };
  }
}
