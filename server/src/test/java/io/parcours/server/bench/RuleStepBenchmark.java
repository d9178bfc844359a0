package io.parcours.server.bench;

import io.parcours.rules.RuleEngine;
import io.parcours.rules.RuleEvaluation;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rule step alone, in this JVM: the shipped rule set (its ~70 rules, decision tables included)
 * over 500 candidate actions for a demo customer with a month of contact history — counters, one
 * stateless session, the verdict — on one thread, so the average time is the CPU a decision's rule
 * step costs. And the time to compile and verify a 570-rule set, which bounds how long an
 * activation takes.
 *
 * <p>Run: {@code mvn -pl server -Pbench -DskipTests verify -Dbench.args="RuleStepBenchmark"}. JMH's
 * average time is wall time, which other work on the machine inflates; {@link RuleStepCpuCost}
 * measures the CPU time of the same step.
 */
@State(Scope.Benchmark)
@Fork(1)
@Threads(1)
public class RuleStepBenchmark {

  private RuleStepFixture fixture;

  @Setup
  public void setUp() throws Exception {
    fixture = new RuleStepFixture();
  }

  /** One decision's rule step: 500 candidates, the shipped rules, a month of history. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 3, time = 5, timeUnit = TimeUnit.SECONDS)
  @Measurement(iterations = 5, time = 5, timeUnit = TimeUnit.SECONDS)
  public RuleEvaluation evaluate500Actions() {
    return fixture.evaluate(ThreadLocalRandom.current().nextInt(fixture.customers.size()));
  }

  /** Compiling and verifying the shipped rules plus 500 more: what an activation waits for. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1, batchSize = 1)
  @Measurement(iterations = 5, batchSize = 1)
  public RuleEngine compile570Rules() throws Exception {
    return RuleEngine.compile(fixture.large);
  }
}
