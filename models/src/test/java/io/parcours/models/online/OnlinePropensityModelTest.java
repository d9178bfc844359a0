package io.parcours.models.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The online learner seen through Tribuo: trained as a Trainer, evaluated, explained, serialized.
 */
class OnlinePropensityModelTest {

  private static final LabelFactory LABELS = new LabelFactory();

  /** Customers who hold a savings account say yes more often; mobile users a little less. */
  private static MutableDataset<Label> data(long seed, int n) {
    MutableDataset<Label> d =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("synthetic offers " + seed, LABELS), LABELS);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      boolean savings = r.nextDouble() < 0.4;
      boolean mobile = r.nextDouble() < 0.5;
      double p = 0.05 + (savings ? 0.25 : 0) - (mobile ? 0.03 : 0);
      ArrayExample<Label> e = new ArrayExample<>(new Label(r.nextDouble() < p ? "yes" : "no"));
      e.add("bias", 1);
      e.add(savings ? "savings=yes" : "savings=no", 1);
      e.add(mobile ? "device=mobile" : "device=desktop", 1);
      d.add(e);
    }
    return d;
  }

  @Test
  void tribuosEvaluatorMeasuresWhatTheOnlineLearnerLearned() {
    OnlineProbitTrainer trainer = new OnlineProbitTrainer("yes", 1.0, 0.1, 0.0);
    OnlinePropensityModel model = trainer.train(data(1, 20_000));
    LabelEvaluation eval = new LabelEvaluator().evaluate(model, data(2, 10_000));
    double auc = eval.AUCROC(new Label("yes"));
    // The best possible ranking here sorts by savings then device: AUC about 0.76.
    assertTrue(auc > 0.72, "AUC " + auc);
    assertTrue(model.weightMean("savings=yes") > model.weightMean("savings=no"));
  }

  @Test
  void theModelCarriesTheTrainersProvenance() {
    OnlinePropensityModel model =
        new OnlineProbitTrainer("yes", 1.0, 0.25, 0.0).train(data(1, 500));
    String provenance = model.getProvenance().toString();
    assertTrue(provenance.contains("OnlineProbitTrainer"), provenance);
    assertTrue(provenance.contains("priorVariance"), provenance);
    assertTrue(provenance.contains("synthetic offers 1"), provenance);
  }

  @Test
  void aModelSurvivesTribuosProtobufFormat() throws Exception {
    OnlinePropensityModel model =
        new OnlineProbitTrainer("yes", 1.0, 0.1, 0.0).train(data(1, 5000));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    model.serializeToStream(out);
    Model<?> read = Model.deserializeFromStream(new ByteArrayInputStream(out.toByteArray()));
    OnlinePropensityModel back = (OnlinePropensityModel) read;
    for (var e : data(3, 50)) {
      assertEquals(model.propensity(e), back.propensity(e), 1e-15);
    }
    assertEquals(model.getProvenance(), back.getProvenance());
  }

  @Test
  void anExcuseNamesTheFeaturesThatDroveTheScore() {
    OnlinePropensityModel model =
        new OnlineProbitTrainer("yes", 1.0, 0.1, 0.0).train(data(1, 20_000));
    ArrayExample<Label> saver = new ArrayExample<>(LABELS.getUnknownOutput());
    saver.add("bias", 1);
    saver.add("savings=yes", 1);
    saver.add("device=desktop", 1);
    var excuse = model.getExcuse(saver).orElseThrow();
    assertEquals(3, excuse.excuse("yes").size());
    assertTrue(model.predict(saver).getOutputScores().get("yes").getScore() > 0.2);
  }
}
