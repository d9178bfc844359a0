package io.parcours.server.bench;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.Impression;
import io.parcours.engine.demo.DemoActions;
import io.parcours.engine.demo.DemoCustomers;
import io.parcours.rules.RuleEngine;
import io.parcours.rules.RuleEvaluation;
import io.parcours.rules.RuleFile;
import io.parcours.rules.RuleSetSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * The rule step alone, in this JVM: the shipped rule set (its ~70 rules, decision tables included) over
 * 500 candidate actions for a demo customer with a month of contact history — counters, one stateless
 * session, the verdict — on one thread, so the average time is the CPU a decision's rule step costs.
 * And the time to compile and verify a 570-rule set, which bounds how long an activation takes.
 *
 * <p>Run: {@code mvn -pl server -Pbench -DskipTests verify -Dbench.args="RuleStepBenchmark"}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Threads(1)
public class RuleStepBenchmark {

  private static final int ACTIONS = 500;
  private static final int EXTRA_RULES = 500;

  private RuleEngine rules;
  private List<Action> candidates;
  private List<CustomerProfile> customers;
  private List<ContactHistory> histories;
  private RuleSetSource large;

  @Setup
  public void setUp() throws Exception {
    rules = RuleEngine.compile(RuleSetSource.bundled());
    List<Action> demo = DemoActions.library();
    candidates = new ArrayList<>(ACTIONS);
    for (int i = 0; i < ACTIONS; i++) {
      Action a = demo.get(i % demo.size());
      String id = i < demo.size() ? a.id() : a.id() + "-" + (i / demo.size());
      candidates.add(
          new Action(id, a.name(), a.issue(), a.group(), a.journey(), EnumSet.allOf(Channel.class),
              a.value(), a.lever(), a.description(), a.stages(), a.mandatory(), a.dailyLimit()));
    }
    customers = new DemoCustomers(DemoCustomers.DEFAULT_SEED).all(1000).toList();
    SplittableRandom random = new SplittableRandom(7);
    Instant now = Instant.now();
    histories = new ArrayList<>(customers.size());
    for (CustomerProfile c : customers) {
      List<Impression> shown = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        shown.add(
            new Impression(
                candidates.get(random.nextInt(ACTIONS)).id(),
                Channel.values()[random.nextInt(Channel.values().length)],
                now.minusSeconds(random.nextLong(30L * 86_400))));
      }
      histories.add(new ContactHistory(c.customerId(), shown, List.of()));
    }
    List<RuleFile> files = new ArrayList<>(RuleSetSource.bundled().files());
    StringBuilder drl = new StringBuilder("package io.parcours.rules;\nglobal Verdict verdict;\n");
    for (int i = 0; i < EXTRA_RULES; i++) {
      drl.append("rule \"ActionLevelPolicy").append(i).append("\"\nwhen\n")
          .append("    Customer( age < ").append(18 + i % 60).append(", tenureMonths > ").append(i % 120).append(" )\n")
          .append("    $c : Candidate( id == \"").append(candidates.get(i).id()).append("\" )\nthen\n")
          .append("    verdict.exclude($c, drools.getRule().getName(), \"policy ").append(i).append("\");\nend\n");
    }
    files.add(new RuleFile("action-policies.drl", drl.toString().getBytes(StandardCharsets.UTF_8)));
    large = new RuleSetSource("large", files);
  }

  /** One decision's rule step: 500 candidates, the shipped rules, a month of history. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 3, time = 5, timeUnit = TimeUnit.SECONDS)
  @Measurement(iterations = 5, time = 5, timeUnit = TimeUnit.SECONDS)
  public RuleEvaluation evaluate500Actions() {
    int i = ThreadLocalRandom.current().nextInt(customers.size());
    CustomerProfile c = customers.get(i);
    Channel channel = Channel.values()[i % Channel.values().length];
    DecisionRequest request =
        new DecisionRequest(
            c.customerId(), channel, i % 3 == 0 ? Direction.OUTBOUND : Direction.INBOUND,
            Map.of("page", "home"), 3, Instant.now());
    return rules.evaluate(c, request, candidates, histories.get(i));
  }

  /** Compiling and verifying the shipped rules plus 500 more: what an activation waits for. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1, batchSize = 1)
  @Measurement(iterations = 5, batchSize = 1)
  public RuleEngine compile570Rules() throws Exception {
    return RuleEngine.compile(large);
  }
}
