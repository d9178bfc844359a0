package io.parcours.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.EventType.AttributeRule;
import io.parcours.domain.EventType.Kind;
import io.parcours.domain.ProfileUpdate.Field;
import io.parcours.domain.ProfileUpdate.Operation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Declared event types check their events' attributes and change the profile as declared. */
class EventTypeTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  private static final EventType MISSED =
      new EventType(
          "payment.missed",
          "a payment was missed",
          Map.of(
              "product",
              new AttributeRule(Kind.STRING, true, Set.of("loan", "credit-card"), null, null),
              "amount",
              new AttributeRule(Kind.NUMBER, false, Set.of(), 0.0, null)),
          List.of(new ProfileUpdate(Field.MISSED_PAYMENTS, Operation.INCREMENT, 1.0, null)));

  private static final EventType TRIP =
      new EventType(
          "trip.booked",
          "a trip",
          Map.of("abroad", new AttributeRule(Kind.BOOLEAN, true, Set.of(), null, null)),
          List.of(new ProfileUpdate(Field.TRAVELLING_ABROAD, Operation.SET, null, "abroad")));

  private static final EventType OPENED =
      new EventType(
          "product.opened",
          "a product",
          Map.of("product", new AttributeRule(Kind.STRING, true, Set.of(), null, null)),
          List.of(new ProfileUpdate(Field.PRODUCTS, Operation.ADD, null, "product")));

  private static CustomerProfile profile(int missed, boolean abroad, Set<String> products) {
    return new CustomerProfile(
        "C1",
        "Ada",
        40,
        "north",
        "mass",
        24,
        products,
        1200,
        2500,
        0.1,
        missed,
        false,
        abroad,
        Set.of(),
        "Europe/Paris",
        T0);
  }

  private static CustomerEvent event(String type, Map<String, Object> attributes, Instant at) {
    return new CustomerEvent("C1", type, at, attributes, "k-" + type + at);
  }

  @Test
  void aMissedPaymentAddsOneEachTime() {
    CustomerProfile p = profile(0, false, Set.of("loan"));
    Instant later = T0.plusSeconds(3600);
    p = MISSED.apply(p, event("payment.missed", Map.of("product", "loan"), later));
    p = MISSED.apply(p, event("payment.missed", Map.of("product", "loan", "amount", 310.0), later));
    assertEquals(2, p.missedPayments());
    assertEquals(later, p.updatedAt());
  }

  @Test
  void anUpdateCanTakeItsValueFromTheEvent() {
    assertTrue(
        TRIP.apply(profile(0, false, Set.of()), event("trip.booked", Map.of("abroad", true), T0))
            .travellingAbroad());
    assertFalse(
        TRIP.apply(profile(0, true, Set.of()), event("trip.booked", Map.of("abroad", false), T0))
            .travellingAbroad());
    assertEquals(
        Set.of("loan", "savings"),
        OPENED
            .apply(
                profile(0, false, Set.of("loan")),
                event("product.opened", Map.of("product", "savings"), T0))
            .products());
  }

  @Test
  void attributesThatBreakTheDeclarationAreNamedWithTheReason() {
    assertEquals(List.of(), MISSED.check(Map.of("product", "loan", "amount", 12.5)));
    List<EventType.Violation> wrong = MISSED.check(Map.of("amount", -3.0, "colour", "red"));
    assertEquals(
        Set.of("product", "amount", "colour"),
        Set.copyOf(wrong.stream().map(EventType.Violation::attribute).toList()));
    assertTrue(
        MISSED
            .check(Map.of("product", "mortgage"))
            .get(0)
            .message()
            .contains("must be one of [credit-card, loan]"));
    assertEquals(
        "must be a number",
        MISSED.check(Map.of("product", "loan", "amount", "ten")).get(0).message());
    assertEquals("must be true or false", TRIP.check(Map.of("abroad", "yes")).get(0).message());
  }

  @Test
  void aDeclarationThatCannotWorkIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new EventType(
                "x",
                "reads an undeclared attribute",
                Map.of(),
                List.of(new ProfileUpdate(Field.CHURN_RISK, Operation.SET, null, "risk"))));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ProfileUpdate(Field.OPEN_COMPLAINT, Operation.INCREMENT, 1.0, null));
    assertTrue(
        e.getMessage().contains("openComplaint cannot be changed by increment"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Field.fromCode("age"));
  }
}
