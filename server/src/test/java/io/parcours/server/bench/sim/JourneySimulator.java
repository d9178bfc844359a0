package io.parcours.server.bench.sim;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.Issue;
import io.parcours.domain.Purpose;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded world of bank customers whose response to each of 20 actions follows a known
 * probability, so that a policy's choices can be scored against the truth: the best action for each
 * decision (the oracle) and the regret of every other choice.
 *
 * <p><b>The world.</b> {@code customers} profiles (default 20,000) are drawn once from the seed: 70
 * % mass, 25 % affluent, 5 % private; ages 18–85; tenure from a few months to decades (10 % under
 * six months); products held (current account always; credit card, mortgage, savings, home
 * insurance, personal loan, travel insurance with rates depending on age and segment); balance and
 * income by segment; churn risk (70 % below 0.4, 18 % in 0.4–0.7, 12 % at 0.7 or more; an open
 * complaint adds 0.3); missed payments (85 % none, 10 % one, 5 % two or three); 5 % with an open
 * complaint, 8 % travelling; 90 % consent to profiling. Decision {@code i} is drawn from a
 * generator of its own, derived from the seed and {@code i}, so the same seed gives the same stream
 * to every policy: a customer picked at random, a channel (web 30 %, app 30 %, e-mail 15 %, SMS 10
 * %, call centre 15 %), a direction (web and app inbound, e-mail and SMS outbound, call centre 60 %
 * inbound), a time in four weeks of March 2026, one context key ({@code page} on web and app,
 * {@code reason} for inbound calls, {@code trigger} for outbound contacts; travellers, customers in
 * arrears and complainants visit the matching pages and call for the matching reasons more often),
 * and one uniform number per action, so that the same choice in the same decision gets the same
 * response whichever policy made it. The journey stages are those the rules would find: {@code
 * lifecycle} = onboarding (tenure under 6 months), growth (under 36), established (under 120),
 * loyal; {@code retention} = at-risk (churn ≥ 0.7) or watch (≥ 0.4), absent below; {@code
 * resilience} = early-arrears (one missed payment) or arrears (two or more), absent otherwise. An
 * action is eligible when it has a treatment on the decision's channel (7 to 17 per channel).
 *
 * <p><b>The truth.</b> The probability of a positive response is logistic: p = 1 / (1 + e^−z), with
 * z the logit of the action's base rate plus the effects below (log-odds; "inbound" etc. apply to
 * every action and change no ranking).
 *
 * <ul>
 *   <li>Everyone: inbound +0.4; inbound call +0.5 more; e-mail −0.3; SMS at night (before 6 h, the
 *       customer's clock) −1.2. Sales and nurture actions −1.5 when a complaint is open.
 *   <li>{@code credit-card-gold} (2 %): affluent +1.0, private +0.6; page cards +1.2; holds a
 *       credit card −2.0.
 *   <li>{@code credit-card-starter} (2 %): age under 30 +1.2; mass +0.4; page cards +1.0; holds a
 *       credit card −2.0.
 *   <li>{@code personal-loan} (1.5 %): page loans +1.8; income 1k–5k +0.4; evening +0.4; any missed
 *       payment −1.0; holds a personal loan −1.0.
 *   <li>{@code car-loan} (1 %): age 25–44 +0.8; page loans +1.2; weekend +0.5.
 *   <li>{@code mortgage-offer} (1 %): age 25–44 with tenure ≥ 3 years +1.2; page mortgage +1.5; on
 *       a call +0.5; holds a mortgage −2.5.
 *   <li>{@code savings-boost} (3 %): balance ≥ 5k +0.8; affluent +0.4; page savings +1.2; in the
 *       app +0.5.
 *   <li>{@code investment-advice} (1 %): private +2.0, affluent +1.0; age ≥ 45 +0.6; page savings
 *       +0.6; on a call +0.8.
 *   <li>{@code travel-insurance} (1 %): travelling +2.5; page travel +1.0; call about travel or
 *       trip-booked trigger +1.2; holds travel insurance −2.0.
 *   <li>{@code travel-card-abroad} (1.5 %): travelling +2.2; page travel +0.8; call about travel or
 *       trip-booked trigger +1.2; by SMS +0.6; age under 35 +0.3.
 *   <li>{@code home-insurance} (1.5 %): holds a mortgage +1.5; page mortgage +0.5; holds home
 *       insurance −2.5.
 *   <li>{@code app-onboarding-tips} (4 %): lifecycle onboarding +1.5; tenure ≥ 3 years −1.0; in the
 *       app +0.5.
 *   <li>{@code paperless-statements} (3 %): age under 45 +0.5, 65 or more −0.8; by e-mail +0.4;
 *       page help +0.3.
 *   <li>{@code card-security-check} (2 %): a call about a lost card +2.5; travelling +0.8; page
 *       help +0.8.
 *   <li>{@code loyalty-bonus} (1.5 %): retention at-risk +2.0, watch +0.8, neither −0.5; tenure ≥
 *       10 years +0.6; anniversary trigger +0.8.
 *   <li>{@code fee-waiver} (2 %): at-risk +1.6, and +0.6 more for mass at-risk customers; watch
 *       +0.5; neither −0.3; a call about a complaint +1.0.
 *   <li>{@code retention-call} (2 %, call centre only): at-risk +2.4, otherwise −0.5; open
 *       complaint +0.8; a call about a complaint +1.0.
 *   <li>{@code payment-holiday} (1 %): early-arrears +2.8, arrears +1.5; payment-missed trigger or
 *       a call about a payment problem +1.0.
 *   <li>{@code debt-advice} (1 %): arrears +3.0, early-arrears +1.0; payment-missed trigger or a
 *       call about a payment problem +0.8; on a call +0.6.
 *   <li>{@code budget-planner} (2.5 %): any missed payment +1.0; age under 30 +0.6; in the app
 *       +0.4; page help +0.5.
 *   <li>{@code money-tips} (5 %, nurture): age under 25 +0.6; weekend +0.4; morning +0.3.
 * </ul>
 *
 * <p>So the best action differs by customer: a traveller's is a travel product, a customer at risk
 * of leaving is best served by a retention gesture (which works less than nothing for a loyal
 * customer at low risk), one who missed a payment by payment support, a new customer by onboarding
 * tips, an affluent one by a premium card or savings, and the rest by the newsletter-style tips or
 * a product the page they are on is about. The truth uses exact ages, tenure, balances and churn
 * risks; the policies see them binned ({@link io.parcours.models.PropensityFeatures}), and
 * customers without consent to profiling only by their situation.
 */
public final class JourneySimulator {

  /** The customers drawn when none is said. */
  public static final int DEFAULT_CUSTOMERS = 20_000;

  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  private static final long SPAN_SECONDS = 28L * 24 * 3600;
  private static final String[] REGIONS = {
    "ile-de-france", "occitanie", "bretagne", "grand-est", "normandie", "provence"
  };

  private final long decisionSeed;
  private final List<Action> actions;
  private final List<CustomerProfile> customers;
  private final Map<Channel, int[]> eligibleByChannel = new LinkedHashMap<>();

  /** A world of {@link #DEFAULT_CUSTOMERS} customers drawn from {@code seed}. */
  public JourneySimulator(long seed) {
    this(seed, DEFAULT_CUSTOMERS);
  }

  /** A world of {@code customers} customers drawn from {@code seed}. */
  public JourneySimulator(long seed, int customers) {
    if (customers < 1) {
      throw new IllegalArgumentException("a world needs at least one customer, not " + customers);
    }
    SplittableRandom root = new SplittableRandom(seed);
    this.decisionSeed = root.nextLong();
    this.actions = catalogue();
    List<CustomerProfile> all = new ArrayList<>(customers);
    SplittableRandom people = root.split();
    for (int n = 1; n <= customers; n++) {
      all.add(customer(n, people));
    }
    this.customers = List.copyOf(all);
    for (Channel c : Channel.values()) {
      eligibleByChannel.put(
          c,
          java.util.stream.IntStream.range(0, actions.size())
              .filter(a -> actions.get(a).offeredOn(c))
              .toArray());
    }
  }

  /**
   * The 20 actions, in a fixed order: an action's index in this list is its index everywhere here.
   */
  public List<Action> actions() {
    return actions;
  }

  /** The customers of this world. */
  public List<CustomerProfile> customers() {
    return customers;
  }

  /**
   * Decision {@code index} of this world's stream: the same for every call and every policy.
   *
   * @param index 0, 1, 2, …
   */
  public Situation situation(long index) {
    SplittableRandom r = new SplittableRandom(mix(decisionSeed + index));
    CustomerProfile c = customers.get(r.nextInt(customers.size()));
    double u = r.nextDouble();
    Channel channel =
        u < 0.30
            ? Channel.WEB
            : u < 0.60
                ? Channel.APP
                : u < 0.75 ? Channel.EMAIL : u < 0.85 ? Channel.SMS : Channel.CALL_CENTRE;
    Direction direction =
        switch (channel) {
          case WEB, APP -> Direction.INBOUND;
          case EMAIL, SMS -> Direction.OUTBOUND;
          case CALL_CENTRE -> r.nextDouble() < 0.6 ? Direction.INBOUND : Direction.OUTBOUND;
        };
    Instant at = START.plusSeconds(r.nextLong(SPAN_SECONDS));
    Map<String, String> context = new LinkedHashMap<>();
    if (channel == Channel.WEB || channel == Channel.APP) {
      context.put("page", page(c, r));
    } else if (direction == Direction.INBOUND) {
      context.put("reason", callReason(c, r));
    } else {
      context.put("trigger", trigger(c, r));
    }
    double[] uniforms = new double[actions.size()];
    for (int a = 0; a < uniforms.length; a++) {
      uniforms[a] = r.nextDouble();
    }
    DecisionRequest request =
        new DecisionRequest(c.customerId(), channel, direction, context, 1, at);
    Map<String, String> stages = stages(c);
    int[] eligible = eligibleByChannel.get(channel);
    double[] truth = new double[actions.size()];
    Facts facts = new Facts(c, request, stages);
    for (int a = 0; a < truth.length; a++) {
      truth[a] = probability(actions.get(a).id(), facts);
    }
    return new Situation(index, c, request, stages, eligible, truth, uniforms);
  }

  /** The journey stages the rules would find for {@code customer}; see the class comment. */
  public static Map<String, String> stages(CustomerProfile customer) {
    Map<String, String> stages = new LinkedHashMap<>();
    int tenure = customer.tenureMonths();
    stages.put(
        "lifecycle",
        tenure < 6
            ? "onboarding"
            : tenure < 36 ? "growth" : tenure < 120 ? "established" : "loyal");
    if (customer.churnRisk() >= 0.7) {
      stages.put("retention", "at-risk");
    } else if (customer.churnRisk() >= 0.4) {
      stages.put("retention", "watch");
    }
    if (customer.missedPayments() == 1) {
      stages.put("resilience", "early-arrears");
    } else if (customer.missedPayments() >= 2) {
      stages.put("resilience", "arrears");
    }
    return Map.copyOf(stages);
  }

  /**
   * One decision of the stream, with the truth about it.
   *
   * @param index the decision's place in the stream
   * @param stages the customer's journey stages
   * @param eligible the indices (in {@link #actions()}) of the actions offered on the channel
   * @param truth the true probability of a positive response, per action index
   * @param uniforms one uniform number in [0, 1) per action index: the response to action a is
   *     positive when {@code uniforms[a] < truth[a]}
   */
  public record Situation(
      long index,
      CustomerProfile customer,
      DecisionRequest request,
      Map<String, String> stages,
      int[] eligible,
      double[] truth,
      double[] uniforms) {

    /** Whether the customer responds positively to action {@code a} in this decision. */
    public boolean responds(int a) {
      return uniforms[a] < truth[a];
    }

    /** The eligible action with the highest true probability (the first of equals). */
    public int best() {
      int best = eligible[0];
      for (int a : eligible) {
        if (truth[a] > truth[best]) {
          best = a;
        }
      }
      return best;
    }
  }

  /** What the truth depends on, read once per decision. */
  private record Facts(
      String segment,
      int age,
      int tenure,
      double balance,
      double income,
      Set<String> products,
      boolean complaint,
      boolean travelling,
      String retention,
      String resilience,
      int missed,
      String lifecycle,
      Channel channel,
      Direction direction,
      int hour,
      boolean weekend,
      String page,
      String reason,
      String trigger) {

    Facts(CustomerProfile c, DecisionRequest r, Map<String, String> stages) {
      this(
          c.segment(),
          c.age(),
          c.tenureMonths(),
          c.balance(),
          c.monthlyIncome(),
          c.products(),
          c.openComplaint(),
          c.travellingAbroad(),
          stages.getOrDefault("retention", ""),
          stages.getOrDefault("resilience", ""),
          c.missedPayments(),
          stages.get("lifecycle"),
          r.channel(),
          r.direction(),
          local(c, r).getHour(),
          local(c, r).getDayOfWeek().getValue() >= 6,
          r.context().getOrDefault("page", ""),
          r.context().getOrDefault("reason", ""),
          r.context().getOrDefault("trigger", ""));
    }

    private static ZonedDateTime local(CustomerProfile c, DecisionRequest r) {
      return r.at().atZone(ZoneId.of(c.timeZone()));
    }

    boolean holds(String product) {
      return products.contains(product);
    }

    boolean call() {
      return channel == Channel.CALL_CENTRE;
    }
  }

  /**
   * The true probability that {@code customer} responds positively to {@code action} in the
   * situation of {@code request}, in the journey stages {@link #stages} finds.
   *
   * @throws IllegalArgumentException when the action is not one of this world's
   */
  public static double probability(
      Action action, CustomerProfile customer, DecisionRequest request) {
    return probability(action.id(), new Facts(customer, request, stages(customer)));
  }

  /**
   * The true probability that the customer responds positively; the class comment is this method in
   * words.
   */
  private static double probability(String action, Facts f) {
    double z = 0;
    if (f.direction == Direction.INBOUND) {
      z += 0.4;
      if (f.call()) {
        z += 0.5;
      }
    }
    if (f.channel == Channel.EMAIL) {
      z -= 0.3;
    }
    if (f.channel == Channel.SMS && f.hour < 6) {
      z -= 1.2;
    }
    boolean travelContact = f.reason.equals("travel") || f.trigger.equals("trip-booked");
    boolean paymentContact =
        f.reason.equals("payment-problem") || f.trigger.equals("payment-missed");
    boolean complaintCall = f.reason.equals("complaint");
    switch (action) {
      case "credit-card-gold" -> {
        z += logit(0.02) + sales(f);
        z += f.segment.equals("affluent") ? 1.0 : f.segment.equals("private") ? 0.6 : 0;
        z += f.page.equals("cards") ? 1.2 : 0;
        z += f.holds("credit-card") ? -2.0 : 0;
      }
      case "credit-card-starter" -> {
        z += logit(0.02) + sales(f);
        z += f.age < 30 ? 1.2 : 0;
        z += f.segment.equals("mass") ? 0.4 : 0;
        z += f.page.equals("cards") ? 1.0 : 0;
        z += f.holds("credit-card") ? -2.0 : 0;
      }
      case "personal-loan" -> {
        z += logit(0.015) + sales(f);
        z += f.page.equals("loans") ? 1.8 : 0;
        z += f.income >= 1_000 && f.income < 5_000 ? 0.4 : 0;
        z += f.hour >= 18 ? 0.4 : 0;
        z += f.missed > 0 ? -1.0 : 0;
        z += f.holds("personal-loan") ? -1.0 : 0;
      }
      case "car-loan" -> {
        z += logit(0.01) + sales(f);
        z += f.age >= 25 && f.age < 45 ? 0.8 : 0;
        z += f.page.equals("loans") ? 1.2 : 0;
        z += f.weekend ? 0.5 : 0;
      }
      case "mortgage-offer" -> {
        z += logit(0.01) + sales(f);
        z += f.age >= 25 && f.age < 45 && f.tenure >= 36 ? 1.2 : 0;
        z += f.page.equals("mortgage") ? 1.5 : 0;
        z += f.call() ? 0.5 : 0;
        z += f.holds("mortgage") ? -2.5 : 0;
      }
      case "savings-boost" -> {
        z += logit(0.03) + sales(f);
        z += f.balance >= 5_000 ? 0.8 : 0;
        z += f.segment.equals("affluent") ? 0.4 : 0;
        z += f.page.equals("savings") ? 1.2 : 0;
        z += f.channel == Channel.APP ? 0.5 : 0;
      }
      case "investment-advice" -> {
        z += logit(0.01) + sales(f);
        z += f.segment.equals("private") ? 2.0 : f.segment.equals("affluent") ? 1.0 : 0;
        z += f.age >= 45 ? 0.6 : 0;
        z += f.page.equals("savings") ? 0.6 : 0;
        z += f.call() ? 0.8 : 0;
      }
      case "travel-insurance" -> {
        z += logit(0.01) + sales(f);
        z += f.travelling ? 2.5 : 0;
        z += f.page.equals("travel") ? 1.0 : 0;
        z += travelContact ? 1.2 : 0;
        z += f.holds("travel-insurance") ? -2.0 : 0;
      }
      case "travel-card-abroad" -> {
        z += logit(0.015) + sales(f);
        z += f.travelling ? 2.2 : 0;
        z += f.page.equals("travel") ? 0.8 : 0;
        z += travelContact ? 1.2 : 0;
        z += f.channel == Channel.SMS ? 0.6 : 0;
        z += f.age < 35 ? 0.3 : 0;
      }
      case "home-insurance" -> {
        z += logit(0.015) + sales(f);
        z += f.holds("mortgage") ? 1.5 : 0;
        z += f.page.equals("mortgage") ? 0.5 : 0;
        z += f.holds("home-insurance") ? -2.5 : 0;
      }
      case "app-onboarding-tips" -> {
        z += logit(0.04);
        z += f.lifecycle.equals("onboarding") ? 1.5 : 0;
        z += f.tenure >= 36 ? -1.0 : 0;
        z += f.channel == Channel.APP ? 0.5 : 0;
      }
      case "paperless-statements" -> {
        z += logit(0.03);
        z += f.age < 45 ? 0.5 : f.age >= 65 ? -0.8 : 0;
        z += f.channel == Channel.EMAIL ? 0.4 : 0;
        z += f.page.equals("help") ? 0.3 : 0;
      }
      case "card-security-check" -> {
        z += logit(0.02);
        z += f.reason.equals("card-lost") ? 2.5 : 0;
        z += f.travelling ? 0.8 : 0;
        z += f.page.equals("help") ? 0.8 : 0;
      }
      case "loyalty-bonus" -> {
        z += logit(0.015);
        z += f.retention.equals("at-risk") ? 2.0 : f.retention.equals("watch") ? 0.8 : -0.5;
        z += f.tenure >= 120 ? 0.6 : 0;
        z += f.trigger.equals("anniversary") ? 0.8 : 0;
      }
      case "fee-waiver" -> {
        z += logit(0.02);
        if (f.retention.equals("at-risk")) {
          z += 1.6 + (f.segment.equals("mass") ? 0.6 : 0);
        } else {
          z += f.retention.equals("watch") ? 0.5 : -0.3;
        }
        z += complaintCall ? 1.0 : 0;
      }
      case "retention-call" -> {
        z += logit(0.02);
        z += f.retention.equals("at-risk") ? 2.4 : -0.5;
        z += f.complaint ? 0.8 : 0;
        z += complaintCall ? 1.0 : 0;
      }
      case "payment-holiday" -> {
        z += logit(0.01);
        z += f.resilience.equals("early-arrears") ? 2.8 : f.resilience.equals("arrears") ? 1.5 : 0;
        z += paymentContact ? 1.0 : 0;
      }
      case "debt-advice" -> {
        z += logit(0.01);
        z += f.resilience.equals("arrears") ? 3.0 : f.resilience.equals("early-arrears") ? 1.0 : 0;
        z += paymentContact ? 0.8 : 0;
        z += f.call() ? 0.6 : 0;
      }
      case "budget-planner" -> {
        z += logit(0.025);
        z += f.missed > 0 ? 1.0 : 0;
        z += f.age < 30 ? 0.6 : 0;
        z += f.channel == Channel.APP ? 0.4 : 0;
        z += f.page.equals("help") ? 0.5 : 0;
      }
      case "money-tips" -> {
        z += logit(0.05) + (f.complaint ? -1.5 : 0);
        z += f.age < 25 ? 0.6 : 0;
        z += f.weekend ? 0.4 : 0;
        z += f.hour >= 6 && f.hour < 12 ? 0.3 : 0;
      }
      default -> throw new IllegalArgumentException("no truth for action " + action);
    }
    return 1 / (1 + Math.exp(-z));
  }

  /** What every sales action shares: a customer with an open complaint is in no mood to buy. */
  private static double sales(Facts f) {
    return f.complaint ? -1.5 : 0;
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  private static List<Action> catalogue() {
    Set<Channel> all = EnumSet.allOf(Channel.class);
    Channel w = Channel.WEB;
    Channel a = Channel.APP;
    Channel e = Channel.EMAIL;
    Channel s = Channel.SMS;
    Channel c = Channel.CALL_CENTRE;
    return List.of(
        action("credit-card-gold", Issue.SALES, "credit-card", "lifecycle", Set.of(w, a, e, c)),
        action("credit-card-starter", Issue.SALES, "credit-card", "lifecycle", Set.of(w, a, e, s)),
        action("personal-loan", Issue.SALES, "loans", "lifecycle", Set.of(w, a, e, c)),
        action("car-loan", Issue.SALES, "loans", "lifecycle", Set.of(w, a, e)),
        action("mortgage-offer", Issue.SALES, "mortgage", "lifecycle", Set.of(w, e, c)),
        action("savings-boost", Issue.SALES, "savings", "lifecycle", Set.of(w, a, e)),
        action("investment-advice", Issue.SALES, "wealth", "lifecycle", Set.of(w, e, c)),
        action("travel-insurance", Issue.SALES, "travel", "lifecycle", Set.of(w, a, e, s)),
        action("travel-card-abroad", Issue.SALES, "travel", "lifecycle", Set.of(a, s, c)),
        action("home-insurance", Issue.SALES, "insurance", "lifecycle", Set.of(w, e, c)),
        action("app-onboarding-tips", Issue.SERVICE, "onboarding", "service", Set.of(a, e)),
        action("paperless-statements", Issue.SERVICE, "digital", "service", Set.of(w, a, e)),
        action("card-security-check", Issue.SERVICE, "security", "service", Set.of(a, s, c)),
        action("loyalty-bonus", Issue.RETENTION, "loyalty", "retention", Set.of(w, a, e, c)),
        action("fee-waiver", Issue.RETENTION, "fees", "retention", all),
        action("retention-call", Issue.RETENTION, "retention-call", "retention", Set.of(c)),
        action(
            "payment-holiday",
            Issue.RESILIENCE,
            "payment-support",
            "resilience",
            Set.of(a, e, s, c)),
        action("debt-advice", Issue.RESILIENCE, "payment-support", "resilience", Set.of(e, s, c)),
        action("budget-planner", Issue.RESILIENCE, "budgeting", "resilience", Set.of(w, a, e)),
        action("money-tips", Issue.NURTURE, "content", "nurture", Set.of(w, a, e)));
  }

  private static Action action(
      String id, Issue issue, String group, String journey, Set<Channel> channels) {
    return new Action(id, id.replace('-', ' '), issue, group, journey, channels, 1.0, 1.0, "");
  }

  private static CustomerProfile customer(int n, SplittableRandom r) {
    double u = r.nextDouble();
    String segment = u < 0.70 ? "mass" : u < 0.95 ? "affluent" : "private";
    boolean wealthy = !segment.equals("mass");
    int age = 18 + r.nextInt(68);
    int tenure =
        r.nextDouble() < 0.10
            ? r.nextInt(6)
            : (int) Math.min(-Math.log(1 - r.nextDouble()) * 70, (age - 18) * 12.0 + 6);
    Set<String> products = new HashSet<>();
    products.add("current-account");
    if (r.nextDouble() < (wealthy ? 0.55 : 0.35)) {
      products.add("credit-card");
    }
    boolean mortgage = r.nextDouble() < (age >= 25 && age < 65 ? 0.30 : 0.05);
    if (mortgage) {
      products.add("mortgage");
    }
    if (r.nextDouble() < (wealthy ? 0.65 : 0.35)) {
      products.add("savings");
    }
    if (r.nextDouble() < (mortgage ? 0.60 : 0.15)) {
      products.add("home-insurance");
    }
    if (r.nextDouble() < 0.12) {
      products.add("personal-loan");
    }
    if (r.nextDouble() < 0.08) {
      products.add("travel-insurance");
    }
    double balanceMedian =
        switch (segment) {
          case "mass" -> 2_000;
          case "affluent" -> 30_000;
          default -> 250_000;
        };
    double incomeMedian =
        switch (segment) {
          case "mass" -> 2_000;
          case "affluent" -> 5_500;
          default -> 15_000;
        };
    double balance = Math.round(balanceMedian * Math.exp(r.nextGaussian()));
    double income = Math.round(incomeMedian * Math.exp(0.4 * r.nextGaussian()));
    double c = r.nextDouble();
    double churn =
        c < 0.70
            ? 0.4 * r.nextDouble()
            : c < 0.88 ? 0.4 + 0.3 * r.nextDouble() : 0.7 + 0.3 * r.nextDouble();
    boolean complaint = r.nextDouble() < 0.05;
    if (complaint) {
      churn = Math.min(1.0, churn + 0.3);
    }
    double m = r.nextDouble();
    int missed = m < 0.85 ? 0 : m < 0.95 ? 1 : 2 + r.nextInt(2);
    boolean travelling = r.nextDouble() < 0.08;
    Set<Consent> consents = new HashSet<>();
    for (Channel ch : Channel.values()) {
      consents.add(new Consent(ch, Purpose.SERVICE));
      consents.add(new Consent(ch, Purpose.MARKETING));
    }
    if (r.nextDouble() < 0.90) {
      consents.add(new Consent(Channel.WEB, Purpose.PROFILING));
    }
    String region = REGIONS[r.nextInt(REGIONS.length)];
    return new CustomerProfile(
        String.format("C%06d", n),
        "Customer " + n,
        age,
        region,
        segment,
        tenure,
        products,
        balance,
        income,
        churn,
        missed,
        complaint,
        travelling,
        consents,
        "Europe/Paris",
        START);
  }

  private static String page(CustomerProfile c, SplittableRandom r) {
    if (c.travellingAbroad() && r.nextDouble() < 0.30) {
      return "travel";
    }
    if (c.missedPayments() > 0 && r.nextDouble() < 0.20) {
      return "help";
    }
    double u = r.nextDouble();
    return u < 0.40
        ? "home"
        : u < 0.50
            ? "cards"
            : u < 0.60
                ? "loans"
                : u < 0.67 ? "mortgage" : u < 0.77 ? "savings" : u < 0.85 ? "travel" : "help";
  }

  private static String callReason(CustomerProfile c, SplittableRandom r) {
    if (c.travellingAbroad() && r.nextDouble() < 0.5) {
      return "travel";
    }
    if (c.missedPayments() > 0 && r.nextDouble() < 0.5) {
      return "payment-problem";
    }
    if (c.openComplaint() && r.nextDouble() < 0.5) {
      return "complaint";
    }
    double u = r.nextDouble();
    return u < 0.08
        ? "card-lost"
        : u < 0.11 ? "travel" : u < 0.14 ? "payment-problem" : u < 0.16 ? "complaint" : "general";
  }

  private static String trigger(CustomerProfile c, SplittableRandom r) {
    if (c.missedPayments() > 0 && r.nextDouble() < 0.5) {
      return "payment-missed";
    }
    if (c.travellingAbroad() && r.nextDouble() < 0.5) {
      return "trip-booked";
    }
    return r.nextDouble() < 0.05 ? "anniversary" : "campaign";
  }

  /** Murmur3's 64-bit finaliser: decision seeds far apart for neighbouring indices. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb93e185a1ca6L;
    return z ^ (z >>> 33);
  }
}
