package io.parcours.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import io.parcours.models.online.FeaturePrior;
import io.parcours.models.online.OnlineProbitLearner;
import io.parcours.models.online.ProbitPosterior;
import io.parcours.models.online.ProbitWeights;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * Scoring and learning by parts (a context looked up once, crosses found by number) give exactly
 * what scoring and learning every feature by its name give: the same weights, the same new features
 * under the same names in the same order, the same scores and the same draws.
 */
class IndexedFeaturesTest {

  /** One response of the seeded stream: an action in a context, and what the customer did. */
  record Response(
      String actionId,
      String group,
      String issue,
      Channel channel,
      List<String> context,
      Outcome outcome) {}

  private static final String[] SEGMENTS = {"mass", "affluent", "young", "senior", "business"};
  private static final String[] REGIONS = {"occitanie", "bretagne", "alsace", "corse"};
  private static final String[] INTENTS = {"credit-card", "loan", "travel", "complaint", "a&b"};
  private static final String[] ACTIONS = {
    "loan", "premium-card", "travel-insurance", "save&grow", "fee-waiver", "mortgage-review"
  };

  /**
   * A seeded stream in which new context values and new actions keep appearing (a context value
   * {@code ctx:intent=a&b} holding the crossing's separator, as no context made today holds, and an
   * action id holding it too), over two channels.
   */
  static List<Response> stream(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Response> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int seen = 2 + Math.min(ACTIONS.length - 2, i / (n / 5 + 1));
      String action = ACTIONS[r.nextInt(seen)];
      List<String> context = context(r, i);
      boolean positive = r.nextDouble() < (context.contains("segment=affluent") ? 0.3 : 0.08);
      all.add(
          new Response(
              action,
              "g-" + action.length() % 3,
              r.nextBoolean() ? "grow" : "retain",
              r.nextInt(4) == 0 ? Channel.SMS : Channel.WEB,
              context,
              positive ? Outcome.ACCEPTED : Outcome.IGNORED));
    }
    return all;
  }

  private static List<String> context(SplittableRandom r, int i) {
    List<String> c = new ArrayList<>();
    c.add(PropensityFeatures.BIAS);
    c.add(r.nextBoolean() ? "direction=inbound" : "direction=outbound");
    c.add("hour=" + PropensityFeatures.daypart(r.nextInt(24)));
    if (r.nextInt(3) > 0) {
      c.add("ctx:intent=" + INTENTS[r.nextInt(INTENTS.length)]);
    }
    c.add("segment=" + SEGMENTS[r.nextInt(Math.min(SEGMENTS.length, 2 + i / 300))]);
    c.add("region=" + REGIONS[r.nextInt(REGIONS.length)]);
    c.add("feat:logins=" + PropensityFeatures.powerOfTwoBin(r.nextInt(40)));
    c.add("stage:lifecycle=" + (r.nextBoolean() ? "use" : "grow"));
    return List.copyOf(c);
  }

  /** A prior that differs by feature, as a warm start's does. */
  private static final FeaturePrior BY_NAME =
      new FeaturePrior() {
        @Override
        public double mean(String feature) {
          return (Math.floorMod(feature.hashCode(), 7) - 3) / 50.0;
        }

        @Override
        public double variance(String feature) {
          return 0.02 + feature.length() % 5 / 100.0;
        }
      };

  private static final OnlineProbitLearner.Settings UNIFORM =
      new OnlineProbitLearner.Settings(1.0, FeaturePrior.uniform(0.03), 0.0, 0, 0.4);

  private static final OnlineProbitLearner.Settings NAMED_AND_FORGETTING =
      new OnlineProbitLearner.Settings(1.0, BY_NAME, 0.001, 0, 0.7);

  private static ActionFeatures action(Response r) {
    return ActionFeatures.of(r.actionId(), r.group(), r.issue());
  }

  private static ContextualProbitModels learned(
      OnlineProbitLearner.Settings settings, List<Response> responses) {
    ContextualProbitModels m = new ContextualProbitModels(settings);
    long id = 0;
    for (Response r : responses) {
      m.learn(action(r), r.channel(), r.context(), r.outcome(), ++id);
    }
    m.publish();
    return m;
  }

  @Test
  void aLearnerLearnsTheSameByPartsAsByNamesAndAddsNewFeaturesInTheSameOrder() {
    for (OnlineProbitLearner.Settings settings : List.of(UNIFORM, NAMED_AND_FORGETTING)) {
      OnlineProbitLearner byNames = new OnlineProbitLearner(settings);
      OnlineProbitLearner byParts = new OnlineProbitLearner(settings);
      long id = 0;
      for (Response r : stream(1, 3000)) {
        List<String> own = action(r).own();
        List<String> names = PropensityFeatures.of(action(r), r.context());
        assertEquals(
            byNames.predict(names),
            byParts.predict(PropensityFeatures.CROSSING, r.context(), own),
            "the prediction the monitor records, before response " + (id + 1));
        boolean positive = r.outcome().isPositive();
        byNames.learn(names, positive, ++id);
        byParts.learn(PropensityFeatures.CROSSING, r.context(), own, positive, id);
      }
      ProbitWeights a = byNames.publish();
      ProbitWeights b = byParts.publish();
      assertEquals(a.features(), b.features());
      for (int i = 0; i < a.features(); i++) {
        assertEquals(a.featureName(i), b.featureName(i), "feature " + i);
        assertEquals(a.meanAt(i), b.meanAt(i), 0.0, a.featureName(i));
        assertEquals(a.varianceAt(i), b.varianceAt(i), 0.0, a.featureName(i));
      }
      assertTrue(a.features() > 200, "the stream met " + a.features() + " features");
    }
  }

  /**
   * The state saved after the stream was learned is byte for byte the one this build's predecessor,
   * which learned every feature by its name, saved after the same stream ({@code
   * probit-state-by-names.bin}); restored, it scores the same by parts as by names.
   */
  @Test
  void theSavedStateIsTheOneLearningByNamesSavedAndItLoadsAndScoresAlike() throws IOException {
    byte[] byNames;
    try (InputStream in =
        Objects.requireNonNull(getClass().getResourceAsStream("probit-state-by-names.bin"))) {
      byNames = in.readAllBytes();
    }
    assertArrayEquals(byNames, learned(UNIFORM, stream(2, 2000)).save().content());
    assertScoresAlike(ContextualProbitModels.restore(byNames, UNIFORM), 21);
  }

  @Test
  void scoringByPartsGivesTheSameScoresAndDrawsAsScoringByNamesSeenOrNot() {
    assertScoresAlike(learned(UNIFORM, stream(3, 2500)), 31);
    assertScoresAlike(learned(NAMED_AND_FORGETTING, stream(4, 2500)), 41);
    assertScoresAlike(new ContextualProbitModels(NAMED_AND_FORGETTING), 51);
  }

  /**
   * Decisions over contexts and actions the models met and did not meet (the stream's later values,
   * and actions never learned), each action scored by names and by parts with generators of the
   * same seed.
   */
  private static void assertScoresAlike(ContextualProbitModels m, long seed) {
    List<Response> decisions = stream(seed, 400);
    List<ActionFeatures> candidates = new ArrayList<>();
    for (String a : ACTIONS) {
      candidates.add(ActionFeatures.of(a, "g-" + a.length() % 3, "grow"));
    }
    candidates.add(ActionFeatures.of("brand-new", "g-new", "grow"));
    UniformRandomProvider routing = RandomSource.SPLIT_MIX_64.create(seed);
    for (Response d : decisions) {
      PropensityModels.Serving serving = m.serving(d.channel(), d.context(), routing);
      for (ActionFeatures a : candidates) {
        UniformRandomProvider one = RandomSource.SPLIT_MIX_64.create(seed);
        UniformRandomProvider other = RandomSource.SPLIT_MIX_64.create(seed);
        Score byNames =
            m.score(a.actionId(), d.channel(), PropensityFeatures.of(a, d.context()), one);
        Score byParts = serving.score(a, other);
        String what = a.actionId() + " in " + d.context();
        ProbitPosterior p = (ProbitPosterior) byNames.posterior();
        ProbitPosterior q = (ProbitPosterior) byParts.posterior();
        assertEquals(p.linearMean(), q.linearMean(), 0.0, what);
        assertEquals(p.linearVariance(), q.linearVariance(), 0.0, what);
        assertEquals(byNames.propensity(), byParts.propensity(), 0.0, what);
        assertEquals(byNames.sampled(), byParts.sampled(), 0.0, what);
        assertEquals(byNames.modelId(), byParts.modelId());
        assertEquals(byNames.evidence(), byParts.evidence());
      }
    }
  }

  /**
   * A snapshot scores by parts as by names while the writer keeps adding features to the domain it
   * shares with it (new actions and context values grow the table of crosses).
   */
  @Test
  void aSnapshotScoresAlikeWhileTheWriterAddsFeatures() throws Exception {
    OnlineProbitLearner learner = new OnlineProbitLearner(UNIFORM);
    List<Response> before = stream(6, 500);
    long id = 0;
    for (Response r : before) {
      learner.learn(
          PropensityFeatures.CROSSING,
          r.context(),
          action(r).own(),
          r.outcome().isPositive(),
          ++id);
    }
    ProbitWeights snapshot = learner.publish();
    AtomicBoolean learning = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        long seed = 60 + t;
        readers.add(
            pool.submit(
                () -> {
                  int compared = 0;
                  do {
                    for (Response d : stream(seed, 200)) {
                      ProbitWeights.InContext in =
                          snapshot.in(PropensityFeatures.CROSSING, d.context());
                      ActionFeatures a = action(d);
                      ProbitWeights.Encoded byParts = in.encode(a.own());
                      ProbitWeights.Encoded byNames =
                          snapshot.encode(PropensityFeatures.of(a, d.context()));
                      assertEquals(byNames, byParts, a.actionId() + " in " + d.context());
                      compared++;
                    }
                  } while (learning.get());
                  return compared;
                }));
      }
      long first = id;
      Future<?> writer =
          pool.submit(
              () -> {
                long next = first;
                for (int round = 0; round < 40; round++) {
                  for (Response r : stream(100 + round, 100)) {
                    List<String> own =
                        ActionFeatures.of(r.actionId() + "-" + round, r.group() + round, r.issue())
                            .own();
                    List<String> context = new ArrayList<>(r.context());
                    context.add("ctx:round=" + round);
                    learner.learn(
                        PropensityFeatures.CROSSING,
                        context,
                        own,
                        r.outcome().isPositive(),
                        ++next);
                  }
                  learner.publish();
                }
                learning.set(false);
                return null;
              });
      writer.get(60, TimeUnit.SECONDS);
      for (Future<Integer> f : readers) {
        assertTrue(f.get(30, TimeUnit.SECONDS) > 0);
      }
      assertTrue(learner.weights().features() > 10 * snapshot.features());
    } finally {
      pool.shutdownNow();
    }
  }
}
