package io.parcours.models;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import io.parcours.models.online.FeaturePrior;
import io.parcours.models.online.OnlineProbitLearner;
import io.parcours.models.online.ProbitPosterior;
import io.parcours.models.online.ProbitWeights;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * One contextual propensity model per channel, shared by every action: a Bayesian probit regression
 * over the decision's context, the action, and their crosses ({@link PropensityFeatures}), learned
 * online one response at a time ({@link OnlineProbitLearner}) and scored by Thompson sampling.
 *
 * <p>A new action has no weights of its own yet: its own features score with the prior's wide
 * variance, so its draws are spread and it gets shown (exploration), while its product line's and the
 * context's weights already say roughly who may like it. As responses come in, its own weights narrow.
 *
 * <p>Threads: scoring reads each channel's last published {@link ProbitWeights} and never blocks.
 * {@link #learn} and {@link #save} share a lock, so a saved state holds exactly the responses up to its
 * last response id; the writer publishes after each batch ({@link #publish}), and learning also
 * publishes when the last snapshot is older than the settings allow.
 */
public final class ContextualProbitModels implements PropensityModels {

  /** The family name of these models' snapshots. */
  public static final String FAMILY = "probit";

  /** 2: the monitors are saved with the weights. */
  private static final int FORMAT = 2;

  /** Responses learned about one action on one channel. */
  private record Evidence(long responses, long positives) {
    Evidence plus(boolean positive) {
      return new Evidence(responses + 1, positives + (positive ? 1 : 0));
    }
  }

  private final OnlineProbitLearner.Settings settings;
  private final Map<Channel, OnlineProbitLearner> learners = new EnumMap<>(Channel.class);
  private final Map<Channel, ModelMonitor> monitors = new EnumMap<>(Channel.class);
  private final ConcurrentHashMap<ModelKey, Evidence> evidence = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();
  private volatile long lastResponseId;

  /** Models that have learned nothing yet. */
  public ContextualProbitModels(OnlineProbitLearner.Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    for (Channel c : Channel.values()) {
      learners.put(c, new OnlineProbitLearner(settings));
      monitors.put(c, new ModelMonitor());
    }
  }

  /** The default settings: β = 1, N(0, 0.1) per weight, no forgetting, published within 100 ms. */
  public static OnlineProbitLearner.Settings defaultSettings() {
    return new OnlineProbitLearner.Settings(1.0, FeaturePrior.uniform(0.1), 0.0, 100_000_000L);
  }

  /** The model id of a channel's model, as decisions record it: {@code probit:web}. */
  public static String modelId(Channel channel) {
    return FAMILY + ":" + channel.code();
  }

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public Score score(String actionId, Channel channel, List<String> features, UniformRandomProvider rng) {
    ProbitWeights w = learners.get(channel).weights();
    ProbitWeights.Encoded e = w.encode(features);
    Evidence ev = evidence.get(new ModelKey(actionId, channel));
    return new Score(
        modelId(channel), w.evidence(), ev == null ? 0 : ev.responses(), w.propensity(e), w.sample(e, rng),
        new ProbitPosterior(e.mean(), e.variance(), w.beta()));
  }

  @Override
  public void learn(
      String actionId, Channel channel, List<String> features, Outcome outcome, long responseId) {
    Objects.requireNonNull(outcome, "outcome");
    if (responseId < 1) {
      throw new IllegalArgumentException("response ids start at 1, got " + responseId);
    }
    synchronized (writeLock) {
      if (responseId <= lastResponseId) {
        return;
      }
      boolean positive = outcome.isPositive();
      OnlineProbitLearner learner = learners.get(channel);
      monitors.get(channel).record(learner.predict(features), positive);
      learner.learn(features, positive, responseId);
      evidence.merge(new ModelKey(actionId, channel), new Evidence(1, positive ? 1 : 0),
          (a, b) -> a.plus(positive));
      lastResponseId = responseId;
    }
  }

  @Override
  public void publish() {
    synchronized (writeLock) {
      learners.values().forEach(OnlineProbitLearner::publish);
    }
  }

  /** The last published weights of a channel's model. */
  public ProbitWeights weights(Channel channel) {
    return learners.get(channel).weights();
  }

  /** The settings the models learn with. */
  public OnlineProbitLearner.Settings settings() {
    return settings;
  }

  @Override
  public long lastResponseId() {
    return lastResponseId;
  }

  /** Responses learned about an action on a channel. */
  public long evidence(String actionId, Channel channel) {
    Evidence e = evidence.get(new ModelKey(actionId, channel));
    return e == null ? 0 : e.responses();
  }

  @Override
  public List<ModelStatus> status() {
    synchronized (writeLock) {
      List<ModelStatus> all = new ArrayList<>();
      for (Channel c : Channel.values()) {
        ProbitWeights w = learners.get(c).publish();
        ModelMonitor m = monitors.get(c);
        all.add(new ModelStatus(modelId(c), w.evidence(), w.evidence(), w.positives(), w.features(),
            w.lastResponseId(), ModelStatus.maturity(w.evidence()), m.auc(), m.calibration()));
      }
      return all;
    }
  }

  /** Responses and positive responses per action on {@code channel}, most evidence first. */
  public List<ActionEvidence> actionEvidence(Channel channel) {
    List<ActionEvidence> all = new ArrayList<>();
    evidence.forEach((key, e) -> {
      if (key.channel() == channel) {
        all.add(new ActionEvidence(key.actionId(), e.responses(), e.positives()));
      }
    });
    all.sort(java.util.Comparator.comparingLong(ActionEvidence::responses).reversed()
        .thenComparing(ActionEvidence::actionId));
    return all;
  }

  /** What a channel's model has learned about one action. */
  public record ActionEvidence(String actionId, long responses, long positives) {}

  /**
   * The binary form: a format number, the last response id, per channel its learner's counts and
   * every feature's name, mean and variance, then the evidence per action and channel.
   */
  @Override
  public Saved save() {
    synchronized (writeLock) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(FORMAT);
        out.writeLong(lastResponseId);
        out.writeInt(learners.size());
        for (Map.Entry<Channel, OnlineProbitLearner> e : learners.entrySet()) {
          ProbitWeights w = e.getValue().publish();
          out.writeUTF(e.getKey().code());
          out.writeLong(w.evidence());
          out.writeLong(w.positives());
          out.writeLong(w.lastResponseId());
          out.writeInt(w.features());
          for (int i = 0; i < w.features(); i++) {
            out.writeUTF(w.featureName(i));
            out.writeDouble(w.meanAt(i));
            out.writeDouble(w.varianceAt(i));
          }
          monitors.get(e.getKey()).write(out);
        }
        // In a fixed order, so that the same state always gives the same bytes.
        List<Map.Entry<ModelKey, Evidence>> entries = new ArrayList<>(evidence.entrySet());
        entries.sort(Map.Entry.comparingByKey(
            java.util.Comparator.comparing(ModelKey::actionId).thenComparing(ModelKey::channel)));
        out.writeInt(entries.size());
        for (Map.Entry<ModelKey, Evidence> e : entries) {
          out.writeUTF(e.getKey().actionId());
          out.writeUTF(e.getKey().channel().code());
          out.writeLong(e.getValue().responses());
          out.writeLong(e.getValue().positives());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Saved(FAMILY, lastResponseId, bytes.toByteArray());
    }
  }

  /**
   * Models continuing from a saved state; replay the responses after its last response id to catch up.
   *
   * @throws IllegalArgumentException when the bytes are not a saved state of this family
   */
  public static ContextualProbitModels restore(byte[] content, OnlineProbitLearner.Settings settings) {
    ContextualProbitModels models = new ContextualProbitModels(settings);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(content))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "not a probit model state of format " + FORMAT + " (format " + format + ")");
      }
      models.lastResponseId = in.readLong();
      int channels = in.readInt();
      for (int c = 0; c < channels; c++) {
        Channel channel = Channel.fromCode(in.readUTF());
        long responses = in.readLong();
        long positives = in.readLong();
        long last = in.readLong();
        int n = in.readInt();
        String[] names = new String[n];
        double[] mean = new double[n];
        double[] variance = new double[n];
        for (int i = 0; i < n; i++) {
          names[i] = in.readUTF();
          mean[i] = in.readDouble();
          variance[i] = in.readDouble();
        }
        models.learners.put(
            channel, OnlineProbitLearner.resume(settings, names, mean, variance, responses, positives, last));
        models.monitors.put(channel, ModelMonitor.read(in));
      }
      int actions = in.readInt();
      for (int i = 0; i < actions; i++) {
        ModelKey key = new ModelKey(in.readUTF(), Channel.fromCode(in.readUTF()));
        models.evidence.put(key, new Evidence(in.readLong(), in.readLong()));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("a probit model state that cannot be read: " + e.getMessage(), e);
    }
    return models;
  }
}
