package io.parcours.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import io.parcours.models.online.FeaturePrior;
import io.parcours.models.online.OnlineProbitLearner;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * One shared model per channel: contextual, exploring, saved and restored, read while it learns.
 */
class ContextualProbitModelsTest {

  private static final OnlineProbitLearner.Settings SETTINGS =
      new OnlineProbitLearner.Settings(1.0, FeaturePrior.uniform(0.1), 0.0, 0);

  private static ActionFeatures action(String action) {
    return ActionFeatures.of(action, "g-" + action, "sales");
  }

  private static List<String> context(String segment) {
    return List.of("bias", "segment=" + segment);
  }

  private static List<String> features(String action, String segment) {
    return PropensityFeatures.of(action(action), context(segment));
  }

  /**
   * Affluent customers take the premium card 30 % of the time, others 3 %; the loan is the reverse.
   */
  private static ContextualProbitModels taught(int responses, long seed) {
    ContextualProbitModels m = new ContextualProbitModels(SETTINGS);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 1; i <= responses; i++) {
      String segment = r.nextBoolean() ? "affluent" : "mass";
      String action = r.nextBoolean() ? "premium-card" : "loan";
      double p = action.equals("premium-card") == segment.equals("affluent") ? 0.30 : 0.03;
      m.learn(
          action(action),
          Channel.WEB,
          context(segment),
          r.nextDouble() < p ? Outcome.ACCEPTED : Outcome.IGNORED,
          i);
    }
    m.publish();
    return m;
  }

  private static double propensity(ContextualProbitModels m, String action, String segment) {
    return m.score(
            action, Channel.WEB, features(action, segment), RandomSource.SPLIT_MIX_64.create(1L))
        .propensity();
  }

  @Test
  void eachCustomerGetsTheActionThatSuitsThem() {
    ContextualProbitModels m = taught(8000, 1);
    assertTrue(propensity(m, "premium-card", "affluent") > 2 * propensity(m, "loan", "affluent"));
    assertTrue(propensity(m, "loan", "mass") > 2 * propensity(m, "premium-card", "mass"));
    assertEquals(0.30, propensity(m, "premium-card", "affluent"), 0.05);
    assertEquals(0.03, propensity(m, "loan", "affluent"), 0.03);
  }

  @Test
  void monitoringShowsEvidenceMaturityAndHowWellItPredictedEachResponseBeforeLearningIt() {
    ContextualProbitModels m = taught(8000, 6);
    ModelStatus web =
        m.status().stream()
            .filter(s -> s.modelId().equals("probit:web@1"))
            .findFirst()
            .orElseThrow();
    assertEquals(8000, web.evidence());
    assertEquals("mature", web.maturity());
    // The best possible AUC here is about 0.77 (30 % against 3 %, half the pairs each way).
    assertTrue(
        web.prequentialAuc() > 0.72 && web.prequentialAuc() < 0.80, "AUC " + web.prequentialAuc());
    assertEquals(
        8000, web.calibration().stream().mapToLong(ModelMonitor.CalibrationBin::responses).sum());
    ModelStatus sms =
        m.status().stream()
            .filter(s -> s.modelId().equals("probit:sms@1"))
            .findFirst()
            .orElseThrow();
    assertEquals("new", sms.maturity());
    assertEquals(null, sms.prequentialAuc());
    assertEquals(
        List.of("loan", "premium-card"),
        m.actionEvidence(Channel.WEB).stream()
            .map(ContextualProbitModels.ActionEvidence::actionId)
            .sorted()
            .toList());
  }

  @Test
  void aChannelLearnsOnlyFromItsOwnResponses() {
    ContextualProbitModels m = taught(2000, 2);
    assertEquals(2000, m.weights(Channel.WEB).evidence());
    assertEquals(0, m.weights(Channel.SMS).evidence());
    assertEquals(
        "probit:web@1",
        m.score("loan", Channel.WEB, features("loan", "mass"), RandomSource.SPLIT_MIX_64.create(1L))
            .modelId());
  }

  @Test
  void aNewActionIsExploredItsDrawsSpreadWideUntilItHasEvidence() {
    ContextualProbitModels m = taught(8000, 3);
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(9L);
    double newSpread = spread(m, "brand-new-offer", rng);
    double matureSpread = spread(m, "loan", rng);
    assertTrue(newSpread > 2 * matureSpread, newSpread + " vs " + matureSpread);
    assertEquals(0, m.evidence("brand-new-offer", Channel.WEB));
    assertTrue(m.evidence("loan", Channel.WEB) > 3000);
  }

  private static double spread(ContextualProbitModels m, String action, UniformRandomProvider rng) {
    List<String> f = features(action, "mass");
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < 3000; i++) {
      double s = m.score(action, Channel.WEB, f, rng).sampled();
      sum += s;
      sq += s * s;
    }
    double mean = sum / 3000;
    return Math.sqrt(sq / 3000 - mean * mean);
  }

  @Test
  void aSavedStateRestoresExactlyAndAReplayCountsNothingTwice() {
    ContextualProbitModels straight = taught(3000, 4);
    ContextualProbitModels partial = taught(2000, 4);
    PropensityModels.Saved saved = partial.save();
    assertEquals(2000, saved.lastResponseId());
    ContextualProbitModels restored = ContextualProbitModels.restore(saved.content(), SETTINGS);
    // Replay 1500..3000 of the same stream: the first 500 are already in the saved state.
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 1; i <= 3000; i++) {
      String segment = r.nextBoolean() ? "affluent" : "mass";
      String action = r.nextBoolean() ? "premium-card" : "loan";
      double p = action.equals("premium-card") == segment.equals("affluent") ? 0.30 : 0.03;
      Outcome o = r.nextDouble() < p ? Outcome.ACCEPTED : Outcome.IGNORED;
      if (i >= 1500) {
        restored.learn(action(action), Channel.WEB, context(segment), o, i);
      }
    }
    restored.publish();
    assertArrayEquals(straight.save().content(), restored.save().content());
    ModelStatus a = straight.status().get(0);
    ModelStatus b = restored.status().get(0);
    assertEquals(
        a.prequentialAuc(),
        b.prequentialAuc(),
        "the monitoring survives the restart and the replay");
    assertEquals(a.calibration(), b.calibration());
    assertEquals(straight.evidence("loan", Channel.WEB), restored.evidence("loan", Channel.WEB));
  }

  @Test
  void bytesOfAnotherKindAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ContextualProbitModels.restore(new byte[] {0, 0, 0, 9}, SETTINGS));
    assertThrows(
        IllegalArgumentException.class,
        () -> ContextualProbitModels.restore(new byte[] {0, 0}, SETTINGS));
  }

  @Test
  void scoringWhileLearningNeverFailsAndSeesEvidenceOnlyGrow() throws Exception {
    ContextualProbitModels m =
        new ContextualProbitModels(
            new OnlineProbitLearner.Settings(1.0, FeaturePrior.uniform(0.1), 0.0, 1_000_000L));
    AtomicBoolean learning = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        long seed = t;
        readers.add(
            pool.submit(
                () -> {
                  UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
                  start.await();
                  long last = 0;
                  long reads = 0;
                  while (learning.get()) {
                    Score s = m.score("loan", Channel.WEB, features("loan", "mass"), rng);
                    if (s.modelVersion() < last || !(s.sampled() >= 0 && s.sampled() <= 1)) {
                      throw new AssertionError("version went back or draw out of range: " + s);
                    }
                    last = s.modelVersion();
                    reads++;
                  }
                  return reads;
                }));
      }
      Future<?> writer =
          pool.submit(
              () -> {
                start.await();
                SplittableRandom r = new SplittableRandom(5);
                for (int i = 1; i <= 50_000; i++) {
                  m.learn(
                      action("loan"),
                      Channel.WEB,
                      context(r.nextBoolean() ? "mass" : "affluent"),
                      r.nextDouble() < 0.1 ? Outcome.ACCEPTED : Outcome.REJECTED,
                      i);
                  if (i % 1000 == 0) {
                    m.publish();
                  }
                }
                m.publish();
                learning.set(false);
                return null;
              });
      start.countDown();
      writer.get(60, TimeUnit.SECONDS);
      for (Future<Long> f : readers) {
        assertTrue(f.get(10, TimeUnit.SECONDS) > 0);
      }
      assertEquals(50_000, m.weights(Channel.WEB).evidence());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A version that is a challenger from the start, on the default prior. */
  private static ContextualProbitModels.Assignment challenger(int version, double share) {
    return new ContextualProbitModels.Assignment(version, ModelRole.CHALLENGER, share, null);
  }

  @Test
  void aChallengerServesItsShareOfTheDecisionsAndEveryDecisionIsServedByOneVersion() {
    ContextualProbitModels m = taught(500, 7);
    m.assign(Channel.WEB, List.of(challenger(2, 0.3)), at -> assertEquals(500, at));
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(11L);
    int byChallenger = 0;
    for (int i = 0; i < 20_000; i++) {
      PropensityModels.Serving serving = m.serving(Channel.WEB, context("mass"), rng);
      String first = serving.score(action("loan"), rng).modelId();
      assertEquals(
          first, serving.score(action("premium-card"), rng).modelId(), "one decision, one version");
      byChallenger += first.equals("probit:web@2") ? 1 : 0;
    }
    assertEquals(0.3, byChallenger / 20_000.0, 0.015);
    for (int i = 0; i < 1000; i++) {
      assertEquals(
          "probit:sms@1",
          m.serving(Channel.SMS, context("mass"), rng).score(action("loan"), rng).modelId(),
          "another channel's decisions stay with its champion");
    }
  }

  @Test
  void everyLiveVersionLearnsEveryResponseFromTheMomentItJoins() {
    ContextualProbitModels m = taught(1000, 8);
    m.assign(Channel.WEB, List.of(challenger(2, 0.1)), at -> {});
    m.learn(action("loan"), Channel.WEB, context("mass"), Outcome.ACCEPTED, 1001);
    m.learn(action("loan"), Channel.WEB, context("mass"), Outcome.IGNORED, 1002);
    m.publish();
    assertEquals(1002, m.weights(Channel.WEB, 1).evidence());
    assertEquals(
        2,
        m.weights(Channel.WEB, 2).evidence(),
        "the challenger learned only what came after it joined");
    ModelStatus challenger =
        m.status().stream()
            .filter(s -> s.modelId().equals("probit:web@2"))
            .findFirst()
            .orElseThrow();
    assertEquals("challenger", challenger.role());
    assertEquals(0.1, challenger.trafficShare());
    assertEquals("probit:web", challenger.model());
  }

  @Test
  void promotionAndRollbackSwapRolesAndTheStandbyKeepsLearning() {
    ContextualProbitModels m = taught(200, 9);
    m.assign(Channel.WEB, List.of(challenger(2, 0.2)), at -> {});
    m.assign(
        Channel.WEB,
        List.of(
            new ContextualProbitModels.Assignment(1, ModelRole.STANDBY, 0, null),
            new ContextualProbitModels.Assignment(2, ModelRole.CHAMPION, 0, null)),
        at -> {});
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(3L);
    for (int i = 0; i < 200; i++) {
      assertEquals(
          "probit:web@2",
          m.serving(Channel.WEB, context("mass"), rng).score(action("loan"), rng).modelId());
    }
    m.learn(action("loan"), Channel.WEB, context("mass"), Outcome.ACCEPTED, 201);
    m.publish();
    assertEquals(
        201, m.weights(Channel.WEB, 1).evidence(), "the version standing by is up to date");
    m.assign(
        Channel.WEB,
        List.of(
            new ContextualProbitModels.Assignment(2, ModelRole.STANDBY, 0, null),
            new ContextualProbitModels.Assignment(1, ModelRole.CHAMPION, 0, null)),
        at -> {});
    assertEquals(
        "probit:web@1", m.score("loan", Channel.WEB, features("loan", "mass"), rng).modelId());
    m.assign(
        Channel.WEB,
        List.of(new ContextualProbitModels.Assignment(2, ModelRole.RETIRED, 0, null)),
        at -> {});
    assertEquals(null, m.weights(Channel.WEB, 2), "a retired version no longer learns");
    assertEquals(1, m.versions().stream().filter(v -> v.channel() == Channel.WEB).count());
  }

  @Test
  void rolesThatDoNotAddUpAreRefusedBeforeAnythingIsStoredOrChanged() {
    ContextualProbitModels m = taught(100, 10);
    List<String> stored = new ArrayList<>();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            m.assign(
                Channel.WEB,
                List.of(new ContextualProbitModels.Assignment(2, ModelRole.CHAMPION, 0, null)),
                at -> stored.add("2")));
    m.assign(Channel.WEB, List.of(challenger(2, 0.3)), at -> stored.add("2"));
    IllegalArgumentException tooMuch =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.assign(Channel.WEB, List.of(challenger(3, 0.3)), at -> stored.add("3")));
    assertTrue(tooMuch.getMessage().contains("60 %"), tooMuch.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            m.assign(
                Channel.WEB,
                List.of(new ContextualProbitModels.Assignment(1, ModelRole.RETIRED, 0, null)),
                at -> stored.add("none")));
    assertThrows(IllegalArgumentException.class, () -> challenger(4, 0.6));
    assertEquals(List.of("2"), stored);
    assertThrows(
        RuntimeException.class,
        () ->
            m.assign(
                Channel.WEB,
                List.of(challenger(5, 0.1)),
                at -> {
                  throw new IllegalStateException("the database is down");
                }));
    assertEquals(
        2,
        m.versions().stream().filter(v -> v.channel() == Channel.WEB).count(),
        "a change that could not be stored does not take effect");
  }

  @Test
  void versionsTheirRolesAndWarmStartsSurviveASaveAndRestoreByteForByte() {
    ContextualProbitModels m = taught(300, 12);
    m.assign(Channel.WEB, List.of(challenger(2, 0.25)), at -> {});
    m.learn(action("loan"), Channel.WEB, context("affluent"), Outcome.CLICKED, 301);
    m.publish();
    byte[] saved = m.save().content();
    ContextualProbitModels restored = ContextualProbitModels.restore(saved, SETTINGS);
    assertArrayEquals(saved, restored.save().content());
    assertEquals(m.versions(), restored.versions());
  }

  @Test
  void idsNameAChannelsModelOrOneOfItsVersions() {
    assertEquals(
        new ContextualProbitModels.ParsedId(Channel.WEB, 0),
        ContextualProbitModels.parse("probit:web"));
    assertEquals(
        new ContextualProbitModels.ParsedId(Channel.CALL_CENTRE, 3),
        ContextualProbitModels.parse(ContextualProbitModels.versionId(Channel.CALL_CENTRE, 3)));
    for (String bad :
        List.of("probit:fax", "beta:web", "probit:web@0", "probit:web@x", "probit:web@")) {
      assertThrows(IllegalArgumentException.class, () -> ContextualProbitModels.parse(bad), bad);
    }
  }

  @Test
  void decisionsScoreWithoutFailingWhileResponsesAreLearnedAndRolesChange() throws Exception {
    ContextualProbitModels m = taught(200, 13);
    m.assign(Channel.WEB, List.of(challenger(2, 0.5)), at -> {});
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(5);
    List<Future<Integer>> scorers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      long seed = t;
      scorers.add(
          pool.submit(
              () -> {
                UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
                int scored = 0;
                while (!stop.get()) {
                  PropensityModels.Serving serving = m.serving(Channel.WEB, context("mass"), rng);
                  Score a = serving.score(action("loan"), rng);
                  Score b = serving.score(action("premium-card"), rng);
                  assertEquals(a.modelId(), b.modelId());
                  assertTrue(
                      a.modelId().equals("probit:web@1") || a.modelId().equals("probit:web@2"),
                      a.modelId());
                  assertTrue(a.propensity() > 0 && a.propensity() < 1);
                  scored++;
                }
                return scored;
              }));
    }
    Future<?> learner =
        pool.submit(
            () -> {
              for (int i = 201; i <= 5000 && !stop.get(); i++) {
                m.learn(
                    action("loan"),
                    Channel.WEB,
                    context(i % 2 == 0 ? "mass" : "affluent"),
                    i % 7 == 0 ? Outcome.ACCEPTED : Outcome.IGNORED,
                    i);
                if (i % 50 == 0) {
                  m.publish();
                }
              }
            });
    Future<?> roles =
        pool.submit(
            () -> {
              for (int i = 0; i < 200; i++) {
                boolean twoLeads = i % 2 == 0;
                m.assign(
                    Channel.WEB,
                    List.of(
                        new ContextualProbitModels.Assignment(
                            twoLeads ? 1 : 2, ModelRole.CHALLENGER, 0.5, null),
                        new ContextualProbitModels.Assignment(
                            twoLeads ? 2 : 1, ModelRole.CHAMPION, 0, null)),
                    at -> {});
              }
            });
    learner.get(60, TimeUnit.SECONDS);
    roles.get(60, TimeUnit.SECONDS);
    stop.set(true);
    for (Future<Integer> f : scorers) {
      assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
    }
    pool.shutdown();
    assertEquals(5000, m.lastResponseId());
    assertEquals(
        4800,
        m.weights(Channel.WEB, 2).evidence(),
        "the versions learned every response, whatever their role");
  }
}
