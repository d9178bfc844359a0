package io.parcours.engine.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.CustomerEvent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DerivedFeature;
import io.parcours.domain.DerivedFeatures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The event types shipped with Parcours are well declared; a broken declaration is named. */
class EventCatalogueTest {

  /** The event types of the strategy version shipped with Parcours. */
  private static EventCatalogue shipped() {
    return io.parcours.engine.strategy.StrategyFiles.read(
            io.parcours.engine.strategy.StrategyVersion.shippedData())
        .strategy()
        .events();
  }

  @Test
  void theBundledTypesAreReadAndCoverTheProfileChangesTheRulesUse() {
    EventCatalogue c = shipped();
    for (String type :
        new String[] {
          "payment.missed",
          "payment.caught-up",
          "trip.booked",
          "trip.ended",
          "complaint.opened",
          "complaint.closed",
          "product.opened",
          "product.closed",
          "churn.scored",
          "login"
        }) {
      assertTrue(c.find(type).isPresent(), type);
    }
  }

  @Test
  void aBrokenDeclarationIsRefusedNamingItsType() {
    String json =
        "{\"eventTypes\":[{\"name\":\"salary.paid\",\"description\":\"d\",\"attributes\":{},"
            + "\"updates\":[{\"field\":\"monthlyIncome\",\"operation\":\"set\",\"attribute\":\"amount\"}]}]}";
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                EventCatalogue.read(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    assertTrue(
        e.getMessage().startsWith("event type 'salary.paid'")
            && e.getMessage().contains("'amount'"),
        e.getMessage());
  }

  @Test
  void theBundledFeaturesAreDeclaredOverDeclaredTypes() {
    DerivedFeatures f = shipped().features();
    assertEquals(
        List.of(
            "complaintsLast30Days",
            "loginsLast7Days",
            "loginDaysLast30Days",
            "daysSinceLastLogin",
            "missedAmountLast90Days"),
        f.all().stream().map(DerivedFeature::name).toList());
    assertEquals(DerivedFeature.Kind.SUM, f.find("missedAmountLast90Days").kind());
    assertEquals(30, f.find("complaintsLast30Days").days());
  }

  @Test
  void anEventUpdatesTheProfileAndTheTalliesOfItsFeatures() {
    EventCatalogue c = shipped();
    CustomerProfile p =
        new CustomerProfile(
            "C1",
            "Ada",
            40,
            "north",
            "mass",
            24,
            Set.of(),
            0,
            2000,
            0.1,
            0,
            false,
            false,
            Set.of(),
            "UTC",
            Instant.parse("2026-11-01T00:00:00Z"));
    LocalDate today = LocalDate.parse("2026-12-01");
    p =
        c.apply(
            p,
            new CustomerEvent(
                "C1",
                "payment.missed",
                Instant.parse("2026-11-30T10:00:00Z"),
                Map.of("product", "loan", "amount", 310.0),
                "k1"),
            today);
    p =
        c.apply(
            p,
            new CustomerEvent(
                "C1",
                "payment.missed",
                Instant.parse("2026-12-01T10:00:00Z"),
                Map.of("product", "loan", "amount", 40.0),
                "k2"),
            today);
    assertEquals(2, p.missedPayments());
    assertEquals(350.0, c.features().values(p.activity(), today).get("missedAmountLast90Days"));
    assertEquals(0.0, c.features().values(p.activity(), today).get("complaintsLast30Days"));
  }

  private static String withFeature(String feature) {
    return "{\"eventTypes\":[{\"name\":\"login\",\"description\":\"d\","
        + "\"attributes\":{\"channel\":{\"kind\":\"string\"}},\"updates\":[]}],\"features\":["
        + feature
        + "]}";
  }

  private static String refusal(String json) {
    return assertThrows(
            IllegalArgumentException.class,
            () ->
                EventCatalogue.read(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
        .getMessage();
  }

  @Test
  void aBrokenFeatureIsRefusedNamingItAndWhatIsWrong() {
    assertEquals(
        "derived feature 'logins': counts events of 'logon', which is not a declared event type",
        refusal(
            withFeature(
                "{\"name\":\"logins\",\"kind\":\"count\",\"events\":[\"logon\"],\"days\":7}")));
    assertEquals(
        "derived feature 'channels': adds up 'channel', which is not a number attribute of login",
        refusal(
            withFeature(
                "{\"name\":\"channels\",\"kind\":\"sum\",\"events\":[\"login\"],"
                    + "\"attribute\":\"channel\",\"days\":7}")));
    assertEquals(
        "derived feature 'logins': the window must be 1 to 366 days, was 400",
        refusal(
            withFeature(
                "{\"name\":\"logins\",\"kind\":\"count\",\"events\":[\"login\"],\"days\":400}")));
    assertEquals(
        "derived feature 'logins': 'days' is missing",
        refusal(withFeature("{\"name\":\"logins\",\"kind\":\"count\",\"events\":[\"login\"]}")));
    assertTrue(
        refusal(
                withFeature(
                    "{\"name\":\"logins\",\"kind\":\"count\",\"events\":[\"login\"],"
                        + "\"days\":7,\"window\":7}"))
            .startsWith("derived feature 'logins': unknown key 'window'"));
    assertEquals(
        "features: the derived feature 'logins' is declared twice",
        refusal(
            withFeature(
                "{\"name\":\"logins\",\"kind\":\"count\",\"events\":[\"login\"],\"days\":7},"
                    + "{\"name\":\"logins\",\"kind\":\"count\",\"events\":[\"login\"],\"days\":30}")));
  }
}
