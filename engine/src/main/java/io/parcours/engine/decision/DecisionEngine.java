package io.parcours.engine.decision;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.parcours.db.PostgresDecisionLog;
import io.parcours.domain.Action;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Decision;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.DerivedFeatures;
import io.parcours.domain.Direction;
import io.parcours.domain.Exclusion;
import io.parcours.domain.Impression;
import io.parcours.domain.Proposal;
import io.parcours.domain.StageChange;
import io.parcours.engine.EngineUnavailableException;
import io.parcours.engine.UnknownCustomerException;
import io.parcours.engine.strategy.StrategyVersion;
import io.parcours.models.PropensityFeatures;
import io.parcours.models.PropensityModels;
import io.parcours.models.Randomness;
import io.parcours.models.Score;
import io.parcours.rules.RuleEvaluation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Makes decisions: the customer's state, the candidates for the channel, the rule step, the models'
 * propensities, arbitration, then the durable audit record, then the answer.
 *
 * <p>What a decision reads and claims of a customer is {@link CustomerState}'s; one customer's
 * decisions are made one at a time under {@link CustomerLocks}; the rules are evaluated by {@link
 * RuleStep}; stages found again after events are {@link StageReevaluation}'s.
 */
public final class DecisionEngine {

  /** How long a decision waits for its audit record to be committed before giving up. */
  private static final long AUDIT_TIMEOUT_MS = 5_000;

  /**
   * How many times one request is decided again when its customer's history keeps changing
   * elsewhere.
   */
  private static final int CLAIM_ATTEMPTS = 16;

  private final CustomerState customers;
  private final CustomerLocks locks;
  private final VolumeLedger volumes;
  private final LongAdder claimConflicts = new LongAdder();
  private final ActiveRuleSet ruleSet;
  private final PropensityModels models;
  private final double controlShare;
  private final MaturityRamp ramp;
  private final Arbitration arbitration;
  private final AuditTrail audit;
  private final Clock clock;
  private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();

