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

/** One shared model per channel: contextual, exploring, saved and restored, read while it learns. */
class ContextualProbitModelsTest {

  private static final OnlineProbitLearner.Settings SETTINGS =
      new OnlineProbitLearner.Settings(1.0, FeaturePrior.uniform(0.1), 0.0, 0);

  private static List<String> features(String action, String segment) {
    return PropensityFeatures.of(action, "g-" + action, "sales", List.of("bias", "segment=" + segment));
  }

  /** Affluent customers take the premium card 30 % of the time, others 3 %; the loan is the reverse. */
  private static ContextualProbitModels taught(int responses, long seed) {
    ContextualProbitModels m = new ContextualProbitModels(SETTINGS);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 1; i <= responses; i++) {
      String segment = r.nextBoolean() ? "affluent" : "mass";
      String action = r.nextBoolean() ? "premium-card" : "loan";
      double p = action.equals("premium-card") == segment.equals("affluent") ? 0.30 : 0.03;
      m.learn(action, Channel.WEB, features(action, segment),
          r.nextDouble() < p ? Outcome.ACCEPTED : Outcome.IGNORED, i);
    }
    m.publish();
    return m;
  }

  private static double propensity(ContextualProbitModels m, String action, String segment) {
    return m.score(action, Channel.WEB, features(action, segment), RandomSource.SPLIT_MIX_64.create(1L)).propensity();
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
    ModelStatus web = m.status().stream().filter(s -> s.modelId().equals("probit:web")).findFirst().orElseThrow();
    assertEquals(8000, web.evidence());
    assertEquals("mature", web.maturity());
    // The best possible AUC here is about 0.77 (30 % against 3 %, half the pairs each way).
    assertTrue(web.prequentialAuc() > 0.72 && web.prequentialAuc() < 0.80, "AUC " + web.prequentialAuc());
    assertEquals(8000, web.calibration().stream().mapToLong(ModelMonitor.CalibrationBin::responses).sum());
    ModelStatus sms = m.status().stream().filter(s -> s.modelId().equals("probit:sms")).findFirst().orElseThrow();
    assertEquals("new", sms.maturity());
    assertEquals(null, sms.prequentialAuc());
    assertEquals(List.of("loan", "premium-card"),
        m.actionEvidence(Channel.WEB).stream().map(ContextualProbitModels.ActionEvidence::actionId).sorted().toList());
  }

  @Test
  void aChannelLearnsOnlyFromItsOwnResponses() {
    ContextualProbitModels m = taught(2000, 2);
    assertEquals(2000, m.weights(Channel.WEB).evidence());
    assertEquals(0, m.weights(Channel.SMS).evidence());
    assertEquals("probit:web", m.score("loan", Channel.WEB, features("loan", "mass"), RandomSource.SPLIT_MIX_64.create(1L)).modelId());
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
        restored.learn(action, Channel.WEB, features(action, segment), o, i);
      }
    }
    restored.publish();
    assertArrayEquals(straight.save().content(), restored.save().content());
    ModelStatus a = straight.status().get(0);
    ModelStatus b = restored.status().get(0);
    assertEquals(a.prequentialAuc(), b.prequentialAuc(), "the monitoring survives the restart and the replay");
    assertEquals(a.calibration(), b.calibration());
    assertEquals(straight.evidence("loan", Channel.WEB), restored.evidence("loan", Channel.WEB));
  }

  @Test
  void bytesOfAnotherKindAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ContextualProbitModels.restore(new byte[] {0, 0, 0, 9}, SETTINGS));
    assertThrows(IllegalArgumentException.class, () -> ContextualProbitModels.restore(new byte[] {0, 0}, SETTINGS));
  }

  @Test
  void scoringWhileLearningNeverFailsAndSeesEvidenceOnlyGrow() throws Exception {
    ContextualProbitModels m = new ContextualProbitModels(
        new OnlineProbitLearner.Settings(1.0, FeaturePrior.uniform(0.1), 0.0, 1_000_000L));
    AtomicBoolean learning = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        long seed = t;
        readers.add(pool.submit(() -> {
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
      Future<?> writer = pool.submit(() -> {
        start.await();
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 1; i <= 50_000; i++) {
          m.learn("loan", Channel.WEB, features("loan", r.nextBoolean() ? "mass" : "affluent"),
              r.nextDouble() < 0.1 ? Outcome.ACCEPTED : Outcome.REJECTED, i);
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
}
