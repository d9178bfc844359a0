package io.parcours.server.bench;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import io.parcours.engine.decision.Arbitration;
import io.parcours.models.ActionFeatures;
import io.parcours.models.ContextualProbitModels;
import io.parcours.models.PropensityFeatures;
import io.parcours.models.Randomness;
import io.parcours.models.Score;
import io.parcours.models.cli.Retrain;
import io.parcours.models.cli.TrainingExamples;
import io.parcours.models.offline.CandidateScorer;
import io.parcours.models.offline.GreedyPolicy;
import io.parcours.models.offline.LoggedDecision;
import io.parcours.models.offline.OffPolicyEstimate;
import io.parcours.models.offline.OffPolicyEvaluation;
import io.parcours.models.online.OnlineProbitLearner;
import io.parcours.server.bench.sim.JourneySimulator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The proof of off-policy evaluation on the journey simulator ({@code JourneySimulationBenchmark
 * --ope}): does the estimate of a candidate's response rate, made from decisions logged under the
 * engine's policy, bracket the rate the candidate really gets when it runs?
 *
 * <ol>
 *   <li><b>Log.</b> The engine's policy makes the first {@code decisions} decisions of the stream:
 *       the channel's {@link ContextualProbitModels} score the eligible actions, the engine's own
 *       {@link Arbitration} ranks them (Thompson draws, or inverse gap weighting with {@code --rank
 *       igw}), a {@code --control-share} of decisions ranks on random propensities as the control
 *       group does, and the engine's {@link Arbitration#firstPlaceProbability first-place
 *       probability} (control group included) is logged with each decision, as the engine stores
 *       it. The models learn every response.
 *   <li><b>Candidates</b>, made from the first half of the log only: greedy on the engine's models
 *       as they stood at the half (a probit state); greedy on a Tribuo logistic regression trained
 *       offline on the first half's impressions (the retrain command's {@code
 *       builtin:logistic-regression}); and a deliberately poor fixed rule, the first eligible
 *       action, far from what the engine does.
 *   <li><b>Estimate</b> each candidate's rate by IPS and self-normalised IPS on the second half of
 *       the log, with 95 % intervals.
 *   <li><b>Truth.</b> Run each candidate, frozen and greedy, on {@code fresh} decisions of the
 *       stream that the log never saw; its true rate is the mean true response probability of its
 *       choices (the rate without the luck of the draws), printed with its standard error.
 * </ol>
 */
final class JourneyOffPolicyEvaluation {

  private JourneyOffPolicyEvaluation() {}

  /** The candidate models and what became of each. */
  private record Candidate(String name, GreedyPolicy policy, OffPolicyEvaluation evaluation) {}

