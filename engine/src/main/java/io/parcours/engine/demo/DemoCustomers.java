package io.parcours.engine.demo;

import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Purpose;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A seeded generator of demo customers of a bank that also sells mobile plans, with plausible and
 * correlated attributes, in France, Portugal, Spain and Belgium.
 *
 * <p>Customer {@code i} (1-based) has the id {@code C} followed by {@code i} on six digits: a set
 * of 10,000 runs from {@code C000001} to {@code C010000}. {@link #customer(int)} draws customer
 * {@code i} from its own generator, seeded from the generator's seed and {@code i} only, so a
 * customer is the same whether it is generated alone, in order, or in parallel, and adding
 * customers changes none of the existing ones. No clock is read: {@link #asOf()}, the demo's "now",
 * is derived from the seed.
 *
 * <p>How the attributes hang together:
 *
 * <ul>
 *   <li>age 18–90 in bands (9 % under 25, 71 % from 25 to 64, 20 % from 65); tenure at most the
 *       adult years;
 *   <li>monthly income log-normal, higher in mid-career and in Belgium and France than in Spain and
 *       Portugal; balance log-normal around a few months of income, growing with age;
 *   <li>segment from the balance: private from 250,000 €, affluent from 50,000 €, mass below;
 *   <li>almost everyone holds a current account; credit cards follow income, savings follow
 *       balance, mortgages mid-career earners, home insurance mostly mortgage holders;
 *   <li>missed payments (about one customer in ten) concentrate on low balances and borrowers;
 *   <li>an open complaint about one in thirty-five, more often after a missed payment;
 *   <li>churn risk is higher for short tenure, few products, an open complaint, missed payments;
 *   <li>about 7 % travel abroad, more among affluent and private customers, fewer after a missed
 *       payment;
 *   <li>nearly all consent to web and most to app (fewer among the oldest); fewer to e-mail, SMS
 *       and call centre;
 *   <li>time zone from the region: Europe/Paris, Europe/Lisbon (Atlantic/Azores for the Azores),
 *       Europe/Madrid (Atlantic/Canary for the Canaries), Europe/Brussels.
 * </ul>
 *
 * <p>With the {@link #DEFAULT_SEED}, {@link #SHOWCASE} names the first customer of each situation
 * worth demonstrating (the first, scanning from {@code C000001}, that matches the definition below;
 * {@code DemoCustomersTest} checks that it still is):
 *
 * <table>
 *   <caption>Showcase customers</caption>
 *   <tr><th>situation</th><th>customer</th><th>definition</th><th>journey shown</th></tr>
 *   <tr><td>in-difficulty</td><td>C000082</td><td>2 or more missed payments, holds a personal loan
 *       or a mortgage, no open complaint, not travelling, consents to app</td><td>resilience</td></tr>
 *   <tr><td>churn-risk</td><td>C000393</td><td>churn risk of at least 0.4, customer for 24 months or
 *       more, aged 25 or more, no missed payment, no open complaint, consents to app</td>
 *       <td>retention</td></tr>
 *   <tr><td>travelling-abroad</td><td>C000039</td><td>travelling abroad, no travel insurance, no
 *       missed payment, no open complaint, consents to app</td><td>service</td></tr>
 *   <tr><td>open-complaint</td><td>C000005</td><td>an open complaint</td><td>do nothing, or the
 *       complaint follow-up</td></tr>
 *   <tr><td>new-customer</td><td>C000028</td><td>joined 3 months ago or less, no missed payment, no
 *       open complaint, consents to app</td><td>lifecycle (onboarding), nurture</td></tr>
 *   <tr><td>cross-sell</td><td>C000001</td><td>affluent, no credit card, churn risk below 0.2, no
 *       missed payment, no open complaint, not travelling, consents to web</td><td>sales</td></tr>
 * </table>
 */
public final class DemoCustomers {

  /** The seed of the demo data set; {@link #SHOWCASE} holds for it. */
  public static final long DEFAULT_SEED = 20_250_601L;

  /** The largest index a six-digit customer id can hold. */
  public static final int MAX_CUSTOMERS = 999_999;

  /**
   * The product codes a demo customer may hold. Every code but {@code current-account} is the group
   * of a sales action in {@link DemoActions}.
   */
  public static final List<String> PRODUCTS =
      List.of(
          "current-account",
          "credit-card",
          "savings-account",
          "personal-loan",
          "mortgage",
          "home-insurance",
          "travel-insurance",
          "mobile-plan");

  /**
   * The first customer of each demo situation with the {@link #DEFAULT_SEED}; see the class
   * comment.
   */
  public static final Map<String, String> SHOWCASE = showcase();

  private static final Instant EPOCH_OF_DEMO = Instant.parse("2025-01-01T00:00:00Z");
  private static final long SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

  private static final List<AgeBand> AGE_BANDS =
      List.of(
          new AgeBand(18, 24, 0.09),
          new AgeBand(25, 34, 0.17),
          new AgeBand(35, 44, 0.19),
          new AgeBand(45, 54, 0.19),
          new AgeBand(55, 64, 0.16),
          new AgeBand(65, 74, 0.12),
          new AgeBand(75, 90, 0.08));

  private static final List<Country> COUNTRIES =
      List.of(
          // France: 55 % of customers, incomes at the reference level, one surname
          new Country(
              0.55,
              1.00,
              false,
              List.of(
                  new Region("Île-de-France", "Europe/Paris", 0.30),
                  new Region("Auvergne-Rhône-Alpes", "Europe/Paris", 0.20),
                  new Region("Provence-Alpes-Côte d'Azur", "Europe/Paris", 0.13),
                  new Region("Occitanie", "Europe/Paris", 0.13),
                  new Region("Hauts-de-France", "Europe/Paris", 0.12),
                  new Region("Nouvelle-Aquitaine", "Europe/Paris", 0.12)),
              List.of(
                  "Marie",
                  "Jean",
                  "Nathalie",
                  "Pierre",
                  "Sophie",
                  "Nicolas",
                  "Isabelle",
                  "Philippe",
                  "Camille",
                  "Thomas",
                  "Julie",
                  "Laurent",
                  "Céline",
                  "Julien",
                  "Léa",
                  "Antoine",
                  "Chloé",
                  "Sébastien",
                  "Manon",
                  "David",
                  "Sandrine",
                  "Hugo",
                  "Émilie",
                  "Lucas"),
              List.of(
                  "Martin",
                  "Bernard",
                  "Dubois",
                  "Thomas",
                  "Robert",
                  "Richard",
                  "Petit",
                  "Durand",
                  "Leroy",
                  "Moreau",
                  "Simon",
                  "Laurent",
                  "Lefebvre",
                  "Michel",
                  "Garcia",
                  "David",
                  "Bertrand",
                  "Roux",
                  "Vincent",
                  "Fournier",
                  "Morel",
                  "Girard",
                  "André",
                  "Mercier")),
          // Portugal: 20 %, incomes at 62 % of the French level, often two surnames
          new Country(
              0.20,
              0.62,
              true,
              List.of(
                  new Region("Lisboa", "Europe/Lisbon", 0.40),
                  new Region("Norte", "Europe/Lisbon", 0.34),
                  new Region("Centro", "Europe/Lisbon", 0.16),
                  new Region("Algarve", "Europe/Lisbon", 0.06),
                  new Region("Açores", "Atlantic/Azores", 0.04)),
              List.of(
                  "Maria",
                  "João",
                  "Ana",
                  "José",
                  "Francisca",
                  "António",
                  "Beatriz",
                  "Manuel",
                  "Inês",
                  "Francisco",
                  "Mariana",
                  "Rui",
                  "Sofia",
                  "Pedro",
                  "Catarina",
                  "Tiago",
                  "Rita",
                  "Miguel",
                  "Joana",
                  "Diogo"),
              List.of(
                  "Silva",
                  "Santos",
                  "Ferreira",
                  "Pereira",
                  "Oliveira",
                  "Costa",
                  "Rodrigues",
                  "Martins",
                  "Jesus",
                  "Sousa",
                  "Fernandes",
                  "Gonçalves",
                  "Gomes",
                  "Lopes",
                  "Marques",
                  "Alves",
                  "Almeida",
                  "Ribeiro",
                  "Pinto",
                  "Carvalho")),
          // Spain: 15 %, incomes at 80 %, often two surnames
          new Country(
              0.15,
              0.80,
              true,
              List.of(
                  new Region("Madrid", "Europe/Madrid", 0.35),
                  new Region("Cataluña", "Europe/Madrid", 0.35),
                  new Region("Andalucía", "Europe/Madrid", 0.22),
                  new Region("Canarias", "Atlantic/Canary", 0.08)),
              List.of(
                  "María",
                  "Antonio",
                  "Carmen",
                  "Manuel",
                  "Laura",
                  "José",
                  "Lucía",
                  "David",
                  "Marta",
                  "Javier",
                  "Elena",
                  "Daniel",
                  "Paula",
                  "Alejandro",
                  "Cristina",
                  "Pablo",
                  "Sara",
                  "Sergio",
                  "Isabel",
                  "Carlos"),
              List.of(
                  "García",
                  "Rodríguez",
                  "González",
                  "Fernández",
                  "López",
                  "Martínez",
                  "Sánchez",
                  "Pérez",
                  "Gómez",
                  "Martín",
                  "Jiménez",
                  "Ruiz",
                  "Hernández",
                  "Díaz",
                  "Moreno",
                  "Muñoz",
                  "Álvarez",
                  "Romero",
                  "Navarro",
                  "Torres")),
          // Belgium: 10 %, incomes at 108 %, one surname
          new Country(
              0.10,
              1.08,
              false,
              List.of(
                  new Region("Bruxelles", "Europe/Brussels", 0.25),
                  new Region("Vlaanderen", "Europe/Brussels", 0.45),
                  new Region("Wallonie", "Europe/Brussels", 0.30)),
              List.of(
                  "Emma",
                  "Noah",
                  "Louise",
                  "Arthur",
                  "Olivia",
                  "Louis",
                  "Lotte",
                  "Jules",
                  "Marie",
                  "Lucas",
                  "Nina",
                  "Wout",
                  "Sarah",
                  "Thomas",
                  "Laura",
                  "Pieter",
                  "Anneleen",
                  "Maxime",
                  "Julie",
                  "Bram"),
              List.of(
                  "Peeters",
                  "Janssens",
                  "Maes",
                  "Jacobs",
                  "Mertens",
                  "Willems",
                  "Claes",
                  "Goossens",
                  "Wouters",
                  "De Smet",
                  "Dubois",
                  "Lambert",
                  "Dupont",
                  "Martin",
                  "Simon",
                  "Vermeulen",
                  "Hermans",
                  "Leclercq",
                  "Desmet",
                  "Aerts")));

  private final long seed;
  private final Instant asOf;

  /** The demo data set: the generator with the {@link #DEFAULT_SEED}. */
  public DemoCustomers() {
    this(DEFAULT_SEED);
  }

  /** A generator of customers determined by {@code seed}. */
  public DemoCustomers(long seed) {
    this.seed = seed;
    long secondsIntoYear = Math.floorMod(mix(seed), 365 * SECONDS_PER_DAY);
    this.asOf = EPOCH_OF_DEMO.plusSeconds(secondsIntoYear - secondsIntoYear % 60);
  }

  /** The seed every customer of this generator derives from. */
  public long seed() {
    return seed;
  }

  /**
   * The demo's "now": a minute in 2025 derived from the seed. Every profile was updated in the 30
   * days before it.
   */
  public Instant asOf() {
    return asOf;
  }

  /**
   * The id of customer {@code index}: {@code C} and the index on six digits, {@code C000001} for 1.
   */
  public static String customerId(int index) {
    checkIndex(index);
    return String.format(Locale.ROOT, "C%06d", index);
  }

  /**
   * Customer {@code index}, always the same for the same seed and index.
   *
   * @param index from 1 to {@link #MAX_CUSTOMERS}
   */
  public CustomerProfile customer(int index) {
    checkIndex(index);
    RandomGenerator random = new SplittableRandom(mix(seed ^ mix(index)));

    Country country = pick(random, COUNTRIES, Country::weight);
    Region region = pick(random, country.regions(), Region::weight);
    String name = name(random, country);

    int age = age(random);
    int tenureMonths = tenureMonths(random, age);
    double monthlyIncome = monthlyIncome(random, age, country);
    double balance = balance(random, age, monthlyIncome);
    String segment = balance >= 250_000 ? "private" : balance >= 50_000 ? "affluent" : "mass";
    boolean wealthy = !segment.equals("mass");

    Set<String> products = products(random, age, tenureMonths, monthlyIncome, balance, wealthy);
    boolean borrower = products.contains("personal-loan") || products.contains("mortgage");
    int missedPayments = missedPayments(random, balance, borrower);
    boolean openComplaint = random.nextDouble() < (missedPayments > 0 ? 0.06 : 0.025);
    double churnRisk =
        churnRisk(
            random, tenureMonths, products.size(), balance, openComplaint, missedPayments, age);
    double travel =
        (wealthy ? 0.15 : 0.07)
            * (age >= 25 && age <= 75 ? 1.0 : 0.6)
            * (missedPayments > 0 ? 0.4 : 1.0);
    boolean travellingAbroad = random.nextDouble() < travel;
    Set<Consent> consents = consents(random, age);
    Instant updatedAt = asOf.minusSeconds(random.nextLong(30 * SECONDS_PER_DAY));

    return new CustomerProfile(
        customerId(index),
        name,
        age,
        region.name(),
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
        region.timeZone(),
        updatedAt);
  }

  /**
   * Customers 1 to {@code count}, in id order. Each is independent, so the stream may go parallel.
   */
  public Stream<CustomerProfile> all(int count) {
    if (count < 0 || count > MAX_CUSTOMERS) {
      throw new IllegalArgumentException(
          "count must be between 0 and " + MAX_CUSTOMERS + ", got " + count);
    }
    return IntStream.rangeClosed(1, count).mapToObj(this::customer);
  }

  /**
   * A first name and one surname, or two different surnames in Portugal and Spain most of the time.
   */
  private static String name(RandomGenerator random, Country country) {
    List<String> firstNames = country.firstNames();
    List<String> lastNames = country.lastNames();
    String first = firstNames.get(random.nextInt(firstNames.size()));
    int surname = random.nextInt(lastNames.size());
    if (country.twoSurnames() && random.nextDouble() < 0.7) {
      int second = (surname + 1 + random.nextInt(lastNames.size() - 1)) % lastNames.size();
      return first + " " + lastNames.get(surname) + " " + lastNames.get(second);
    }
    return first + " " + lastNames.get(surname);
  }

  /**
   * An age band by its share of adult bank customers, then a year within the band: few under 25,
   * most between 25 and 64, a tail to 90.
   */
  private static int age(RandomGenerator random) {
    AgeBand band = pick(random, AGE_BANDS, AgeBand::weight);
    return band.from() + random.nextInt(band.to() - band.from() + 1);
  }

  /** Exponential with a mean of 7.5 years, at most the months since the customer turned 18. */
  private static int tenureMonths(RandomGenerator random, int age) {
    int months = 1 + (int) (-90 * StrictMath.log(1 - random.nextDouble()));
    return Math.min(months, Math.max(1, (age - 18) * 12 + 1));
  }

  /**
   * Log-normal around 2,100 € a month, shaped by career stage (students and apprentices under 23, a
   * peak around 50, pensions from 65) and by country; rounded to 10 €.
   */
  private static double monthlyIncome(RandomGenerator random, int age, Country country) {
    double career =
        age < 23 ? 0.45 : age < 65 ? 0.65 + 0.55 * (1 - square((age - 50) / 32.0)) : 0.75;
    double income =
        2_100 * country.incomeFactor() * career * StrictMath.exp(0.45 * gaussian(random));
    return Math.max(400, Math.round(income / 10) * 10.0);
  }

  /** Log-normal: a median of two months of income at 18, growing 3.5 % a year of age; in cents. */
  private static double balance(RandomGenerator random, int age, double monthlyIncome) {
    double months = StrictMath.exp(StrictMath.log(2) + 0.035 * (age - 18) + 1.1 * gaussian(random));
    return Math.round(monthlyIncome * months * 100) / 100.0;
  }

  private static Set<String> products(
      RandomGenerator random,
      int age,
      int tenureMonths,
      double monthlyIncome,
      double balance,
      boolean wealthy) {
    Set<String> products = new LinkedHashSet<>();
    if (random.nextDouble() < 0.97) {
      products.add("current-account");
    }
    double creditCard =
        age < 21
            ? 0.05
            : 0.20 + 0.35 * Math.min(1, monthlyIncome / 5_000) + (tenureMonths > 60 ? 0.10 : 0);
    if (random.nextDouble() < creditCard) {
      products.add("credit-card");
    }
    if (random.nextDouble() < 0.25 + 0.35 * Math.min(1, balance / 30_000)) {
      products.add("savings-account");
    }
    double loan = age >= 70 ? 0.03 : balance < 5_000 ? 0.18 : 0.10;
    if (random.nextDouble() < loan) {
      products.add("personal-loan");
    }
    double mortgage =
        age >= 28 && age <= 65
            ? 0.15 + 0.20 * Math.min(1, monthlyIncome / 4_000)
            : age > 65 ? 0.05 : 0.02;
    boolean hasMortgage = random.nextDouble() < mortgage;
    if (hasMortgage) {
      products.add("mortgage");
    }
    if (random.nextDouble() < (hasMortgage ? 0.75 : 0.15)) {
      products.add("home-insurance");
    }
    if (random.nextDouble() < (wealthy ? 0.10 : 0.05)) {
      products.add("travel-insurance");
    }
    if (random.nextDouble() < (age < 40 ? 0.38 : 0.25)) {
      products.add("mobile-plan");
    }
    return products;
  }

  /**
   * Mostly none; one to three for about one customer in ten, most often on a low balance with a
   * loan.
   */
  private static int missedPayments(RandomGenerator random, double balance, boolean borrower) {
    double p =
        0.035
            + (balance < 3_000 ? 0.12 : 0)
            + (balance < 10_000 ? 0.04 : 0)
            + (borrower ? 0.05 : 0);
    if (random.nextDouble() >= p) {
      return 0;
    }
    double u = random.nextDouble();
    return u < 0.6 ? 1 : u < 0.85 ? 2 : 3;
  }

  /**
   * A logistic score of the classic churn drivers (short tenure, few products, an almost empty
   * account, a complaint, missed payments, youth), with noise; three decimals.
   */
  private static double churnRisk(
      RandomGenerator random,
      int tenureMonths,
      int productCount,
      double balance,
      boolean openComplaint,
      int missedPayments,
      int age) {
    double z =
        -2.4
            + (tenureMonths < 12 ? 1.2 : 0)
            + (tenureMonths < 36 ? 0.4 : 0)
            - 0.4 * (productCount - 2)
            + (balance < 1_000 ? 0.5 : 0)
            + (openComplaint ? 1.6 : 0)
            + (missedPayments > 0 ? 0.5 : 0)
            + (age < 30 ? 0.3 : 0)
            + 0.6 * gaussian(random);
    return Math.round(1000 / (1 + StrictMath.exp(-z))) / 1000.0;
  }

  /**
   * Consents by channel and purpose: marketing as often as people in a bank's base accept it per
   * channel (less for the phone, more for the web), service on every channel but SMS for a few, and
   * profiling for most.
   */
  private static Set<Consent> consents(RandomGenerator random, int age) {
    Set<Consent> consents = new HashSet<>();
    if (random.nextDouble() < 0.93) {
      consents.add(new Consent(Channel.WEB, Purpose.MARKETING));
    }
    if (random.nextDouble() < (age < 60 ? 0.85 : age < 75 ? 0.60 : 0.35)) {
      consents.add(new Consent(Channel.APP, Purpose.MARKETING));
    }
    if (random.nextDouble() < 0.58) {
      consents.add(new Consent(Channel.EMAIL, Purpose.MARKETING));
    }
    if (random.nextDouble() < 0.38) {
      consents.add(new Consent(Channel.SMS, Purpose.MARKETING));
    }
    if (random.nextDouble() < (age > 60 ? 0.35 : 0.20)) {
      consents.add(new Consent(Channel.CALL_CENTRE, Purpose.MARKETING));
    }
    boolean smsService = random.nextDouble() < 0.9;
    for (Channel c : Channel.values()) {
      if (c != Channel.SMS || smsService) {
        consents.add(new Consent(c, Purpose.SERVICE));
      }
    }
    if (random.nextDouble() < 0.88) {
      for (Channel c : Channel.values()) {
        consents.add(new Consent(c, Purpose.PROFILING));
      }
    }
    return consents;
  }

  /**
   * A standard normal draw by Marsaglia's polar method, with {@link StrictMath} so that the same
   * seed gives the same customers on every JVM.
   */
  private static double gaussian(RandomGenerator random) {
    while (true) {
      double u = 2 * random.nextDouble() - 1;
      double v = 2 * random.nextDouble() - 1;
      double s = u * u + v * v;
      if (s > 0 && s < 1) {
        return u * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
      }
    }
  }

  private static <T> T pick(RandomGenerator random, List<T> choices, ToDoubleFunction<T> weight) {
    double total = 0;
    for (T choice : choices) {
      total += weight.applyAsDouble(choice);
    }
    double u = random.nextDouble() * total;
    for (T choice : choices) {
      u -= weight.applyAsDouble(choice);
      if (u < 0) {
        return choice;
      }
    }
    return choices.get(choices.size() - 1);
  }

  private static double square(double x) {
    return x * x;
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser: spreads nearby seeds far apart. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void checkIndex(int index) {
    if (index < 1 || index > MAX_CUSTOMERS) {
      throw new IllegalArgumentException(
          "customer index must be between 1 and " + MAX_CUSTOMERS + ", got " + index);
    }
  }

  private static Map<String, String> showcase() {
    Map<String, String> showcase = new LinkedHashMap<>();
    showcase.put("in-difficulty", "C000082");
    showcase.put("churn-risk", "C000393");
    showcase.put("travelling-abroad", "C000039");
    showcase.put("open-complaint", "C000005");
    showcase.put("new-customer", "C000028");
    showcase.put("cross-sell", "C000001");
    return Collections.unmodifiableMap(showcase);
  }

  private record AgeBand(int from, int to, double weight) {}

  private record Region(String name, String timeZone, double weight) {}

  private record Country(
      double weight,
      double incomeFactor,
      boolean twoSurnames,
      List<Region> regions,
      List<String> firstNames,
      List<String> lastNames) {}
}
