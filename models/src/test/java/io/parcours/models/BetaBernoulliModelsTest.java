package io.parcours.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class BetaBernoulliModelsTest {

  private final UniformRandomProvider rng = Randomness.seeded(1);

  @Test
  void theModelIdNamesFamilyActionAndChannel() {
    assertEquals(
        "beta:travel-card-abroad:web", new ModelKey("travel-card-abroad", Channel.WEB).modelId());
    assertEquals(
        "beta:tariff-review-call:call-centre",
        new ModelKey("tariff-review-call", Channel.CALL_CENTRE).modelId());
  }

  @Test
  void anUnseenActionScoresFromThePrior() {
    BetaBernoulliModels models = new BetaBernoulliModels(Prior.DEFAULT);

    Score score = models.score("travel-card-abroad", Channel.APP, rng);

    assertEquals("beta:travel-card-abroad:app", score.modelId());
    assertEquals(0, score.modelVersion());
    assertEquals(0, score.evidence());
    assertEquals(0.05, score.propensity(), 1e-15);
    assertTrue(score.sampled() > 0 && score.sampled() < 1, "draw " + score.sampled());
    assertEquals(0, models.lastResponseId());
  }

  @Test
  void aResponseIsVisibleToTheNextScoreOfItsActionAndChannelOnly() {
    BetaBernoulliModels models = new BetaBernoulliModels(Prior.DEFAULT);

    models.learn("fee-waiver", Channel.WEB, Outcome.ACCEPTED, 1);
    models.learn("fee-waiver", Channel.WEB, Outcome.CLICKED, 2);
    models.learn("fee-waiver", Channel.WEB, Outcome.REJECTED, 3);

    Score web = models.score("fee-waiver", Channel.WEB, rng);
    assertEquals(3, web.evidence());
    assertEquals(3, web.modelVersion());
    assertEquals(3.0 / 23, web.propensity(), 1e-15); // Beta(1 + 2, 19 + 1)
    assertEquals(0, models.score("fee-waiver", Channel.APP, rng).evidence());
    assertEquals(0, models.score("loyalty-bonus", Channel.WEB, rng).evidence());
    assertEquals(3, models.lastResponseId());
  }

  @Test
  void ignoredAndRejectedAreNegativeAcceptedAndClickedPositive() {
    BetaBernoulliModels models = new BetaBernoulliModels(Prior.DEFAULT);
    models.learn("savings-tips", Channel.EMAIL, Outcome.ACCEPTED, 1);
    models.learn("savings-tips", Channel.EMAIL, Outcome.CLICKED, 2);
    models.learn("savings-tips", Channel.EMAIL, Outcome.REJECTED, 3);
    models.learn("savings-tips", Channel.EMAIL, Outcome.IGNORED, 4);

    Posterior p = models.snapshot().posteriors().get(new ModelKey("savings-tips", Channel.EMAIL));

    assertEquals(new Posterior(3, 21, 2, 2), p);
  }

  @Test
  void aResponseAlreadyAppliedIsIgnoredSoReplayIsIdempotent() {
    BetaBernoulliModels models = new BetaBernoulliModels(Prior.DEFAULT);
    models.learn("payment-holiday", Channel.APP, Outcome.ACCEPTED, 10);

    models.learn("payment-holiday", Channel.APP, Outcome.ACCEPTED, 10);
    models.learn("payment-holiday", Channel.APP, Outcome.REJECTED, 7);

    assertEquals(1, models.score("payment-holiday", Channel.APP, rng).evidence());
    assertEquals(10, models.lastResponseId());
  }

  @Test
  void invalidResponsesAreRejectedWithoutChangingAnything() {
    BetaBernoulliModels models = new BetaBernoulliModels(Prior.DEFAULT);

    assertThrows(
        IllegalArgumentException.class,
        () -> models.learn("payment-holiday", Channel.APP, Outcome.ACCEPTED, 0));
    assertThrows(
        IllegalArgumentException.class, () -> models.learn(" ", Channel.APP, Outcome.ACCEPTED, 1));
    assertThrows(
        NullPointerException.class,
        () -> models.learn("payment-holiday", null, Outcome.ACCEPTED, 1));
    assertThrows(
        NullPointerException.class, () -> models.learn("payment-holiday", Channel.APP, null, 1));

    assertEquals(0, models.lastResponseId());
    assertTrue(models.snapshot().posteriors().isEmpty());
  }

  @Test
  void aSnapshotIsStampedWithTheClockAndHoldsTheLastResponseId() {
    Instant now = Instant.parse("2025-03-01T09:30:00.123456789Z");
    BetaBernoulliModels models =
        new BetaBernoulliModels(Prior.DEFAULT, Clock.fixed(now, ZoneOffset.UTC));
    models.learn("personal-loan", Channel.EMAIL, Outcome.IGNORED, 5);

    ModelSnapshot snapshot = models.snapshot();

    assertEquals(now, snapshot.takenAt());
    assertEquals(5, snapshot.lastResponseId());
    assertEquals(1, snapshot.evidence());
  }

  @Test
  void restoredModelsContinueWhereTheSnapshotStopped() {
    BetaBernoulliModels original = new BetaBernoulliModels(Prior.DEFAULT);
    original.learn("mortgage-review", Channel.CALL_CENTRE, Outcome.ACCEPTED, 1);
    original.learn("mortgage-review", Channel.CALL_CENTRE, Outcome.IGNORED, 2);
    ModelSnapshot snapshot = original.snapshot();
    original.learn("mortgage-review", Channel.CALL_CENTRE, Outcome.ACCEPTED, 3);

    BetaBernoulliModels restored = BetaBernoulliModels.restore(snapshot, Prior.DEFAULT);
    assertEquals(2, restored.lastResponseId());
    restored.learn("mortgage-review", Channel.CALL_CENTRE, Outcome.IGNORED, 2);
    restored.learn("mortgage-review", Channel.CALL_CENTRE, Outcome.ACCEPTED, 3);

    assertEquals(original.snapshot().posteriors(), restored.snapshot().posteriors());
    assertEquals(3, restored.lastResponseId());
  }

  @Test
  void aRestoredModelScoresUnseenActionsFromTheGivenPrior() {
    ModelSnapshot empty = new BetaBernoulliModels(Prior.DEFAULT).snapshot();

    BetaBernoulliModels restored = BetaBernoulliModels.restore(empty, new Prior(1, 9));

    assertEquals(0.1, restored.score("savings-tips", Channel.WEB, rng).propensity(), 1e-15);
  }
}
