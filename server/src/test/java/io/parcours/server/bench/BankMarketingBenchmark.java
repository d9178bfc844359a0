package io.parcours.server.bench;

import io.parcours.models.online.FeaturePrior;
import io.parcours.models.online.OnlineProbitLearner;
import io.parcours.models.online.OnlineProbitTrainer;
import io.parcours.server.bench.BankCallFeatures.Encoding;
import io.parcours.server.bench.BankCallFeatures.Example;
import io.parcours.server.bench.BankMarketingCalls.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import vowpalWabbit.learner.VWLearners;
import vowpalWabbit.learner.VWScalarLearner;

/**
 * How well the online probit learner ranks bank telemarketing calls, compared in one run with a
 * Tribuo logistic regression trained in batch and with Vowpal Wabbit's online logistic regression,
 * all three on the same features (see {@link BankCallFeatures}) of the same calls in time order
 * (see {@link BankMarketingCalls}).
 *
 * <ul>
 *   <li><b>Online probit</b> and <b>Vowpal Wabbit</b> stream every call once, in time order, and
 *       score each call before learning from it (prequential evaluation). Their "AUC last 20 %" is
 *       the AUC of those scores over the last 20 % of calls: the learner had learned the first 80 %
 *       and kept learning, one call at a time, as the engine does with live responses. It is the
 *       same stream that gives their prequential AUC over all calls and over the first 80 %.
 *   <li><b>Tribuo logistic regression</b> ({@link LinearSGDTrainer} with {@link LogMulticlass} and
 *       AdaGrad, the recipe of Tribuo's {@code LogisticRegressionTrainer}, fixed seed) trains on
 *       the first 80 % and scores the last 20 % frozen, evaluated by Tribuo's {@link
 *       LabelEvaluator}.
 *   <li><b>Online probit, frozen</b>: our {@link OnlineProbitTrainer} streams the first 80 % and is
 *       evaluated on the last 20 % frozen, like the batch model: what the learner knows without the
 *       later responses.
 * </ul>
 *
 * <p>Every setting is chosen on the first 80 % only, never on the last 20 %: the online learners'
 * by their prequential AUC over the first 80 %, the batch model's by training on the first 64 % and
 * validating on the calls from 64 % to 80 %. With {@code --encoding auto} the feature encoding is
 * chosen the same way, by the mean of the three learners' best validation AUCs. Bins, means and
 * deviations of the encoding come from the first 80 % (they use no labels).
 *
 * <p>Run: {@code mvn -pl server -Pbench -DskipTests verify -Dbench=BankMarketingBenchmark}. Options
 * (in {@code -Dbench.args}): {@code --data} the CSV, a relative path read from the project root
 * (default {@code ../shared/data/bank/bank-additional-full.csv}), {@code --bins} per number (10),
 * {@code --encoding} {@code auto|bins|bins+raw|bins+crosses|bins+raw+crosses} (auto), {@code
 * --vw-bits} (18), {@code --seed} of the batch trainer (1), {@code --threads} for the tuning grids
 * (all cores). Every figure is deterministic except the times.
 */
public final class BankMarketingBenchmark {

  private static final double TRAIN_SHARE = 0.8;
  private static final Label YES = new Label("yes");
  private static final int BOOTSTRAP_ROUNDS = 1000;
  private static final String VW_BASE =
      "--loss_function logistic --link logistic --quiet --noconstant";

  private static final double[] PRIOR_VARIANCES = {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0};
  private static final double[] FORGETTINGS = {0, 1e-4, 3e-4, 1e-3, 3e-3};
  private static final double[] VW_RATES = {0.05, 0.1, 0.25, 0.5, 1.0, 2.0};
  private static final double[] VW_POWERS = {0, 0.1, 0.25, 0.5};
  private static final double[] BATCH_RATES = {0.003, 0.01, 0.03, 0.1, 0.3, 1.0};
  private static final int[] BATCH_EPOCHS = {1, 3, 5};

  private final List<Call> calls;
  private final int trainCalls;
  private final int bins;
  private final int vwBits;
  private final long seed;
  private final ExecutorService pool;
  private final int threads;

