package io.parcours.server.bench;

import io.parcours.domain.Decision;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decision through the whole engine in this JVM: profile and contact history (cache, else
 * PostgreSQL), candidate actions, the active rule set, the adaptive models, arbitration, and the
 * audit record committed to a real PostgreSQL before the answer. Measured as throughput and as
 * sampled latency (JMH's SampleTime, whose percentiles are the p50/p99/p99.9 reported) with two
 * threads, the cores of the machine the design budgets for.
 *
 * <p>What it leaves out, on purpose: HTTP, JSON of the request and the answer, authentication and
 * the container; {@link HttpLoadGenerator} measures those against a running server.
 *
 * <p>The defaults below (one fork, warm-up 2 × 5 s, measurement 3 × 5 s, two threads) are
 * overridden by JMH's command-line options through {@link DecisionEngineBenchmarkRunner}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 5, timeUnit = TimeUnit.SECONDS)
@Threads(2)
public class DecisionEngineBenchmark {

  /** Demo customers loaded, and drawn from uniformly. */
  @Param("10000")
  public int customers;

  private BenchEngine engine;

  @Setup(Level.Trial)
  public void start() throws Exception {
    engine = BenchEngine.start(customers);
  }

  @TearDown(Level.Trial)
  public void stop() {
    if (engine != null) {
      engine.close();
      engine = null;
    }
  }

  /** A random demo customer on a random channel, at most three actions. */
  @Benchmark
  public Decision decide() {
    return engine.decide(ThreadLocalRandom.current());
  }
}
