package io.parcours.web.metrics;

import io.parcours.domain.Channel;
import io.parcours.domain.Decision;
import io.parcours.domain.Exclusion;
import io.parcours.domain.Outcome;
import io.parcours.engine.OperationsFacade;
import io.parcours.engine.commit.GroupCommit;
import io.parcours.engine.events.EventIngestion;
import io.parcours.engine.response.ResponseReceipt;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Parcours' own metrics, in the application registry that {@code /metrics} exposes for Prometheus.
 *
 * <p>Every metric is registered once, at start, and kept in an array or a map read without locks:
 * what the decision path pays is the metric calls themselves (a timer update, a counter increment
 * per decision, per fired rule and per exclusion). The figures the engine already holds (queues,
 * models, caches) are gauges, read when {@code /metrics} is scraped. The rule counters are those of
 * the rules of the version in force: when another version comes into force, the counters of rules
 * it no longer has are removed, so that the number of series stays that of the rules in force.
 */
@ApplicationScoped
public class ParcoursMetrics {

  private static final Logger LOG = Logger.getLogger(ParcoursMetrics.class.getName());

  /**
   * The name of the decision latency timer; its buckets are set in the engine's {@code
   * microprofile-config.properties}.
   */
  static final String DECISION_LATENCY = "parcours.decision.latency";

  @Inject MetricRegistry registry;
  @Inject OperationsFacade operations;

  private final Timer[] latency = new Timer[Channel.values().length];
  private final Counter[] decisions = new Counter[Channel.values().length];
  private final Counter[] doNothing = new Counter[Channel.values().length];
  private final Counter[] responses = new Counter[Outcome.values().length];
  private Counter events;
  private volatile RuleCounters rules = new RuleCounters("", Map.of(), Map.of());

  /** The rule counters of one version in force, read without locks; replaced whole on a change. */
  private record RuleCounters(
      String version, Map<String, Counter> firings, Map<String, Counter> exclusions) {}

