package io.parcours.rules;

import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Purpose;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The customer as rules see it: a read-only view of a {@link CustomerProfile} with JavaBean
 * getters, so that a rule can say {@code Customer( churnRisk >= 0.6, tenureMonths >= 12 )}.
 *
 * <p>Derived features over windows of days (declared beside the event types: {@code
 * complaintsLast30Days}, {@code daysSinceLastLogin}, …) are read by name, with their value at the
 * decision: {@code Customer( feature("complaintsLast30Days") >= 2 )}.
 *
 * <p>Channels are named by their codes ({@code web}, {@code app}, {@code email}, {@code sms},
 * {@code call-centre}) and products by their product codes ({@code credit-card}, {@code mortgage},
 * …).
 */
public final class Customer {

  private final CustomerProfile profile;
  private final Map<String, Double> features;

  Customer(CustomerProfile profile, Map<String, Double> features) {
    this.profile = profile;
    this.features = features;
  }

  /** The customer number. */
  public String getCustomerId() {
    return profile.customerId();
  }

  /** Age in years. */
  public int getAge() {
    return profile.age();
  }

  /** Value segment: mass, affluent or private. */
  public String getSegment() {
    return profile.segment();
  }

  /** Home region. */
  public String getRegion() {
    return profile.region();
  }

  /** Months since the customer joined. */
  public int getTenureMonths() {
    return profile.tenureMonths();
  }

  /** Product codes held. */
  public Set<String> getProducts() {
    return profile.products();
  }

  /** How many products the customer holds. */
  public int getProductCount() {
    return profile.products().size();
  }

  /** Total balance across accounts, in euros. */
  public double getBalance() {
    return profile.balance();
  }

  /** Declared monthly income, in euros. */
  public double getMonthlyIncome() {
    return profile.monthlyIncome();
  }

  /** Estimated probability of leaving within 90 days, in [0, 1]. */
  public double getChurnRisk() {
    return profile.churnRisk();
  }

  /** Payments missed in the last 90 days. */
  public int getMissedPayments() {
    return profile.missedPayments();
  }

  /** Whether a complaint is open. */
  public boolean isOpenComplaint() {
    return profile.openComplaint();
  }

  /** Whether a trip abroad is booked or under way. */
  public boolean isTravellingAbroad() {
    return profile.travellingAbroad();
  }

  /**
   * The customer's consents as {@code <channel>:<purpose>} codes, for example {@code
   * sms:marketing}.
   */
  public Set<String> getConsents() {
    Set<String> codes = new LinkedHashSet<>();
    for (Consent c : profile.consents()) {
      codes.add(c.code());
    }
    return codes;
  }

  /**
   * The value of the derived feature {@code name} at the decision: a count, a sum, a number of days
   * with an event, or the days since the last event (see {@code docs/profile.md}); 0 when the
   * engine gave no such feature (a scenario that does not set it).
   */
  public double feature(String name) {
    Double value = features.get(name);
    return value == null ? 0 : value;
  }

  /** Every derived feature's value at the decision, by name. */
  public Map<String, Double> getFeatures() {
    return features;
  }

  /**
   * The custom attribute {@code name} (declared in {@code customer-attributes.json}, set by an
   * import): a {@link String}, a {@link Double} or a {@link Boolean}; null when the customer has
   * none, so that {@code Customer( attribute("contract") == "Month-to-month" )} is simply false for
   * them.
   */
  public Object attribute(String name) {
    return profile.attributes().get(name);
  }

  /** Every custom attribute of the customer, by name. */
  public Map<String, Object> getAttributes() {
    return profile.attributes();
  }

  /** Whether the customer holds the product with code {@code product}. */
  public boolean holds(String product) {
    return profile.holds(product);
  }

  /**
   * Whether the customer agreed to be contacted on the channel with code {@code channel} for the
   * purpose with code {@code purpose} ({@code service}, {@code marketing} or {@code profiling}).
   */
  public boolean consentsTo(String channel, String purpose) {
    for (Consent c : profile.consents()) {
      if (c.channel().code().equals(channel) && c.purpose().code().equals(purpose)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the customer agreed to profiling: using what is known of them to choose what to show.
   */
  public boolean isProfilingConsent() {
    for (Consent c : profile.consents()) {
      if (c.purpose() == Purpose.PROFILING) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Customer[" + profile.customerId() + "]";
  }
}
