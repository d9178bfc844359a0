package io.parcours.engine.decision;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.parcours.db.PostgresCustomers;
import io.parcours.db.PostgresResponseLog;
import io.parcours.domain.Action;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Decision;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Impression;
import io.parcours.domain.Proposal;
import io.parcours.engine.EngineUnavailableException;
import io.parcours.engine.UnknownCustomerException;
import io.parcours.models.PropensityModels;
import io.parcours.models.Randomness;
import io.parcours.models.Score;
import io.parcours.rules.RuleEngine;
import io.parcours.rules.RuleEvaluation;
import jakarta.json.bind.Jsonb;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.rng.UniformRandomProvider;
import org.infinispan.Cache;

/**
 * Makes decisions: profile and contact history from the caches, candidates for the channel, the active
 * rule set, the models' propensities, arbitration, then the durable audit record, then the answer.
 */
public final class DecisionEngine {

  /** How long a decision waits for its audit record to be committed before giving up. */
  private static final long AUDIT_TIMEOUT_MS = 5_000;

  private final Cache<String, CustomerProfile> profiles;
  private final Cache<String, ContactHistory> histories;
  private final PostgresCustomers customers;
  private final PostgresResponseLog responses;
  private final ActionLibrary library;
  private final ActiveRuleSet ruleSet;
  private final PropensityModels models;
  private final Arbitration arbitration;
  private final AuditTrail audit;
  private final Jsonb json;
  private final Clock clock;
  private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();

  public DecisionEngine(
      Cache<String, CustomerProfile> profiles,
      Cache<String, ContactHistory> histories,
      PostgresCustomers customers,
      PostgresResponseLog responses,
      ActionLibrary library,
      ActiveRuleSet ruleSet,
      PropensityModels models,
      Arbitration arbitration,
      AuditTrail audit,
      Jsonb json,
      Clock clock) {
    this.profiles = profiles;
    this.histories = histories;
    this.customers = customers;
    this.responses = responses;
    this.library = library;
    this.ruleSet = ruleSet;
    this.models = models;
    this.arbitration = arbitration;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Decides for one request and returns only once the decision and its audit record are stored.
   *
   * @throws UnknownCustomerException when the customer has no profile
   * @throws EngineUnavailableException when the audit record could not be stored: nothing is answered
   */
  public Decision decide(DecisionRequest request) {
    CustomerProfile profile = profile(request.customerId());
    ContactHistory history = history(request.customerId());
    RuleEngine rules = ruleSet.current();
    List<Action> candidates = library.candidates(request.channel());
    RuleEvaluation evaluation = rules.evaluate(profile, request, candidates, history);

    UniformRandomProvider rng = Randomness.current();
    List<Arbitration.Scored> scored = new ArrayList<>(evaluation.eligible().size());
    Map<String, Double> weights = evaluation.contextWeights();
    for (Action a : evaluation.eligible()) {
      Score s = models.score(a.id(), request.channel(), rng);
      scored.add(
          new Arbitration.Scored(
              a,
              s.propensity(),
              s.sampled(),
              weights.getOrDefault(a.id(), 1.0),
              s.modelId(),
              s.modelVersion(),
              s.evidence()));
    }
    Arbitration.Ranking ranking = arbitration.rank(scored, request.limit());

    Instant now = clock.instant();
    Decision decision =
        new Decision(
            ids.generate().toString(),
            request,
            ranking.shown(),
            evaluation.exclusions(),
            ranking.belowThreshold(),
            evaluation.journeyStages(),
            rules.version(),
            evaluation.rulesFired(),
            doNothingReason(evaluation, ranking),
            now);
    String document = json.toJson(AuditDocument.of(decision, profile, history, arbitration.threshold()));
    try {
      audit.append(decision, document).get(AUDIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineUnavailableException("interrupted while recording the decision", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new EngineUnavailableException(
          "the decision could not be recorded, so it was not made; retry", e);
    }
    if (!decision.proposals().isEmpty()) {
      List<Impression> shown = new ArrayList<>(decision.proposals().size());
      for (Proposal p : decision.proposals()) {
        shown.add(new Impression(p.action().id(), request.channel(), now));
      }
      histories.computeIfPresent(request.customerId(), (id, h) -> h.withImpressions(shown, now));
    }
    return decision;
  }

  private static String doNothingReason(RuleEvaluation evaluation, Arbitration.Ranking ranking) {
    if (!ranking.shown().isEmpty()) {
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
   * The customer's profile, from the cache or else from PostgreSQL.
   *
   * @throws UnknownCustomerException when there is none
   */
  public CustomerProfile profile(String customerId) {
    CustomerProfile profile = profiles.get(customerId);
    if (profile == null) {
      profile = customers.find(customerId).orElseThrow(() -> new UnknownCustomerException(customerId));
      profiles.putIfAbsent(customerId, profile);
    }
    return profile;
  }

  private ContactHistory history(String customerId) {
    ContactHistory history = histories.get(customerId);
    if (history == null) {
      history = responses.contactHistory(customerId, clock.instant().minus(ContactHistory.WINDOW));
      ContactHistory raced = histories.putIfAbsent(customerId, history);
      if (raced != null) {
        history = raced;
      }
    }
    return history;
  }

  /** The action library decisions draw their candidates from. */
  public ActionLibrary library() {
    return library;
  }

  /** The version of the rule set in force. */
  public String ruleSetVersion() {
    return ruleSet.current().version();
  }
}
