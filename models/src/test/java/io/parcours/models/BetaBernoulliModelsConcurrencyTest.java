package io.parcours.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many threads score while one thread learns, as in the engine. */
class BetaBernoulliModelsConcurrencyTest {

  private static final int RESPONSES = 10_000;
  private static final int SCORERS = 3;
  private static final String[] ACTIONS = {
    "travel-card-abroad", "loyalty-bonus", "payment-holiday"
  };
  private static final Channel[] CHANNELS = {Channel.WEB, Channel.APP};

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void scorersAndSnapshotsRunWhileOneWriterLearnsTenThousandResponses() throws Exception {
    BetaBernoulliModels models = new BetaBernoulliModels(Prior.DEFAULT);
    AtomicBoolean learning = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(SCORERS + 2);
    try {
      List<Future<Long>> scorers = new ArrayList<>();
      for (int t = 0; t < SCORERS; t++) {
        scorers.add(pool.submit(scorer(models, learning, start)));
      }
      Future<Integer> snapshots = pool.submit(snapshotTaker(models, learning, start));
      Future<?> writer =
          pool.submit(
              () -> {
                await(start);
                try {
                  for (int id = 1; id <= RESPONSES; id++) {
                    Outcome outcome = id % 10 == 0 ? Outcome.ACCEPTED : Outcome.IGNORED;
                    String action = ACTIONS[id % ACTIONS.length];
                    models.learn(action, CHANNELS[id % CHANNELS.length], outcome, id);
                  }
                } finally {
                  learning.set(false);
                }
              });
      start.countDown();

      writer.get(30, TimeUnit.SECONDS);
      long scores = 0;
      for (Future<Long> scorer : scorers) {
        scores += scorer.get(30, TimeUnit.SECONDS);
      }
      int snapshotCount = snapshots.get(30, TimeUnit.SECONDS);

      ModelSnapshot last = models.snapshot();
      assertEquals(RESPONSES, last.evidence());
      assertEquals(RESPONSES, last.lastResponseId());
      assertEquals(RESPONSES, models.lastResponseId());
      assertEquals(ACTIONS.length * CHANNELS.length, last.posteriors().size());
      long positives = last.posteriors().values().stream().mapToLong(Posterior::positives).sum();
      assertEquals(RESPONSES / 10, positives);
      assertTrue(scores > 0, "scorers ran");
      assertTrue(snapshotCount > 0, "snapshots were taken");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Scores in a loop; the evidence it sees for a model never goes down. Returns how many scores it
   * made.
   */
  private static Callable<Long> scorer(
      BetaBernoulliModels models, AtomicBoolean learning, CountDownLatch start) {
    return () -> {
      UniformRandomProvider rng = Randomness.current();
      Map<String, Long> seen = new HashMap<>();
      long count = 0;
      await(start);
      do {
        for (String action : ACTIONS) {
          for (Channel channel : CHANNELS) {
            Score score = models.score(action, channel, rng);
            long before = seen.getOrDefault(score.modelId(), 0L);
            assertTrue(score.evidence() >= before, score.modelId() + " went back in evidence");
            assertTrue(score.sampled() > 0 && score.sampled() < 1, "draw " + score.sampled());
            seen.put(score.modelId(), score.evidence());
            count++;
          }
        }
      } while (learning.get());
      return count;
    };
  }

  /**
   * Takes snapshots in a loop. Response ids run 1, 2, 3, … and each adds one response, so a
   * consistent snapshot holds exactly as much evidence as its last response id.
   */
  private static Callable<Integer> snapshotTaker(
      BetaBernoulliModels models, AtomicBoolean learning, CountDownLatch start) {
    return () -> {
      int count = 0;
      await(start);
      do {
        ModelSnapshot snapshot = models.snapshot();
        assertEquals(snapshot.lastResponseId(), snapshot.evidence(), "snapshot mixes two moments");
        count++;
      } while (learning.get());
      return count;
    };
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