  public DecisionEngine(
      CustomerState customers,
      CustomerLocks locks,
      VolumeLedger volumes,
      ActiveRuleSet ruleSet,
      PropensityModels models,
      double controlShare,
      MaturityRamp ramp,
      Arbitration arbitration,
      AuditTrail audit,
      Clock clock) {
    if (!(controlShare >= 0 && controlShare <= 1)) {
      throw new IllegalArgumentException(
          "the control share must be between 0 and 1, got " + controlShare);
    }
    this.controlShare = controlShare;
    this.ramp = Objects.requireNonNull(ramp, "ramp");
    this.customers = customers;
    this.locks = locks;
    this.volumes = volumes;
    this.ruleSet = ruleSet;
    this.models = models;
    this.arbitration = arbitration;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Decides for one request and returns only once the decision and its audit record are stored.
   *
   * <p>Decisions for the same customer are made one at a time ({@link CustomerLocks}), so that two
   * concurrent requests cannot both pass a contact cap or see the same stage change: the second
   * reads the history the first left. Decisions for different customers do not wait for each other.
   *
   * @throws UnknownCustomerException when the customer has no profile
   * @throws EngineUnavailableException when the audit record could not be stored: nothing is
   *     answered
   */
  public Decision decide(DecisionRequest request) {
    CustomerProfile profile = customers.profile(request.customerId());
    return locks.holding(
        request.customerId(),
        () -> {
          for (int attempt = 1; ; attempt++) {
            Decision decision = decide(request, profile);
            if (decision != null) {
              return decision;
            }
            claimConflicts.increment();
            if (attempt == CLAIM_ATTEMPTS) {
              throw new EngineUnavailableException(
                  "the contact history of customer "
                      + request.customerId()
                      + " changed on another node "
                      + CLAIM_ATTEMPTS
                      + " times while deciding; retry",
                  null);
            }
          }
        });
  }

  /**
   * How many times a decision was made again because its customer's contact history changed between
   * the moment it was read and the moment the decision claimed it (on another node, or by a
   * response).
   */
  public long claimConflicts() {
    return claimConflicts.sum();
  }

  /**
   * What a decision weighed before anything is reserved, claimed or recorded: the rules' verdicts,
   * the models' scores and arbitration's ranking.
   */
  private record Deliberation(
      StrategyVersion version,
      Map<String, Double> features,
      RuleEvaluation evaluation,
      List<String> context,
      boolean control,
      List<Exclusion> exclusions,
      List<Arbitration.Scored> scored,
      Arbitration.Ranking ranking,
      UniformRandomProvider rng) {}

  private Deliberation deliberate(
      DecisionRequest request, CustomerProfile profile, ContactHistory history, boolean rehearsal) {
    StrategyVersion version = ruleSet.version();
    RuleStep.Evaluated evaluated =
        RuleStep.evaluate(
            version,
            profile,
            request,
            version.strategy().library().candidates(request.channel()),
            history,
            rehearsal);
    RuleEvaluation evaluation = evaluated.rules();
    UniformRandomProvider rng = Randomness.current();
    List<String> context =
        PropensityFeatures.context(
            profile, evaluated.features(), request, evaluation.journeyStages());
    boolean control = controlShare > 0 && rng.nextDouble() < controlShare;
    List<Exclusion> exclusions = new ArrayList<>(evaluation.exclusions());
    List<Arbitration.Scored> scored =
        score(request, version.strategy().library(), evaluation, context, control, rng, exclusions);
    Arbitration.Ranking ranking = arbitration.rank(scored, request.limit(), rng, control);
    return new Deliberation(
        version,
        evaluated.features(),
        evaluation,
        context,
        control,
        exclusions,
        scored,
        ranking,
        rng);
  }

  /**
   * One decision, or null when another decision or a response changed the customer's history first.
   */
  private Decision decide(DecisionRequest request, CustomerProfile profile) {
    String customerId = request.customerId();
    ContactHistory seen = customers.seenHistory(customerId);
    ContactHistory history = seen == null ? ContactHistory.empty(customerId) : seen;
    Deliberation d = deliberate(request, profile, history, false);
    List<Proposal> shown =
        withTreatments(
            reserveVolumes(d.ranking().shown(), request.at(), d.exclusions()), d.evaluation());
    PostgresDecisionLog.Replay replay = replay(d.scored(), d.ranking().shown(), shown, d.rng());
    Instant now = clock.instant();
    Decision decision = decision(request, d, shown, now);
    List<StageChange> changes =
        StageReevaluation.changes(
            customerId,
            decision.journeyStages(),
            customers.stages(customerId),
            d.evaluation().stageRules(),
            decision.decisionId(),
            null,
            now);
    String policy = d.control() ? AuditDocument.POLICY_CONTROL : AuditDocument.POLICY_MODELS;
    AuditDocument document =
        AuditDocument.of(
            decision,
            history,
            arbitration.threshold(),
            policy,
            d.context(),
            replay == null ? null : replay.firstPlaceProbability());
    String personal = AuditJson.personal(AuditDocument.personal(decision, profile, d.features()));

    List<Impression> impressions = new ArrayList<>(shown.size());
    for (Proposal p : shown) {
      impressions.add(new Impression(p.action().id(), request.channel(), now));
    }
    ContactHistory claimed =
        impressions.isEmpty() ? null : history.withImpressions(impressions, now);
    if (claimed != null && !customers.claim(customerId, seen, claimed)) {
      release(shown, request.at());
      return null;
    }
    try {
      audit
          .append(decision, document, personal, changes, d.context(), policy, replay)
          .get(AUDIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      release(shown, request.at());
      customers.unclaim(customerId, impressions);
      throw new EngineUnavailableException("interrupted while recording the decision", e);
    } catch (ExecutionException | TimeoutException e) {
      release(shown, request.at());
      customers.unclaim(customerId, impressions);
      throw new EngineUnavailableException(
          "the decision could not be recorded, so it was not made; retry", e);
    }
    if (!changes.isEmpty()) {
      customers.stagesRecorded(customerId, decision.journeyStages());
    }
    if (claimed != null) {
      customers.confirm(customerId, claimed);
    }
    return decision;
  }

  private Decision decision(
      DecisionRequest request, Deliberation d, List<Proposal> shown, Instant now) {
    return new Decision(
        ids.generate().toString(),
        request,
        shown,
        d.exclusions(),
        d.ranking().belowThreshold(),
        d.evaluation().journeyStages(),
        d.version().rules().version(),
        d.evaluation().rulesFired(),
        doNothingReason(d.evaluation(), shown),
        now);
  }

  /**
   * Goes through a decision for {@code request} without deciding: the rules, the scores, the
   * ranking and the audit documents' text, but no volume is reserved, no history claimed, nothing
   * recorded and nothing answered. A node rehearses at start so that the JIT compiles the decision
   * path before the node reports ready ({@code EngineWarmUp}).
   *
   * @throws UnknownCustomerException when the customer has no profile
   */
  public void rehearse(DecisionRequest request) {
    CustomerProfile profile = customers.profile(request.customerId());
    ContactHistory history = customers.history(request.customerId());
    Deliberation d = deliberate(request, profile, history, true);
    List<Proposal> shown = withTreatments(d.ranking().shown(), d.evaluation());
    Decision decision = decision(request, d, shown, clock.instant());
    AuditDocument document =
        AuditDocument.of(
            decision,
            history,
            arbitration.threshold(),
            AuditDocument.POLICY_MODELS,
            d.context(),
            null);
    AuditJson.document(document);
    AuditJson.personal(AuditDocument.personal(decision, profile, d.features()));
  }

  /**
   * The eligible actions that are in their active period, have volume left, and (outbound) are
   * mature enough or reach this customer, each with its propensity: the model's draw, or a uniform
   * one for the control group. The others are added to {@code exclusions} with the reason.
   */
  private List<Arbitration.Scored> score(
      DecisionRequest request,
      ActionLibrary library,
      RuleEvaluation evaluation,
      List<String> context,
      boolean control,
      UniformRandomProvider rng,
      List<Exclusion> exclusions) {
    PropensityModels.Serving serving = models.serving(request.channel(), context, rng);
    List<Arbitration.Scored> scored = new ArrayList<>(evaluation.eligible().size());
    Map<String, Double> weights = evaluation.contextWeights();
    for (Action a : evaluation.eligible()) {
      if (!a.activeAt(request.at())) {
        exclusions.add(periodExclusion(a));
        continue;
      }
      if (volumes.exhausted(a, request.at())) {
        exclusions.add(volumes.exclusion(a, request.at()));
        continue;
      }
      Score s = serving.score(library.modelFeatures(a.id()), rng);
      if (request.direction() == Direction.OUTBOUND
          && !a.mandatory()
          && !ramp.reaches(request.customerId(), a.id(), s.evidence())) {
        exclusions.add(rampExclusion(a, s.evidence()));
        continue;
      }
      scored.add(
          new Arbitration.Scored(
              a,
              s.propensity(),
              control ? rng.nextDouble() : s.sampled(),
              weights.getOrDefault(a.id(), 1.0),
              s.modelId(),
              s.modelVersion(),
              s.evidence(),
              s.posterior()));
    }
    return scored;
  }

  /**
   * What off-policy evaluation needs to replay this decision: its optional scored actions, and the
   * probability that the engine's policy (the control group's share included) would have put the
   * action shown first first. Null when the first place was not decided among optional actions:
   * there was none, a mandatory action came first, or the first-ranked action lost its place to a
   * volume constraint after ranking.
   */
  private PostgresDecisionLog.Replay replay(
      List<Arbitration.Scored> scored,
      List<Proposal> ranked,
      List<Proposal> shown,
      UniformRandomProvider rng) {
    List<PostgresDecisionLog.Candidate> candidates = new ArrayList<>(scored.size());
    for (Arbitration.Scored s : scored) {
      if (!s.action().mandatory()) {
        candidates.add(
            new PostgresDecisionLog.Candidate(
                s.action().id(),
                s.contextWeight(),
                s.action().value(),
                s.action().lever(),
                s.propensity()));
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    if (ranked.isEmpty()) {
      return new PostgresDecisionLog.Replay(candidates, null);
    }
    Action first = ranked.get(0).action();
    if (first.mandatory() || shown.isEmpty() || shown.get(0).action() != first) {
      return null;
    }
    double p = arbitration.firstPlaceProbability(scored, first, controlShare, rng);
    return p > 0 && p <= 1 ? new PostgresDecisionLog.Replay(candidates, p) : null;
  }

  /**
   * The proposals whose volume could be reserved, ranked again from 1; an action whose last
   * impression of the day went to a concurrent decision is reported among the exclusions.
   */
  private List<Proposal> reserveVolumes(
      List<Proposal> ranked, Instant at, List<Exclusion> exclusions) {
    List<Proposal> kept = new ArrayList<>(ranked.size());
    for (Proposal p : ranked) {
      if (volumes.reserve(p.action(), at)) {
        kept.add(
            kept.size() + 1 == p.rank()
                ? p
                : new Proposal(
                    p.action(),
                    kept.size() + 1,
                    p.propensity(),
                    p.sampledPropensity(),
                    p.contextWeight(),
                    p.priority(),
                    p.modelId(),
                    p.modelVersion(),
                    p.evidence()));
      } else {
        exclusions.add(volumes.exclusion(p.action(), at));
      }
    }
    return kept;
  }

  /** The proposals, each with the treatment the rules chose for the channel. */
  private static List<Proposal> withTreatments(List<Proposal> shown, RuleEvaluation evaluation) {
    List<Proposal> treated = new ArrayList<>(shown.size());
    for (Proposal p : shown) {
      treated.add(p.with(evaluation.treatment(p.action().id())));
    }
    return treated;
  }

  private void release(List<Proposal> shown, Instant at) {
    for (Proposal p : shown) {
      volumes.release(p.action(), at);
    }
  }

  private Exclusion rampExclusion(Action a, long evidence) {
    return new Exclusion(
        a.id(),
        MaturityRamp.RULE,
        String.format(
            Locale.ROOT,
            "a new action (%d responses on this channel) reaches %.0f %% of customers by outbound contact"
                + " until it has %d responses; this customer is not among them yet",
            evidence,
            100 * ramp.share(evidence),
            ramp.matureAfter()));
  }

  /** The name under which a decision reports an action outside its active period. */
  public static final String ACTIVE_PERIOD = "ActivePeriod";

  private static Exclusion periodExclusion(Action a) {
    return new Exclusion(
        a.id(),
        ACTIVE_PERIOD,
        "the action is shown "
            + (a.activeFrom() == null ? "" : "from " + a.activeFrom() + " ")
            + (a.activeUntil() == null ? "" : "until " + a.activeUntil())
            + "; not now");
  }

  private static String doNothingReason(RuleEvaluation evaluation, List<Proposal> shown) {
    if (!shown.isEmpty()) {
      return null;
    }
    if (evaluation.doNothingReason() != null) {
      return evaluation.doNothingReason();
    }
    if (evaluation.eligible().isEmpty()) {
      return "no action is eligible for this customer on this channel now";
    }
    return "no eligible action reached the arbitration threshold";
  }

  /**
   * The values of the customer's derived features at {@code at} under the version in force, by
   * name, in the order of their declaration.
   */
  public Map<String, Double> features(CustomerProfile profile, Instant at) {
    return RuleStep.features(ruleSet.version(), profile, at);
  }

  /** The derived features the version in force declares. */
  public DerivedFeatures derivedFeatures() {
    return ruleSet.strategy().events().features();
  }

  /**
   * Whether quiet hours keep the channel from contacting the customer at {@code request.at()}: the
   * active rules are evaluated (nothing is recorded) and some action is excluded by a quiet-hours
   * rule.
   */
  public boolean quietHours(DecisionRequest request) {
    StrategyVersion version = ruleSet.version();
    RuleEvaluation evaluation =
        RuleStep.evaluate(
                version,
                customers.profile(request.customerId()),
                request,
                version.strategy().library().candidates(request.channel()),
                customers.history(request.customerId()),
                false)
            .rules();
    return evaluation.exclusions().stream().anyMatch(e -> e.rule().startsWith(QUIET_RULES));
  }

  /** The names of the quiet-hours rules ({@code quiet-hours.csv}) start with this. */
  static final String QUIET_RULES = "Quiet";

  /** The action library of the version in force, which decisions draw their candidates from. */
  public ActionLibrary library() {
    return ruleSet.strategy().library();
  }

  /** The version in force: its rules and its strategy. */
  public StrategyVersion strategyVersion() {
    return ruleSet.version();
  }

  /** The least priority arbitration shows. */
  public double threshold() {
    return arbitration.threshold();
  }

  /** The version of the rule set in force. */
  public String ruleSetVersion() {
    return ruleSet.current().version();
  }
}
