package io.parcours.engine.demo;

import io.parcours.domain.Action;
import io.parcours.engine.strategy.StrategyFiles;
import io.parcours.engine.strategy.StrategyVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The action library of the demo brand, a bank that also sells mobile plans: 27 actions across the
 * five issues and their journeys, each with a treatment per channel it is offered on. The library
 * is the {@code actions.json} of the strategy version shipped with Parcours; this class reads it,
 * for tests and benchmarks that need the demo's actions without a running engine.
 *
 * <p>Conventions the rules and the demo customers rely on:
 *
 * <ul>
 *   <li>ids are stable kebab-case; rules, models ({@code beta:<id>:<channel>}) and stored rows
 *       refer to them, so an id is never reused for another action;
 *   <li>for sales actions the group is the product code a customer may already hold (see {@link
 *       DemoCustomers#PRODUCTS}), so "does not hold the product yet" is a rule on the group; the
 *       mortgage review is the exception, for holders, in a group of its own ({@code
 *       mortgage-advice});
 *   <li>journeys: sales actions belong to {@code lifecycle}; service, nurture, retention and
 *       resilience actions to the journey of the same name, except onboarding, which is {@code
 *       lifecycle};
 *   <li>advisor conversations are call-centre only; reminders go by SMS, e-mail or app;
 *   <li>value is the business value of a positive response on a 1–60 scale; lever is 1 except for
 *       the loyalty bonus and the savings account (1.2, this quarter's campaigns) and the mobile
 *       plan upgrade (0.8, held back while the network is upgraded), to show a business user's
 *       lever;
 *   <li>some actions apply at given stages of their journey only (payment support in difficulty,
 *       the tariff review for customers at risk), the advisor actions have a daily volume limit
 *       (the call centre's capacity), and the card-terms notice is mandatory: a regulatory message
 *       every card holder must see once;
 *   <li>the savings account has two web treatments: one for customers with a balance of 20,000 or
 *       more, then one for everybody else, to show a treatment's eligibility.
 * </ul>
 */
public final class DemoActions {

  /** The journeys the demo actions belong to. */
  public static final List<String> JOURNEYS =
      List.of("lifecycle", "service", "nurture", "retention", "resilience");

  private static final List<Action> LIBRARY = read();

  private DemoActions() {}

  private static List<Action> read() {
    StrategyFiles.Read read = StrategyFiles.read(StrategyVersion.shippedData());
    if (!read.problems().isEmpty()) {
      throw new IllegalStateException("the shipped strategy files are invalid: " + read.problems());
    }
    return read.strategy().actions();
  }

  /** The 27 demo actions, service first and sales last; an immutable list. */
  public static List<Action> library() {
    return LIBRARY;
  }

  /** The demo actions by id, in library order; an unmodifiable map. */
  public static Map<String, Action> byId() {
    Map<String, Action> byId = new LinkedHashMap<>();
    for (Action a : LIBRARY) {
      byId.put(a.id(), a);
    }
    return Collections.unmodifiableMap(byId);
  }
}
