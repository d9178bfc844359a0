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
import io.parcours.rules.RuleSetCompilationException;
import io.parcours.rules.RuleSetSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the rule-step measurements run on: the shipped rule set, 500 candidate actions (the demo
 * library repeated under new ids), 1,000 demo customers each with 30 impressions spread over the
 * last month, and a 570-rule variant of the rule set (the shipped rules plus 500 action-level
 * policies).
 */
final class RuleStepFixture {

  static final int ACTIONS = 500;
  static final int EXTRA_RULES = 500;

  final RuleEngine rules;
  final List<Action> candidates;
  final List<CustomerProfile> customers;
  final List<ContactHistory> histories;
  final Map<String, Action> library;
  final RuleSetSource large;

  RuleStepFixture() throws RuleSetCompilationException {
    this(ACTIONS);
  }

  /**
   * @param actions how many of the 500 actions are the candidates of each decision: 27 is the demo
   *     library itself, as a decision of the demo pack sees it
   */
  RuleStepFixture(int actions) throws RuleSetCompilationException {
    rules = RuleEngine.compile(RuleSetSource.bundled());
    List<Action> demo = DemoActions.library();
    List<Action> all = new ArrayList<>(ACTIONS);
    library = new HashMap<>();
    for (int i = 0; i < ACTIONS; i++) {
      Action a = demo.get(i % demo.size());
      String id = i < demo.size() ? a.id() : a.id() + "-" + (i / demo.size());
      Action copy =
          new Action(
              id,
              a.name(),
              a.issue(),
              a.group(),
              a.journey(),
              EnumSet.allOf(Channel.class),
              a.value(),
              a.lever(),
              a.description(),
              a.stages(),
              a.mandatory(),
              a.dailyLimit());
      all.add(copy);
      library.put(id, copy);
    }
    candidates = List.copyOf(all.subList(0, Math.min(actions, ACTIONS)));
    customers = new DemoCustomers(DemoCustomers.DEFAULT_SEED).all(1000).toList();
    SplittableRandom random = new SplittableRandom(7);
    Instant now = Instant.now();
    histories = new ArrayList<>(customers.size());
    for (CustomerProfile c : customers) {
      List<Impression> shown = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        shown.add(
            new Impression(
                all.get(random.nextInt(ACTIONS)).id(),
                Channel.values()[random.nextInt(Channel.values().length)],
                now.minusSeconds(random.nextLong(30L * 86_400))));
      }
      histories.add(new ContactHistory(c.customerId(), shown, List.of()));
    }
    List<RuleFile> files = new ArrayList<>(RuleSetSource.bundled().files());
    StringBuilder drl = new StringBuilder("package io.parcours.rules;\nglobal Verdict verdict;\n");
    for (int i = 0; i < EXTRA_RULES; i++) {
      drl.append("rule \"ActionLevelPolicy")
          .append(i)
          .append("\"\nwhen\n")
          .append("    Customer( age < ")
          .append(18 + i % 60)
          .append(", tenureMonths > ")
          .append(i % 120)
          .append(" )\n")
          .append("    $c : Candidate( id == \"")
          .append(all.get(i).id())
          .append("\" )\nthen\n")
          .append("    verdict.exclude($c, \"policy ")
          .append(i)
          .append("\");\nend\n");
    }
    files.add(new RuleFile("action-policies.drl", drl.toString().getBytes(StandardCharsets.UTF_8)));
    large = new RuleSetSource("large", files);
  }

  /**
   * One decision's rule step for customer {@code i} (modulo the customers), channel and direction
   * by i.
   */
  RuleEvaluation evaluate(int i) {
    int k = Math.floorMod(i, customers.size());
    CustomerProfile c = customers.get(k);
    Channel channel = Channel.values()[k % Channel.values().length];
    DecisionRequest request =
        new DecisionRequest(
            c.customerId(),
            channel,
            k % 3 == 0 ? Direction.OUTBOUND : Direction.INBOUND,
            Map.of("page", "home"),
            3,
            Instant.now());
    return rules.evaluate(c, request, candidates, histories.get(k), library::get);
  }
}
