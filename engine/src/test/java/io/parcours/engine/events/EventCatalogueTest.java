package io.parcours.engine.events;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The event types shipped with Parcours are well declared; a broken declaration is named. */
class EventCatalogueTest {

  @Test
  void theBundledTypesAreReadAndCoverTheProfileChangesTheRulesUse() {
    EventCatalogue c = EventCatalogue.bundled();
    for (String type : new String[] {"payment.missed", "payment.caught-up", "trip.booked", "trip.ended",
        "complaint.opened", "complaint.closed", "product.opened", "product.closed", "churn.scored", "login"}) {
      assertTrue(c.find(type).isPresent(), type);
    }
  }

  @Test
  void aBrokenDeclarationIsRefusedNamingItsType() {
    String json = "{\"eventTypes\":[{\"name\":\"salary.paid\",\"description\":\"d\",\"attributes\":{},"
        + "\"updates\":[{\"field\":\"monthlyIncome\",\"operation\":\"set\",\"attribute\":\"amount\"}]}]}";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EventCatalogue.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    assertTrue(e.getMessage().startsWith("event type 'salary.paid'") && e.getMessage().contains("'amount'"),
        e.getMessage());
  }
}
