package io.parcours.models.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/**
 * How a model did on the hold-out: AUC and its ROC curve, calibration and lift by decile of the
 * prediction.
 *
 * <p>Deciles: the hold-out's examples sorted by predicted propensity, highest first, cut into ten
 * groups of (nearly) equal size. Calibration sets each group's mean prediction beside its observed
 * positive rate; lift is the group's positive rate divided by the hold-out's.
 */
public record HoldoutEvaluation(
    int examples, int positives, double auc, LabelEvaluationUtil.ROC roc, List<Decile> deciles) {

  /**
   * One tenth of the hold-out, by predicted propensity (decile 1 holds the highest predictions).
   *
   * @param lift the decile's positive rate ÷ the hold-out's positive rate
   * @param cumulativeCapture the share of all positives found in this and the higher deciles
   */
  public record Decile(
      int decile,
      int examples,
      double meanPredicted,
      double observedRate,
      double lift,
      double cumulativeCapture) {}

  /** Evaluates predictions against outcomes. */
  public static HoldoutEvaluation of(boolean[] positive, double[] predicted) {
    if (positive.length != predicted.length || positive.length == 0) {
      throw new IllegalArgumentException("need as many predictions as outcomes, and at least one");
    }
    int n = positive.length;
    int pos = 0;
    for (boolean b : positive) {
      pos += b ? 1 : 0;
    }
    if (pos == 0 || pos == n) {
      throw new IllegalArgumentException(
          "the hold-out has "
              + pos
              + " positive examples out of "
              + n
              + ": AUC needs both outcomes");
    }
    double auc = LabelEvaluationUtil.binaryAUCROC(positive, predicted);
    LabelEvaluationUtil.ROC roc = LabelEvaluationUtil.generateROCCurve(positive, predicted);
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -predicted[i]));
    double baseRate = (double) pos / n;
    List<Decile> deciles = new ArrayList<>(10);
    int captured = 0;
    for (int d = 0; d < 10; d++) {
      int from = (int) ((long) n * d / 10);
      int to = (int) ((long) n * (d + 1) / 10);
      if (to <= from) {
        continue;
      }
      double sum = 0;
      int hits = 0;
      for (int k = from; k < to; k++) {
        sum += predicted[order[k]];
        hits += positive[order[k]] ? 1 : 0;
      }
      captured += hits;
      int size = to - from;
      double rate = (double) hits / size;
      deciles.add(
          new Decile(d + 1, size, sum / size, rate, rate / baseRate, (double) captured / pos));
    }
    return new HoldoutEvaluation(n, pos, auc, roc, deciles);
  }
}
