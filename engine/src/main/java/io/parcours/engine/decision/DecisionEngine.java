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
import io.parcours.engine.RuleSetLimitException;
import io.parcours.engine.UnknownCustomerException;
import io.parcours.engine.cache.CurrentStages;
import io.parcours.engine.cache.InfinispanCaches;
import io.parcours.engine.strategy.StrategyVersion;
import io.parcours.models.PropensityFeatures;
import io.parcours.models.PropensityModels;
import io.parcours.models.Randomness;
import io.parcours.models.Score;
import io.parcours.rules.EvaluationLimitExceededException;
import io.parcours.rules.RuleEngine;
import io.parcours.rules.RuleEvaluation;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.rng.UniformRandomProvider;
import org.infinispan.AdvancedCache;
import org.infinispan.Cache;
import org.infinispan.context.Flag;

/**
 * Makes decisions: profile and contact history from the caches, candidates for the channel, the
 * active rule set, the models' propensities, arbitration, then the durable audit record, then the
 * answer.
 *
 * <p>The caches load what they miss from PostgreSQL themselves (their stores are configured in the
 * cache configuration), so this class reads them as if they held everything.
 */
public final class DecisionEngine {

  /** How long a decision waits for its audit record to be committed before giving up. */
  private static final Logger LOG = Logger.getLogger(DecisionEngine.class.getName());

  private static final long AUDIT_TIMEOUT_MS = 5_000;

  /**
   * How many times one request is decided again when its customer's history keeps changing
   * elsewhere.
   */
  private static final int CLAIM_ATTEMPTS = 16;

  /** How long a claimed history is kept unless the decision's commit confirms it. */
  static final long CLAIM_LIFESPAN_MS = 30_000;

