package io.parcours.engine.runtime;

import io.parcours.db.DatabaseAvailability;
import io.parcours.db.PostgresActions;
import io.parcours.db.PostgresConsents;
import io.parcours.db.PostgresCustomerRecords;
import io.parcours.db.PostgresCustomers;
import io.parcours.db.PostgresDatabase;
import io.parcours.db.PostgresDecisionLog;
import io.parcours.db.PostgresDurability;
import io.parcours.db.PostgresErasure;
import io.parcours.db.PostgresEvents;
import io.parcours.db.PostgresIdentities;
import io.parcours.db.PostgresImportMappings;
import io.parcours.db.PostgresJourneys;
import io.parcours.db.PostgresModelSnapshots;
import io.parcours.db.PostgresModelVersions;
import io.parcours.db.PostgresOutbound;
import io.parcours.db.PostgresResponseLog;
import io.parcours.db.PostgresRuleSets;
import io.parcours.db.PostgresSealKeys;
import io.parcours.db.PostgresTrainingData;
import io.parcours.db.PostgresUsers;
import io.parcours.domain.ContactHistory;
import io.parcours.engine.cache.CacheSettings;
import io.parcours.engine.cache.CacheSources;
import io.parcours.engine.cache.InfinispanCaches;
import io.parcours.engine.commit.GroupCommit;
import io.parcours.engine.decision.ActiveRuleSet;
import io.parcours.engine.decision.Arbitration;
import io.parcours.engine.decision.AuditReader;
import io.parcours.engine.decision.AuditReseal;
import io.parcours.engine.decision.AuditTrail;
import io.parcours.engine.decision.AuditVerifier;
import io.parcours.engine.decision.CustomerLocks;
import io.parcours.engine.decision.CustomerState;
import io.parcours.engine.decision.DecisionEngine;
import io.parcours.engine.decision.StageReevaluation;
import io.parcours.engine.decision.VolumeLedger;
import io.parcours.engine.events.EventIngestion;
import io.parcours.engine.identities.Erasure;
import io.parcours.engine.identities.IdentityGraph;
import io.parcours.engine.identities.MergePrecedence;
import io.parcours.engine.models.ModelVersions;
import io.parcours.engine.outbound.OutboundQueue;
import io.parcours.engine.profile.CustomerAttributes;
import io.parcours.engine.profile.CustomerImport;
import io.parcours.engine.response.ModelKeeper;
import io.parcours.engine.response.ResponseCapture;
import io.parcours.engine.rules.RuleSetLifecycle;
import io.parcours.engine.strategy.Simulation;
import io.parcours.engine.strategy.Simulations;
import io.parcours.models.PropensityModels;
import io.parcours.rules.RuleSetCompilationException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The assembled engine: database, caches, rule set, models, audit trail and response capture,
 * started in order and closed in reverse. Plain Java: the server and the benchmarks start it the
 * same way.
 */
public final class Engine implements AutoCloseable {

  /**
   * How often a node learns what other nodes sharing its database stored: a response taken by
   * another node reaches this node's scoring within about this long (ModelKeeper#catchUp, one
   * indexed query when there is nothing new).
   */
  static final long FOLLOW_MODELS_MS = 250;

  private static final Logger LOG = Logger.getLogger(Engine.class.getName());

  private final PostgresDatabase database;
  private final PostgresDurability durability;
  private final InfinispanCaches caches;
  private final PropensityModels models;
  private final ModelKeeper keeper;
  private final ModelVersions modelVersions;
  private final EventIngestion events;
  private final CustomerImport imports;
  private final OutboundQueue outbound;
  private final AuditTrail audit;
  private final PostgresSealKeys sealKeys;
  private final IdentityGraph identities;
  private final Erasure erasure;
  private final ResponseCapture capture;
  private final ScheduledExecutorService snapshots;
  private final DecisionEngine decisions;
  private final CustomerState customerState;
  private final PostgresCustomers customers;
  private final PostgresDecisionLog decisionLog;
  private final PostgresUsers users;
  private final Jsonb json;
  private final PostgresJourneys journeys;
  private final ActiveRuleSet ruleSet;
  private final RuleSetLifecycle lifecycle;
  private final Simulations simulations;

