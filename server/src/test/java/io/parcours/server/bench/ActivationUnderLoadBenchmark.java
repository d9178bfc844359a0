package io.parcours.server.bench;

import io.parcours.engine.rules.RuleSetLifecycle;
import io.parcours.rules.RuleFile;
import io.parcours.rules.RuleSetSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * How long a large rule set takes to go live while decisions are being made, and what the decisions
 * see meanwhile: callers decide for random demo customers without pause; a version of the shipped
 * rules with {@code --rules} more action-level policies (570 rules with the default 500) is
 * uploaded (validated, compiled, scenarios run, stored), approved and activated. Prints the time of
 * each step, the decisions that failed, and the latency percentiles of the decisions made during
 * the upload and activation against those made before; in-process, on the same {@code Engine} the
 * server runs.
 *
 * <p>Run: {@code mvn -pl server -am -Pbench -DskipTests verify -Dbench=ActivationUnderLoadBenchmark
 * -Dbench.args="--rules 500 --threads 2"}.
 */
public final class ActivationUnderLoadBenchmark {

  private ActivationUnderLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, List.of("rules", "threads", "warmup", "customers"));
    if (a.help()) {
      System.out.println(
          "ActivationUnderLoadBenchmark [--rules 500] [--threads 2] [--warmup 20] [--customers 10000]");
      return;
    }
    int extra = a.integer("rules", 500, 1, 100_000);
    int threads = a.integer("threads", 2, 1, 256);
    int warmup = a.integer("warmup", 20, 0, 3600);
    int customers = a.integer("customers", 10_000, 1, 999_999);
    System.out.println(
        "Starting PostgreSQL and the engine with " + customers + " demo customers …");
    try (BenchEngine bench = BenchEngine.start(customers)) {
      RuleSetLifecycle lifecycle = bench.engine().ruleSets();
      List<RuleFile> files = new ArrayList<>(RuleSetSource.bundled().files());
      files.add(new RuleFile("action-policies.drl", policies(bench, extra)));

      Histogram before = new ConcurrentHistogram(3);
      Histogram during = new ConcurrentHistogram(3);
      AtomicLong failed = new AtomicLong();
      AtomicLong decided = new AtomicLong();
      AtomicBoolean changing = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> callers = new ArrayList<>();
      for (int c = 0; c < threads; c++) {
        SplittableRandom rng = new SplittableRandom(17L * c + 3);
        callers.add(
            pool.submit(
                () -> {
                  while (!stop.get()) {
                    boolean inChange = changing.get();
                    long t0 = System.nanoTime();
                    try {
                      bench.decide(rng);
                      decided.incrementAndGet();
                    } catch (RuntimeException e) {
                      failed.incrementAndGet();
                      continue;
                    }
                    long micros = Math.max(1, (System.nanoTime() - t0) / 1000);
                    (inChange ? during : before).recordValue(micros);
                  }
                  return null;
                }));
      }
      TimeUnit.SECONDS.sleep(warmup);
      before.reset();
      TimeUnit.SECONDS.sleep(10);
      String was = bench.ruleSetVersion();
      changing.set(true);
      long t0 = System.nanoTime();
      RuleSetLifecycle.Upload upload =
          lifecycle.upload("bench-author", "action-level policies", files);
      long t1 = System.nanoTime();
      lifecycle.review(upload.version(), "bench-approver", true, "measured");
      long t2 = System.nanoTime();
      lifecycle.activate(upload.version(), "bench-approver", "measured");
      long t3 = System.nanoTime();
      changing.set(false);
      TimeUnit.SECONDS.sleep(2);
      stop.set(true);
      for (Future<?> f : callers) {
        f.get();
      }
      pool.shutdown();
      System.out.printf(
          Locale.ROOT,
          "%nRule set %s (%d rules) replacing %s while %d callers decide, on %s,%n"
              + "  database %s:%n"
              + "  upload (validate, compile, scenarios, store) %.2f s, approval %.2f s,"
              + " activation %.2f s: %.2f s in all%n"
              + "  decisions failed: %d of %,d%n"
              + "  latency (ms) before:             p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n"
              + "  latency (ms) upload/activation:  p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f (%,d)%n",
          upload.version(),
          upload.rules(),
          was,
          threads,
          Machine.describe(),
          bench.durability(),
          (t1 - t0) / 1e9,
          (t2 - t1) / 1e9,
          (t3 - t2) / 1e9,
          (t3 - t0) / 1e9,
          failed.get(),
          decided.get() + failed.get(),
          before.getValueAtPercentile(50) / 1000.0,
          before.getValueAtPercentile(99) / 1000.0,
          before.getValueAtPercentile(99.9) / 1000.0,
          before.getMaxValue() / 1000.0,
          during.getValueAtPercentile(50) / 1000.0,
          during.getValueAtPercentile(99) / 1000.0,
          during.getValueAtPercentile(99.9) / 1000.0,
          during.getMaxValue() / 1000.0,
          during.getTotalCount());
      if (!bench.engine().decisions().ruleSetVersion().equals(upload.version())) {
        throw new IllegalStateException("the new version is not in force");
      }
    }
  }

  /**
   * {@code count} action-level policies over the demo library's actions, each evaluated for every
   * customer but met by none (a tenure of over a century), so that the version's scenarios, which
   * its activation runs, still hold.
   */
  private static byte[] policies(BenchEngine bench, int count) {
    List<String> ids =
        bench.engine().decisions().library().all().stream().map(x -> x.id()).toList();
    StringBuilder drl = new StringBuilder("package io.parcours.rules;\nglobal Verdict verdict;\n");
    for (int i = 0; i < count; i++) {
      drl.append("rule \"ActionLevelPolicy")
          .append(i)
          .append("\"\nwhen\n    Customer( age < ")
          .append(18 + i % 60)
          .append(", tenureMonths > ")
          .append(1200 + i)
          .append(" )\n    $c : Candidate( id == \"")
          .append(ids.get(i % ids.size()))
          .append("\" )\nthen\n    verdict.exclude($c, \"policy ")
          .append(i)
          .append("\");\nend\n");
    }
    return drl.toString().getBytes(StandardCharsets.UTF_8);
  }
}
