package io.parcours.engine.models;

import io.parcours.db.PostgresModelVersions;
import io.parcours.db.PostgresModelVersions.Version;
import io.parcours.domain.Channel;
import io.parcours.domain.ModelRoleChange;
import io.parcours.engine.ModelChangeException;
import io.parcours.engine.UnknownModelException;
import io.parcours.models.ContextualProbitModels;
import io.parcours.models.ContextualProbitModels.Assignment;
import io.parcours.models.ContextualProbitModels.ParsedId;
import io.parcours.models.ContextualProbitModels.VersionState;
import io.parcours.models.ModelRole;
import io.parcours.models.PropensityModels;
import io.parcours.models.online.WarmStart;
import jakarta.json.bind.Jsonb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * Champion and challengers of each channel's model: uploads an offline-trained model as a
 * challenger that starts from its weights (warm start), sets its traffic share, promotes it, rolls
 * back, drops. Every change is stored, with who made it, when, why and the last response learned
 * before it, in the same step as it takes effect (see {@link ContextualProbitModels#assign}).
 *
 * <p>Only the probit family has versions; with the beta family every change is refused as a
 * conflict. Changes are made one at a time.
 */
public final class ModelVersions {

  /**
   * The label of a positive response in the training-data export, as the retrain command uses it.
   */
  public static final String POSITIVE_LABEL = "yes";

  /** The prior variance of a warm-started weight unless the upload says otherwise. */
  public static final double DEFAULT_WARM_VARIANCE = 0.01;

  /**
   * How a node that follows the role changes other nodes record (see {@code ModelKeeper#catchUp})
   * learns of those it makes itself, so that it does not apply them a second time, out of their
   * order.
   */
  public interface LocalChanges {
    /**
     * Runs {@code change}, which records role changes and applies them, with no catch-up in
     * between.
     */
    void exclusively(Runnable change);

    /** The ids of role changes this node recorded and applied itself. */
    void appliedHere(List<Long> changeIds);
  }

  private final PropensityModels models;
  private final PostgresModelVersions store;
  private final Jsonb json;
  private final Clock clock;
  private volatile LocalChanges local =
      new LocalChanges() {
        @Override
        public void exclusively(Runnable change) {
          change.run();
        }

        @Override
        public void appliedHere(List<Long> changeIds) {}
      };

  public ModelVersions(
      PropensityModels models, PostgresModelVersions store, Jsonb json, Clock clock) {
    this.models = models;
    this.store = store;
    this.json = json;
    this.clock = clock;
  }

  /** Tells {@code local} of every role change this node makes. */
  public void followedBy(LocalChanges local) {
    this.local = java.util.Objects.requireNonNull(local, "local");
  }

  /**
   * Stores version 1 of each channel's model the first time the engine runs with the probit family.
   */
  public void start() {
    if (!(models instanceof ContextualProbitModels probit)) {
      return;
    }
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("source", "online");
    provenance.put("trainer", "io.parcours.models.online.OnlineProbitTrainer");
    provenance.put("settings", settings(probit));
    for (Channel c : Channel.values()) {
      store.ensureFirst(
          ContextualProbitModels.modelId(c),
          "online probit from the default prior, learning from every response on " + c.code(),
          json.toJson(provenance),
          clock.instant());
    }
  }

  private static String settings(ContextualProbitModels probit) {
    var s = probit.settings();
    return String.format(
        Locale.ROOT,
        "beta=%s, prior=%s, forgetting=%s per response, drawScale=%s",
        s.beta(),
        s.prior(),
        s.forgetting(),
        s.drawScale());
  }

  /**
   * A version, its current role and share (retired when it no longer learns), and what it served.
   */
  public record VersionView(
      String versionId,
      int version,
      String role,
      double trafficShare,
      String description,
      String provenance,
      String createdBy,
      Instant createdAt) {}

  /** Every version of a model with its role now, and the role changes in order. */
  public record History(
      String modelId, List<VersionView> versions, List<ModelRoleChange> changes) {}

  /**
   * The versions and role history of {@code modelId} ({@code probit:web}, or a version id).
   *
   * @throws UnknownModelException when there is no such model
   */
  public History history(String modelId) {
    ParsedId id = parse(modelId);
    String model = ContextualProbitModels.modelId(id.channel());
    Map<Integer, VersionState> live = new LinkedHashMap<>();
    probit().versions().stream()
        .filter(v -> v.channel() == id.channel())
        .forEach(v -> live.put(v.version(), v));
    List<VersionView> views = new ArrayList<>();
    for (Version v : store.versions(model)) {
      VersionState state = live.get(v.version());
      views.add(
          new VersionView(
              ContextualProbitModels.versionId(id.channel(), v.version()),
              v.version(),
              state == null ? ModelRole.RETIRED.code() : state.role().code(),
              state == null ? 0 : state.share(),
              v.description(),
              v.provenance(),
              v.createdBy(),
              v.createdAt()));
    }
    return new History(model, views, store.changes(model));
  }

  /**
   * Impressions ranked by each version of {@code modelId} in a period, and their positive
   * responses.
   */
  public List<PostgresModelVersions.Served> served(String modelId, Instant from, Instant to) {
    return store.served(ContextualProbitModels.modelId(parse(modelId).channel()), from, to);
  }

  /**
   * Stores an offline-trained model as a new version of a channel's model and makes it a challenger
   * serving {@code share} of the channel's decisions; it starts from the model's weights.
   *
   * @param file a Tribuo model in its protobuf form, as the retrain command writes it
   * @param priorVariance the prior variance of each weight the model gives
   * @return the new version's id, for example {@code probit:web@2}
   * @throws ModelChangeException (unprocessable) when the file is not a model a probit can start
   *     from; (conflict) when the share would leave the champion less than half the traffic
   */
  public synchronized String challenge(
      String modelId,
      byte[] file,
      double share,
      double priorVariance,
      String description,
      String by,
      String reason) {
    ParsedId id = parse(modelId);
    if (id.version() != 0) {
      throw new ModelChangeException(
          ModelChangeException.Kind.CONFLICT,
          "upload a challenger to the channel's model ("
              + ContextualProbitModels.modelId(id.channel())
              + "), not to a version of it");
    }
    ContextualProbitModels probit = probit();
    Model<Label> offline = read(file);
    WarmStart warm;
    try {
      warm = WarmStart.of(offline, POSITIVE_LABEL, priorVariance, probit.settings().prior());
    } catch (IllegalArgumentException e) {
      throw new ModelChangeException(ModelChangeException.Kind.UNPROCESSABLE, e.getMessage());
    }
    String model = ContextualProbitModels.modelId(id.channel());
    int version = store.nextVersion(model);
    Instant at = clock.instant();
    Version created =
        new Version(
            model,
            version,
            description,
            json.toJson(provenance(offline, warm, priorVariance, file)),
            bytes(warm),
            by,
            at);
    change(
        id.channel(),
        List.of(new Assignment(version, ModelRole.CHALLENGER, share, warm)),
        "challenger",
        created,
        by,
        at,
        reason);
    return ContextualProbitModels.versionId(id.channel(), version);
  }

  /**
   * Makes a challenger the champion; the champion stands by (the version standing by until now
   * retires).
   *
   * @throws ModelChangeException (conflict) when the version is not a challenger
   */
  public synchronized void promote(String versionId, String by, String reason) {
    ParsedId id = version(versionId);
    List<VersionState> live = live(id.channel());
    VersionState target =
        find(live, id.version())
            .filter(v -> v.role() == ModelRole.CHALLENGER)
            .orElseThrow(
                () ->
                    conflict(
                        versionId + " is not a challenger; only a challenger can be promoted"));
    List<Assignment> changes = new ArrayList<>();
    for (VersionState v : live) {
      if (v.role() == ModelRole.STANDBY) {
        changes.add(new Assignment(v.version(), ModelRole.RETIRED, 0, null));
      } else if (v.role() == ModelRole.CHAMPION) {
        changes.add(new Assignment(v.version(), ModelRole.STANDBY, 0, null));
      }
    }
    changes.add(new Assignment(target.version(), ModelRole.CHAMPION, 0, null));
    change(id.channel(), changes, "promote", null, by, clock.instant(), reason);
  }

  /**
   * Brings back the version that stands by as champion; the champion stands by in its place, so a
   * rollback can itself be undone.
   *
   * @throws ModelChangeException (conflict) when no version stands by
   */
  public synchronized void rollback(String modelId, String by, String reason) {
    ParsedId id = parse(modelId);
    List<VersionState> live = live(id.channel());
    VersionState standby =
        live.stream()
            .filter(v -> v.role() == ModelRole.STANDBY)
            .findFirst()
            .orElseThrow(
                () ->
                    conflict(
                        "no version of "
                            + ContextualProbitModels.modelId(id.channel())
                            + " stands by: there was no promotion to roll back"));
    VersionState champion =
        live.stream().filter(v -> v.role() == ModelRole.CHAMPION).findFirst().orElseThrow();
    change(
        id.channel(),
        List.of(
            new Assignment(champion.version(), ModelRole.STANDBY, 0, null),
            new Assignment(standby.version(), ModelRole.CHAMPION, 0, null)),
        "rollback",
        null,
        by,
        clock.instant(),
        reason);
  }

  /**
   * Retires a challenger or the version standing by.
   *
   * @throws ModelChangeException (conflict) when the version is the champion or not live
   */
  public synchronized void drop(String versionId, String by, String reason) {
    ParsedId id = version(versionId);
    VersionState target =
        find(live(id.channel()), id.version())
            .orElseThrow(() -> conflict(versionId + " is already retired"));
    if (target.role() == ModelRole.CHAMPION) {
      throw conflict(
          versionId + " is the champion; promote a challenger or roll back instead of dropping it");
    }
    change(
        id.channel(),
        List.of(new Assignment(id.version(), ModelRole.RETIRED, 0, null)),
        "drop",
        null,
        by,
        clock.instant(),
        reason);
  }

  /**
   * Sets the share of the channel's decisions a challenger serves.
   *
   * @throws ModelChangeException (conflict) when the version is not a challenger or the challengers
   *     would serve more than the champion
   */
  public synchronized void share(String versionId, double share, String by, String reason) {
    ParsedId id = version(versionId);
    find(live(id.channel()), id.version())
        .filter(v -> v.role() == ModelRole.CHALLENGER)
        .orElseThrow(
            () ->
                conflict(
                    versionId + " is not a challenger; only a challenger has a traffic share"));
    change(
        id.channel(),
        List.of(new Assignment(id.version(), ModelRole.CHALLENGER, share, null)),
        "traffic-share",
        null,
        by,
        clock.instant(),
        reason);
  }

  private void change(
      Channel channel,
      List<Assignment> assignments,
      String action,
      Version created,
      String by,
      Instant at,
      String reason) {
    String model = ContextualProbitModels.modelId(channel);
    try {
      local.exclusively(
          () ->
              probit()
                  .assign(
                      channel,
                      assignments,
                      lastResponse -> {
                        List<ModelRoleChange> rows = new ArrayList<>();
                        for (Assignment a : assignments) {
                          rows.add(
                              new ModelRoleChange(
                                  0,
                                  model,
                                  a.version(),
                                  a.role().code(),
                                  a.share(),
                                  action,
                                  lastResponse,
                                  by,
                                  at,
                                  reason));
                        }
                        local.appliedHere(store.record(created, rows));
                      }));
    } catch (IllegalArgumentException e) {
      throw conflict(e.getMessage());
    }
  }

  /**
   * Applies stored role changes to {@code models} without storing them again: what a restart does
   * with the changes made after the snapshot it restores, at the response they were made after.
   * Changes made in one step (same model, response and time) are applied together.
   */
  public static void replay(
      ContextualProbitModels models, List<ModelRoleChange> changes, PostgresModelVersions store) {
    int i = 0;
    while (i < changes.size()) {
      ModelRoleChange first = changes.get(i);
      List<Assignment> step = new ArrayList<>();
      int j = i;
      while (j < changes.size() && sameStep(first, changes.get(j))) {
        ModelRoleChange c = changes.get(j);
        ModelRole role = ModelRole.fromCode(c.role());
        WarmStart warm = null;
        if (role.learns()) {
          byte[] bytes = store.find(c.modelId(), c.version()).map(Version::warmStart).orElse(null);
          warm = bytes == null ? null : warmStart(bytes, models);
        }
        step.add(
            new Assignment(
                c.version(), role, role == ModelRole.CHALLENGER ? c.trafficShare() : 0, warm));
        j++;
      }
      models.assign(ContextualProbitModels.parse(first.modelId()).channel(), step, at -> {});
      i = j;
    }
  }

  private static boolean sameStep(ModelRoleChange a, ModelRoleChange b) {
    return a.modelId().equals(b.modelId())
        && a.atResponseId() == b.atResponseId()
        && a.changedAt().equals(b.changedAt())
        && a.action().equals(b.action());
  }

  private static WarmStart warmStart(byte[] bytes, ContextualProbitModels models) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return WarmStart.read(in, models.settings().prior());
    } catch (IOException e) {
      throw new UncheckedIOException("a stored warm start cannot be read", e);
    }
  }

  private static byte[] bytes(WarmStart warm) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      warm.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private static Model<Label> read(byte[] file) {
    Model<?> model;
    try {
      model = Model.deserialize(ModelProto.parseFrom(file));
    } catch (IOException | RuntimeException e) {
      throw new ModelChangeException(
          ModelChangeException.Kind.UNPROCESSABLE,
          "the file is not a Tribuo model in its protobuf form (write it with the retrain command's --model): "
              + e.getMessage());
    }
    if (!model.validate(Label.class)) {
      throw new ModelChangeException(
          ModelChangeException.Kind.UNPROCESSABLE,
          "the model predicts "
              + model.getOutputIDInfo().getDomain()
              + ", not labels yes/no of a response");
    }
    return (Model<Label>) model;
  }

  private static Map<String, Object> provenance(
      Model<Label> model, WarmStart warm, double variance, byte[] file) {
    ModelProvenance p = model.getProvenance();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", "upload");
    m.put("modelClass", model.getClass().getName());
    m.put("modelName", model.getName());
    m.put(
        "trainer",
        p.getTrainerProvenance() == null ? null : p.getTrainerProvenance().getClassName());
    m.put("trainedAt", p.getTrainingTime() == null ? null : p.getTrainingTime().toString());
    if (p.getDatasetProvenance() != null) {
      m.put("dataSource", p.getDatasetProvenance().getSourceProvenance().toString());
      m.put("examples", p.getDatasetProvenance().getNumExamples());
    }
    m.put("features", model.getFeatureIDMap().size());
    m.put("tribuoVersion", p.getTribuoVersion());
    m.put(
        "warmStart",
        Map.of(
            "weights",
            warm.features(),
            "priorVariance",
            variance,
            "positiveLabel",
            POSITIVE_LABEL));
    m.put("sha256", sha256(file));
    m.put("tribuoProvenance", p.toString());
    return m;
  }

  private static String sha256(byte[] file) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private ContextualProbitModels probit() {
    if (models instanceof ContextualProbitModels probit) {
      return probit;
    }
    throw conflict(
        "the "
            + models.family()
            + " model family has no versions; champion and challenger need"
            + " parcours.models.family=probit");
  }

  private List<VersionState> live(Channel channel) {
    return probit().versions().stream().filter(v -> v.channel() == channel).toList();
  }

  private static Optional<VersionState> find(List<VersionState> live, int version) {
    return live.stream().filter(v -> v.version() == version).findFirst();
  }

  private static ParsedId parse(String id) {
    try {
      return ContextualProbitModels.parse(id);
    } catch (IllegalArgumentException e) {
      throw new UnknownModelException(e.getMessage() + "; GET /api/v1/models lists them");
    }
  }

  private ParsedId version(String versionId) {
    ParsedId id = parse(versionId);
    if (id.version() == 0) {
      throw new UnknownModelException(
          "'"
              + versionId
              + "' names a channel's model, not one of its versions (for example "
              + versionId
              + "@2)");
    }
    if (store.find(ContextualProbitModels.modelId(id.channel()), id.version()).isEmpty()) {
      throw new UnknownModelException(
          "no version '"
              + versionId
              + "'; GET /api/v1/models/"
              + ContextualProbitModels.modelId(id.channel())
              + "/versions lists them");
    }
    return id;
  }

  private static ModelChangeException conflict(String message) {
    return new ModelChangeException(ModelChangeException.Kind.CONFLICT, message);
  }
}
