package io.parcours.engine.decision;

import io.parcours.domain.Channel;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.StageChange;
import io.parcours.engine.RuleSetLimitException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds customers' journey stages again after events changed their profiles, as a decision would in
 * each event's situation, without deciding; and says which stages a decision or an event changed.
 */
public final class StageReevaluation {

  private final ActiveRuleSet ruleSet;
  private final CustomerState customers;
  private final CustomerLocks locks;

  public StageReevaluation(ActiveRuleSet ruleSet, CustomerState customers, CustomerLocks locks) {
    this.ruleSet = ruleSet;
    this.customers = customers;
    this.locks = locks;
  }

  /**
   * The situation an event puts a customer in, for finding their stages again: inbound on {@code
   * channel}, with the context {@code event=<type>}.
   */
  public record EventSituation(
      String customerId, Channel channel, String eventType, long eventId) {}

  /**
   * Finds the journey stages of several customers again and records every change with {@code
   * record} (one call, so one transaction for the lot) before the new stages are put in the cache.
   * No decision is made or recorded. Runs while no decision for any of these customers is in flight
   * on this node, so a decision never computes its stage changes from stages being replaced. A
   * customer without a profile any more (merged or erased meanwhile) is skipped, and so is one for
   * whom the rule set goes past its evaluation limit: they keep the stages they had.
   *
   * @return the changes recorded
   */
  public List<StageChange> reevaluate(
      List<EventSituation> situations, Instant at, Consumer<List<StageChange>> record) {
    List<String> ids = situations.stream().map(EventSituation::customerId).toList();
    return locks.exclusively(
        ids,
        () -> {
          List<StageChange> all = new ArrayList<>();
          Map<String, Map<String, String>> after = new LinkedHashMap<>();
          for (EventSituation e : situations) {
            CustomerProfile profile = customers.profileIfAny(e.customerId());
            if (profile == null) {
              continue;
            }
            DecisionRequest situation =
                new DecisionRequest(
                    e.customerId(),
                    e.channel(),
                    Direction.INBOUND,
                    Map.of("event", e.eventType()),
                    1,
                    at);
            RuleStep.Evaluated evaluated;
            try {
              // Stages depend on the customer and the situation, not on the actions: no candidate
              // is evaluated.
              evaluated =
                  RuleStep.evaluate(
                      ruleSet.version(),
                      profile,
                      situation,
                      List.of(),
                      customers.history(e.customerId()),
                      false);
            } catch (RuleSetLimitException limit) {
              continue;
            }
            Map<String, String> stages = evaluated.rules().journeyStages();
            List<StageChange> changes =
                changes(
                    e.customerId(),
                    stages,
                    customers.stages(e.customerId()),
                    evaluated.rules().stageRules(),
                    null,
                    e.eventId(),
                    at);
            if (!changes.isEmpty()) {
              all.addAll(changes);
              after.put(e.customerId(), stages);
            }
          }
          if (!all.isEmpty()) {
            record.accept(all);
            after.forEach(customers::stagesRecorded);
          }
          return all;
        });
  }

  /**
   * Every journey whose stage differs from before: entered, moved (back or forward) or left, caused
   * by the decision {@code decisionId} or the event {@code eventId}.
   */
  static List<StageChange> changes(
      String customer,
      Map<String, String> after,
      Map<String, String> before,
      Map<String, String> stageRules,
      String decisionId,
      Long eventId,
      Instant at) {
    if (after.equals(before)) {
      return List.of();
    }
    List<StageChange> changes = new ArrayList<>();
    for (Map.Entry<String, String> e : after.entrySet()) {
      String was = before.get(e.getKey());
      if (!e.getValue().equals(was)) {
        changes.add(
            new StageChange(
                customer,
                e.getKey(),
                was,
                e.getValue(),
                stageRules.get(e.getKey()),
                decisionId,
                eventId,
                at));
      }
    }
    for (Map.Entry<String, String> e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) {
        changes.add(
            new StageChange(
                customer, e.getKey(), e.getValue(), null, null, decisionId, eventId, at));
      }
    }
    return changes;
  }
}