  static void run(
      JourneySimulator world,
      int decisions,
      int fresh,
      long seed,
      OnlineProbitLearner.Settings settings,
      Arbitration arbitration,
      double controlShare,
      double clip) {
    List<Action> actions = world.actions();
    ContextualProbitModels models = new ContextualProbitModels(settings);
    UniformRandomProvider rng = Randomness.seeded(seed + 2);
    int split = decisions / 2;
    List<LoggedDecision> evaluationHalf = new ArrayList<>(decisions - split);
    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> firstHalf =
        new MutableDataset<>(
            new SimpleDataSourceProvenance(
                "journey simulator seed " + seed + ", decisions 0 to " + split, labels),
            labels);
    ContextualProbitModels atHalf = null;
    long responseId = 0;
    long certain = 0;
    long controlDecisions = 0;
    long probabilityNanos = 0;
    System.out.printf(
        Locale.ROOT,
        "Off-policy evaluation: logging %,d decisions under the engine's policy (%s, control share %.3f),"
            + " candidates made from the first %,d, estimated on the last %,d, true rates on %,d fresh"
            + " decisions%n",
        decisions,
        arbitration.exploration().code(),
        controlShare,
        split,
        decisions - split,
        fresh);
    long start = System.nanoTime();
    for (int i = 0; i < decisions; i++) {
      if (i == split) {
        atHalf = ContextualProbitModels.restore(models.save().content(), settings);
      }
      JourneySimulator.Situation s = world.situation(i);
      Channel channel = s.request().channel();
      List<String> context = PropensityFeatures.context(s.customer(), s.request(), s.stages());
      boolean control = rng.nextDouble() < controlShare;
      List<Arbitration.Scored> scored = new ArrayList<>(s.eligible().length);
      List<List<String>> features = new ArrayList<>(s.eligible().length);
      for (int a : s.eligible()) {
        Action action = actions.get(a);
        List<String> f = PropensityFeatures.of(action, context);
        features.add(f);
        Score score = models.score(action.id(), channel, f, rng);
        scored.add(
            new Arbitration.Scored(
                action,
                score.propensity(),
                control ? rng.nextDouble() : score.sampled(),
                1.0,
                score.modelId(),
                score.modelVersion(),
                score.evidence(),
                score.posterior()));
      }
      Action first = arbitration.rank(scored, 1, rng, control).shown().get(0).action();
      long t0 = System.nanoTime();
      double p = arbitration.firstPlaceProbability(scored, first, controlShare, rng);
      probabilityNanos += System.nanoTime() - t0;
      certain += p >= 1 - controlShare ? 1 : 0;
      controlDecisions += control ? 1 : 0;
      int k = 0;
      while (s.eligible()[k] != actions.indexOf(first)) {
        k++;
      }
      boolean positive = s.responds(s.eligible()[k]);
      models.learn(
          ActionFeatures.of(first),
          channel,
          context,
          positive ? Outcome.ACCEPTED : Outcome.IGNORED,
          ++responseId);
      models.publish();
      if (i < split) {
        String[] names = features.get(k).stream().distinct().toArray(String[]::new);
        double[] ones = new double[names.length];
        java.util.Arrays.fill(ones, 1.0);
        firstHalf.add(
            new ArrayExample<>(
                new Label(positive ? TrainingExamples.POSITIVE : TrainingExamples.NEGATIVE),
                names,
                ones));
      } else {
        evaluationHalf.add(
            new LoggedDecision(
                Long.toString(i),
                s.request().at(),
                channel.code(),
                context,
                candidates(s, actions),
                first.id(),
                p,
                positive));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "  logged in %.1f s; first-place probability: %.1f µs per decision on average, the models put the"
            + " action first for certain in %.1f %% of decisions, %,d control-group decisions%n",
        (System.nanoTime() - start) / 1e9,
        probabilityNanos / 1e3 / decisions,
        100.0 * certain / decisions,
        controlDecisions);

    long t = System.nanoTime();
    Model<Label> regression = Retrain.trainer("builtin:logistic-regression").train(firstHalf);
    System.out.printf(
        Locale.ROOT,
        "  Tribuo logistic regression trained on %,d impressions in %.1f s%n",
        firstHalf.size(),
        (System.nanoTime() - t) / 1e9);
    Map<Channel, CandidateScorer> probitByChannel = new EnumMap<>(Channel.class);
    for (Channel c : Channel.values()) {
      probitByChannel.put(c, CandidateScorer.of(atHalf, c));
    }
    CandidateScorer tribuo = CandidateScorer.of(regression, TrainingExamples.POSITIVE);
    List<Candidate> candidates =
        List.of(
            candidate(
                "probit at half, greedy",
                new GreedyPolicy(code -> probitByChannel.get(Channel.fromCode(code)), 0),
                clip),
            candidate("Tribuo LR, greedy", new GreedyPolicy(tribuo, 0), clip),
            candidate("first eligible", new GreedyPolicy((id, f) -> 0.5, 0), clip));

    long loggedPositives = 0;
    for (LoggedDecision d : evaluationHalf) {
      loggedPositives += d.positive() ? 1 : 0;
      for (Candidate c : candidates) {
        c.evaluation().add(d);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "  the logging policy's own rate on the evaluated half: %.4f%n",
        (double) loggedPositives / evaluationHalf.size());
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-24s %8s %9s %7s %8s %26s %26s %17s %8s %8s%n",
        "candidate",
        "matched",
        "ESS",
        "mean w",
        "max w",
        "IPS [95 %]",
        "SNIPS [95 %]",
        "true rate ± se",
        "IPS in",
        "SNIPS in");
    int bracketed = 0;
    for (Candidate c : candidates) {
      double[] truth = trueRate(world, actions, c.policy(), decisions, fresh);
      OffPolicyEstimate e = c.evaluation().estimate();
      boolean ipsIn = e.ipsLow() <= truth[0] && truth[0] <= e.ipsHigh();
      boolean snipsIn = e.snipsLow() <= truth[0] && truth[0] <= e.snipsHigh();
      bracketed += (ipsIn ? 1 : 0) + (snipsIn ? 1 : 0);
      System.out.printf(
          Locale.ROOT,
          "%-24s %,8d %9.0f %7.3f %8.1f %8.4f [%.4f, %.4f] %8.4f [%.4f, %.4f] %8.4f ± %.4f %8s %8s%n",
          c.name(),
          e.matched(),
          e.effectiveSampleSize(),
          e.meanWeight(),
          e.maxWeight(),
          e.ips(),
          e.ipsLow(),
          e.ipsHigh(),
          e.snips(),
          e.snipsLow(),
          e.snipsHigh(),
          truth[0],
          truth[1],
          ipsIn ? "yes" : "NO",
          snipsIn ? "yes" : "NO");
    }
    System.out.printf(
        Locale.ROOT,
        "%nIntervals that bracket the candidate's true rate: %d of %d%n",
        bracketed,
        2 * candidates.size());
  }

  private static Candidate candidate(String name, GreedyPolicy policy, double clip) {
    return new Candidate(name, policy, new OffPolicyEvaluation(policy, clip));
  }

  private static List<LoggedDecision.Candidate> candidates(
      JourneySimulator.Situation s, List<Action> actions) {
    List<LoggedDecision.Candidate> all = new ArrayList<>(s.eligible().length);
    for (int a : s.eligible()) {
      Action action = actions.get(a);
      all.add(
          new LoggedDecision.Candidate(
              action.id(),
              action.group(),
              action.issue().code(),
              1.0,
              action.value(),
              action.lever()));
    }
    return all;
  }

  /**
   * The candidate's true rate on decisions {@code from} to {@code from + count} of the stream,
   * which the log did not see: the mean true probability of its choices, and that mean's standard
   * error.
   */
  private static double[] trueRate(
      JourneySimulator world, List<Action> actions, GreedyPolicy policy, int from, int count) {
    double sum = 0;
    double sum2 = 0;
    for (int i = from; i < from + count; i++) {
      JourneySimulator.Situation s = world.situation(i);
      List<String> context = PropensityFeatures.context(s.customer(), s.request(), s.stages());
      LoggedDecision d =
          new LoggedDecision(
              Long.toString(i),
              s.request().at(),
              s.request().channel().code(),
              context,
              candidates(s, actions),
              null,
              null,
              false);
      String chosen = policy.choose(d);
      int a = 0;
      while (!actions.get(a).id().equals(chosen)) {
        a++;
      }
      double p = s.truth()[a];
      sum += p;
      sum2 += p * p;
    }
    double mean = sum / count;
    double variance = Math.max(0, sum2 / count - mean * mean);
    return new double[] {mean, Math.sqrt(variance / count)};
  }
}
