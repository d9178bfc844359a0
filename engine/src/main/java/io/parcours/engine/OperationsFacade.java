package io.parcours.engine;

import io.parcours.db.DatabaseAvailability;
import io.parcours.db.PostgresDurability;
import io.parcours.domain.Channel;
import io.parcours.engine.commit.GroupCommit;
import io.parcours.engine.runtime.Engine;
import io.parcours.engine.runtime.EngineRuntime;
import io.parcours.models.ModelStatus;
import io.parcours.rules.RuleEngine;
import io.parcours.rules.RuleStatistics;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.remoting.transport.Address;
import org.infinispan.stats.Stats;

/**
 * The operator's facade: what health checks and metrics read about the running engine — the caches,
 * the rule set in force, the models, the writers' queues and the outbound queues. Every figure but
 * the outbound queues is held in memory already; reading one costs no query.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OperationsFacade {

  @EJB EngineRuntime runtime;

  private Engine engine() {
    Engine engine = runtime.engine();
    if (engine == null) {
      throw new IllegalStateException("the engine is not running");
    }
    return engine;
  }

  /** How far the start's rehearsal of decisions went; running until the engine is up. */
  public io.parcours.engine.runtime.EngineWarmUp.Progress warmUp() {
    return runtime.warmUp();
  }

  /**
   * The cache manager's state.
   *
   * @param status Infinispan's status of the manager ({@code RUNNING} when it serves)
   * @param running whether the manager and every cache run
   * @param distributed whether the caches are distributed over a cluster
   * @param cluster the cluster's name, or {@code null} when the caches are local
   * @param members the cluster's members as this node sees them; this node alone when local
   */
  public record CacheHealth(
      String status, boolean running, boolean distributed, String cluster, List<String> members) {}

  /** The state of the cache manager and of its caches. */
  public CacheHealth caches() {
    EmbeddedCacheManager manager = engine().caches().manager();
    boolean running = manager.getStatus().allowInvocations();
    for (String name : io.parcours.engine.cache.InfinispanCaches.NAMES) {
      running &= manager.isRunning(name);
    }
    boolean distributed = manager.getCacheManagerConfiguration().isClustered();
    List<String> members = new ArrayList<>();
    List<Address> addresses = manager.getMembers();
    if (addresses == null) {
      members.add(String.valueOf(manager.getAddress() == null ? "local" : manager.getAddress()));
    } else {
      addresses.forEach(a -> members.add(a.toString()));
    }
    return new CacheHealth(
        manager.getStatus().name(),
        running,
        distributed,
        distributed ? manager.getClusterName() : null,
        members);
  }

  /**
   * One cache's reads on this node since it started: found in memory, or loaded from PostgreSQL.
   */
  public record CacheReads(String cache, long hits, long misses) {}

  /**
   * Each cache's reads on this node, in {@link io.parcours.engine.cache.InfinispanCaches#NAMES}
   * order.
   */
  public List<CacheReads> cacheReads() {
    EmbeddedCacheManager manager = engine().caches().manager();
    List<CacheReads> reads = new ArrayList<>();
    for (String name : io.parcours.engine.cache.InfinispanCaches.NAMES) {
      Cache<?, ?> cache = manager.getCache(name, false);
      if (cache != null) {
        Stats stats = cache.getAdvancedCache().getStats();
        reads.add(new CacheReads(name, stats.getHits(), stats.getMisses()));
      }
    }
    return reads;
  }

  /**
   * The rule set in force, compiled.
   *
   * @param version its version
   * @param checksum the checksum of its files
   * @param rules the names of its rules
   * @param counted the names its statistics count: its rules and the consent checks every set has
   */
  public record RuleSetHealth(
      String version, String checksum, List<String> rules, List<String> counted) {}

  /** The rule set in force. */
  public RuleSetHealth ruleSet() {
    RuleEngine rules = engine().activeRuleSet().current();
    return new RuleSetHealth(
        rules.version(),
        rules.checksum(),
        rules.ruleNames(),
        rules.statistics().firings().stream().map(RuleStatistics.RuleFiring::rule).toList());
  }

  /**
   * The models the engine restored and learns with.
   *
   * @param family the model family ({@code probit}, {@code beta})
   * @param lastResponseId the last response the models learned; 0 when none
   * @param models every model with its figures
   */
  public record ModelHealth(String family, long lastResponseId, List<ModelStatus> models) {

    /**
     * The responses the champion models of {@code channel} learned: the channel's champion for a
     * family with one model per channel, the sum of its actions' models for a family with one per
     * action.
     */
    public long evidence(Channel channel) {
      String suffix = ":" + channel.code();
      long evidence = 0;
      for (ModelStatus m : models) {
        if (m.role().equals("champion") && m.model().endsWith(suffix)) {
          evidence += m.evidence();
        }
      }
      return evidence;
    }

    /**
     * The prequential AUC of the champion models of {@code channel}: the channel's champion's, or
     * for a family with one model per action the mean of its actions' weighted by their responses;
     * NaN while no champion has seen both outcomes.
     */
    public double auc(Channel channel) {
      String suffix = ":" + channel.code();
      double sum = 0;
      long weight = 0;
      for (ModelStatus m : models) {
        if (m.role().equals("champion")
            && m.model().endsWith(suffix)
            && m.prequentialAuc() != null
            && m.evidence() > 0) {
          sum += m.prequentialAuc() * m.evidence();
          weight += m.evidence();
        }
      }
      return weight == 0 ? Double.NaN : sum / weight;
    }

    /**
     * The champion's version id on {@code channel} ({@code probit:web@2}), or null for a family
     * without versions.
     */
    public String champion(Channel channel) {
      String model = family + ":" + channel.code();
      for (ModelStatus m : models) {
        if (m.role().equals("champion") && m.model().equals(model)) {
          return m.modelId();
        }
      }
      return null;
    }
  }

  /** The models as restored at start and learned since. */
  public ModelHealth models() {
    var models = engine().models();
    return new ModelHealth(models.family(), models.lastResponseId(), models.status());
  }

  /** The writer that appends the audit trail. */
  public GroupCommit<?> auditWriter() {
    return engine().auditWriter();
  }

  /** The writer that stores responses. */
  public GroupCommit<?> responseWriter() {
    return engine().responses().writer();
  }

  /** The writer that stores events. */
  public GroupCommit<?> eventWriter() {
    return engine().events().writer();
  }

  /**
   * How many contacts each channel has queued for its delivery system.
   *
   * @throws io.parcours.db.PersistenceException when PostgreSQL does not answer
   */
  public Map<Channel, Long> outboundQueued() {
    return engine().outbound().queuedByChannel();
  }

  /**
   * Whether the database answers now, and what its commits promise.
   *
   * @param state whether PostgreSQL answers, since when, and why not while it does not
   * @param durability what a commit promises on this server
   */
  public record DatabaseHealth(State state, Durability durability) {

    /** Whether PostgreSQL answers, since when, and the problem while it does not. */
    public record State(boolean up, Instant since, String problem) {}

    /**
     * The server's {@code fsync}, the engine's connections' {@code synchronous_commit} and the
     * server's {@code full_page_writes}, and whether together they make a commit survive a crash.
     */
    public record Durability(
        String fsync, String synchronousCommit, String fullPageWrites, boolean durable) {}
  }

  /** Whether the database answers now, and what its commits promise; for readiness. */
  @Interceptors(DatabaseAway.class)
  public DatabaseHealth databaseHealth() {
    DatabaseAvailability.State state = runtime.engine().databaseState();
    PostgresDurability durability = runtime.engine().durability();
    return new DatabaseHealth(
        new DatabaseHealth.State(state.up(), state.since(), state.problem()),
        new DatabaseHealth.Durability(
            durability.fsync(),
            durability.synchronousCommit(),
            durability.fullPageWrites(),
            durability.durable()));
  }
}
