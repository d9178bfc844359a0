package io.parcours.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What is known about one customer now: declared attributes, holdings, risk indicators and consents.
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
    Instant updatedAt) {

  public CustomerProfile {
    Objects.requireNonNull(customerId, "customerId");
    products = Set.copyOf(products);
    consents = Set.copyOf(consents);
    timeZone = timeZone == null ? "Europe/Paris" : timeZone;
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