  /**
   * Registers the metrics as soon as the application starts, so that a scrape finds them before any
   * decision.
   */
  void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // nothing to do: being told creates the bean, and its @PostConstruct registers
  }

  @PostConstruct
  void register() {
    for (Channel c : Channel.values()) {
      Tag channel = new Tag("channel", c.code());
      latency[c.ordinal()] =
          registry.timer(
              Metadata.builder()
                  .withName(DECISION_LATENCY)
                  .withDescription(
                      "How long the engine took to decide, per channel, from the request read to the decision"
                          + " audited")
                  .withUnit(MetricUnits.NANOSECONDS)
                  .build(),
              channel);
      decisions[c.ordinal()] =
          registry.counter(
              Metadata.builder()
                  .withName("parcours.decisions")
                  .withDescription("Decisions answered, per channel")
                  .build(),
              channel);
      doNothing[c.ordinal()] =
          registry.counter(
              Metadata.builder()
                  .withName("parcours.decisions.do.nothing")
                  .withDescription("Decisions that proposed nothing, per channel")
                  .build(),
              channel);
      gauge(
          "parcours.model.evidence",
          "Responses the channel's champion models learned",
          MetricUnits.NONE,
          () -> operations.models().evidence(c),
          channel);
      gauge(
          "parcours.model.auc",
          "Prequential AUC of the channel's champion models (each prediction made before its"
              + " response was learned); weighted by responses over a family's per-action models; NaN"
              + " until both outcomes were seen",
          MetricUnits.NONE,
          () -> operations.models().auc(c),
          channel);
      gauge(
          "parcours.outbound.queued",
          "Contacts the channel's delivery system has queued, due or not",
          MetricUnits.NONE,
          () -> outboundQueued(c),
          channel);
    }
    for (Outcome o : Outcome.values()) {
      responses[o.ordinal()] =
          registry.counter(
              Metadata.builder()
                  .withName("parcours.responses")
                  .withDescription(
                      "Responses stored (a replay of one stored before is not counted), per outcome")
                  .build(),
              new Tag("outcome", o.code()));
    }
    events =
        registry.counter(
            Metadata.builder()
                .withName("parcours.events.stored")
                .withDescription(
                    "Customer events stored (a replay of one stored before is not counted)")
                .build());
    writer("audit", "audit records", operations::auditWriter);
    writer("response", "responses", operations::responseWriter);
    writer("event", "events", operations::eventWriter);
    for (String cache : io.parcours.engine.cache.InfinispanCaches.NAMES) {
      Tag tag = new Tag("cache", cache);
      gauge(
          "parcours.cache.hits",
          "Reads of the cache on this node found in memory",
          MetricUnits.NONE,
          () -> reads(cache, OperationsFacade.CacheReads::hits),
          tag);
      gauge(
          "parcours.cache.misses",
          "Reads of the cache on this node loaded from PostgreSQL",
          MetricUnits.NONE,
          () -> reads(cache, OperationsFacade.CacheReads::misses),
          tag);
      gauge(
          "parcours.cache.hit.ratio",
          "Hits over reads of the cache on this node since it started; 0 before"
              + " the first read",
          MetricUnits.NONE,
          () -> hitRatio(cache),
          tag);
    }
  }

  private void writer(String name, String what, Supplier<GroupCommit<?>> writer) {
    Timer batches =
        registry.timer(
            Metadata.builder()
                .withName("parcours." + name + ".writer.batch")
                .withDescription("How long the writer of " + what + " took to store one batch")
                .withUnit(MetricUnits.NANOSECONDS)
                .build());
    Counter items =
        registry.counter(
            Metadata.builder()
                .withName("parcours." + name + ".writer.items")
                .withDescription(
                    "Items the writer of " + what + " stored (or failed) in its batches")
                .build());
    try {
      writer
          .get()
          .observe(
              (n, nanos) -> {
                batches.update(Duration.ofNanos(nanos));
                items.inc(n);
              });
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "the " + name + " writer's batches are not measured: the engine is not running",
          e);
    }
    gauge(
        "parcours." + name + ".writer.queued",
        "Items waiting for the writer of " + what,
        MetricUnits.NONE,
        () -> writer.get().queued());
  }

  private <T extends Number> void gauge(
      String name, String description, String unit, Supplier<T> value, Tag... tags) {
    registry.gauge(
        Metadata.builder().withName(name).withDescription(description).withUnit(unit).build(),
        () -> {
          try {
            return value.get();
          } catch (RuntimeException e) {
            return Double
                .NaN; // the engine is not running, or PostgreSQL does not answer: no figure
          }
        },
        tags);
  }

  private double outboundQueued(Channel channel) {
    return operations.outboundQueued().getOrDefault(channel, 0L);
  }

  private long reads(String cache, Function<OperationsFacade.CacheReads, Long> figure) {
    for (OperationsFacade.CacheReads r : operations.cacheReads()) {
      if (r.cache().equals(cache)) {
        return figure.apply(r);
      }
    }
    return 0;
  }

  private double hitRatio(String cache) {
    for (OperationsFacade.CacheReads r : operations.cacheReads()) {
      if (r.cache().equals(cache)) {
        long reads = r.hits() + r.misses();
        return reads == 0 ? 0 : (double) r.hits() / reads;
      }
    }
    return 0;
  }

  /**
   * Counts one decision answered: its latency, whether it proposed nothing, its rules fired and
   * exclusions.
   */
  public void decided(Decision decision, long nanos) {
    int channel = decision.request().channel().ordinal();
    latency[channel].update(Duration.ofNanos(nanos));
    decisions[channel].inc();
    if (decision.isDoNothing()) {
      doNothing[channel].inc();
    }
    RuleCounters counters = rules;
    if (!counters.version().equals(decision.ruleSetVersion())) {
      counters = inForce(decision.ruleSetVersion());
    }
    List<String> fired = decision.rulesFired();
    for (int i = 0, n = fired.size(); i < n; i++) {
      Counter c = counters.firings().get(fired.get(i));
      if (c != null) {
        c.inc();
      }
    }
    List<Exclusion> excluded = decision.exclusions();
    for (int i = 0, n = excluded.size(); i < n; i++) {
      Counter c = counters.exclusions().get(excluded.get(i).rule());
      if (c != null) {
        c.inc();
      }
    }
  }

  /** Counts a response, when it was stored now (not a replay). */
  public void responded(ResponseReceipt receipt) {
    if (receipt.created()) {
      responses[receipt.outcome().ordinal()].inc();
    }
  }

  /** Counts the events stored now (not the replays). */
  public void stored(List<EventIngestion.Receipt> receipts) {
    long created = 0;
    for (int i = 0, n = receipts.size(); i < n; i++) {
      if (!receipts.get(i).replayed()) {
        created++;
      }
    }
    if (created > 0) {
      events.inc(created);
    }
  }

  /**
   * The counters of the rules of {@code version}, registered on the first decision it makes here;
   * the counters of rules no longer in force are removed. A decision made under a version that has
   * already been replaced again counts nothing under the new one's names it does not share.
   */
  private synchronized RuleCounters inForce(String version) {
    RuleCounters current = rules;
    if (current.version().equals(version)) {
      return current;
    }
    OperationsFacade.RuleSetHealth ruleSet = operations.ruleSet();
    Set<String> names = new HashSet<>(ruleSet.counted());
    Map<String, Counter> firings = new HashMap<>();
    Map<String, Counter> exclusions = new HashMap<>();
    for (String rule : names) {
      Tag tag = new Tag("rule", rule);
      firings.put(
          rule,
          registry.counter(
              Metadata.builder()
                  .withName("parcours.rule.firings")
                  .withDescription(
                      "Times the rule fired in a decision answered, for the rules of the version in force")
                  .build(),
              tag));
      exclusions.put(
          rule,
          registry.counter(
              Metadata.builder()
                  .withName("parcours.rule.exclusions")
                  .withDescription(
                      "Actions the rule excluded from a decision answered, for the rules of the version in"
                          + " force")
                  .build(),
              tag));
    }
    for (String rule : current.firings().keySet()) {
      if (!names.contains(rule)) {
        registry.remove(new MetricID("parcours.rule.firings", new Tag("rule", rule)));
        registry.remove(new MetricID("parcours.rule.exclusions", new Tag("rule", rule)));
      }
    }
    RuleCounters next =
        new RuleCounters(ruleSet.version(), Map.copyOf(firings), Map.copyOf(exclusions));
    rules = next;
    return next;
  }
}
