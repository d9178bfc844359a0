package io.parcours.engine;

import io.parcours.db.PostgresJourneys;
import io.parcours.domain.CurrentStage;
import io.parcours.domain.Journey;
import io.parcours.domain.RuleSetActivation;
import io.parcours.domain.RuleSetChange;
import io.parcours.domain.RuleSetSummary;
import io.parcours.domain.StageChange;
import io.parcours.domain.StageCount;
import io.parcours.engine.rules.RuleSetLifecycle;
import io.parcours.engine.runtime.EngineRuntime;
import io.parcours.engine.strategy.StrategyDiff;
import io.parcours.engine.strategy.StrategyEdit;
import io.parcours.rules.RuleFile;
import io.parcours.rules.RuleSetDiff;
import io.parcours.rules.RuleStatistics;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import java.util.List;
import java.util.Map;

/**
 * The business user's facade: rule sets (upload, activate, roll back, compare, statistics, the
 * audit of changes) and the journeys the rules place customers in. Transaction-free like the
 * decision facade: each change is one PostgreSQL transaction of its own.
 */
@Stateless
@Interceptors(DatabaseAway.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RuleSetFacade {

  @EJB EngineRuntime runtime;

  private RuleSetLifecycle lifecycle() {
    return runtime.engine().ruleSets();
  }

  /** Validates and stores a new version; see {@link RuleSetLifecycle#upload}. */
  public RuleSetLifecycle.Upload upload(String author, String comment, List<RuleFile> files) {
    return lifecycle().upload(author, comment, files);
  }

  /**
   * Stores a new version made from version {@code basedOn} by putting and removing actions,
   * journeys and event types; see {@link RuleSetLifecycle#edit}.
   */
  public RuleSetLifecycle.Upload edit(
      String author, String comment, StrategyEdit edit, String basedOn) {
    return lifecycle().edit(author, comment, edit, basedOn);
  }

  /** Puts a stored version in force; see {@link RuleSetLifecycle#activate}. */
  public RuleSetActivation activate(String version, String by, String comment) {
    return lifecycle().activate(version, by, comment);
  }

  /**
   * Records an approver's approval or rejection of a version; see {@link RuleSetLifecycle#review}.
   */
  public RuleSetLifecycle.Approval review(
      String version, String reviewer, boolean approve, String comment) {
    return lifecycle().review(version, reviewer, approve, comment);
  }

  /** How many approvals a version needs before it goes live; 0 in a sandbox. */
  public int approvalsRequired() {
    return lifecycle().approvalsRequired();
  }

  /** Returns to the version in force before; see {@link RuleSetLifecycle#rollback}. */
  public RuleSetActivation rollback(String by, String comment) {
    return lifecycle().rollback(by, comment);
  }

  public List<RuleSetSummary> list() {
    return lifecycle().list();
  }

  public RuleSetLifecycle.Detail detail(String version) {
    return lifecycle().detail(version);
  }

  public byte[] file(String version, String name) {
    return lifecycle().file(version, name);
  }

  public RuleSetDiff diff(String from, String to) {
    return lifecycle().diff(from, to);
  }

  /** The actions, journeys and event types of a version; see {@link RuleSetLifecycle#strategy}. */
  public RuleSetLifecycle.VersionStrategy strategy(String version) {
    return lifecycle().strategy(version);
  }

  /**
   * What changed in the actions, journeys and event types; see {@link
   * RuleSetLifecycle#strategyDiff}.
   */
  public StrategyDiff strategyDiff(String from, String to) {
    return lifecycle().strategyDiff(from, to);
  }

  public String activeVersion() {
    return lifecycle().activeVersion();
  }

  public RuleStatistics statistics() {
    return lifecycle().statistics();
  }

  public List<RuleSetChange> changes(int limit, int offset) {
    return lifecycle().changes(limit, offset);
  }

  /** The journeys, in their order. */
  public List<Journey> journeys() {
    return runtime.engine().decisions().strategyVersion().strategy().journeys();
  }

  /** How many customers stand at each stage of each journey now. */
  public List<StageCount> population() {
    return runtime.engine().journeys().population();
  }

  /**
   * A customer's current stage per journey and latest stage changes.
   *
   * @throws UnknownCustomerException when the customer has no profile
   */
  public CustomerJourneys customerJourneys(String customerId, int changes) {
    runtime.engine().customerState().profile(customerId);
    PostgresJourneys journeys = runtime.engine().journeys();
    return new CustomerJourneys(
        journeys.currentStages(customerId), journeys.changes(customerId, changes));
  }

  /** A customer's place in the journeys. */
  public record CustomerJourneys(Map<String, CurrentStage> current, List<StageChange> changes) {}
}
