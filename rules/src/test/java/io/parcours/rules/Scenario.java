package io.parcours.rules;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.Impression;
import io.parcours.domain.Issue;
import io.parcours.domain.Outcome;
import io.parcours.domain.Purpose;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A business scenario for rule tests: a customer, a channel's question and a contact history, with
 * everyday defaults (an adult customer of two years with a current account, no risk, consenting to
 * every channel, asking on the web on a Wednesday at 11:00 Paris time) that each test changes only
 * where its story needs it.
 */
final class Scenario {

  /** Wednesday 11 March 2026, 11:00 in Paris. */
  static final Instant NOW = Instant.parse("2026-03-11T10:00:00Z");

  // The customer.
  int age = 35;
  String segment = "mass";
  int tenureMonths = 24;
  Set<String> products = new HashSet<>(Set.of("current-account"));
  double balance = 3200;
  double monthlyIncome = 2500;
  double churnRisk = 0.1;
  int missedPayments;
  boolean openComplaint;
  boolean travellingAbroad;
  Set<Consent> consents = everyConsent();
  String timeZone = "Europe/Paris";

  // The question.
  Channel channel = Channel.WEB;
  Direction direction = Direction.INBOUND;
  Map<String, String> context = new HashMap<>();
  Instant at = NOW;

  /** Custom attributes of the customer, by name. */
  Map<String, Object> attributes = new HashMap<>();

  /** Derived features at the decision, by name; one not given is 0. */
  Map<String, Double> features = new HashMap<>();

  // What happened before.
  final List<Impression> impressions = new ArrayList<>();
  final List<ContactHistory.ResponseEvent> responses = new ArrayList<>();

  /** Consent to every channel for every purpose. */
  static Set<Consent> everyConsent() {
    Set<Consent> all = new HashSet<>();
    for (Channel c : Channel.values()) {
      for (Purpose p : Purpose.values()) {
        all.add(new Consent(c, p));
      }
    }
    return all;
  }

  /** Withdraws the consent to contact on {@code channel} for {@code purpose}. */
  Scenario withdrawing(Channel channel, Purpose purpose) {
    consents.remove(new Consent(channel, purpose));
    return this;
  }

  Scenario holding(String... codes) {
    products = new HashSet<>(Set.of(codes));
    return this;
  }

  Scenario on(Channel c, Direction d) {
    channel = c;
    direction = d;
    return this;
  }

  Scenario context(String key, String value) {
    context.put(key, value);
    return this;
  }

  /**
   * {@code times} impressions of {@code actionId} on {@code c}, {@code ago} before the decision.
   */
  Scenario shown(String actionId, Channel c, int times, Duration ago) {
    for (int i = 0; i < times; i++) {
      impressions.add(new Impression(actionId, c, at.minus(ago)));
    }
    return this;
  }

  Scenario responded(String actionId, Outcome outcome, Duration ago) {
    responses.add(new ContactHistory.ResponseEvent(actionId, channel, outcome, at.minus(ago)));
    return this;
  }

  CustomerProfile profile() {
    return new CustomerProfile(
        "c-1",
        "Alex Martin",
        age,
        "Île-de-France",
        segment,
        tenureMonths,
        products,
        balance,
        monthlyIncome,
        churnRisk,
        missedPayments,
        openComplaint,
        travellingAbroad,
        consents,
        timeZone,
        NOW.minus(Duration.ofDays(1)),
        attributes,
        null);
  }

  DecisionRequest request() {
    return new DecisionRequest("c-1", channel, direction, context, 5, at);
  }

  ContactHistory history() {
    return new ContactHistory("c-1", impressions, responses);
  }

  /** Evaluates the scenario over {@code candidates}. */
  RuleEvaluation evaluate(RuleEngine engine, List<Action> candidates) {
    return engine.evaluate(profile(), features, request(), candidates, history(), id -> null);
  }

