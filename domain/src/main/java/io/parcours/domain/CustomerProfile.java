package io.parcours.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What is known about one customer now: declared attributes, holdings, risk indicators, consents,
 * custom attributes and the day-by-day tallies of their events from which derived features are
 * computed.
 *
 * @param customerId stable identifier (the customer number)
 * @param name display name
 * @param age in years
 * @param region home region
 * @param segment value segment: mass, affluent or private
 * @param tenureMonths months since the customer joined
 * @param products product codes held (for example {@code current-account}, {@code credit-card})
 * @param balance total balance across accounts, in euros
 * @param monthlyIncome declared monthly income, in euros
 * @param churnRisk estimated probability of leaving within 90 days, in [0, 1]
 * @param missedPayments payments missed in the last 90 days
 * @param openComplaint whether a complaint is open
 * @param travellingAbroad whether a trip abroad is booked or under way
 * @param consents the channels and purposes the customer agreed to be contacted for
 * @param timeZone IANA time zone of the customer
 * @param updatedAt when the profile last changed
 * @param attributes custom attributes by name, as declared (an import of another system's data, for
 *     example {@code contract}): strings, numbers ({@link Double}) and booleans
 * @param activity the tallies of the customer's events for the derived features
 */
public record CustomerProfile(
    String customerId,
    String name,
    int age,
    String region,
    String segment,
    int tenureMonths,
    Set<String> products,
    double balance,
    double monthlyIncome,
    double churnRisk,
    int missedPayments,
    boolean openComplaint,
    boolean travellingAbroad,
    Set<Consent> consents,
    String timeZone,
    Instant updatedAt,
    Map<String, Object> attributes,
    Activity activity) {

  public CustomerProfile {
    Objects.requireNonNull(customerId, "customerId");
    products = Set.copyOf(products);
    consents = Set.copyOf(consents);
    timeZone = timeZone == null ? "Europe/Paris" : timeZone;
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    for (Map.Entry<String, Object> a : attributes.entrySet()) {
      if (!(a.getValue() instanceof String
          || a.getValue() instanceof Double
          || a.getValue() instanceof Boolean)) {
        throw new IllegalArgumentException(
            "the attribute "
                + a.getKey()
                + " must be a string, a number (Double)"
                + " or a boolean, was "
                + a.getValue().getClass().getSimpleName());
      }
    }
    activity = activity == null ? Activity.NONE : activity;
  }

  /** A profile without custom attributes or event tallies. */
  public CustomerProfile(
      String customerId,
      String name,
      int age,
      String region,
      String segment,
      int tenureMonths,
      Set<String> products,
      double balance,
      double monthlyIncome,
      double churnRisk,
      int missedPayments,
      boolean openComplaint,
      boolean travellingAbroad,
      Set<Consent> consents,
      String timeZone,
      Instant updatedAt) {
    this(
        customerId,
        name,
        age,
        region,
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
        updatedAt,
        Map.of(),
        Activity.NONE);
  }

  /** This profile with other event tallies. */
  public CustomerProfile withActivity(Activity next) {
    return new CustomerProfile(
        customerId,
        name,
        age,
        region,
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
        updatedAt,
        attributes,
        next);
  }

  /** This profile with other custom attributes. */
  public CustomerProfile withAttributes(Map<String, Object> next) {
    return new CustomerProfile(
        customerId,
        name,
        age,
        region,
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
        updatedAt,
        next,
        activity);
  }

  /** Whether the customer holds the product with code {@code product}. */
  public boolean holds(String product) {
    return products.contains(product);
  }

  /** Whether the customer agreed to be contacted on {@code channel} for {@code purpose}. */
  public boolean consentsTo(Channel channel, Purpose purpose) {
    return consents.contains(new Consent(channel, purpose));
  }
}
