package io.parcours.engine.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Purpose;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCustomersTest {

  private static final int COUNT = 10_000;

  /** The demo data set, generated once for all the tests of this class. */
  private static final List<CustomerProfile> DEMO = new DemoCustomers().all(COUNT).toList();

  /** The definitions the class comment of {@link DemoCustomers} gives for its showcase. */
  private static final Map<String, Predicate<CustomerProfile>> SITUATIONS = situations();

  @Test
  void idsRunFromC000001ToC010000() {
    Pattern format = Pattern.compile("C\\d{6}");
    Set<String> ids = new HashSet<>();
    for (CustomerProfile c : DEMO) {
      assertTrue(format.matcher(c.customerId()).matches(), c.customerId());
      assertTrue(ids.add(c.customerId()), c.customerId() + " twice");
    }
    assertEquals(COUNT, ids.size());
    assertEquals("C000001", DEMO.get(0).customerId());
    assertEquals("C010000", DEMO.get(COUNT - 1).customerId());
    assertEquals("C000042", DemoCustomers.customerId(42));
  }

  @Test
  void indicesOutsideTheSixDigitIdsAreRejected() {
    DemoCustomers customers = new DemoCustomers();

    assertThrows(IllegalArgumentException.class, () -> customers.customer(0));
    assertThrows(IllegalArgumentException.class, () -> customers.customer(1_000_000));
    assertThrows(IllegalArgumentException.class, () -> customers.all(-1));
    assertEquals(0, customers.all(0).count());
  }

  @Test
  void theSameSeedGivesTheSameCustomers() {
    DemoCustomers one = new DemoCustomers(7);
    DemoCustomers other = new DemoCustomers(7);

    for (int i : new int[] {1, 2, 500, 9_999, 999_999}) {
      assertEquals(one.customer(i), other.customer(i), "customer " + i);
    }
    assertEquals(one.asOf(), other.asOf());
    assertEquals(
        new DemoCustomers().customer(1), new DemoCustomers(DemoCustomers.DEFAULT_SEED).customer(1));
  }

  @Test
  void aCustomerDoesNotDependOnTheOthersGenerated() {
    DemoCustomers customers = new DemoCustomers(7);
    CustomerProfile alone = new DemoCustomers(7).customer(300);

    assertEquals(alone, customers.all(300).toList().get(299));
    assertEquals(DEMO.get(4_999), new DemoCustomers().customer(5_000));
    assertEquals(
        new DemoCustomers(7).all(400).toList(), new DemoCustomers(7).all(400).parallel().toList());
  }

  @Test
  void anotherSeedGivesOtherCustomers() {
    List<CustomerProfile> seven = new DemoCustomers(7).all(100).toList();
    List<CustomerProfile> eight = new DemoCustomers(8).all(100).toList();

    long same = 0;
    for (int i = 0; i < 100; i++) {
      assertEquals(seven.get(i).customerId(), eight.get(i).customerId());
      if (seven.get(i).equals(eight.get(i))) {
        same++;
      }
    }
    assertEquals(0, same);
    assertNotEquals(new DemoCustomers(7).asOf(), new DemoCustomers(8).asOf());
  }

  @Test
  void profilesWereUpdatedInTheThirtyDaysBeforeTheDemosNow() {
    Instant asOf = new DemoCustomers().asOf();
    Instant monthBefore = asOf.minus(Duration.ofDays(30));

    for (CustomerProfile c : DEMO) {
      assertTrue(
          !c.updatedAt().isAfter(asOf) && c.updatedAt().isAfter(monthBefore),
          c.customerId() + " updated at " + c.updatedAt());
    }
  }

  @Test
  void everyAttributeIsWithinItsRange() {
    Set<String> products = Set.copyOf(DemoCustomers.PRODUCTS);
    for (CustomerProfile c : DEMO) {
      String id = c.customerId();
      assertTrue(c.name().split(" ").length >= 2, id + " name " + c.name());
      assertTrue(c.age() >= 18 && c.age() <= 90, id + " age " + c.age());
      assertTrue(c.tenureMonths() >= 1, id + " tenure " + c.tenureMonths());
      assertTrue(c.tenureMonths() <= (c.age() - 18) * 12 + 1, id + " joined before 18");
      assertTrue(products.containsAll(c.products()), id + " products " + c.products());
      assertTrue(c.balance() > 0, id + " balance " + c.balance());
      assertTrue(c.monthlyIncome() >= 400 && c.monthlyIncome() <= 30_000, id + " income");
      assertTrue(c.churnRisk() >= 0 && c.churnRisk() <= 1, id + " churn " + c.churnRisk());
      assertTrue(c.missedPayments() >= 0 && c.missedPayments() <= 3, id + " missed");
      assertTrue(Set.of("mass", "affluent", "private").contains(c.segment()), id + " segment");
      assertTrue(ZoneId.getAvailableZoneIds().contains(c.timeZone()), id + " zone " + c.timeZone());
    }
  }

  @Test
  void sharesOfSituationsArePlausible() {
    assertShare(c -> c.missedPayments() > 0, 0.05, 0.20, "a missed payment");
    assertShare(CustomerProfile::openComplaint, 0.015, 0.05, "an open complaint");
    assertShare(CustomerProfile::travellingAbroad, 0.04, 0.12, "travelling abroad");
    assertShare(c -> c.holds("current-account"), 0.95, 1.0, "a current account");
    assertShare(c -> c.holds("mortgage"), 0.10, 0.35, "a mortgage");
    assertShare(c -> c.segment().equals("mass"), 0.70, 0.95, "mass");
    assertShare(c -> c.segment().equals("affluent"), 0.05, 0.25, "affluent");
    assertShare(c -> c.segment().equals("private"), 0.002, 0.03, "private");
    assertShare(c -> c.age() < 25, 0.05, 0.15, "under 25");
    assertShare(c -> c.age() >= 75, 0.04, 0.15, "75 or older");
    assertShare(c -> c.timeZone().equals("Europe/Paris"), 0.45, 0.65, "in Europe/Paris");
    assertShare(c -> c.timeZone().equals("Europe/Lisbon"), 0.10, 0.30, "in Europe/Lisbon");
  }

  @Test
  void mostConsentToWebAndAppFewerToEmailSmsAndCallCentre() {
    double web = share(c -> c.consentsTo(Channel.WEB, Purpose.MARKETING));
    double app = share(c -> c.consentsTo(Channel.APP, Purpose.MARKETING));
    double email = share(c -> c.consentsTo(Channel.EMAIL, Purpose.MARKETING));
    double sms = share(c -> c.consentsTo(Channel.SMS, Purpose.MARKETING));
    double callCentre = share(c -> c.consentsTo(Channel.CALL_CENTRE, Purpose.MARKETING));

    assertTrue(web > 0.85 && app > 0.65, "web " + web + ", app " + app);
    assertTrue(app > email && email > sms && sms > callCentre, "consent order");
    assertTrue(callCentre > 0.10 && callCentre < 0.40, "call centre " + callCentre);
  }

  @Test
  void missedPaymentsConcentrateOnLowBalances() {
    double[] balances = DEMO.stream().mapToDouble(CustomerProfile::balance).sorted().toArray();
    double median = balances[balances.length / 2];

    double below = shareAmong(c -> c.balance() < median, c -> c.missedPayments() > 0);
    double above = shareAmong(c -> c.balance() >= median, c -> c.missedPayments() > 0);

    assertTrue(below > 2 * above, "below median " + below + ", above " + above);
  }

  @Test
  void churnRiskIsHigherForShortTenureFewProductsAndComplaints() {
    double newcomers = meanChurnAmong(c -> c.tenureMonths() < 12);
    double loyal = meanChurnAmong(c -> c.tenureMonths() > 60);
    double oneProduct = meanChurnAmong(c -> c.products().size() <= 1);
    double manyProducts = meanChurnAmong(c -> c.products().size() >= 4);
    double complaining = meanChurnAmong(CustomerProfile::openComplaint);
    double content = meanChurnAmong(c -> !c.openComplaint());
    double overall = meanChurnAmong(c -> true);

    assertTrue(newcomers > 2 * loyal, "tenure: " + newcomers + " vs " + loyal);
    assertTrue(oneProduct > 1.5 * manyProducts, "products: " + oneProduct + " vs " + manyProducts);
    assertTrue(complaining > 1.5 * content, "complaint: " + complaining + " vs " + content);
    assertTrue(overall > 0.05 && overall < 0.25, "mean churn risk " + overall);
  }

  @Test
  void incomeAndBalanceAreLogNormalAndFollowCareerAndAge() {
    double[] balances = DEMO.stream().mapToDouble(CustomerProfile::balance).sorted().toArray();
    double median = balances[COUNT / 2];
    double mean = Arrays.stream(balances).average().orElseThrow();

    assertTrue(median > 3_000 && median < 40_000, "median balance " + median);
    assertTrue(mean > 1.5 * median, "a long right tail: mean " + mean + ", median " + median);
    assertTrue(
        meanAmong(c -> c.age() >= 40 && c.age() < 60, CustomerProfile::monthlyIncome)
            > 1.3 * meanAmong(c -> c.age() < 23, CustomerProfile::monthlyIncome),
        "mid-career earns more than students");
    assertTrue(
        meanAmong(c -> c.age() >= 60, CustomerProfile::balance)
            > 2 * meanAmong(c -> c.age() < 30, CustomerProfile::balance),
        "balances grow with age");
  }

  @Test
  void theShowcaseNamesTheFirstCustomerOfEachSituation() {
    assertEquals(SITUATIONS.keySet(), DemoCustomers.SHOWCASE.keySet());
    for (Map.Entry<String, Predicate<CustomerProfile>> situation : SITUATIONS.entrySet()) {
      String first =
          DEMO.stream()
              .filter(situation.getValue())
              .findFirst()
              .map(CustomerProfile::customerId)
              .orElseThrow(() -> new AssertionError("nobody is " + situation.getKey()));
      assertEquals(first, DemoCustomers.SHOWCASE.get(situation.getKey()), situation.getKey());
    }
  }

  @Test
  void theShowcaseCustomersShowTheirSituations() {
    DemoCustomers demo = new DemoCustomers();
    CustomerProfile inDifficulty = demo.customer(index("in-difficulty"));
    CustomerProfile atRisk = demo.customer(index("churn-risk"));
    CustomerProfile travelling = demo.customer(index("travelling-abroad"));
    CustomerProfile complaining = demo.customer(index("open-complaint"));
    CustomerProfile newcomer = demo.customer(index("new-customer"));
    CustomerProfile prospect = demo.customer(index("cross-sell"));

    assertTrue(inDifficulty.missedPayments() >= 2, "in difficulty");
    assertTrue(atRisk.churnRisk() >= 0.4 && atRisk.tenureMonths() >= 24, "at risk");
    assertTrue(travelling.travellingAbroad(), "travelling");
    assertFalse(travelling.holds("travel-insurance"), "travelling uninsured");
    assertTrue(complaining.openComplaint(), "complaint");
    assertTrue(newcomer.tenureMonths() <= 3, "new");
    assertTrue(prospect.segment().equals("affluent") && !prospect.holds("credit-card"), "prospect");
    Set<String> distinct = new HashSet<>(DemoCustomers.SHOWCASE.values());
    assertEquals(DemoCustomers.SHOWCASE.size(), distinct.size(), "one customer per situation");
  }

  private static int index(String situation) {
    return Integer.parseInt(DemoCustomers.SHOWCASE.get(situation).substring(1));
  }

  private static Map<String, Predicate<CustomerProfile>> situations() {
    Predicate<CustomerProfile> untroubled = c -> c.missedPayments() == 0 && !c.openComplaint();
    Predicate<CustomerProfile> onApp = c -> c.consentsTo(Channel.APP, Purpose.MARKETING);
    Map<String, Predicate<CustomerProfile>> situations = new LinkedHashMap<>();
    situations.put(
        "in-difficulty",
        c ->
            c.missedPayments() >= 2
                && (c.holds("personal-loan") || c.holds("mortgage"))
                && !c.openComplaint()
                && !c.travellingAbroad()
                && onApp.test(c));
    situations.put(
        "churn-risk",
        c ->
            c.churnRisk() >= 0.4
                && c.tenureMonths() >= 24
                && c.age() >= 25
                && untroubled.test(c)
                && onApp.test(c));
    situations.put(
        "travelling-abroad",
        c ->
            c.travellingAbroad()
                && !c.holds("travel-insurance")
                && untroubled.test(c)
                && onApp.test(c));
    situations.put("open-complaint", CustomerProfile::openComplaint);
    situations.put(
        "new-customer", c -> c.tenureMonths() <= 3 && untroubled.test(c) && onApp.test(c));
    situations.put(
        "cross-sell",
        c ->
            c.segment().equals("affluent")
                && !c.holds("credit-card")
                && c.churnRisk() < 0.2
                && untroubled.test(c)
                && !c.travellingAbroad()
                && c.consentsTo(Channel.WEB, Purpose.MARKETING));
    return situations;
  }

  private static void assertShare(
      Predicate<CustomerProfile> p, double low, double high, String what) {
    double share = share(p);
    assertTrue(share >= low && share <= high, "share with " + what + " is " + share);
  }

  private static double share(Predicate<CustomerProfile> p) {
    return shareAmong(c -> true, p);
  }

  private static double shareAmong(Predicate<CustomerProfile> among, Predicate<CustomerProfile> p) {
    List<CustomerProfile> group = DEMO.stream().filter(among).toList();
    return group.stream().filter(p).count() / (double) group.size();
  }

  private static double meanChurnAmong(Predicate<CustomerProfile> among) {
    return meanAmong(among, CustomerProfile::churnRisk);
  }

  private static double meanAmong(
      Predicate<CustomerProfile> among, ToDoubleFunction<CustomerProfile> value) {
    return DEMO.stream().filter(among).mapToDouble(value).average().orElseThrow();
  }
}
