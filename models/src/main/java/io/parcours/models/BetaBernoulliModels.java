package io.parcours.models;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * One Beta-Bernoulli posterior per action and channel, learned online from every response and
 * scored with Thompson sampling.
 *
 * <p><b>Learning.</b> A model starts at the {@link Prior} Beta(α0, β0). After s positive and f
 * negative responses its posterior is Beta(α0 + s, β0 + f), and its propensity estimate is the
 * posterior mean α / (α + β). See {@link Posterior}.
 *
 * <p><b>Thompson sampling.</b> To rank, each candidate action draws one propensity from its
 * posterior and arbitration ranks on the draws. An action with little evidence has a wide
 * posterior, so its draw sometimes lands above a mature action's: it gets shown, and learns. An
 * action with much evidence draws close to its mean. Exploration thus fades by itself as evidence
 * grows, in proportion to the remaining uncertainty (W. R. Thompson, Biometrika 25, 1933; O.
 * Chapelle and L. Li, "An empirical evaluation of Thompson sampling", NIPS 2011).
 *
 * <p><b>Threads.</b> Posteriors are immutable values in a {@link ConcurrentHashMap}; learning
 * replaces a key's value. {@link #score} reads the map without locking and sees every response
 * learned before it. {@link #learn} and {@link #snapshot} share one lock, so a snapshot holds
 * exactly the responses up to its {@code lastResponseId}. Scoring never takes that lock.
 */
public final class BetaBernoulliModels implements PropensityModels {

  private final Prior prior;
  private final Posterior unseen;
  private final Clock clock;
  private final ConcurrentHashMap<ModelKey, Posterior> posteriors;
  private final Object writeLock = new Object();
  private final Map<ModelKey, ModelMonitor> monitors = new java.util.HashMap<>();
  private volatile long lastResponseId;

  /** Models that have learned nothing yet; every action scores from {@code prior}. */
  public BetaBernoulliModels(Prior prior) {
    this(prior, Clock.systemUTC());
  }

  /** As {@link #BetaBernoulliModels(Prior)}, stamping snapshots with {@code clock}. */
  public BetaBernoulliModels(Prior prior, Clock clock) {
    this(prior, clock, Map.of(), 0);
  }

  private BetaBernoulliModels(
      Prior prior, Clock clock, Map<ModelKey, Posterior> learned, long lastResponseId) {
    this.prior = Objects.requireNonNull(prior, "prior");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.unseen = prior.posterior();
    this.posteriors = new ConcurrentHashMap<>(learned);
    this.lastResponseId = lastResponseId;
  }

  /**
   * Models continuing from {@code snapshot}: its posteriors as they were stored, its last response
   * id, and {@code prior} for actions it has not seen. Replay the responses after {@link
   * ModelSnapshot#lastResponseId()} to catch up.
   *
   * <p>Stored posteriors are kept as they are, even if they were learned under another prior: they
   * are the learned state, and rebasing them would change decisions already audited against them.
   */
  public static BetaBernoulliModels restore(ModelSnapshot snapshot, Prior prior) {
    return restore(snapshot, prior, Clock.systemUTC());
  }

  /** As {@link #restore(ModelSnapshot, Prior)}, stamping later snapshots with {@code clock}. */
  public static BetaBernoulliModels restore(ModelSnapshot snapshot, Prior prior, Clock clock) {
    Objects.requireNonNull(snapshot, "snapshot");
    return new BetaBernoulliModels(prior, clock, snapshot.posteriors(), snapshot.lastResponseId());
  }

  /** The prior unseen actions score from. */
  public Prior prior() {
    return prior;
  }

  @Override
  public String family() {
    return ModelSnapshot.FAMILY;
  }

  /** Scores with the action's own posterior on the channel; the features are not used. */
  @Override
  public Score score(
      String actionId, Channel channel, List<String> features, UniformRandomProvider rng) {
    return score(actionId, channel, rng);
  }

  /** Scores with the action's own posterior on the channel. */
  public Score score(String actionId, Channel channel, UniformRandomProvider rng) {
    ModelKey key = new ModelKey(actionId, channel);
    Posterior posterior = posteriors.getOrDefault(key, unseen);
    long evidence = posterior.evidence();
    return new Score(
        key.modelId(), evidence, evidence, posterior.mean(), posterior.sample(rng), posterior);
  }

  /** Scores with each action's own posterior on the channel; the context is not used. */
  @Override
  public Serving serving(Channel channel, List<String> context, UniformRandomProvider rng) {
    return (action, draws) -> score(action.actionId(), channel, draws);
  }

  /** Learns into the action's own posterior on the channel; the context is not used. */
  @Override
  public void learn(
      ActionFeatures action,
      Channel channel,
      List<String> context,
      Outcome outcome,
      long responseId) {
    learn(action.actionId(), channel, outcome, responseId);
  }

  /** Learns one response into the action's own posterior on the channel. */
  public void learn(String actionId, Channel channel, Outcome outcome, long responseId) {
    ModelKey key = new ModelKey(actionId, channel);
    Objects.requireNonNull(outcome, "outcome");
    if (responseId < 1) {
      throw new IllegalArgumentException("response ids start at 1, got " + responseId);
    }
    synchronized (writeLock) {
      if (responseId <= lastResponseId) {
        return;
      }
      Posterior before = posteriors.getOrDefault(key, unseen);
      monitors
          .computeIfAbsent(key, k -> new ModelMonitor())
          .record(before.mean(), outcome.isPositive());
      posteriors.put(key, before.learn(outcome.isPositive()));
      lastResponseId = responseId;
    }
  }

  @Override
  public Saved save() {
    ModelSnapshot s = snapshot();
    return new Saved(family(), s.lastResponseId(), s.toBytes());
  }

  @Override
  public List<ModelStatus> status() {
    synchronized (writeLock) {
      List<ModelStatus> all = new ArrayList<>(posteriors.size());
      posteriors.forEach(
          (key, p) -> {
            ModelMonitor m = monitors.getOrDefault(key, new ModelMonitor());
            all.add(
                new ModelStatus(
                    key.modelId(),
                    key.modelId(),
                    1,
                    ModelRole.CHAMPION.code(),
                    0,
                    p.evidence(),
                    p.positives(),
                    1,
                    lastResponseId,
                    ModelStatus.maturity(p.evidence()),
                    m.auc(),
                    m.calibration()));
          });
      all.sort(Comparator.comparing(ModelStatus::modelId));
      return all;
    }
  }

  /** A consistent copy of every posterior, as of {@link ModelSnapshot#lastResponseId()}. */
  public ModelSnapshot snapshot() {
    synchronized (writeLock) {
      return new ModelSnapshot(lastResponseId, clock.instant(), Map.copyOf(posteriors));
    }
  }

  @Override
  public long lastResponseId() {
    return lastResponseId;
  }
}
