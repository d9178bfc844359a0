package io.parcours.server.bench;

import io.parcours.domain.Channel;
import io.parcours.domain.Decision;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.engine.demo.DemoCustomers;
import io.parcours.engine.runtime.Engine;
import io.parcours.engine.runtime.EngineSettings;
import io.parcours.rules.RuleSetCompilationException;
import io.parcours.server.EmbeddedDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

/**
 * The engine as the in-process benchmarks run it: a throw-away PostgreSQL on a free port (durable,
 * unless {@code PARCOURS_EMBEDDED_DB_UNSAFE_NO_FSYNC=true} asks otherwise), the engine assembled in
 * plain Java with the default settings and the demo pack, and random inbound requests from the demo
 * customers on every channel.
 */
final class BenchEngine implements AutoCloseable {

  /** How many actions a benchmark decision asks for, as a web page or an app screen would. */
  static final int LIMIT = 3;

  private static final Channel[] CHANNELS = Channel.values();

  private final EmbeddedDatabase database;
  private final Engine engine;
  private final int customers;

  private BenchEngine(EmbeddedDatabase database, Engine engine, int customers) {
    this.database = database;
    this.engine = engine;
    this.customers = customers;
  }

  /**
   * Starts PostgreSQL and the engine with {@code customers} demo customers ({@code C000001}
   * onwards).
   *
   * @throws RuleSetCompilationException when the active rule set does not compile
   */
  static BenchEngine start(int customers) throws RuleSetCompilationException {
    if (customers < 1 || customers > DemoCustomers.MAX_CUSTOMERS) {
      throw new IllegalArgumentException(
          "customers must be between 1 and " + DemoCustomers.MAX_CUSTOMERS + ", not " + customers);
    }
    EmbeddedDatabase database = EmbeddedDatabase.start(0, null);
    try {
      EngineSettings d = EngineSettings.defaults(database.jdbcUrl(), "postgres", "postgres");
      EngineSettings settings =
          new EngineSettings(
              d.databaseUrl(),
              d.databaseUser(),
              d.databasePassword(),
              d.poolSize(),
              true,
              customers,
              d.demoSeed(),
              d.threshold(),
              d.auditBatch(),
              d.responseBatch(),
              d.snapshotEvery(),
              d.modelFamily(),
              d.controlShare(),
              d.ramp(),
              d.exploration());
      Engine engine = Engine.start(settings, Executors.defaultThreadFactory(), Clock.systemUTC());
      System.out.println("database: " + engine.durability());
      return new BenchEngine(database, engine, customers);
    } catch (RuntimeException | RuleSetCompilationException e) {
      try {
        database.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * A demo customer id, {@code C} and the index on six digits, as {@link DemoCustomers} names them.
   */
  static String customerId(int index) {
    return String.format(Locale.ROOT, "C%06d", index);
  }

  /** An inbound request for a random demo customer on a random channel. */
  DecisionRequest randomRequest(RandomGenerator rng) {
    return new DecisionRequest(
        customerId(1 + rng.nextInt(customers)),
        CHANNELS[rng.nextInt(CHANNELS.length)],
        Direction.INBOUND,
        Map.of(),
        LIMIT,
        Instant.now());
  }

  /** Decides for a random request; returns once the decision's audit record is committed. */
  Decision decide(RandomGenerator rng) {
    return engine.decisions().decide(randomRequest(rng));
  }

  /** The engine itself, for benchmarks of its other paths (events). */
  Engine engine() {
    return engine;
  }

  /** The database's durability settings, printed beside every figure measured on it. */
  String durability() {
    return engine.durability().toString();
  }

  String jdbcUrl() {
    return database.jdbcUrl();
  }

  int customers() {
    return customers;
  }

  String ruleSetVersion() {
    return engine.decisions().ruleSetVersion();
  }

  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      database.close();
    }
  }
}