  private Engine(EngineSettings settings, ThreadFactory threads, Clock clock)
      throws RuleSetCompilationException {
    database =
        PostgresDatabase.connect(
            new PostgresDatabase.Settings(
                settings.databaseUrl(),
                settings.databaseUser(),
                settings.databasePassword(),
                settings.poolSize()));
    database.migrate();
    durability = database.durability();
    if (durability.durable()) {
      LOG.info("database: " + durability);
    } else {
      LOG.warning("database: " + durability);
    }
    var ds = database.dataSource();
    customers = new PostgresCustomers(ds);
    PostgresActions actions = new PostgresActions(ds);
    journeys = new PostgresJourneys(ds);
    if (settings.demo()) {
      DemoPack.load(customers, settings.demoCustomers(), settings.demoSeed());
    }
    decisionLog = new PostgresDecisionLog(ds);
    PostgresResponseLog responseLog = new PostgresResponseLog(ds);
    users = new PostgresUsers(ds);
    caches = InfinispanCaches.start(settings.caches(), CacheSources.of(ds, clock));
    PostgresRuleSets ruleSets = new PostgresRuleSets(ds);
    json = JsonbBuilder.create();
    ruleSet = new ActiveRuleSet(ruleSets, settings.ruleLimits());
    // Every action ever in force stays in the actions table, with its group and issue, for the
    // training
    // data of the decisions that showed it; the version in force says which are active.
    ruleSet.afterSwap(v -> actions.project(v.strategy().actions()));
    ruleSet.start(clock, version -> json.toJson(RuleSetLifecycle.scenarios(version)));
    PostgresModelVersions versionStore = new PostgresModelVersions(ds);
    keeper =
        new ModelKeeper(
            new PostgresModelSnapshots(ds),
            responseLog,
            versionStore,
            () -> ruleSet.strategy().library(),
            clock,
            settings.learner());
    models = keeper.restore(settings.modelFamily());
    modelVersions = new ModelVersions(models, versionStore, json, clock);
    modelVersions.followedBy(keeper);
    modelVersions.start();
    sealKeys = new PostgresSealKeys(ds);
    AuditReseal.run(decisionLog, sealKeys, clock);
    audit =
        new AuditTrail(
            decisionLog,
            sealKeys,
            clock,
            settings.auditBatch(),
            threads,
            settings.caches().mode() == CacheSettings.Mode.DISTRIBUTED);
    capture =
        new ResponseCapture(
            decisionLog,
            responseLog,
            () -> keeper.catchUp(models),
            caches.histories(),
            settings.responseBatch(),
            threads);
    customerState = new CustomerState(caches.profiles(), caches.histories(), caches.stages());
    CustomerLocks locks = new CustomerLocks();
    decisions =
        new DecisionEngine(
            customerState,
            locks,
            new VolumeLedger(caches.volumes()),
            ruleSet,
            models,
            settings.controlShare(),
            settings.ramp(),
            new Arbitration(settings.threshold(), settings.exploration()),
            audit,
            clock);
    outbound = new OutboundQueue(new PostgresOutbound(ds), decisions, customerState, clock);
    capture.afterStore(outbound::afterResponses);
    identities =
        new IdentityGraph(
            new PostgresIdentities(ds), MergePrecedence.bundled(), customerState, locks, clock);
    erasure = new Erasure(new PostgresErasure(ds), identities, customerState, locks, clock);
    events =
        new EventIngestion(
            () -> ruleSet.strategy().events(),
            new PostgresEvents(ds),
            journeys,
            identities,
            customerState,
            new StageReevaluation(ruleSet, customerState, locks),
            outbound,
            clock,
            threads);
    lifecycle = new RuleSetLifecycle(ruleSets, ruleSet, json, clock, settings.approvalsRequired());
    simulations =
        new Simulations(
            new Simulation(models, new Arbitration(settings.threshold(), settings.exploration())),
            Simulations.customers(
                customers::sample,
                customers::findMany,
                (ids, at) ->
                    responseLog.contactHistories(
                        ids,
                        at.minus(ContactHistory.WINDOW),
                        at.minus(ContactHistory.ACCEPTANCE_WINDOW))),
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            threads,
            clock);
    imports =
        new CustomerImport(
            customers,
            new PostgresImportMappings(ds),
            CustomerAttributes.bundled(),
            customerState::reloadProfile,
            CustomerImport.BATCH,
            clock);
    snapshots = Executors.newSingleThreadScheduledExecutor(threads);
    long every = settings.snapshotEvery().toMillis();
    snapshots.scheduleWithFixedDelay(this::saveModels, every, every, TimeUnit.MILLISECONDS);
    snapshots.scheduleWithFixedDelay(this::followActiveRuleSet, 2, 2, TimeUnit.SECONDS);
    snapshots.scheduleWithFixedDelay(
        this::followModels, FOLLOW_MODELS_MS, FOLLOW_MODELS_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Learns the responses and applies the model role changes other nodes sharing the database stored
   * since the last catch-up (this node's own are learned as it stores them).
   */
  private void followModels() {
    try {
      keeper.catchUp(models);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "the models could not follow the stored responses now; the next try will",
          e);
    }
  }

  /**
   * Brings the models up to every response and role change stored by any node, now, rather than at
   * the next scheduled catch-up; returns the responses learned.
   */
  public long followModelsNow() {
    return keeper.catchUp(models);
  }

  /** Follows an activation made by another node sharing the database. */
  private void followActiveRuleSet() {
    try {
      if (ruleSet.refresh()) {
        LOG.info(
            "rule set "
                + ruleSet.current().version()
                + " activated elsewhere is now in force here");
      }
    } catch (RuleSetCompilationException | RuntimeException e) {
      LOG.log(Level.WARNING, "the rule set activated elsewhere cannot be put in force here", e);
    }
  }

  /**
   * Starts an engine.
   *
   * @throws RuleSetCompilationException when the active rule set does not compile
   */
  public static Engine start(EngineSettings settings, ThreadFactory threads, Clock clock)
      throws RuleSetCompilationException {
    return new Engine(settings, threads, clock);
  }

  private void saveModels() {
    try {
      keeper.save(models);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "model snapshot not saved; the next one will include it", e);
    }
  }

  /** Whether the database answers now, as its probe last saw (every 250 ms). */
  public DatabaseAvailability.State databaseState() {
    return database.availability().state();
  }

  /** What an acknowledgement promises on this engine's database, as read at start. */
  public PostgresDurability durability() {
    return durability;
  }

  public DecisionEngine decisions() {
    return decisions;
  }

  /** What the engine knows of each customer while deciding: profile, history, stages. */
  public CustomerState customerState() {
    return customerState;
  }

  /** The writer that appends the audit trail in batches; its queue and batches, for monitoring. */
  public GroupCommit<?> auditWriter() {
    return audit.writer();
  }

  /** The active rule set: the version in force, compiled. */
  public ActiveRuleSet activeRuleSet() {
    return ruleSet;
  }

  public ResponseCapture responses() {
    return capture;
  }

  public PropensityModels models() {
    return models;
  }

  /** Customer events: declared types, stored with the profile changes they make. */
  public EventIngestion events() {
    return events;
  }

  /** Bulk imports of customer profiles from CSV. */
  public CustomerImport imports() {
    return imports;
  }

  /** The outbound queue per channel. */
  public OutboundQueue outbound() {
    return outbound;
  }

  /** Champion and challengers of the channels' models. */
  public ModelVersions modelVersions() {
    return modelVersions;
  }

  public PostgresCustomers customers() {
    return customers;
  }

  /** Everything held about one customer's interactions, streamed. */
  public PostgresCustomerRecords customerRecords() {
    return new PostgresCustomerRecords(database.dataSource());
  }

  /** Customers' consents and their history. */
  public PostgresConsents consents() {
    return new PostgresConsents(database.dataSource());
  }

  /** The interaction history as training data, streamed. */
  public PostgresTrainingData trainingData() {
    return new PostgresTrainingData(database.dataSource());
  }

  public PostgresDecisionLog decisionLog() {
    return decisionLog;
  }

  /** Identifiers, anonymous profiles and merges. */
  public IdentityGraph identities() {
    return identities;
  }

  /** The right to erasure. */
  public Erasure erasure() {
    return erasure;
  }

  /** Audit records with their personal part opened, or marked erased. */
  public AuditReader auditReader() {
    return new AuditReader(sealKeys);
  }

  public AuditVerifier auditVerifier() {
    return new AuditVerifier(decisionLog);
  }

  /** Rule sets: upload, activation, rollback, history, statistics. */
  public RuleSetLifecycle ruleSets() {
    return lifecycle;
  }

  /** Journeys and where customers stand in them. */
  public PostgresJourneys journeys() {
    return journeys;
  }

  public PostgresUsers users() {
    return users;
  }

  public InfinispanCaches caches() {
    return caches;
  }

  public Jsonb json() {
    return json;
  }

  /** Saves a model snapshot now; returns whether there was anything new to save. */
  public boolean snapshotModels() {
    return keeper.save(models);
  }

  /** Impact previews of strategy versions, run in the background. */
  public Simulations simulations() {
    return simulations;
  }

  @Override
  public void close() {
    simulations.stop();
    snapshots.shutdownNow();
    events.close();
    capture.close();
    audit.close();
    saveModels();
    caches.close();
    try {
      json.close();
    } catch (Exception e) {
      LOG.log(Level.FINE, "closing JSON-B", e);
    }
    database.close();
  }
}
