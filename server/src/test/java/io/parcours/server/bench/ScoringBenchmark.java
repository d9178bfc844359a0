package io.parcours.server.bench;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import io.parcours.models.ActionFeatures;
import io.parcours.models.ContextualProbitModels;
import io.parcours.models.PropensityFeatures;
import io.parcours.models.PropensityModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
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
 * A decision's scoring alone, in this JVM: 27 candidate actions in a context of 26 features, on a
 * channel model that has learned 20,000 responses (so most features are met, as in a server that
 * has run a while, where the decision benchmarks' models have learned nothing). Scored by the
 * features' names ({@link PropensityFeatures#of(ActionFeatures, List)}, every crossed name built
 * and hashed) and by parts (the context looked up once, crosses by number), which score alike.
 *
 * <p>Run: {@code mvn -pl server -am -Pbench -DskipTests verify -Dbench.args="ScoringBenchmark"}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Threads(1)
public class ScoringBenchmark {

  private static final int CANDIDATES = 27;

  private ContextualProbitModels models;
  private final List<ActionFeatures> candidates = new ArrayList<>();
  private final List<List<String>> contexts = new ArrayList<>();
  private final UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(1L);
  private int next;

  @Setup
  public void setUp() {
    for (int a = 0; a < CANDIDATES; a++) {
      candidates.add(
          ActionFeatures.of(
              "action-" + a, "product-line-" + a % 8, a % 3 == 0 ? "grow" : "retain"));
    }
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 1000; i++) {
      contexts.add(context(r));
    }
    models = new ContextualProbitModels(ContextualProbitModels.defaultSettings());
    for (int i = 1; i <= 20_000; i++) {
      models.learn(
          candidates.get(r.nextInt(CANDIDATES)),
          Channel.WEB,
          context(r),
          r.nextDouble() < 0.1 ? Outcome.ACCEPTED : Outcome.IGNORED,
          i);
    }
    models.publish();
  }

  /** A context as {@link PropensityFeatures#context} makes one for a customer who consented. */
  private static List<String> context(SplittableRandom r) {
    List<String> c = new ArrayList<>();
    c.add(PropensityFeatures.BIAS);
    c.add(r.nextBoolean() ? "direction=inbound" : "direction=outbound");
    c.add("hour=" + new String[] {"night", "morning", "afternoon", "evening"}[r.nextInt(4)]);
    c.add(r.nextInt(7) < 5 ? "day=weekday" : "day=weekend");
    c.add("ctx:intent=" + new String[] {"credit-card", "loan", "travel", "savings"}[r.nextInt(4)]);
    c.add("ctx:page=" + new String[] {"home", "accounts", "cards", "loans", "help"}[r.nextInt(5)]);
    c.add("segment=" + new String[] {"mass", "affluent", "young", "senior"}[r.nextInt(4)]);
    c.add("age=" + new String[] {"18-24", "25-34", "35-44", "45-54", "55-64", "65+"}[r.nextInt(6)]);
    c.add("tenure=" + new String[] {"under-1y", "1-3y", "3-10y", "10y+"}[r.nextInt(4)]);
    c.add("region=region-" + r.nextInt(12));
    c.add("holds=current-account");
    c.add("holds=" + new String[] {"mortgage", "savings", "credit-card"}[r.nextInt(3)]);
    c.add("products=" + (1 + r.nextInt(4)));
    c.add("churn=" + new String[] {"low", "medium", "high"}[r.nextInt(3)]);
    c.add("missed=" + r.nextInt(3));
    c.add("balance=" + new String[] {"under-1k", "1k-5k", "5k-20k", "20k-100k"}[r.nextInt(4)]);
    c.add("income=" + new String[] {"under-1k", "1k-5k", "5k-20k"}[r.nextInt(3)]);
    c.add("feat:loginslast7days=" + new String[] {"0", "1", "2-3", "4-7"}[r.nextInt(4)]);
    c.add("feat:cardspendlast30days=" + new String[] {"0", "16-31", "128-255"}[r.nextInt(3)]);
    c.add("feat:complaintslast90days=" + r.nextInt(2));
    c.add("feat:pageviewslast7days=" + new String[] {"0", "2-3", "8-15"}[r.nextInt(3)]);
    c.add("stage:lifecycle=" + new String[] {"onboard", "use", "grow"}[r.nextInt(3)]);
    c.add("stage:retention=" + new String[] {"stable", "at-risk"}[r.nextInt(2)]);
    c.add("stage:collections=" + new String[] {"none", "early"}[r.nextInt(2)]);
    c.add("stage:card=" + new String[] {"none", "applied", "active"}[r.nextInt(3)]);
    c.add("travelling=yes");
    return List.copyOf(c);
  }

  private List<String> nextContext() {
    next = (next + 1) % contexts.size();
    return contexts.get(next);
  }

  /** One decision's candidates, each scored on every feature's name. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 3, time = 3, timeUnit = TimeUnit.SECONDS)
  @Measurement(iterations = 5, time = 3, timeUnit = TimeUnit.SECONDS)
  public double byNames() {
    List<String> context = nextContext();
    double sum = 0;
    for (ActionFeatures a : candidates) {
      sum +=
          models.score(a.actionId(), Channel.WEB, PropensityFeatures.of(a, context), rng).sampled();
    }
    return sum;
  }

  /** One decision's candidates, scored as a decision scores them: the context looked up once. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 3, time = 3, timeUnit = TimeUnit.SECONDS)
  @Measurement(iterations = 5, time = 3, timeUnit = TimeUnit.SECONDS)
  public double byParts() {
    PropensityModels.Serving serving = models.serving(Channel.WEB, nextContext(), rng);
    double sum = 0;
    for (ActionFeatures a : candidates) {
      sum += serving.score(a, rng).sampled();
    }
    return sum;
  }
}
