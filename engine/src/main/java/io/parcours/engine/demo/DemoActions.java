package io.parcours.engine.demo;

import static io.parcours.domain.Channel.APP;
import static io.parcours.domain.Channel.CALL_CENTRE;
import static io.parcours.domain.Channel.EMAIL;
import static io.parcours.domain.Channel.SMS;
import static io.parcours.domain.Channel.WEB;

import io.parcours.domain.Action;
import io.parcours.domain.Issue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The action library of the demo brand, a bank that also sells mobile plans: 27 actions across the five
 * issues and their journeys, with the channels each one has a treatment for.
 *
 * <p>Conventions the rules and the demo customers rely on:
 *
 * <ul>
 *   <li>ids are stable kebab-case; rules, models ({@code beta:<id>:<channel>}) and stored rows refer to
 *       them, so an id is never reused for another action;
 *   <li>for sales actions the group is the product code a customer may already hold (see {@link
 *       DemoCustomers#PRODUCTS}), so "does not hold the product yet" is a rule on the group; the
 *       mortgage review is the exception, for holders, in a group of its own ({@code mortgage-advice});
 *   <li>journeys: sales actions belong to {@code lifecycle}; service, nurture, retention and resilience
 *       actions to the journey of the same name, except onboarding, which is {@code lifecycle};
 *   <li>advisor conversations are call-centre only; reminders go by SMS, e-mail or app;
 *   <li>value is the business value of a positive response on a 1–60 scale; lever is 1 except for the
 *       loyalty bonus and the savings account (1.2, this quarter's campaigns) and the mobile plan
 *       upgrade (0.8, held back while the network is upgraded), to show a business user's lever;
 *   <li>some actions apply at given stages of their journey only (payment support in difficulty, the
 *       tariff review for customers at risk), the advisor actions have a daily volume limit (the call
 *       centre's capacity), and the card-terms notice is mandatory: a regulatory message every card
 *       holder must see once.
 * </ul>
 */
public final class DemoActions {

  /** The journeys the demo actions belong to. */
  public static final List<String> JOURNEYS =
      List.of("lifecycle", "service", "nurture", "retention", "resilience");

  private static final List<Action> LIBRARY =
      List.of(
          // Each action: id, name / issue, group, journey / channels, value, lever / description.

          // service: help with what the customer is doing now
          new Action("travel-card-abroad", "Use your card abroad",
              Issue.SERVICE, "travel", "service",
              Set.of(APP, WEB, SMS), 8, 1.0,
              "Switch on card payments for your destination in one tap and avoid a declined card."),
          new Action("travel-fees-info", "Fees abroad, explained",
              Issue.SERVICE, "travel", "service",
              Set.of(WEB, APP, EMAIL), 3, 1.0,
              "What a payment or a withdrawal abroad costs, and how to pay in the local currency."),
          new Action("atm-abroad-finder", "Find a free ATM abroad",
              Issue.SERVICE, "travel", "service",
              Set.of(APP, WEB), 2, 1.0,
              "The partner cash machines near you that charge no withdrawal fee."),
          new Action("card-controls-app", "Card controls in the app",
              Issue.SERVICE, "cards", "service",
              Set.of(APP, WEB, EMAIL), 4, 1.0,
              "Freeze, unfreeze and set limits on your card yourself, at any hour."),
          new Action("complaint-follow-up", "Your complaint: where it stands",
              Issue.SERVICE, "complaints", "service",
              Set.of(CALL_CENTRE, EMAIL), 10, 1.0,
              "A named advisor calls you back: where your complaint stands and what comes next."),
          new Action("card-terms-notice", "New terms for your credit card",
              Issue.SERVICE, "regulatory", "service",
              Set.of(WEB, APP, EMAIL), 1, 1.0,
              "Our credit-card terms change on 1 January: what changes for you, and your right to refuse.")
              .asMandatory(),
          new Action("paperless-statements", "Go paperless",
              Issue.SERVICE, "digital", "service",
              Set.of(WEB, APP, EMAIL), 2, 1.0,
              "Receive statements in the app instead of by post."),

          // nurture: build the relationship and the customer's financial health
          new Action("welcome-tour", "Welcome: a tour of your app",
              Issue.NURTURE, "onboarding", "lifecycle",
              Set.of(APP, EMAIL), 5, 1.0,
              "Five minutes to set up notifications, your card PIN and your first savings goal."),
          new Action("savings-tips", "Five ways to save each month",
              Issue.NURTURE, "financial-health", "nurture",
              Set.of(WEB, APP, EMAIL), 3, 1.0,
              "Practical tips to put money aside without noticing it."),
          new Action("budgeting-guide", "Your budgeting guide",
              Issue.NURTURE, "financial-health", "nurture",
              Set.of(WEB, APP, EMAIL), 3, 1.0,
              "Categorise your spending in the app and set a monthly budget per category."),
          new Action("investing-webinar", "Investing for beginners (webinar)",
              Issue.NURTURE, "investing", "nurture",
              Set.of(EMAIL, WEB), 6, 1.0,
              "A free one-hour webinar on how funds work, what they cost and what risk means.")
              .inStages("learning", "engaged"),

          // retention: keep a customer who may leave
          new Action("loyalty-bonus", "A loyalty bonus for you",
              Issue.RETENTION, "loyalty", "retention",
              Set.of(WEB, APP, EMAIL), 25, 1.2,
              "A thank-you credit of 30 € for staying with us, paid with your next statement."),
          new Action("fee-waiver", "No account fees for 12 months",
              Issue.RETENTION, "pricing", "retention",
              Set.of(WEB, APP, CALL_CENTRE), 30, 1.0,
              "We waive your monthly account fee for a year."),
          new Action("tariff-review-call", "A call to review your fees",
              Issue.RETENTION, "pricing", "retention",
              Set.of(CALL_CENTRE), 35, 1.0,
              "An advisor reviews what you pay and moves you to the package that costs you least.")
              .inStages("at-risk", "leaving")
              .limitedTo(200),
          new Action("priority-advisor", "Your personal advisor",
              Issue.RETENTION, "advice", "retention",
              Set.of(CALL_CENTRE), 40, 1.0,
              "A named advisor with a direct line, for customers we look after personally.")
              .inStages("leaving")
              .limitedTo(50),

          // resilience: help a customer in financial difficulty
          new Action("reduced-instalments", "Lower your monthly instalments",
              Issue.RESILIENCE, "payment-support", "resilience",
              Set.of(WEB, APP, CALL_CENTRE), 20, 1.0,
              "Spread what you owe over a longer period to lower each instalment, at no fee.")
              .inStages("in-difficulty"),
          new Action("payment-holiday", "Take a payment holiday",
              Issue.RESILIENCE, "payment-support", "resilience",
              Set.of(WEB, APP, CALL_CENTRE), 15, 1.0,
              "Pause your loan instalments for up to three months while you get back on track.")
              .inStages("in-difficulty"),
          new Action("debt-advice-call", "Free, confidential debt advice",
              Issue.RESILIENCE, "debt-advice", "resilience",
              Set.of(CALL_CENTRE), 18, 1.0,
              "A trained advisor helps you build a plan across all your debts, not only ours."),
          new Action("payment-reminder", "Payment due soon",
              Issue.RESILIENCE, "reminders", "resilience",
              Set.of(SMS, EMAIL, APP), 5, 1.0,
              "A reminder three days before an instalment, with the amount and the date.")
              .inStages("early-difficulty", "in-difficulty"),

          // sales: the group is the product code
          new Action("credit-card-classic", "Classic credit card",
              Issue.SALES, "credit-card", "lifecycle",
              Set.of(WEB, APP, EMAIL), 30, 1.0,
              "A credit card with no annual fee and up to 45 days to pay."),
          new Action("credit-card-premium", "Premium credit card",
              Issue.SALES, "credit-card", "lifecycle",
              Set.of(WEB, APP, EMAIL, CALL_CENTRE), 50, 1.0,
              "Travel insurance, airport lounges and no fees abroad, for 12 € a month.")
              .inStages("selection", "keep-in-touch", "advocacy"),
          new Action("personal-loan", "Personal loan",
              Issue.SALES, "personal-loan", "lifecycle",
              Set.of(WEB, APP, EMAIL), 45, 1.0,
              "From 1,000 to 50,000 € over up to seven years, with an answer in minutes."),
          new Action("savings-account", "Savings account",
              Issue.SALES, "savings-account", "lifecycle",
              Set.of(WEB, APP, EMAIL, SMS), 20, 1.2,
              "An instant-access savings account; move money in and out whenever you like."),
          new Action("mortgage-review", "Review your mortgage",
              Issue.SALES, "mortgage-advice", "lifecycle",
              Set.of(CALL_CENTRE, EMAIL, WEB), 60, 1.0,
              "A mortgage advisor compares your current rate with what we can offer today.")
              .inStages("use", "keep-in-touch", "advocacy"),
          new Action("home-insurance", "Home insurance",
              Issue.SALES, "home-insurance", "lifecycle",
              Set.of(WEB, APP, EMAIL), 35, 1.0,
              "Cover for your home and its contents, with claims handled in the app."),
          new Action("travel-insurance", "Travel insurance",
              Issue.SALES, "travel-insurance", "lifecycle",
              Set.of(APP, WEB, SMS), 15, 1.0,
              "Medical cover, cancellation and lost luggage for your trip, bought in two minutes."),
          new Action("mobile-plan-upgrade", "Upgrade your mobile plan",
              Issue.SALES, "mobile-plan", "lifecycle",
              Set.of(APP, WEB, SMS), 25, 0.8,
              "More data and roaming in Europe included, for 5 € more a month."));

  private DemoActions() {}

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
