package io.parcours.server.bench;

import io.parcours.engine.decision.Arbitration;
import io.parcours.models.ContextualProbitModels;
import io.parcours.models.online.FeaturePrior;
import io.parcours.models.online.OnlineProbitLearner;
import io.parcours.server.bench.sim.JourneyPolicy;
import io.parcours.server.bench.sim.JourneySimulator;
import io.parcours.server.bench.sim.OraclePolicy;
import io.parcours.server.bench.sim.ParcoursPolicy;
import io.parcours.server.bench.sim.UniformRandomPolicy;
import io.parcours.server.bench.sim.VowpalWabbitPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parcours' adaptive models against a uniform random policy, an oracle and Vowpal Wabbit's
 * contextual bandit, on the same seeded stream of decisions of a {@link JourneySimulator}: every
 * policy meets the same customers in the same situations, and the same choice gets the same
 * response.
 *
 * <p>For each decision a policy chooses one of the eligible actions, the simulator answers from the
 * action's true probability, and the policy learns the response before the next decision. Printed
 * per policy: the CTR (positive responses ÷ decisions), the CTR relative to random's, the mean true
 * probability of the chosen actions (the CTR without the luck of the draws), the cumulative regret
 * Σ (oracle's true p − chosen action's true p) with its value at checkpoints, and the run time.
 * Then the two targets of the proof, as PASS or MISS: Parcours' CTR ≥ 1.5 × random's, and Parcours'
 * regret ≤ the best VW configuration's.
 *
 * <p>Run: {@code mvn -pl server -Pbench -DskipTests verify -Dbench=JourneySimulationBenchmark}.
 * Options (in {@code -Dbench.args}): {@code --decisions} (default 200000), {@code --seed} (default
 * 7), {@code --customers} (default 20000), {@code --checkpoint} (every 20000 decisions), {@code
 * --policies} (default {@code oracle,random,parcours,vw}), {@code --vw} the VW configurations
 * (default {@code epsilon,squarecb,cover,bag}; see {@link #VW_CONFIGURATIONS}), and Parcours'
 * learner: {@code --prior-variance} (the product's), {@code --beta} (1), {@code --forgetting} (0),
 * {@code --draw-scale} α of the draws (the product's, {@link
 * OnlineProbitLearner#DEFAULT_DRAW_SCALE}; 1 is the plain Thompson draw), {@code --publish-every}
 * (1 response), {@code --rank} ({@code draw}, as the engine; {@code mean} ranks on the posterior
 * mean, to measure what the exploration costs).
 *
 * <p>{@code --mode ope} runs the proof of off-policy evaluation instead ({@link
 * JourneyOffPolicyEvaluation}): decisions logged under the engine's policy ({@code --rank draw} or
 * {@code igw}, with a {@code --control-share}, default 0.02), candidates estimated by IPS and
 * self-normalised IPS (weights clipped at {@code --clip}, none by default), then run on {@code
 * --fresh} new decisions (default 200000) for their true rate.
 */
public final class JourneySimulationBenchmark {

  /** Parcours' CTR must reach this multiple of random's. */
  static final double CTR_TARGET = 1.5;

  /**
   * The VW configurations this benchmark knows, by name: all on the same namespaces and crosses.
   */
  static final Map<String, String> VW_CONFIGURATIONS = new LinkedHashMap<>();

  static {
    VW_CONFIGURATIONS.put("epsilon", "--cb_explore_adf --epsilon 0.05 -q UA");
    VW_CONFIGURATIONS.put("epsilon-0.02", "--cb_explore_adf --epsilon 0.02 -q UA");
    VW_CONFIGURATIONS.put("squarecb", "--cb_explore_adf --squarecb -q UA");
    VW_CONFIGURATIONS.put("cover", "--cb_explore_adf --cover 4 -q UA");
    VW_CONFIGURATIONS.put("bag", "--cb_explore_adf --bag 5 -q UA");
    VW_CONFIGURATIONS.put("softmax", "--cb_explore_adf --softmax --lambda 10 -q UA");
  }

  private JourneySimulationBenchmark() {}

  /** What one policy did over the stream. */
  record Result(
      String policy,
      long decisions,
      long positives,
      double expectedPositives,
      double regret,
      double[] regretAt,
      double seconds) {

    double ctr() {
      return (double) positives / decisions;
    }
  }

  public static void main(String[] args) {
    int decisions;
    long seed;
    int customers;
    int checkpoint;
    List<String> policies;
    List<String> vw;
    double priorVariance;
    double beta;
    double forgetting;
    double drawScale;
    double igwGamma;
    int publishEvery;
    ParcoursPolicy.Ranking ranking;
    boolean ope;
    int fresh;
    double controlShare;
    double clip;
    try {
      BenchArgs a =
          BenchArgs.parse(
              args,
              List.of(
                  "decisions",
                  "seed",
                  "customers",
                  "checkpoint",
                  "policies",
                  "vw",
                  "prior-variance",
                  "beta",
                  "forgetting",
                  "draw-scale",
                  "publish-every",
                  "rank",
                  "igw-gamma",
                  "mode",
                  "fresh",
                  "control-share",
                  "clip"));
      if (a.help()) {
        System.out.println(
            "JourneySimulationBenchmark [--decisions 200000] [--seed 7] [--customers 20000]"
                + " [--checkpoint 20000] [--policies oracle,random,parcours,vw]"
                + " [--vw "
                + String.join(",", VW_CONFIGURATIONS.keySet())
                + "]"
                + " [--prior-variance "
                + ContextualProbitModels.defaultSettings().prior().variance("bias")
                + "] [--beta 1] [--forgetting 0] [--draw-scale "
                + OnlineProbitLearner.DEFAULT_DRAW_SCALE
                + "] [--publish-every 1] [--rank draw|mean|igw]"
                + " [--igw-gamma "
                + Arbitration.GAMMA0
                + "]"
                + " [--mode compare|ope] [--fresh 200000] [--control-share 0.02] [--clip none]");
        return;
      }
      decisions = a.integer("decisions", 200_000, 1, 100_000_000);
      seed = a.integer("seed", 7, 0, Integer.MAX_VALUE);
      customers = a.integer("customers", JourneySimulator.DEFAULT_CUSTOMERS, 1, 10_000_000);
      checkpoint = a.integer("checkpoint", Math.max(1, Math.min(20_000, decisions)), 1, decisions);
      policies =
          list(
              a.string("policies").orElse("oracle,random,parcours,vw"),
              List.of("oracle", "random", "parcours", "vw"),
              "--policies");
      vw =
          list(
              a.string("vw").orElse("epsilon,squarecb,cover,bag"),
              List.copyOf(VW_CONFIGURATIONS.keySet()),
              "--vw");
      priorVariance =
          a.decimal(
              "prior-variance",
              ContextualProbitModels.defaultSettings().prior().variance("bias"),
              1e-6,
              100);
      beta = a.decimal("beta", 1.0, 1e-3, 100);
      forgetting = a.decimal("forgetting", 0.0, 0.0, 0.5);
      drawScale = a.decimal("draw-scale", OnlineProbitLearner.DEFAULT_DRAW_SCALE, 0.0, 1.0);
      igwGamma = a.decimal("igw-gamma", Arbitration.GAMMA0, 1e-3, 1e6);
      publishEvery = a.integer("publish-every", 1, 1, 1_000_000);
      ranking =
          ParcoursPolicy.Ranking.valueOf(
              list(a.string("rank").orElse("draw"), List.of("draw", "mean", "igw"), "--rank")
                  .get(0)
                  .toUpperCase(Locale.ROOT));
      ope =
          list(a.string("mode").orElse("compare"), List.of("compare", "ope"), "--mode")
              .get(0)
              .equals("ope");
      fresh = a.integer("fresh", 200_000, 1, 100_000_000);
      controlShare = a.decimal("control-share", 0.02, 0, 1);
      clip =
          a.string("clip").orElse("none").equals("none")
              ? Double.POSITIVE_INFINITY
              : a.decimal("clip", 10, 1.000001, 1e12);
      if (ope && ranking == ParcoursPolicy.Ranking.MEAN) {
        throw new IllegalArgumentException(
            "--mode ope logs under the engine's policy: --rank draw or igw");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("JourneySimulationBenchmark: " + e.getMessage());
      System.exit(2);
      return;
    }

    JourneySimulator world = new JourneySimulator(seed, customers);
    if (ope) {
      System.out.printf(
          Locale.ROOT,
          "Journey simulation, seed %d, %,d customers, %d actions, %d cores%n",
          seed,
          customers,
          world.actions().size(),
          Runtime.getRuntime().availableProcessors());
      JourneyOffPolicyEvaluation.run(
          world,
          decisions,
          fresh,
          seed,
          new OnlineProbitLearner.Settings(
              beta, FeaturePrior.uniform(priorVariance), forgetting, Long.MAX_VALUE, drawScale),
          new Arbitration(
              0,
              ranking == ParcoursPolicy.Ranking.IGW
                  ? Arbitration.Exploration.INVERSE_GAP
                  : Arbitration.Exploration.THOMPSON,
              igwGamma),
          controlShare,
          clip);
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "Journey simulation: %,d decisions, seed %d, %,d customers, %d actions, %d cores%n",
        decisions,
        seed,
        customers,
        world.actions().size(),
        Runtime.getRuntime().availableProcessors());
    // Parcours' learner publishes on the count of responses only, never on the clock, so a run
    // depends on its seed alone.
    OnlineProbitLearner.Settings settings =
        new OnlineProbitLearner.Settings(
            beta, FeaturePrior.uniform(priorVariance), forgetting, Long.MAX_VALUE, drawScale);
    OnlineProbitLearner.Settings defaults = ContextualProbitModels.defaultSettings();
    boolean productDefaults =
        beta == defaults.beta()
            && forgetting == defaults.forgetting()
            && priorVariance == defaults.prior().variance("bias")
            && drawScale == defaults.drawScale();
    String parcoursName =
        switch (ranking) {
          case DRAW -> "parcours";
          case MEAN -> "parcours (mean)";
          case IGW -> "parcours (igw)";
        };

    List<Result> results = new ArrayList<>();
    Result parcours = null;
    Result random = null;
    Result bestVw = null;
    List<String> vwFailures = new ArrayList<>();
    for (String p : policies) {
      if (p.equals("vw")) {
        for (String v : vw) {
          String options = VW_CONFIGURATIONS.get(v);
          VowpalWabbitPolicy policy;
          try {
            policy = new VowpalWabbitPolicy("vw " + v, options, world.actions(), seed + 3);
          } catch (RuntimeException | LinkageError e) {
            String failure = "vw " + v + " (" + options + "): " + e;
            vwFailures.add(failure);
            System.out.println("  could not start " + failure);
            continue;
          }
          System.out.println("  vw " + v + ": " + policy.options() + ", one learner per channel");
          Result r = run(policy, world, decisions, checkpoint);
          results.add(r);
          if (bestVw == null || r.regret() < bestVw.regret()) {
            bestVw = r;
          }
        }
        continue;
      }
      JourneyPolicy policy =
          switch (p) {
            case "oracle" -> new OraclePolicy();
            case "random" -> new UniformRandomPolicy(seed + 1);
            default ->
                new ParcoursPolicy(
                        parcoursName, world.actions(), settings, publishEvery, ranking, seed + 2)
                    .withIgwGamma(igwGamma);
          };
      if (p.equals("parcours")) {
        System.out.printf(
            Locale.ROOT,
            "  parcours: ContextualProbitModels (one per channel), beta %s, prior N(0, %s), forgetting %s,"
                + " draws scaled by %s%s,"
                + " weights published every %d response(s), ranked on %s × value × lever%n",
            beta,
            priorVariance,
            forgetting,
            drawScale,
            productDefaults ? " (the product's defaults)" : "",
            publishEvery,
            switch (ranking) {
              case DRAW -> "the scaled Thompson draw (as the engine)";
              case MEAN -> "the posterior mean (an investigation, not the engine)";
              case IGW ->
                  "the posterior means, first place by inverse gap weighting with gamma0 "
                      + igwGamma
                      + " (the engine's Arbitration with parcours.models.exploration=inverse-gap)";
            });
      }
      Result r = run(policy, world, decisions, checkpoint);
      results.add(r);
      if (p.equals("parcours")) {
        parcours = r;
      } else if (p.equals("random")) {
        random = r;
      }
    }
    print(results, random, checkpoint);
    System.out.println();
    System.out.println("Targets:");
    if (parcours == null || random == null) {
      System.out.println(
          "  CTR ≥ " + CTR_TARGET + " × random: not measured (run parcours and random)");
    } else {
      double lift = parcours.ctr() / random.ctr();
      System.out.printf(
          Locale.ROOT,
          "  %s CTR ≥ %.1f × random's: %.2f × (%.4f vs %.4f) — %s%n",
          parcours.policy(),
          CTR_TARGET,
          lift,
          parcours.ctr(),
          random.ctr(),
          lift >= CTR_TARGET ? "PASS" : "MISS");
    }
    if (parcours == null || bestVw == null) {
      System.out.println(
          "  Parcours regret ≤ VW's: not measured"
              + (vwFailures.isEmpty()
                  ? " (run parcours and vw)"
                  : ": " + String.join("; ", vwFailures)));
    } else {
      System.out.printf(
          Locale.ROOT,
          "  %s regret ≤ the best VW's (%s): %.1f vs %.1f — %s%n",
          parcours.policy(),
          bestVw.policy(),
          parcours.regret(),
          bestVw.regret(),
          parcours.regret() <= bestVw.regret() ? "PASS" : "MISS");
    }
  }

  /** Runs one policy over the first {@code decisions} of the world's stream. */
  static Result run(JourneyPolicy policy, JourneySimulator world, int decisions, int checkpoint) {
    long start = System.nanoTime();
    long positives = 0;
    double expected = 0;
    double regret = 0;
    double[] regretAt = new double[decisions / checkpoint];
    try (policy) {
      for (int i = 0; i < decisions; i++) {
        JourneySimulator.Situation s = world.situation(i);
        int chosen = policy.choose(s);
        if (Arrays.stream(s.eligible()).noneMatch(a -> a == chosen)) {
          throw new IllegalStateException(
              policy.name() + " chose an action that is not eligible: " + chosen);
        }
        boolean positive = s.responds(chosen);
        if (positive) {
          positives++;
        }
        expected += s.truth()[chosen];
        regret += s.truth()[s.best()] - s.truth()[chosen];
        policy.learn(s, chosen, positive);
        if ((i + 1) % checkpoint == 0) {
          regretAt[(i + 1) / checkpoint - 1] = regret;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Result r = new Result(policy.name(), decisions, positives, expected, regret, regretAt, seconds);
    System.out.printf(Locale.ROOT, "  %-18s done in %.1f s%n", policy.name(), seconds);
    return r;
  }

  private static void print(List<Result> results, Result random, int checkpoint) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-18s %9s %10s %12s %12s %10s %9s%n",
        "policy",
        "CTR",
        "÷ random",
        "mean true p",
        "positives",
        "regret",
        "time (s)");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "%-18s %9.4f %10s %12.4f %,12d %10.1f %9.1f%n",
          r.policy(),
          r.ctr(),
          random == null ? "-" : String.format(Locale.ROOT, "%.2f", r.ctr() / random.ctr()),
          r.expectedPositives() / r.decisions(),
          r.positives(),
          r.regret(),
          r.seconds());
    }
    System.out.println();
    System.out.println(
        "Cumulative regret (Σ oracle's true p − chosen action's true p) after each checkpoint:");
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%10s", "decisions"));
    for (Result r : results) {
      header.append(String.format(Locale.ROOT, " %16s", shorten(r.policy())));
    }
    System.out.println(header);
    int rows = results.isEmpty() ? 0 : results.get(0).regretAt().length;
    for (int k = 0; k < rows; k++) {
      StringBuilder row =
          new StringBuilder(String.format(Locale.ROOT, "%,10d", (long) (k + 1) * checkpoint));
      for (Result r : results) {
        row.append(String.format(Locale.ROOT, " %16.1f", r.regretAt()[k]));
      }
      System.out.println(row);
    }
  }

  private static String shorten(String name) {
    return name.length() <= 16 ? name : name.substring(0, 16);
  }

  private static List<String> list(String value, List<String> known, String option) {
    List<String> names =
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String n : names) {
      if (!known.contains(n)) {
        throw new IllegalArgumentException(
            option + " knows " + String.join(", ", known) + ", not '" + n + "'");
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException(
          option + " needs at least one of " + String.join(", ", known));
    }
    return names;
  }
}