  /** Why Vowpal Wabbit could not run, or null when it can. */
  private final String vwMissing;

  private BankMarketingBenchmark(
      List<Call> calls, int bins, int vwBits, long seed, int threads, String vwMissing) {
    this.calls = calls;
    this.trainCalls = (int) Math.round(calls.size() * TRAIN_SHARE);
    this.bins = bins;
    this.vwBits = vwBits;
    this.seed = seed;
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads);
    this.vwMissing = vwMissing;
  }

  public static void main(String[] args) throws Exception {
    Path data;
    int bins;
    String encodingName;
    int vwBits;
    long seed;
    int threads;
    try {
      BenchArgs a =
          BenchArgs.parse(args, List.of("data", "bins", "encoding", "vw-bits", "seed", "threads"));
      if (a.help()) {
        System.out.println(
            "BankMarketingBenchmark [--data ../shared/data/bank/bank-additional-full.csv] [--bins 10]"
                + " [--encoding auto|bins|bins+raw|bins+crosses|bins+raw+crosses] [--vw-bits 18]"
                + " [--seed 1] [--threads "
                + Runtime.getRuntime().availableProcessors()
                + "]");
        return;
      }
      Path root = Path.of(System.getProperty("parcours.root", "."));
      data =
          root.resolve(a.string("data").orElse("../shared/data/bank/bank-additional-full.csv"))
              .toAbsolutePath()
              .normalize();
      bins = a.integer("bins", 10, 2, 100);
      encodingName = a.string("encoding").orElse("auto");
      if (!encodingName.equals("auto")) {
        Encoding.of(encodingName);
      }
      vwBits = a.integer("vw-bits", 18, 10, 30);
      seed = a.integer("seed", 1, 0, Integer.MAX_VALUE);
      threads = a.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 256);
    } catch (IllegalArgumentException e) {
      System.err.println("BankMarketingBenchmark: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (!Files.isReadable(data)) {
      System.err.println(
          "BankMarketingBenchmark: no bank marketing data at "
              + data
              + "; pass --data <path to bank-additional-full.csv>");
      System.exit(1);
      return;
    }
    List<Call> calls;
    try {
      calls = BankMarketingCalls.read(data);
    } catch (IllegalArgumentException e) {
      System.err.println("BankMarketingBenchmark: " + e.getMessage());
      System.exit(1);
      return;
    }
    long start = System.nanoTime();
    BankMarketingBenchmark benchmark =
        new BankMarketingBenchmark(calls, bins, vwBits, seed, threads, vwProbe());
    try {
      benchmark.run(data, encodingName);
      System.out.printf(Locale.ROOT, "%nWhole run: %.0f s%n", seconds(start));
    } finally {
      benchmark.pool.shutdownNow();
    }
  }

  /** Loads Vowpal Wabbit's native library once; the reason when it cannot, else null. */
  private static String vwProbe() {
    try {
      VWScalarLearner probe = VWLearners.create(VW_BASE + " -b 10");
      probe.close();
      return null;
    } catch (Throwable e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  /** The settings each learner had and the AUC it reached on the first 80 %. */
  private record Tuned(
      double priorVariance,
      double forgetting,
      double probitAuc,
      double vwRate,
      double vwPower,
      double vwAuc,
      double batchRate,
      int batchEpochs,
      double batchAuc,
      String probitGrid,
      String vwGrid,
      String batchGrid) {

    double mean() {
      return Double.isNaN(vwAuc) ? (probitAuc + batchAuc) / 2 : (probitAuc + vwAuc + batchAuc) / 3;
    }
  }

  private void run(Path data, String encodingName) throws Exception {
    long positives = calls.stream().filter(Call::subscribed).count();
    long trainPositives = calls.subList(0, trainCalls).stream().filter(Call::subscribed).count();
    System.out.printf(
        Locale.ROOT,
        "Bank marketing: %s%n  %d calls in time order (May 2008 to November 2010), %d subscribed (%.1f %%);"
            + " duration left out.%n"
            + "  first 80 %%: calls 1 to %d, %.1f %% subscribed. Last 20 %%: calls %d to %d, %.1f %% subscribed.%n",
        data,
        calls.size(),
        positives,
        100.0 * positives / calls.size(),
        trainCalls,
        100.0 * trainPositives / trainCalls,
        trainCalls + 1,
        calls.size(),
        100.0 * (positives - trainPositives) / (calls.size() - trainCalls));
    if (vwMissing != null) {
      System.out.println("  Vowpal Wabbit not run: " + vwMissing);
    }
    System.out.printf(
        Locale.ROOT,
        "  %d threads for the tuning grids, %d cores.%n%n",
        threads,
        Runtime.getRuntime().availableProcessors());

    List<Encoding> candidates =
        encodingName.equals("auto")
            ? List.of(Encoding.values())
            : List.of(Encoding.of(encodingName));
    Map<Encoding, Tuned> tuned = new EnumMap<>(Encoding.class);
    Map<Encoding, List<Example>> encoded = new EnumMap<>(Encoding.class);
    for (Encoding e : candidates) {
      BankCallFeatures features = BankCallFeatures.fit(calls, trainCalls, bins, e);
      List<Example> examples = features.encode(calls);
      long start = System.nanoTime();
      tuned.put(e, tune(examples));
      encoded.put(e, examples);
      System.out.printf(
          Locale.ROOT, "  tuned %-17s on the first 80 %% in %.1f s%n", e.label, seconds(start));
    }
    Encoding chosen = candidates.get(0);
    for (Encoding e : candidates) {
      if (tuned.get(e).mean() > tuned.get(chosen).mean()) {
        chosen = e;
      }
    }
    System.out.println();
    System.out.println(
        "Feature encoding, judged on the first 80 % only (best AUC of each learner over its grid):");
    System.out.printf(
        Locale.ROOT, "  %-17s %8s  %8s  %8s  %8s%n", "encoding", "probit", "VW", "Tribuo", "mean");
    for (Encoding e : candidates) {
      Tuned t = tuned.get(e);
      System.out.printf(
          Locale.ROOT,
          "  %-17s %8.4f  %8s  %8.4f  %8.4f%s%n",
          e.label,
          t.probitAuc,
          auc(t.vwAuc),
          t.batchAuc,
          t.mean(),
          e == chosen ? "   <- chosen" : "");
    }
    System.out.println(
        "  probit and VW: prequential AUC over the first 80 %; Tribuo: trained on the first 64 %,"
            + " AUC on 64 % to 80 %.");
    List<Example> examples = encoded.get(chosen);
    Tuned t = tuned.get(chosen);
    System.out.printf(
        Locale.ROOT,
        "%nEncoding %s: %d features per call; the bins (cut on the first 80 %%):%n%s",
        chosen.label,
        examples.get(0).names().length,
        BankCallFeatures.fit(calls, trainCalls, bins, chosen).describeBins());

    System.out.println();
    System.out.println(
        "Online probit, prequential AUC over the first 80 % (beta = 1: with a N(0, s0^2) prior on every"
            + " weight the model depends on s0^2 / beta^2 only):");
    System.out.print(t.probitGrid);
    System.out.printf(
        Locale.ROOT,
        "  chosen: beta 1, priorVariance %s, forgetting %s%n%n",
        t.priorVariance,
        t.forgetting);
    if (vwMissing == null) {
      System.out.println(
          "Vowpal Wabbit, prequential AUC over the first 80 % ("
              + VW_BASE
              + " -b "
              + vwBits
              + "):");
      System.out.print(t.vwGrid);
      System.out.printf(
          Locale.ROOT, "  chosen: --learning_rate %s --power_t %s%n%n", t.vwRate, t.vwPower);
    }
    System.out.println(
        "Tribuo logistic regression (LinearSGDTrainer, LogMulticlass, AdaGrad eps 0.1, minibatch 1, seed "
            + seed
            + "), trained on the first 64 %, AUC on 64 % to 80 %:");
    System.out.print(t.batchGrid);
    System.out.printf(
        Locale.ROOT, "  chosen: learning rate %s, %d epochs%n%n", t.batchRate, t.batchEpochs);

    // The measured runs, on all calls, with the settings chosen above.
    int n = examples.size();
    boolean[] testLabels = new boolean[n - trainCalls];
    for (int i = trainCalls; i < n; i++) {
      testLabels[i - trainCalls] = examples.get(i).positive();
    }
    List<Row> rows = new ArrayList<>();

    long start = System.nanoTime();
    double[] probit = probitStream(examples, n, t.priorVariance, t.forgetting);
    Row online = prequential("online probit, prequential", examples, probit, seconds(start));
    rows.add(online);

    Row vw = null;
    if (vwMissing == null) {
      start = System.nanoTime();
      double[] scores = vwStream(examples, n, t.vwRate, t.vwPower);
      vw = prequential("Vowpal Wabbit, prequential", examples, scores, seconds(start));
      rows.add(vw);
    }

    MutableDataset<Label> train = dataset(examples, 0, trainCalls, "first 80 %");
    MutableDataset<Label> test = dataset(examples, trainCalls, n, "last 20 %");
    start = System.nanoTime();
    Model<Label> batchModel = batchTrainer(t.batchRate, t.batchEpochs).train(train);
    double batchAuc = new LabelEvaluator().evaluate(batchModel, test).AUCROC(YES);
    Row batch =
        new Row(
            "Tribuo logistic regression, batch",
            batchAuc,
            Double.NaN,
            Double.NaN,
            seconds(start),
            yesScores(batchModel, test));
    rows.add(batch);

    start = System.nanoTime();
    Model<Label> frozenModel =
        new OnlineProbitTrainer("yes", 1.0, t.priorVariance, t.forgetting).train(train);
    double frozenAuc = new LabelEvaluator().evaluate(frozenModel, test).AUCROC(YES);
    rows.add(
        new Row(
            "online probit, frozen after 80 %",
            frozenAuc, Double.NaN, Double.NaN, seconds(start), yesScores(frozenModel, test)));

    System.out.println(
        "Results ("
            + chosen.label
            + ", "
            + examples.get(0).names().length
            + " features per call):");
    System.out.printf(
        Locale.ROOT,
        "  %-34s %14s %20s %20s %9s%n",
        "learner",
        "AUC last 20 %",
        "preq. AUC all calls",
        "preq. AUC first 80 %",
        "time");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "  %-34s %14s %20s %20s %8.2fs%n",
          r.learner,
          auc(r.last20),
          auc(r.all),
          auc(r.first80),
          r.seconds);
    }
    System.out.println(
        "  prequential rows: one stream over all calls, each scored before it is learned; their AUC last"
            + " 20 % is that of a learner that learned the first 80 % and kept learning.");
    System.out.println(
        "  batch and frozen rows: trained on the first 80 % (the online probit streamed it in order),"
            + " the last 20 % scored without learning, AUC by Tribuo's LabelEvaluator.");
    System.out.println(
        "  time: the whole stream of "
            + n
            + " calls for the prequential rows; training on "
            + trainCalls
            + " calls and scoring "
            + (n - trainCalls)
            + " for the others.");
    System.out.println();
    double margin = online.last20 - (batch.last20 - 0.01);
    double[] ci = bootstrapDifference(testLabels, online.scores, batch.scores);
    System.out.printf(
        Locale.ROOT,
        "Target 1, online probit >= Tribuo batch - 0.01: %.4f vs %.4f - 0.01 = %.4f: %s (%+.4f)%n"
            + "  online minus batch: %+.4f, 95 %% paired bootstrap interval [%+.4f, %+.4f]%n",
        online.last20,
        batch.last20,
        batch.last20 - 0.01,
        margin >= 0 ? "PASS" : "MISS",
        margin,
        online.last20 - batch.last20,
        ci[0],
        ci[1]);
    if (vw != null) {
      double vwMargin = online.last20 - vw.last20;
      ci = bootstrapDifference(testLabels, online.scores, vw.scores);
      System.out.printf(
          Locale.ROOT,
          "Target 2, online probit >= Vowpal Wabbit:      %.4f vs %.4f: %s (%+.4f)%n"
              + "  online minus VW: %+.4f, 95 %% paired bootstrap interval [%+.4f, %+.4f]%n",
          online.last20,
          vw.last20,
          vwMargin >= 0 ? "PASS" : "MISS",
          vwMargin,
          vwMargin,
          ci[0],
          ci[1]);
    } else {
      System.out.println(
          "Target 2, online probit >= Vowpal Wabbit: not measured, Vowpal Wabbit did not load");
    }
    System.out.println(
        "  (the intervals resample the last 20 % of calls "
            + BOOTSTRAP_ROUNDS
            + " times, seed "
            + seed
            + "; they show how much of a difference the sampling of calls alone could make)");

    System.out.println();
    System.out.println(
        "For context only, chosen by nothing: the AUC last 20 % of every setting of each grid, to show how"
            + " much the results depend on the settings the first 80 % picked:");
    hindsight(examples, test);
  }

  /**
   * Every grid setting's AUC on the last 20 %, as a range with its best setting. Chooses nothing.
   */
  private void hindsight(List<Example> examples, MutableDataset<Label> test) throws Exception {
    int n = examples.size();
    List<Callable<Double>> jobs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (double pv : PRIOR_VARIANCES) {
      for (double f : FORGETTINGS) {
        jobs.add(() -> auc(examples, probitStream(examples, n, pv, f), trainCalls, n));
        names.add("priorVariance " + pv + ", forgetting " + f);
      }
    }
    printRange("online probit, prequential", all(jobs), names);
    if (vwMissing == null) {
      List<Double> aucs = new ArrayList<>();
      names = new ArrayList<>();
      for (double rate : VW_RATES) {
        for (double power : VW_POWERS) {
          aucs.add(auc(examples, vwStream(examples, n, rate, power), trainCalls, n));
          names.add("--learning_rate " + rate + " --power_t " + power);
        }
      }
      printRange(
          "Vowpal Wabbit, prequential",
          aucs.stream().mapToDouble(Double::doubleValue).toArray(),
          names);
    }
    MutableDataset<Label> train = dataset(examples, 0, trainCalls, "first 80 %");
    jobs = new ArrayList<>();
    names = new ArrayList<>();
    for (double rate : BATCH_RATES) {
      for (int epochs : BATCH_EPOCHS) {
        jobs.add(
            () ->
                new LabelEvaluator()
                    .evaluate(batchTrainer(rate, epochs).train(train), test)
                    .AUCROC(YES));
        names.add("learning rate " + rate + ", " + epochs + " epochs");
      }
    }
    printRange("Tribuo logistic regression, batch", all(jobs), names);
  }

  private static void printRange(String learner, double[] aucs, List<String> names) {
    int best = 0;
    int worst = 0;
    for (int i = 0; i < aucs.length; i++) {
      best = aucs[i] > aucs[best] ? i : best;
      worst = aucs[i] < aucs[worst] ? i : worst;
    }
    System.out.printf(
        Locale.ROOT,
        "  %-34s %.4f to %.4f; best with %s%n",
        learner,
        aucs[worst],
        aucs[best],
        names.get(best));
  }

  private static Row prequential(
      String learner, List<Example> examples, double[] scores, double seconds) {
    int n = examples.size();
    int train = (int) Math.round(n * TRAIN_SHARE);
    return new Row(
        learner,
        auc(examples, scores, train, n),
        auc(examples, scores, 0, n),
        auc(examples, scores, 0, train),
        seconds,
        Arrays.copyOfRange(scores, train, n));
  }

  /** The score each prediction gives the positive label, in the dataset's order. */
  private static double[] yesScores(Model<Label> model, MutableDataset<Label> test) {
    List<Prediction<Label>> predictions = model.predict(test);
    double[] scores = new double[predictions.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = predictions.get(i).getOutputScores().get("yes").getScore();
    }
    return scores;
  }

  /**
   * The 2.5 % and 97.5 % quantiles of AUC(a) − AUC(b) over resamples (with replacement) of the
   * calls: a paired bootstrap, both scores on the same resampled calls.
   */
  private double[] bootstrapDifference(boolean[] labels, double[] a, double[] b) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] differences = new double[BOOTSTRAP_ROUNDS];
    boolean[] y = new boolean[labels.length];
    double[] sa = new double[labels.length];
    double[] sb = new double[labels.length];
    for (int r = 0; r < BOOTSTRAP_ROUNDS; r++) {
      for (int i = 0; i < labels.length; i++) {
        int k = random.nextInt(labels.length);
        y[i] = labels[k];
        sa[i] = a[k];
        sb[i] = b[k];
      }
      differences[r] =
          LabelEvaluationUtil.binaryAUCROC(y, sa) - LabelEvaluationUtil.binaryAUCROC(y, sb);
    }
    Arrays.sort(differences);
    return new double[] {
      differences[(int) Math.floor(0.025 * (BOOTSTRAP_ROUNDS - 1))],
      differences[(int) Math.ceil(0.975 * (BOOTSTRAP_ROUNDS - 1))]
    };
  }

  /** One learner's figures; {@code scores} are its scores of the last 20 % of calls, in order. */
  private record Row(
      String learner, double last20, double all, double first80, double seconds, double[] scores) {}

  /** Chooses every learner's settings on the first 80 % of {@code examples}. */
  private Tuned tune(List<Example> examples) throws Exception {
    // Online probit: prequential AUC over the first 80 %.
    List<Callable<Double>> probitJobs = new ArrayList<>();
    for (double pv : PRIOR_VARIANCES) {
      for (double f : FORGETTINGS) {
        probitJobs.add(
            () -> auc(examples, probitStream(examples, trainCalls, pv, f), 0, trainCalls));
      }
    }
    double[] probit = all(probitJobs);
    StringBuilder probitGrid =
        new StringBuilder(String.format(Locale.ROOT, "  %-14s", "prior var \\ e"));
    for (double f : FORGETTINGS) {
      probitGrid.append(String.format(Locale.ROOT, "%9s", f));
    }
    probitGrid.append('\n');
    int best = 0;
    for (int i = 0; i < PRIOR_VARIANCES.length; i++) {
      probitGrid.append(String.format(Locale.ROOT, "  %-14s", PRIOR_VARIANCES[i]));
      for (int j = 0; j < FORGETTINGS.length; j++) {
        int k = i * FORGETTINGS.length + j;
        probitGrid.append(String.format(Locale.ROOT, "%9.4f", probit[k]));
        if (probit[k] > probit[best]) {
          best = k;
        }
      }
      probitGrid.append('\n');
    }
    double priorVariance = PRIOR_VARIANCES[best / FORGETTINGS.length];
    double forgetting = FORGETTINGS[best % FORGETTINGS.length];
    double probitAuc = probit[best];

    // Vowpal Wabbit: prequential AUC over the first 80 %, one run after the other.
    double vwRate = Double.NaN;
    double vwPower = Double.NaN;
    double vwAuc = Double.NaN;
    StringBuilder vwGrid = new StringBuilder();
    if (vwMissing == null) {
      vwGrid.append(String.format(Locale.ROOT, "  %-14s", "rate \\ power_t"));
      for (double p : VW_POWERS) {
        vwGrid.append(String.format(Locale.ROOT, "%9s", p));
      }
      vwGrid.append('\n');
      for (double rate : VW_RATES) {
        vwGrid.append(String.format(Locale.ROOT, "  %-14s", rate));
        for (double power : VW_POWERS) {
          double a = auc(examples, vwStream(examples, trainCalls, rate, power), 0, trainCalls);
          vwGrid.append(String.format(Locale.ROOT, "%9.4f", a));
          if (!(a <= vwAuc)) {
            vwAuc = a;
            vwRate = rate;
            vwPower = power;
          }
        }
        vwGrid.append('\n');
      }
    }

    // Tribuo: train on the first 64 %, validate on 64 % to 80 %.
    int fit = (int) Math.round(trainCalls * TRAIN_SHARE);
    MutableDataset<Label> fitSet = dataset(examples, 0, fit, "first 64 %");
    MutableDataset<Label> validation = dataset(examples, fit, trainCalls, "64 % to 80 %");
    List<Callable<Double>> batchJobs = new ArrayList<>();
    for (double rate : BATCH_RATES) {
      for (int epochs : BATCH_EPOCHS) {
        batchJobs.add(
            () ->
                new LabelEvaluator()
                    .evaluate(batchTrainer(rate, epochs).train(fitSet), validation)
                    .AUCROC(YES));
      }
    }
    double[] batch = all(batchJobs);
    StringBuilder batchGrid =
        new StringBuilder(String.format(Locale.ROOT, "  %-14s", "rate \\ epochs"));
    for (int e : BATCH_EPOCHS) {
      batchGrid.append(String.format(Locale.ROOT, "%9d", e));
    }
    batchGrid.append('\n');
    best = 0;
    for (int i = 0; i < BATCH_RATES.length; i++) {
      batchGrid.append(String.format(Locale.ROOT, "  %-14s", BATCH_RATES[i]));
      for (int j = 0; j < BATCH_EPOCHS.length; j++) {
        int k = i * BATCH_EPOCHS.length + j;
        batchGrid.append(String.format(Locale.ROOT, "%9.4f", batch[k]));
        if (batch[k] > batch[best]) {
          best = k;
        }
      }
      batchGrid.append('\n');
    }
    return new Tuned(
        priorVariance,
        forgetting,
        probitAuc,
        vwRate,
        vwPower,
        vwAuc,
        BATCH_RATES[best / BATCH_EPOCHS.length],
        BATCH_EPOCHS[best % BATCH_EPOCHS.length],
        batch[best],
        probitGrid.toString(),
        vwGrid.toString(),
        batchGrid.toString());
  }

  private double[] all(List<Callable<Double>> jobs)
      throws InterruptedException, ExecutionException {
    List<Future<Double>> futures = pool.invokeAll(jobs);
    double[] out = new double[futures.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = futures.get(i).get();
    }
    return out;
  }

  /**
   * Streams {@code examples[0, n)} through a fresh online probit learner: each call is scored with
   * the posterior mean propensity of everything learned before it, then learned.
   */
  private static double[] probitStream(
      List<Example> examples, int n, double priorVariance, double forgetting) {
    OnlineProbitLearner learner =
        new OnlineProbitLearner(
            new OnlineProbitLearner.Settings(
                1.0, FeaturePrior.uniform(priorVariance), forgetting, Long.MAX_VALUE));
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      Example e = examples.get(i);
      scores[i] = learner.predict(e.names(), e.values());
      learner.learn(e.names(), e.values(), e.positive(), i + 1);
    }
    return scores;
  }

  /**
   * Streams {@code examples[0, n)} through a fresh Vowpal Wabbit learner, scoring each call before
   * learning it.
   */
  private double[] vwStream(List<Example> examples, int n, double rate, double power)
      throws Exception {
    double[] scores = new double[n];
    try (VWScalarLearner vw =
        VWLearners.create(
            String.format(
                Locale.ROOT,
                "%s -b %d --learning_rate %s --power_t %s",
                VW_BASE,
                vwBits,
                rate,
                power))) {
      for (int i = 0; i < n; i++) {
        Example e = examples.get(i);
        scores[i] = vw.predict(e.vw(false));
        vw.learn(e.vw(true));
      }
    }
    return scores;
  }

  private LinearSGDTrainer batchTrainer(double rate, int epochs) {
    return new LinearSGDTrainer(
        new LogMulticlass(), new AdaGrad(rate, 0.1), epochs, Integer.MAX_VALUE, 1, seed);
  }

  private static MutableDataset<Label> dataset(
      List<Example> examples, int from, int to, String part) {
    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> d =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("bank-additional-full.csv, " + part, labels), labels);
    Label yes = new Label("yes");
    Label no = new Label("no");
    for (int i = from; i < to; i++) {
      Example e = examples.get(i);
      d.add(new ArrayExample<>(e.positive() ? yes : no, e.names(), e.values()));
    }
    return d;
  }

  /** The ROC AUC of {@code scores[from, to)} against the labels of those calls. */
  private static double auc(List<Example> examples, double[] scores, int from, int to) {
    boolean[] positive = new boolean[to - from];
    for (int i = from; i < to; i++) {
      positive[i - from] = examples.get(i).positive();
    }
    return LabelEvaluationUtil.binaryAUCROC(positive, Arrays.copyOfRange(scores, from, to));
  }

  private static String auc(double a) {
    return Double.isNaN(a) ? "-" : String.format(Locale.ROOT, "%.4f", a);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
