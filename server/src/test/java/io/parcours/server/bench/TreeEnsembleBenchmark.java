package io.parcours.server.bench;

import io.parcours.server.bench.BankCallFeatures.Encoding;
import io.parcours.server.bench.BankCallFeatures.Example;
import io.parcours.server.bench.BankMarketingCalls.Call;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Does a tree ensemble pay for the data scientists' offline retraining? Gradient-boosted trees
 * (Tribuo's XGBoost trainer) against Tribuo's logistic regression, both trained in batch on the
 * bank marketing calls in time order, settings chosen by training on the first 64 % and validating
 * on 64 % to 80 %, then trained on the first 80 % and judged on the last 20 % (AUC). The online
 * probit's AUC on the same last 20 %, for comparison, is printed by {@link BankMarketingBenchmark}.
 *
 * <p>Run: {@code mvn -pl server -Pbench -DskipTests verify -Dbench=TreeEnsembleBenchmark} [{@code
 * -Dbench.args="--data path/to/bank-additional-full.csv"}].
 */
public final class TreeEnsembleBenchmark {

  private static final Label YES = new Label("yes");

  private TreeEnsembleBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, List.of("data"));
    Path root = Path.of(System.getProperty("parcours.root", "."));
    Path data =
        root.resolve(a.string("data").orElse("../shared/data/bank/bank-additional-full.csv"))
            .toAbsolutePath()
            .normalize();
    List<Call> calls = BankMarketingCalls.read(data);
    int train = (int) Math.round(calls.size() * 0.8);
    int fit = (int) Math.round(calls.size() * 0.64);
    List<Example> examples = BankCallFeatures.fit(calls, train, 10, Encoding.BINS).encode(calls);
    MutableDataset<Label> fitSet = dataset(examples, 0, fit);
    MutableDataset<Label> validation = dataset(examples, fit, train);
    MutableDataset<Label> trainSet = dataset(examples, 0, train);
    MutableDataset<Label> test = dataset(examples, train, examples.size());
    System.out.printf(
        Locale.ROOT,
        "Bank marketing, %d calls in time order, binned features; settings chosen on"
            + " 64 %% -> 80 %%, AUC on the last 20 %%:%n",
        calls.size());

    String bestTrees = null;
    double bestTreesValidation = -1;
    Trainer<Label> chosenTrees = null;
    for (int trees : new int[] {50, 200}) {
      for (int depth : new int[] {3, 6}) {
        XGBoostClassificationTrainer t =
            new XGBoostClassificationTrainer(
                trees,
                0.1,
                0,
                depth,
                1,
                0.8,
                0.8,
                1,
                0,
                Runtime.getRuntime().availableProcessors(),
                true,
                1L);
        double v = auc(t, fitSet, validation);
        String name = trees + " trees of depth " + depth + ", eta 0.1";
        System.out.printf(Locale.ROOT, "  XGBoost %-32s validation AUC %.4f%n", name, v);
        if (v > bestTreesValidation) {
          bestTreesValidation = v;
          bestTrees = name;
          chosenTrees = t;
        }
      }
    }
    String bestLinear = null;
    double bestLinearValidation = -1;
    Trainer<Label> chosenLinear = null;
    for (double rate : new double[] {0.01, 0.1, 1.0}) {
      LinearSGDTrainer t =
          new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(rate, 0.1), 3, 1_000_000, 1, 1L);
      double v = auc(t, fitSet, validation);
      String name = "AdaGrad rate " + rate + ", 3 epochs";
      System.out.printf(Locale.ROOT, "  logistic regression %-24s validation AUC %.4f%n", name, v);
      if (v > bestLinearValidation) {
        bestLinearValidation = v;
        bestLinear = name;
        chosenLinear = t;
      }
    }
    double trees = auc(chosenTrees, trainSet, test);
    double linear = auc(chosenLinear, trainSet, test);
    System.out.printf(
        Locale.ROOT,
        "%nLast 20 %%: XGBoost (%s) %.4f, logistic regression (%s) %.4f: the tree"
            + " ensemble %s.%n",
        bestTrees,
        trees,
        bestLinear,
        linear,
        trees > linear + 0.005 ? "pays" : "does not pay");
  }

  private static double auc(
      Trainer<Label> trainer, MutableDataset<Label> train, MutableDataset<Label> test) {
    return new LabelEvaluator().evaluate(trainer.train(train), test).AUCROC(YES);
  }

  private static MutableDataset<Label> dataset(List<Example> examples, int from, int to) {
    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> d =
        new MutableDataset<>(
            new SimpleDataSourceProvenance(
                "bank-additional-full.csv, calls " + from + " to " + to, labels),
            labels);
    for (int i = from; i < to; i++) {
      Example e = examples.get(i);
      d.add(new ArrayExample<>(e.positive() ? YES : new Label("no"), e.names(), e.values()));
    }
    return d;
  }
}
