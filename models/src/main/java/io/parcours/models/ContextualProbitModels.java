package io.parcours.models;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import io.parcours.models.online.Crossing;
import io.parcours.models.online.FeaturePrior;
import io.parcours.models.online.OnlineProbitLearner;
import io.parcours.models.online.ProbitPosterior;
import io.parcours.models.online.ProbitWeights;
import io.parcours.models.online.WarmStart;
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
 * variance, so its draws are spread and it gets shown (exploration), while its product line's and
 * the context's weights already say roughly who may like it. As responses come in, its own weights
 * narrow.
 *
 * <p><b>Versions: champion and challengers.</b> A channel's model has numbered versions ({@code
 * probit:web@1}, {@code probit:web@2}, …). Version 1 starts from the default prior; a later version
 * usually starts from an offline-trained model ({@link WarmStart}). One version is the
 * <i>champion</i>; <i>challengers</i> each serve a share of the channel's decisions, drawn per
 * decision ({@link #serving}); the champion before the last promotion stands by. Every live version
 * learns every response on its channel, against the features its decision recorded, so the versions
 * are compared on the same stream (each keeps its own prequential monitor) and a rollback brings
 * back a model that is up to date. Role changes ({@link #assign}) take effect between two responses
 * and are persisted with the id of the last response learned before them, so a replay after a
 * restart applies them at the same place.
 *
 * <p>Threads: scoring reads each channel's routing and each version's last published {@link
 * ProbitWeights} and never blocks. {@link #learn}, {@link #assign} and {@link #save} share a lock,
 * so a saved state holds exactly the responses up to its last response id; the writer publishes
 * after each batch ({@link #publish}), and learning also publishes when the last snapshot is older
 * than the settings allow.
 */
public final class ContextualProbitModels implements PropensityModels {

  /** The family name of these models' snapshots. */
  public static final String FAMILY = "probit";

  /**
   * 3: versions with their roles, warm starts and monitors. 2 (one model per channel) is still
   * read.
   */
  private static final int FORMAT = 3;

  private static final int FORMAT_SINGLE = 2;

  /** The most of a channel's decisions its challengers may serve together. */
  public static final double MAX_CHALLENGER_SHARE = 0.5;

  /** Responses learned about one action on one channel. */
  private record Evidence(long responses, long positives) {
    Evidence plus(boolean positive) {
      return new Evidence(responses + 1, positives + (positive ? 1 : 0));
    }
  }

  /** A version that learns: its role, its learner and its monitor. Guarded by the write lock. */
  private static final class Live {
    final int version;
    ModelRole role;
    double share;
    final WarmStart warmStart;
    final OnlineProbitLearner learner;
    final ModelMonitor monitor;

    Live(
        int version,
        ModelRole role,
        double share,
        WarmStart warmStart,
        OnlineProbitLearner learner,
        ModelMonitor monitor) {
      this.version = version;
      this.role = role;
      this.share = share;
      this.warmStart = warmStart;
      this.learner = learner;
      this.monitor = monitor;
    }
  }

  /** Which version serves a decision: the champion, or a challenger by cumulative share. */
  private record Routing(Channel channel, Live champion, Live[] challengers, double[] upTo) {}

  /**
   * A role a version takes on a channel.
   *
   * @param share the share of the channel's decisions it serves, for a challenger; 0 otherwise
   * @param warmStart where a version not yet live starts from; null for the default prior
   */
  public record Assignment(int version, ModelRole role, double share, WarmStart warmStart) {
    public Assignment {
      Objects.requireNonNull(role, "role");
      if (version < 1) {
        throw new IllegalArgumentException("model versions start at 1, got " + version);
      }
      if (role == ModelRole.CHALLENGER
          ? !(share > 0 && share <= MAX_CHALLENGER_SHARE)
          : share != 0) {
        throw new IllegalArgumentException(
            role == ModelRole.CHALLENGER
                ? "a challenger's traffic share must be above 0 and at most "
                    + MAX_CHALLENGER_SHARE
                    + ", got "
                    + share
                : "only a challenger has a traffic share");
      }
    }
  }

  /** A version as it stands now. */
  public record VersionState(
      Channel channel, int version, ModelRole role, double share, boolean warmStarted) {}

  private final OnlineProbitLearner.Settings settings;
  private final Map<Channel, List<Live>> live = new EnumMap<>(Channel.class);
  private final ConcurrentHashMap<ModelKey, Evidence> evidence = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();
  private volatile Map<Channel, Routing> routing = Map.of();
  private volatile long lastResponseId;

  /**
   * Models that have learned nothing yet: version 1 of each channel, champion, on the default
   * prior.
   */
  public ContextualProbitModels(OnlineProbitLearner.Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    for (Channel c : Channel.values()) {
      List<Live> versions = new ArrayList<>();
      versions.add(
          new Live(
              1,
              ModelRole.CHAMPION,
              0,
              null,
              new OnlineProbitLearner(settings),
              new ModelMonitor()));
      live.put(c, versions);
    }
    route();
  }

  /**
   * The default settings: β = 1, N(0, {@value OnlineProbitLearner#DEFAULT_PRIOR_VARIANCE}) per
   * weight, no forgetting, published within 100 ms, draws scaled by α = {@value
   * OnlineProbitLearner#DEFAULT_DRAW_SCALE}.
   */
  public static OnlineProbitLearner.Settings defaultSettings() {
    return OnlineProbitLearner.Settings.defaults();
  }

  /** The id of a channel's model, all versions together: {@code probit:web}. */
  public static String modelId(Channel channel) {
    return FAMILY + ":" + channel.code();
  }

  /** The id of one version of a channel's model, as decisions record it: {@code probit:web@2}. */
  public static String versionId(Channel channel, int version) {
    return modelId(channel) + "@" + version;
  }

  /**
   * A version id or a model id taken apart: the channel, and the version (0 when none was named).
   */
  public record ParsedId(Channel channel, int version) {}

  /**
   * Reads {@code probit:web} or {@code probit:web@2}.
   *
   * @throws IllegalArgumentException when it is neither, saying the expected form
   */
  public static ParsedId parse(String id) {
    String prefix = FAMILY + ":";
    if (id == null || !id.startsWith(prefix)) {
      throw new IllegalArgumentException(
          "'" + id + "' is not a model id like probit:web or probit:web@2");
    }
    String rest = id.substring(prefix.length());
    int at = rest.indexOf('@');
    try {
      Channel channel = Channel.fromCode(at < 0 ? rest : rest.substring(0, at));
      int version = at < 0 ? 0 : Integer.parseInt(rest.substring(at + 1));
      if (at >= 0 && version < 1) {
        throw new IllegalArgumentException("model versions start at 1");
      }
      return new ParsedId(channel, version);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + id + "' is not a model id like probit:web or probit:web@2: " + e.getMessage(), e);
    }
  }

  @Override
  public String family() {
    return FAMILY;
  }

  /** Scores with the channel's champion, by the features' names. */
  @Override
  public Score score(
      String actionId, Channel channel, List<String> features, UniformRandomProvider rng) {
    Live champion = routing.get(channel).champion();
    ProbitWeights w = champion.learner.weights();
    return score(
        w, w.encode(features), versionId(channel, champion.version), actionId, channel, rng);
  }

  /**
   * Chooses the version, takes its last published snapshot once for the whole decision (so every
   * action is ranked on the same weights), and looks the context up in it once.
   */
  @Override
  public Serving serving(Channel channel, List<String> context, UniformRandomProvider rng) {
    Routing r = routing.get(channel);
    Live chosen = r.champion();
    if (r.challengers().length > 0) {
      double u = rng.nextDouble();
      for (int i = 0; i < r.challengers().length; i++) {
        if (u < r.upTo()[i]) {
          chosen = r.challengers()[i];
          break;
        }
      }
    }
    ProbitWeights w = chosen.learner.weights();
    ProbitWeights.InContext in = w.in(PropensityFeatures.CROSSING, context);
    String versionId = versionId(channel, chosen.version);
    return (action, draws) ->
        score(w, in.encode(action.own()), versionId, action.actionId(), channel, draws);
  }

  private Score score(
      ProbitWeights w,
      ProbitWeights.Encoded e,
      String versionId,
      String actionId,
      Channel channel,
      UniformRandomProvider rng) {
    Evidence ev = evidence.get(new ModelKey(actionId, channel));
    ProbitPosterior posterior = w.posterior(e, settings.drawScale());
    return new Score(
        versionId,
        w.evidence(),
        ev == null ? 0 : ev.responses(),
        w.propensity(e),
        posterior.sample(rng),
        posterior);
  }

  @Override
  public void learn(
      ActionFeatures action,
      Channel channel,
      List<String> context,
      Outcome outcome,
      long responseId) {
    Objects.requireNonNull(outcome, "outcome");
    if (responseId < 1) {
      throw new IllegalArgumentException("response ids start at 1, got " + responseId);
    }
    Crossing crossing = PropensityFeatures.CROSSING;
    synchronized (writeLock) {
      if (responseId <= lastResponseId) {
        return;
      }
      boolean positive = outcome.isPositive();
      for (Live v : live.get(channel)) {
        v.monitor.record(v.learner.predict(crossing, context, action.own()), positive);
        v.learner.learn(crossing, context, action.own(), positive, responseId);
      }
      evidence.merge(
          new ModelKey(action.actionId(), channel),
          new Evidence(1, positive ? 1 : 0),
          (a, b) -> a.plus(positive));
      lastResponseId = responseId;
    }
  }

  @Override
  public void publish() {
    synchronized (writeLock) {
      live.values().forEach(vs -> vs.forEach(v -> v.learner.publish()));
    }
  }

  /**
   * Gives versions of {@code channel} new roles, between two responses: {@code persist} is called
   * first, under the writer's lock, with the id of the last response learned, and the roles change
   * only when it returns normally. A version not live yet starts from its assignment's warm start;
   * a version already in the role asked for is left as it is, so replaying a change is harmless.
   *
   * @throws IllegalArgumentException when the roles that would result are not exactly one champion,
   *     at most one standby and challengers serving at most {@link #MAX_CHALLENGER_SHARE} together,
   *     or a retired version is asked to come back
   */
  public void assign(
      Channel channel, List<Assignment> assignments, java.util.function.LongConsumer persist) {
    synchronized (writeLock) {
      List<Live> current = live.get(channel);
      Map<Integer, Live> byVersion = new java.util.TreeMap<>();
      current.forEach(v -> byVersion.put(v.version, v));
      Map<Integer, Assignment> wanted = new java.util.TreeMap<>();
      for (Assignment a : assignments) {
        wanted.put(a.version(), a);
      }
      int champions = 0;
      int standbys = 0;
      double shares = 0;
      for (Live v : byVersion.values()) {
        Assignment a = wanted.get(v.version);
        ModelRole role = a == null ? v.role : a.role();
        double share = a == null ? v.share : a.share();
        champions += role == ModelRole.CHAMPION ? 1 : 0;
        standbys += role == ModelRole.STANDBY ? 1 : 0;
        shares += role == ModelRole.CHALLENGER ? share : 0;
      }
      for (Assignment a : wanted.values()) {
        if (!byVersion.containsKey(a.version())) {
          champions += a.role() == ModelRole.CHAMPION ? 1 : 0;
          standbys += a.role() == ModelRole.STANDBY ? 1 : 0;
          shares += a.role() == ModelRole.CHALLENGER ? a.share() : 0;
        }
      }
      if (champions != 1) {
        throw new IllegalArgumentException(
            "the "
                + channel.code()
                + " model would have "
                + champions
                + " champions; it must have exactly one");
      }
      if (standbys > 1) {
        throw new IllegalArgumentException(
            "the " + channel.code() + " model would have " + standbys + " standbys");
      }
      if (shares > MAX_CHALLENGER_SHARE + 1e-12) {
        throw new IllegalArgumentException(
            String.format(
                java.util.Locale.ROOT,
                "the challengers of the %s model would serve %.0f %% of its decisions together; at most %.0f %%"
                    + " (the champion keeps the rest)",
                channel.code(),
                100 * shares,
                100 * MAX_CHALLENGER_SHARE));
      }
      persist.accept(lastResponseId);
      for (Assignment a : wanted.values()) {
        Live v = byVersion.get(a.version());
        if (v == null && a.role().learns()) {
          FeaturePrior prior = a.warmStart() == null ? settings.prior() : a.warmStart();
          OnlineProbitLearner.Settings own = settings.withPrior(prior);
          byVersion.put(
              a.version(),
              new Live(
                  a.version(),
                  a.role(),
                  a.share(),
                  a.warmStart(),
                  new OnlineProbitLearner(own),
                  new ModelMonitor()));
        } else if (v != null) {
          v.role = a.role();
          v.share = a.share();
        }
      }
      List<Live> next = new ArrayList<>();
      byVersion.values().stream().filter(v -> v.role.learns()).forEach(next::add);
      live.put(channel, next);
      route();
    }
  }

  /** Rebuilds the routing from the live versions; under the write lock. */
  private void route() {
    Map<Channel, Routing> all = new EnumMap<>(Channel.class);
    live.forEach(
        (channel, versions) -> {
          Live champion = null;
          List<Live> challengers = new ArrayList<>();
          for (Live v : versions) {
            if (v.role == ModelRole.CHAMPION) {
              champion = v;
            } else if (v.role == ModelRole.CHALLENGER) {
              challengers.add(v);
            }
          }
          double[] upTo = new double[challengers.size()];
          double sum = 0;
          for (int i = 0; i < upTo.length; i++) {
            sum += challengers.get(i).share;
            upTo[i] = sum;
          }
          all.put(channel, new Routing(channel, champion, challengers.toArray(Live[]::new), upTo));
        });
    routing = Map.copyOf(all);
  }

  /** Every live version of every channel, with its role. */
  public List<VersionState> versions() {
    synchronized (writeLock) {
      List<VersionState> all = new ArrayList<>();
      live.forEach(
          (c, vs) ->
              vs.forEach(
                  v ->
                      all.add(
                          new VersionState(c, v.version, v.role, v.share, v.warmStart != null))));
      return all;
    }
  }

  /** The last published weights of a channel's champion. */
  public ProbitWeights weights(Channel channel) {
    return routing.get(channel).champion().learner.weights();
  }

  /**
   * The last published weights of a live version, or null when the version does not learn (any
   * more).
   */
  public ProbitWeights weights(Channel channel, int version) {
    synchronized (writeLock) {
      for (Live v : live.get(channel)) {
        if (v.version == version) {
          return v.learner.weights();
        }
      }
      return null;
    }
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

  /** Every live version, the champion of each channel first. */
  @Override
  public List<ModelStatus> status() {
    synchronized (writeLock) {
      List<ModelStatus> all = new ArrayList<>();
      for (Channel c : Channel.values()) {
        List<Live> versions = new ArrayList<>(live.get(c));
        versions.sort(
            java.util.Comparator.comparing((Live v) -> v.role).thenComparingInt(v -> v.version));
        for (Live v : versions) {
          ProbitWeights w = v.learner.publish();
          all.add(
              new ModelStatus(
                  versionId(c, v.version),
                  modelId(c),
                  v.version,
                  v.role.code(),
                  v.share,
                  w.evidence(),
                  w.positives(),
                  w.features(),
                  w.lastResponseId(),
                  ModelStatus.maturity(w.evidence()),
                  v.monitor.auc(),
                  v.monitor.calibration()));
        }
      }
      return all;
    }
  }

  /** Responses and positive responses per action on {@code channel}, most evidence first. */
  public List<ActionEvidence> actionEvidence(Channel channel) {
    List<ActionEvidence> all = new ArrayList<>();
    evidence.forEach(
        (key, e) -> {
          if (key.channel() == channel) {
            all.add(new ActionEvidence(key.actionId(), e.responses(), e.positives()));
          }
        });
    all.sort(
        java.util.Comparator.comparingLong(ActionEvidence::responses)
            .reversed()
            .thenComparing(ActionEvidence::actionId));
    return all;
  }

  /** What a channel's model has learned about one action. */
  public record ActionEvidence(String actionId, long responses, long positives) {}

  /**
   * The binary form: a format number, the last response id, per channel its live versions (number,
   * role, share, warm start, the learner's counts and every feature's name, mean and variance, the
   * monitor), then the evidence per action and channel.
   */
  @Override
  public Saved save() {
    synchronized (writeLock) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(FORMAT);
        out.writeLong(lastResponseId);
        out.writeInt(live.size());
        for (Map.Entry<Channel, List<Live>> e : live.entrySet()) {
          out.writeUTF(e.getKey().code());
          out.writeInt(e.getValue().size());
          for (Live v : e.getValue()) {
            out.writeInt(v.version);
            out.writeUTF(v.role.code());
            out.writeDouble(v.share);
            out.writeBoolean(v.warmStart != null);
            if (v.warmStart != null) {
              v.warmStart.write(out);
            }
            writeWeights(out, v.learner.publish());
            v.monitor.write(out);
          }
        }
        // In a fixed order, so that the same state always gives the same bytes.
        List<Map.Entry<ModelKey, Evidence>> entries = new ArrayList<>(evidence.entrySet());
        entries.sort(
            Map.Entry.comparingByKey(
                java.util.Comparator.comparing(ModelKey::actionId)
                    .thenComparing(ModelKey::channel)));
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

  private static void writeWeights(DataOutputStream out, ProbitWeights w) throws IOException {
    out.writeLong(w.evidence());
    out.writeLong(w.positives());
    out.writeLong(w.lastResponseId());
    out.writeInt(w.features());
    for (int i = 0; i < w.features(); i++) {
      out.writeUTF(w.featureName(i));
      out.writeDouble(w.meanAt(i));
      out.writeDouble(w.varianceAt(i));
    }
  }

  private static OnlineProbitLearner readLearner(
      DataInputStream in, OnlineProbitLearner.Settings settings) throws IOException {
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
    return OnlineProbitLearner.resume(settings, names, mean, variance, responses, positives, last);
  }

  /**
   * Models continuing from a saved state; replay the responses after its last response id to catch
   * up.
   *
   * @throws IllegalArgumentException when the bytes are not a saved state of this family
   */
  public static ContextualProbitModels restore(
      byte[] content, OnlineProbitLearner.Settings settings) {
    ContextualProbitModels models = new ContextualProbitModels(settings);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(content))) {
      int format = in.readInt();
      if (format != FORMAT && format != FORMAT_SINGLE) {
        throw new IllegalArgumentException(
            "not a probit model state of format "
                + FORMAT
                + " or "
                + FORMAT_SINGLE
                + " (format "
                + format
                + ")");
      }
      models.lastResponseId = in.readLong();
      int channels = in.readInt();
      for (int c = 0; c < channels; c++) {
        Channel channel = Channel.fromCode(in.readUTF());
        List<Live> versions = new ArrayList<>();
        if (format == FORMAT_SINGLE) {
          versions.add(
              new Live(
                  1,
                  ModelRole.CHAMPION,
                  0,
                  null,
                  readLearner(in, settings),
                  ModelMonitor.read(in)));
        } else {
          int n = in.readInt();
          for (int i = 0; i < n; i++) {
            int version = in.readInt();
            ModelRole role = ModelRole.fromCode(in.readUTF());
            double share = in.readDouble();
            WarmStart warm = in.readBoolean() ? WarmStart.read(in, settings.prior()) : null;
            OnlineProbitLearner.Settings own = warm == null ? settings : settings.withPrior(warm);
            versions.add(
                new Live(version, role, share, warm, readLearner(in, own), ModelMonitor.read(in)));
          }
        }
        models.live.put(channel, versions);
      }
      int actions = in.readInt();
      for (int i = 0; i < actions; i++) {
        ModelKey key = new ModelKey(in.readUTF(), Channel.fromCode(in.readUTF()));
        models.evidence.put(key, new Evidence(in.readLong(), in.readLong()));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "a probit model state that cannot be read: " + e.getMessage(), e);
    }
    models.route();
    return models;
  }
}
