package io.parcours.engine.runtime;

import io.parcours.engine.DatabaseAway;
import io.parcours.engine.cache.CacheSettings;
import io.parcours.engine.decision.Arbitration;
import io.parcours.engine.decision.MaturityRamp;
import io.parcours.rules.RuleSetCompilationException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts the engine when the application is deployed and closes it when undeployed; the settings
 * come from MicroProfile Config, so environment variables ({@code PARCOURS_DB_URL}, …) override the
 * defaults.
 */
@Singleton
@Startup
@Interceptors(DatabaseAway.class)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EngineRuntime {

  private static final Logger LOG = Logger.getLogger(EngineRuntime.class.getName());

  @Inject
  @ConfigProperty(
      name = "parcours.db.url",
      defaultValue = "jdbc:postgresql://localhost:5432/parcours")
  String databaseUrl;

  @Inject
  @ConfigProperty(name = "parcours.db.user", defaultValue = "parcours")
  String databaseUser;

  @Inject
  @ConfigProperty(name = "parcours.db.password", defaultValue = "parcours")
  String databasePassword;

  @Inject
  @ConfigProperty(name = "parcours.db.pool-size", defaultValue = "16")
  int poolSize;

  @Inject
  @ConfigProperty(name = "parcours.demo", defaultValue = "false")
  boolean demo;

  @Inject
  @ConfigProperty(name = "parcours.demo.customers", defaultValue = "10000")
  int demoCustomers;

  @Inject
  @ConfigProperty(name = "parcours.demo.seed", defaultValue = "20250601")
  long demoSeed;

  @Inject
  @ConfigProperty(name = "parcours.demo.users-file")
  Optional<String> demoUsersFile;

  @Inject
  @ConfigProperty(name = "parcours.arbitration.threshold", defaultValue = "0.05")
  double threshold;

  @Inject
  @ConfigProperty(name = "parcours.audit.batch", defaultValue = "256")
  int auditBatch;

  @Inject
  @ConfigProperty(name = "parcours.responses.batch", defaultValue = "512")
  int responseBatch;

  @Inject
  @ConfigProperty(name = "parcours.models.snapshot-seconds", defaultValue = "10")
  int snapshotSeconds;

  @Inject
  @ConfigProperty(name = "parcours.models.family", defaultValue = "probit")
  String modelFamily;

  @Inject
  @ConfigProperty(name = "parcours.models.control-share", defaultValue = "0.02")
  double controlShare;

  @Inject
  @ConfigProperty(name = "parcours.models.ramp-start-share", defaultValue = "0.1")
  double rampStartShare;

  @Inject
  @ConfigProperty(name = "parcours.models.ramp-responses", defaultValue = "1000")
  long rampResponses;

  @Inject
  @ConfigProperty(name = "parcours.models.exploration", defaultValue = "thompson")
  String exploration;

  @Inject
  @ConfigProperty(name = "parcours.models.prior-variance", defaultValue = "0.03")
  double priorVariance;

  @Inject
  @ConfigProperty(name = "parcours.models.forgetting", defaultValue = "0")
  double forgetting;

  @Inject
  @ConfigProperty(name = "parcours.models.draw-scale", defaultValue = "0.4")
  double drawScale;

  @Inject
  @ConfigProperty(name = "parcours.cache.mode", defaultValue = "local")
  String cacheMode;

  @Inject
  @ConfigProperty(name = "parcours.cache.configuration")
  Optional<String> cacheConfiguration;

  @Inject
  @ConfigProperty(name = "parcours.cache.cluster", defaultValue = "parcours")
  String cacheCluster;

  @Inject
  @ConfigProperty(name = "parcours.cache.jgroups.stack", defaultValue = "parcours-tcp")
  String jgroupsStack;

  @Inject
  @ConfigProperty(name = "parcours.cache.jgroups.bind-address", defaultValue = "SITE_LOCAL")
  String jgroupsBindAddress;

  @Inject
  @ConfigProperty(name = "parcours.cache.jgroups.bind-port", defaultValue = "7800")
  int jgroupsBindPort;

  @Inject
  @ConfigProperty(name = "parcours.cache.jgroups.port-range", defaultValue = "10")
  int jgroupsPortRange;

  @Inject
  @ConfigProperty(name = "parcours.cache.jgroups.initial-hosts", defaultValue = "localhost[7800]")
  String jgroupsInitialHosts;

  @Inject
  @ConfigProperty(name = "parcours.cache.profiles.max-count", defaultValue = "200000")
  long cachedProfiles;

  @Inject
  @ConfigProperty(name = "parcours.cache.histories.max-count", defaultValue = "200000")
  long cachedHistories;

  @Inject
  @ConfigProperty(name = "parcours.cache.stages.max-count", defaultValue = "200000")
  long cachedStages;

  @Inject
  @ConfigProperty(name = "parcours.cache.volumes.max-count", defaultValue = "10000")
  long cachedVolumes;

  @Inject
  @ConfigProperty(name = "parcours.cache.credentials.max-count", defaultValue = "10000")
  long cachedCredentials;

  @Inject
  @ConfigProperty(name = "parcours.rulesets.approvals-required", defaultValue = "1")
  int approvalsRequired;

  @Inject
  @ConfigProperty(name = "parcours.rules.max-firings", defaultValue = "10000")
  long ruleMaxFirings;

  @Inject
  @ConfigProperty(name = "parcours.rules.max-millis", defaultValue = "1000")
  long ruleMaxMillis;

  /**
   * How many decisions the node rehearses at start, before it says it is ready, so that its first
   * requests do not meet a cold JIT ({@link EngineWarmUp}); 0 for none.
   */
  @Inject
  @ConfigProperty(name = "parcours.warmup.decisions", defaultValue = "5000")
  int warmUpDecisions;

  @Resource ManagedThreadFactory threads;

  private Engine engine;
  private UserDirectory users;
  private UserAdministration administration;
  private EngineWarmUp warmUp;

  /**
   * A setting that is gone, still set: said once at start, so that an operator knows it is ignored.
   */
  @Inject
  @ConfigProperty(name = "parcours.cache.owners")
  Optional<String> removedCacheOwners;

  @PostConstruct
  void start() {
    removedCacheOwners.ifPresent(
        owners ->
            LOG.warning(
                "parcours.cache.owners ("
                    + owners
                    + ") is no longer read: each cache entry has one owner, and every"
                    + " cache is a copy of PostgreSQL (docs/adr/0019-contact-caps-claimed-on-the-owner.md)"));
    EngineSettings settings =
        new EngineSettings(
            databaseUrl,
            databaseUser,
            databasePassword,
            poolSize,
            demo,
            demoCustomers,
            demoSeed,
            threshold,
            auditBatch,
            responseBatch,
            Duration.ofSeconds(snapshotSeconds),
            modelFamily,
            controlShare,
            new MaturityRamp(rampStartShare, rampResponses),
            Arbitration.Exploration.fromCode(exploration),
            EngineSettings.learner(priorVariance, forgetting, drawScale),
            new CacheSettings(
                CacheSettings.Mode.fromCode(cacheMode),
                cacheConfiguration.orElse(null),
                cacheCluster,
                jgroupsStack,
                jgroupsBindAddress,
                jgroupsBindPort,
                jgroupsPortRange,
                jgroupsInitialHosts,
                cachedProfiles,
                cachedHistories,
                cachedStages,
                cachedVolumes,
                cachedCredentials),
            EngineSettings.ruleLimits(ruleMaxFirings, ruleMaxMillis),
            approvalsRequired);
    try {
      engine = Engine.start(settings, threads, Clock.systemUTC());
    } catch (RuleSetCompilationException e) {
      throw new IllegalStateException("the active rule set does not compile: " + e.getMessage(), e);
    }
    users = new UserDirectory(engine.users(), engine.caches().credentials(), Clock.systemUTC());
    administration = new UserAdministration(engine.users(), Clock.systemUTC());
    if (demo) {
      createDemoUsers();
    }
    warmUp =
        new EngineWarmUp(
                engine.decisions(), engine.customers()::sample, warmUpDecisions, Clock.systemUTC())
            .start(threads);
    int query = databaseUrl.indexOf('?');
    LOG.info(
        "Parcours engine started on "
            + (query < 0 ? databaseUrl : databaseUrl.substring(0, query))
            + ", rule set "
            + engine.decisions().ruleSetVersion());
  }

  /**
   * Demo mode's users, one per role, with the passwords of the file {@code
   * parcours.demo.users-file} names (the run command writes it); without that file there are none,
   * and no password is made up where it could only be logged.
   */
  private void createDemoUsers() {
    Optional<String> file = demoUsersFile.filter(f -> !f.isBlank());
    if (file.isEmpty()) {
      LOG.warning(
          "demo mode without demo users: set PARCOURS_DEMO_USERS_FILE to a file of passwords, one line per"
              + " role (channel=…), or create an administrator with the create-admin command");
      return;
    }
    users.createDemoUsers(Path.of(file.get()));
    LOG.info(
        "demo users "
            + String.join(", ", UserDirectory.ROLES)
            + " have the passwords of "
            + file.get());
  }

  @PreDestroy
  void stop() {
    if (warmUp != null) {
      warmUp.stop();
    }
    if (engine != null) {
      engine.close();
    }
  }

  /** How far the start's rehearsal of decisions went. */
  public EngineWarmUp.Progress warmUp() {
    return warmUp == null
        ? new EngineWarmUp.Progress(EngineWarmUp.State.RUNNING, 0, warmUpDecisions, 0)
        : warmUp.progress();
  }

  /** The running engine. */
  public Engine engine() {
    return engine;
  }

  /** The roles of an enabled user whose password is right; empty otherwise. */
  public Set<String> authenticate(String username, String password) {
    return users.authenticate(username, password);
  }

  /** The administration of users. */
  public UserAdministration users() {
    return administration;
  }
}
