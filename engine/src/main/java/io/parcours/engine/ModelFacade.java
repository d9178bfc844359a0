package io.parcours.engine;

import io.parcours.db.PostgresTrainingData;
import io.parcours.domain.Channel;
import io.parcours.domain.ModelRoleChange;
import io.parcours.engine.evaluation.OffPolicyEvaluator;
import io.parcours.engine.models.ModelVersions;
import io.parcours.engine.runtime.DecisionLogCsv;
import io.parcours.engine.runtime.EngineRuntime;
import io.parcours.engine.runtime.TrainingDataCsv;
import io.parcours.models.ContextualProbitModels;
import io.parcours.models.ModelStatus;
import io.parcours.models.PropensityModels;
import io.parcours.models.UpliftEstimate;
import io.parcours.models.offline.CandidateScorer;
import io.parcours.models.offline.OffPolicyEstimate;
import io.parcours.models.online.ProbitWeights;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The data scientist's facade: what each adaptive model has learned and how well it predicts. */
@Stateless
@Interceptors(DatabaseAway.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ModelFacade {

  /** How many of a model's weights a detail shows, largest first. */
  static final int TOP_WEIGHTS = 30;

  @EJB EngineRuntime runtime;

  /** One weight of a contextual model: the feature, its posterior mean and standard deviation. */
  public record Weight(String feature, double mean, double deviation) {}

  /** A model with what it learned: its status, its largest weights and the evidence per action. */
  public record Detail(
      ModelStatus status,
      String family,
      List<Weight> topWeights,
      List<ContextualProbitModels.ActionEvidence> actions) {}

  private PropensityModels models() {
    return runtime.engine().models();
  }

  /** Every model the engine runs, with its monitoring figures. */
  public List<ModelStatus> list() {
    return models().status();
  }

  /**
   * One model version ({@code probit:web@2}), a channel's model by its champion ({@code
   * probit:web}), or empty when there is no such model learning now.
   */
  public Optional<Detail> detail(String modelId) {
    PropensityModels models = models();
    Optional<ModelStatus> status =
        models.status().stream()
            .filter(
                s ->
                    s.modelId().equals(modelId)
                        || s.model().equals(modelId) && s.role().equals("champion"))
            .findFirst();
    if (status.isEmpty()) {
      return Optional.empty();
    }
    if (models instanceof ContextualProbitModels probit) {
      ContextualProbitModels.ParsedId id = ContextualProbitModels.parse(status.get().modelId());
      Channel channel = id.channel();
      ProbitWeights w = probit.weights(channel, id.version());
      if (w == null) {
        return Optional.empty();
      }
      List<Weight> weights = new ArrayList<>(w.features());
      for (int i = 0; i < w.features(); i++) {
        weights.add(new Weight(w.featureName(i), w.meanAt(i), Math.sqrt(w.varianceAt(i))));
      }
      weights.sort(
          Comparator.comparingDouble((Weight x) -> -Math.abs(x.mean()))
              .thenComparing(Weight::feature));
      return Optional.of(
          new Detail(
              status.get(),
              models.family(),
              List.copyOf(weights.subList(0, Math.min(TOP_WEIGHTS, weights.size()))),
              probit.actionEvidence(channel)));
    }
    return Optional.of(new Detail(status.get(), models.family(), List.of(), List.of()));
  }

  /** A model's versions and role history, with what each version served in a period. */
  public record Versions(
      String modelId,
      List<ModelVersions.VersionView> versions,
      List<ModelRoleChange> changes,
      Instant servedFrom,
      Instant servedTo,
      List<Served> served) {}

  /**
   * The impressions one version ranked and the share answered positively, with a 95 % Wilson
   * interval.
   */
  public record Served(String modelId, long impressions, UpliftEstimate.Rate positiveRate) {}

  /** The versions of {@code modelId} and what they served in [{@code from}, {@code to}). */
  public Versions versions(String modelId, Instant from, Instant to) {
    ModelVersions versions = runtime.engine().modelVersions();
    ModelVersions.History h = versions.history(modelId);
    List<Served> served =
        versions.served(modelId, from, to).stream()
            .map(
                s ->
                    new Served(
                        s.versionId(),
                        s.impressions(),
                        UpliftEstimate.Rate.of(s.positives(), s.impressions())))
            .toList();
    return new Versions(h.modelId(), h.versions(), h.changes(), from, to, served);
  }

  /** Uploads an offline model as a challenger; see {@link ModelVersions#challenge}. */
  public String challenge(
      String modelId,
      byte[] file,
      double share,
      double priorVariance,
      String description,
      String by,
      String reason) {
    return runtime
        .engine()
        .modelVersions()
        .challenge(modelId, file, share, priorVariance, description, by, reason);
  }

  /** See {@link ModelVersions#promote}. */
  public void promote(String versionId, String by, String reason) {
    runtime.engine().modelVersions().promote(versionId, by, reason);
  }

  /** See {@link ModelVersions#rollback}. */
  public void rollback(String modelId, String by, String reason) {
    runtime.engine().modelVersions().rollback(modelId, by, reason);
  }

  /** See {@link ModelVersions#drop}. */
  public void drop(String versionId, String by, String reason) {
    runtime.engine().modelVersions().drop(versionId, by, reason);
  }

  /** See {@link ModelVersions#share}. */
  public void share(String versionId, double share, String by, String reason) {
    runtime.engine().modelVersions().share(versionId, share, by, reason);
  }

  /**
   * Writes the impressions of decisions made in [{@code from}, {@code to}) as CSV to {@code out},
   * with the features the models saw and the best outcome; returns the number of rows.
   */
  public long exportTrainingData(Instant from, Instant to, OutputStream out) throws Exception {
    return TrainingDataCsv.write(runtime.engine().trainingData(), from, to, out);
  }

  /**
   * Writes the decisions made in [{@code from}, {@code to}) on {@code channel} (every channel when
   * null) that off-policy evaluation can replay as CSV to {@code out}; returns the number of rows.
   */
  public long exportDecisionLog(Instant from, Instant to, Channel channel, OutputStream out)
      throws Exception {
    var engine = runtime.engine();
    return DecisionLogCsv.write(
        engine.trainingData(),
        engine.decisions().library(),
        from,
        to,
        channel == null ? null : channel.code(),
        out);
  }

  /**
   * Estimates the response rate the greedy policy of model {@code modelId} (as it stands now) would
   * have had on the decisions made in [{@code from}, {@code to}) on its channel, by IPS and
   * self-normalised IPS; empty when there is no model with that id.
   *
   * @param clip the largest weight, {@link Double#POSITIVE_INFINITY} for none
   */
  public Optional<OfflineEvaluation> evaluateOffline(
      String modelId, Instant from, Instant to, double clip) throws Exception {
    PropensityModels models = models();
    Optional<ModelStatus> status =
        models.status().stream()
            .filter(
                s ->
                    s.modelId().equals(modelId)
                        || s.model().equals(modelId) && s.role().equals("champion"))
            .findFirst();
    if (status.isEmpty()) {
      return Optional.empty();
    }
    CandidateScorer candidate;
    Channel channel;
    if (models instanceof ContextualProbitModels probit) {
      // A version is evaluated on its published weights, which no response changes while streaming.
      ContextualProbitModels.ParsedId id = ContextualProbitModels.parse(status.get().modelId());
      channel = id.channel();
      ProbitWeights weights = probit.weights(channel, id.version());
      if (weights == null) {
        return Optional.empty();
      }
      candidate = CandidateScorer.of(weights);
    } else {
      channel = Channel.fromCode(modelId.substring(modelId.lastIndexOf(':') + 1));
      candidate = CandidateScorer.of(models, channel);
    }
    var engine = runtime.engine();
    OffPolicyEvaluator evaluator =
        new OffPolicyEvaluator(engine.trainingData(), engine.decisions().library());
    OffPolicyEvaluator.Result r =
        evaluator.evaluate(from, to, channel, candidate, engine.decisions().threshold(), clip);
    return Optional.of(OfflineEvaluation.of(status.get().modelId(), r));
  }

  /** An estimate with its 95 % interval. */
  public record Interval(double estimate, double low, double high) {
    static Interval of(Double estimate, Double low, Double high) {
      return estimate == null || low == null || high == null
          ? null
          : new Interval(estimate, low, high);
    }
  }

  /**
   * A model's response rate estimated on logged decisions: what its greedy policy would have got.
   *
   * @param decisions logged decisions evaluated
   * @param matched those where the model would have shown first what the engine did
   * @param candidateShowsNothing those where none of the model's priorities reached the threshold
   * @param skipped decisions that could not be evaluated (no first-place probability)
   * @param ips inverse propensity scoring, 95 % interval by the central limit theorem
   * @param snips self-normalised IPS, 95 % interval by the delta method
   * @param effectiveSampleSize (Σ w)² / Σ w²
   * @param meanWeight (1/n) Σ w, 1 in expectation
   * @param loggedRate the engine's own rate on the same decisions, 95 % Wilson interval
   */
  public record OfflineEvaluation(
      String modelId,
      String channel,
      Instant from,
      Instant to,
      double threshold,
      Double clip,
      long decisions,
      long matched,
      long candidateShowsNothing,
      long skipped,
      Interval ips,
      Interval snips,
      Double effectiveSampleSize,
      Double meanWeight,
      Double maxWeight,
      long clippedWeights,
      UpliftEstimate.Rate loggedRate) {

    static OfflineEvaluation of(String modelId, OffPolicyEvaluator.Result r) {
      OffPolicyEstimate e = r.estimate();
      return new OfflineEvaluation(
          modelId,
          r.channel(),
          r.from(),
          r.to(),
          r.threshold(),
          e.clip(),
          e.decisions(),
          e.matched(),
          e.candidateShowsNothing(),
          r.skipped(),
          Interval.of(e.ips(), e.ipsLow(), e.ipsHigh()),
          Interval.of(e.snips(), e.snipsLow(), e.snipsHigh()),
          e.effectiveSampleSize(),
          e.meanWeight(),
          e.maxWeight(),
          e.clippedWeights(),
          e.loggedRate());
    }
  }

  /** One policy's decisions and how often their impressions were accepted or clicked. */
  public record PolicyView(String policy, long decisions, UpliftEstimate.Rate positiveRate) {}

  /**
   * The models against the random control group over a period: each policy's positive-response rate
   * per impression, and their ratio (null until both sides have a positive response).
   */
  public record Uplift(
      Instant from, Instant to, List<PolicyView> policies, UpliftEstimate.Ratio uplift) {}

  /** The uplift of the decisions made in [{@code from}, {@code to}). */
  public Uplift uplift(Instant from, Instant to) {
    List<PolicyView> views = new ArrayList<>();
    UpliftEstimate.Rate models = null;
    UpliftEstimate.Rate control = null;
    for (PostgresTrainingData.PolicyOutcome o :
        runtime.engine().trainingData().outcomesByPolicy(from, to)) {
      UpliftEstimate.Rate rate = UpliftEstimate.Rate.of(o.positives(), o.impressions());
      views.add(new PolicyView(o.policy(), o.decisions(), rate));
      if (o.policy().equals("models")) {
        models = rate;
      } else if (o.policy().equals("control")) {
        control = rate;
      }
    }
    return new Uplift(
        from,
        to,
        views,
        models == null || control == null ? null : UpliftEstimate.ratio(models, control));
  }
}