  private final Cache<String, CustomerProfile> profiles;
  private final Cache<String, ContactHistory> histories;
  private final Cache<String, CurrentStages> stages;
  private final VolumeLedger volumes;
  private final Lock[] customerLocks = new Lock[1024];
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
      Cache<String, CustomerProfile> profiles,
      Cache<String, ContactHistory> histories,
      Cache<String, CurrentStages> stages,
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
    this.profiles = profiles;
    this.histories = histories;
    this.stages = stages;
    this.volumes = volumes;
    for (int i = 0; i < customerLocks.length; i++) {
      customerLocks[i] = new ReentrantLock();
    }
    this.ruleSet = ruleSet;
    this.models = models;
    this.arbitration = arbitration;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Decides for one request and returns only once the decision and its audit record are stored.
   *
   * <p>Decisions for the same customer are made one at a time (a lock striped by customer id), so
   * that two concurrent requests cannot both pass a contact cap or see the same stage change: the
   * second reads the history the first left. Decisions for different customers do not wait for each
   * other.
   *
   * @throws UnknownCustomerException when the customer has no profile
   * @throws EngineUnavailableException when the audit record could not be stored: nothing is
   *     answered
   */
  public Decision decide(DecisionRequest request) {
    CustomerProfile profile = profile(request.customerId());
    Lock lock = customerLocks[Math.floorMod(request.customerId().hashCode(), customerLocks.length)];
    lock.lock();
    try {
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
    } finally {
      lock.unlock();
    }
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
   * One decision, or null when another decision or a response changed the customer's history first.
   */
  private Decision decide(DecisionRequest request, CustomerProfile profile) {
    ContactHistory seen = histories.get(request.customerId());
    ContactHistory history = seen == null ? ContactHistory.empty(request.customerId()) : seen;
    StrategyVersion version = ruleSet.version();
    RuleEngine rules = version.rules();
    ActionLibrary library = version.strategy().library();
    List<Action> candidates = library.candidates(request.channel());
    Map<String, Double> features = features(version, profile, request.at());
    RuleEvaluation evaluation;
    try {
      evaluation =
          rules.evaluate(
              profile, features, request, candidates, history, id -> library.find(id).orElse(null));
    } catch (EvaluationLimitExceededException e) {
      throw limitExceeded(rules, request.customerId(), e);
    }

    UniformRandomProvider rng = Randomness.current();
    List<String> context =
        PropensityFeatures.context(profile, features, request, evaluation.journeyStages());
    boolean control = controlShare > 0 && rng.nextDouble() < controlShare;
    PropensityModels.Serving serving = models.serving(request.channel(), rng);
    List<Arbitration.Scored> scored = new ArrayList<>(evaluation.eligible().size());
    List<Exclusion> exclusions = new ArrayList<>(evaluation.exclusions());
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
      Score s = serving.score(a.id(), PropensityFeatures.of(a, context), rng);
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
    Arbitration.Ranking ranking = arbitration.rank(scored, request.limit(), rng, control);
    List<Proposal> shown =
        withTreatments(reserveVolumes(ranking.shown(), request.at(), exclusions), evaluation);
    PostgresDecisionLog.Replay replay = replay(scored, ranking.shown(), shown, rng);

    Instant now = clock.instant();
    Decision decision =
        new Decision(
            ids.generate().toString(),
            request,
            shown,
            exclusions,
            ranking.belowThreshold(),
            evaluation.journeyStages(),
            rules.version(),
            evaluation.rulesFired(),
            doNothingReason(evaluation, shown),
            now);
    Map<String, String> before = currentStages(request.customerId());
    List<StageChange> changes = stageChanges(decision, before, evaluation.stageRules());
    String policy = control ? AuditDocument.POLICY_CONTROL : AuditDocument.POLICY_MODELS;
    AuditDocument document =
        AuditDocument.of(
            decision,
            history,
            arbitration.threshold(),
            policy,
            context,
            replay == null ? null : replay.firstPlaceProbability());
    String personal = AuditJson.personal(AuditDocument.personal(decision, profile, features));
    List<Impression> impressions = new ArrayList<>(shown.size());
    for (Proposal p : shown) {
      impressions.add(new Impression(p.action().id(), request.channel(), now));
    }
    ContactHistory claimed =
        impressions.isEmpty() ? null : history.withImpressions(impressions, now);
    if (claimed != null && !claim(request.customerId(), seen, claimed)) {
      release(shown, request.at());
      return null;
    }
    try {
      audit
          .append(decision, document, personal, changes, context, policy, replay)
          .get(AUDIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      release(shown, request.at());
      unclaim(request.customerId(), impressions);
      throw new EngineUnavailableException("interrupted while recording the decision", e);
    } catch (ExecutionException | TimeoutException e) {
      release(shown, request.at());
      unclaim(request.customerId(), impressions);
      throw new EngineUnavailableException(
          "the decision could not be recorded, so it was not made; retry", e);
    }
    if (!changes.isEmpty()) {
      stages
          .getAdvancedCache()
          .withFlags(Flag.IGNORE_RETURN_VALUES)
          .put(request.customerId(), new CurrentStages(evaluation.journeyStages()));
    }
    if (claimed != null) {
      // Committed: the claim is kept for the history's usual lifespan. When a response changed the
      // entry
      // in between, it was written with that lifespan already.
      histories
          .getAdvancedCache()
          .withFlags(Flag.SKIP_CACHE_LOAD)
          .replace(request.customerId(), claimed, claimed);
    }
    return decision;
  }

  /**
   * Claims the customer's cached history for a decision: replaces the history the decision was made
   * on with the same history and the decision's impressions, on the entry's owner, if and only if
   * nobody changed it since it was read (ADR 0019). The claim lives {@link #CLAIM_LIFESPAN_MS}
   * unless the decision's commit confirms it, so that a node killed before its commit leaves no
   * impression that never happened for longer than that.
   *
   * @return false when the history changed since {@code seen} was read: the decision is to be made
   *     again
   */
  private boolean claim(String customerId, ContactHistory seen, ContactHistory claimed) {
    AdvancedCache<String, ContactHistory> memory =
        histories.getAdvancedCache().withFlags(Flag.SKIP_CACHE_LOAD);
    if (seen == null) {
      return memory.putIfAbsent(customerId, claimed, CLAIM_LIFESPAN_MS, TimeUnit.MILLISECONDS)
          == null;
    }
    return memory.replace(customerId, seen, claimed, CLAIM_LIFESPAN_MS, TimeUnit.MILLISECONDS);
  }

  /** Takes back the impressions of a decision that was not recorded. */
  private void unclaim(String customerId, List<Impression> impressions) {
    if (!impressions.isEmpty()) {
      InfinispanCaches.updateIfCached(histories, customerId, h -> h.without(impressions));
    }
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

  /** The customer's stage per journey before this decision. */
  private Map<String, String> currentStages(String customerId) {
    CurrentStages known = stages.get(customerId);
    return known == null ? Map.of() : known.byJourney();
  }

  /** Every journey whose stage differs from before: entered, moved (back or forward) or left. */
  private static List<StageChange> stageChanges(
      Decision decision, Map<String, String> before, Map<String, String> stageRules) {
    return stageChanges(
        decision.request().customerId(),
        decision.journeyStages(),
        before,
        stageRules,
        decision.decisionId(),
        null,
        decision.decidedAt());
  }

  private static List<StageChange> stageChanges(
      String customer,
      Map<String, String> after,
      Map<String, String> before,
      Map<String, String> stageRules,
      String decisionId,
      Long eventId,
      Instant at) {
    if (after.equals(before)) {
      return List.of();
    }
    List<StageChange> changes = new ArrayList<>();
    for (Map.Entry<String, String> e : after.entrySet()) {
      String was = before.get(e.getKey());
      if (!e.getValue().equals(was)) {
        changes.add(
            new StageChange(
                customer,
                e.getKey(),
                was,
                e.getValue(),
                stageRules.get(e.getKey()),
                decisionId,
                eventId,
                at));
      }
    }
    for (Map.Entry<String, String> e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) {
        changes.add(
            new StageChange(
                customer, e.getKey(), e.getValue(), null, null, decisionId, eventId, at));
      }
    }
    return changes;
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
   * The customer's profile.
   *
   * @throws UnknownCustomerException when there is none
   */
  public CustomerProfile profile(String customerId) {
    CustomerProfile profile = profiles.get(customerId);
    if (profile == null) {
      throw new UnknownCustomerException(customerId);
    }
    return profile;
  }

  /**
   * The values of the customer's derived features at {@code at}, by name, in the order of their
   * declaration: computed from the profile's day-by-day tallies on the UTC day of {@code at}, so
   * that a window slides with the clock even when no event arrives.
   */
  public Map<String, Double> features(CustomerProfile profile, Instant at) {
    return features(ruleSet.version(), profile, at);
  }

  private static Map<String, Double> features(
      StrategyVersion version, CustomerProfile profile, Instant at) {
    return version
        .strategy()
        .events()
        .features()
        .values(profile.activity(), LocalDate.ofInstant(at, ZoneOffset.UTC));
  }

  /** The derived features the version in force declares. */
  public DerivedFeatures derivedFeatures() {
    return ruleSet.strategy().events().features();
  }

  /**
   * Forgets the cached profile, on every node, after a change made in PostgreSQL (a consent
   * withdrawn): the very next decision loads it again.
   */
  public void reloadProfile(String customerId) {
    profiles.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES).remove(customerId);
  }

  /**
   * Forgets everything cached about a customer (profile, contact history, stages), on every node,
   * after a merge or an erasure changed them in PostgreSQL.
   */
  public void forget(String customerId) {
    profiles.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES).remove(customerId);
    histories.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES).remove(customerId);
    stages.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES).remove(customerId);
  }

  /**
   * Runs {@code work} while no decision for any of {@code customerIds} is being made on this node:
   * a merge or an erasure waits for the decisions in flight to be recorded, and holds the next ones
   * back until it is done. The locks are taken in one global order, so two such calls cannot
   * deadlock.
   */
  public <T> T exclusively(
      java.util.Collection<String> customerIds, java.util.function.Supplier<T> work) {
    int[] stripes =
        customerIds.stream()
            .mapToInt(id -> Math.floorMod(id.hashCode(), customerLocks.length))
            .distinct()
            .sorted()
            .toArray();
    int held = 0;
    try {
      for (int stripe : stripes) {
        customerLocks[stripe].lock();
        held++;
      }
      return work.get();
    } finally {
      for (int i = held - 1; i >= 0; i--) {
        customerLocks[stripes[i]].unlock();
      }
    }
  }

  private ContactHistory history(String customerId) {
    ContactHistory history = histories.get(customerId);
    return history == null ? ContactHistory.empty(customerId) : history;
  }

  /**
   * The situation an event puts a customer in, for finding their stages again: inbound on {@code
   * channel}, with the context {@code event=<type>}.
   */
  public record EventSituation(
      String customerId, io.parcours.domain.Channel channel, String eventType, long eventId) {}

  /**
   * Finds the journey stages of several customers again after events changed their profiles, as a
   * decision would in each event's situation, and records every change with {@code record} (one
   * call, so one transaction for the lot) before the new stages are put in the cache. No decision
   * is made or recorded. Runs while no decision for any of these customers is in flight on this
   * node, so a decision never computes its stage changes from stages being replaced. A customer
   * without a profile any more (merged or erased meanwhile) is skipped.
   *
   * @return the changes recorded
   */
  public List<StageChange> reevaluateStages(
      List<EventSituation> situations,
      Instant at,
      java.util.function.Consumer<List<StageChange>> record) {
    List<String> ids = situations.stream().map(EventSituation::customerId).toList();
    return exclusively(
        ids,
        () -> {
          List<StageChange> all = new ArrayList<>();
          Map<String, CurrentStages> after = new java.util.LinkedHashMap<>();
          for (EventSituation e : situations) {
            CustomerProfile profile = profiles.get(e.customerId());
            if (profile == null) {
              continue;
            }
            DecisionRequest situation =
                new DecisionRequest(
                    e.customerId(),
                    e.channel(),
                    Direction.INBOUND,
                    Map.of("event", e.eventType()),
                    1,
                    at);
            // Stages depend on the customer and the situation, not on the actions: no candidate is
            // evaluated.
            StrategyVersion version = ruleSet.version();
            RuleEngine rules = version.rules();
            ActionLibrary library = version.strategy().library();
            RuleEvaluation evaluation;
            try {
              evaluation =
                  rules.evaluate(
                      profile,
                      features(version, profile, at),
                      situation,
                      List.of(),
                      history(e.customerId()),
                      id -> library.find(id).orElse(null));
            } catch (EvaluationLimitExceededException limit) {
              // The customer keeps the stages they had; the others of the batch are still
              // re-evaluated.
              limitExceeded(rules, e.customerId(), limit);
              continue;
            }
            List<StageChange> changes =
                stageChanges(
                    e.customerId(),
                    evaluation.journeyStages(),
                    currentStages(e.customerId()),
                    evaluation.stageRules(),
                    null,
                    e.eventId(),
                    at);
            if (!changes.isEmpty()) {
              all.addAll(changes);
              after.put(e.customerId(), new CurrentStages(evaluation.journeyStages()));
            }
          }
          if (!all.isEmpty()) {
            record.accept(all);
            after.forEach(
                (id, now) ->
                    stages.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES).put(id, now));
          }
          return all;
        });
  }

  /**
   * Whether quiet hours keep the channel from contacting the customer at {@code request.at()}: the
   * active rules are evaluated (nothing is recorded) and some action is excluded by a quiet-hours
   * rule.
   */
  public boolean quietHours(DecisionRequest request) {
    CustomerProfile profile = profile(request.customerId());
    StrategyVersion version = ruleSet.version();
    RuleEngine rules = version.rules();
    ActionLibrary library = version.strategy().library();
    RuleEvaluation evaluation;
    try {
      evaluation =
          rules.evaluate(
              profile,
              features(version, profile, request.at()),
              request,
              library.candidates(request.channel()),
              history(request.customerId()),
              id -> library.find(id).orElse(null));
    } catch (EvaluationLimitExceededException e) {
      throw limitExceeded(rules, request.customerId(), e);
    }
    return evaluation.exclusions().stream().anyMatch(e -> e.rule().startsWith(QUIET_RULES));
  }

  /**
   * Logs that the rule set in force went past its evaluation limit for a customer, with the rule,
   * and gives the exception that answers the request. Only this rare path logs: a decision that
   * stays within the limits writes nothing to the log.
   */
  private static RuleSetLimitException limitExceeded(
      RuleEngine rules, String customerId, EvaluationLimitExceededException e) {
    LOG.log(
        Level.WARNING,
        "rule set "
            + rules.version()
            + " exceeded its evaluation limit for customer "
            + customerId
            + " at rule "
            + e.rule()
            + ": "
            + e.getMessage());
    return new RuleSetLimitException(
        rules.version(),
        e.rule(),
        "rule set "
            + rules.version()
            + " exceeded its evaluation limit for this decision: "
            + e.getMessage()
            + ". Correct the rule set or roll it back (POST /api/v1/rulesets/active/rollback)",
        e);
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