  /** Evaluates the scenario over the whole {@link #LIBRARY}. */
  RuleEvaluation evaluate(RuleEngine engine) {
    return evaluate(engine, LIBRARY);
  }

  static Action action(String id, Issue issue, String group, String journey) {
    return new Action(id, id, issue, group, journey, EnumSet.allOf(Channel.class), 10, 1, "");
  }

  /**
   * An action library shaped like the demo brand's: each issue, the groups the rules know, a
   * mandatory notice, stage-bound actions and an action-level policy's targets.
   */
  static final List<Action> LIBRARY =
      List.of(
          action("travel-card-abroad", Issue.SERVICE, "travel", "service"),
          action("atm-abroad-finder", Issue.SERVICE, "travel", "service"),
          action("card-controls-app", Issue.SERVICE, "cards", "service"),
          action("complaint-follow-up", Issue.SERVICE, "complaints", "service"),
          action("card-terms-notice", Issue.SERVICE, "regulatory", "service").asMandatory(),
          action("welcome-tour", Issue.NURTURE, "onboarding", "lifecycle"),
          action("savings-tips", Issue.NURTURE, "financial-health", "nurture"),
          action("investing-webinar", Issue.NURTURE, "investing", "nurture")
              .inStages("learning", "engaged"),
          action("loyalty-bonus", Issue.RETENTION, "loyalty", "retention"),
          action("fee-waiver", Issue.RETENTION, "pricing", "retention"),
          action("priority-advisor", Issue.RETENTION, "advice", "retention").inStages("leaving"),
          action("reduced-instalments", Issue.RESILIENCE, "payment-support", "resilience")
              .inStages("in-difficulty"),
          action("payment-reminder", Issue.RESILIENCE, "reminders", "resilience")
              .inStages("early-difficulty", "in-difficulty"),
          action("debt-advice-call", Issue.RESILIENCE, "debt-advice", "resilience"),
          action("credit-card-classic", Issue.SALES, "credit-card", "lifecycle"),
          action("credit-card-premium", Issue.SALES, "credit-card", "lifecycle")
              .inStages("selection", "keep-in-touch", "advocacy"),
          action("personal-loan", Issue.SALES, "personal-loan", "lifecycle"),
          action("mortgage-review", Issue.SALES, "mortgage-advice", "lifecycle")
              .inStages("use", "keep-in-touch", "advocacy"),
          action("savings-account", Issue.SALES, "savings-account", "lifecycle"),
          action("home-insurance", Issue.SALES, "home-insurance", "lifecycle"),
          action("travel-insurance", Issue.SALES, "travel-insurance", "lifecycle"));

  /** The library action with {@code id}, or null: a lookup for impressions of non-candidates. */
  static Action findInLibrary(String id) {
    for (Action a : LIBRARY) {
      if (a.id().equals(id)) {
        return a;
      }
    }
    return null;
  }

  /** The library actions with these ids, in the order given. */
  static List<Action> libraryActions(String... ids) {
    List<Action> actions = new ArrayList<>();
    for (String id : ids) {
      actions.add(libraryAction(id));
    }
    return actions;
  }

  /** The library action with {@code id}. */
  static Action libraryAction(String id) {
    for (Action a : LIBRARY) {
      if (a.id().equals(id)) {
        return a;
      }
    }
    throw new IllegalArgumentException("no action " + id + " in the test library");
  }

  /**
   * The engine of the bundled rule set restricted to {@code files}, to test one rule file alone.
   */
  static RuleEngine bundledEngine(String... files) throws RuleSetCompilationException {
    RuleSetSource bundled = RuleSetSource.bundled();
    List<RuleFile> chosen = new ArrayList<>();
    for (String f : files) {
      chosen.add(
          bundled.file(f).orElseThrow(() -> new IllegalStateException(f + " is not bundled")));
    }
    return RuleEngine.compile(new RuleSetSource("test-" + String.join("+", files), chosen));
  }
}
