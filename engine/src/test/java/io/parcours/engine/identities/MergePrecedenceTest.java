package io.parcours.engine.identities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Purpose;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two profiles become one field by field as declared; a broken declaration is named. */
class MergePrecedenceTest {

  private static final Instant EARLY = Instant.parse("2026-11-01T10:00:00Z");
  private static final Instant LATE = Instant.parse("2026-11-20T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private final MergePrecedence bundled = MergePrecedence.bundled();

  private static CustomerProfile known() {
    return new CustomerProfile(
        "C000001",
        "Jeanne Martin",
        41,
        "Bretagne",
        "affluent",
        60,
        Set.of("current-account", "mortgage"),
        12_500,
        4_200,
        0.2,
        0,
        false,
        false,
        Set.of(
            new Consent(Channel.EMAIL, Purpose.MARKETING),
            new Consent(Channel.APP, Purpose.SERVICE)),
        "Europe/Paris",
        EARLY);
  }

  private static CustomerProfile anonymous() {
    return new CustomerProfile(
        "anon-1",
        "anonymous",
        0,
        "unknown",
        "unknown",
        0,
        Set.of("credit-card"),
        0,
        0,
        0.7,
        2,
        true,
        true,
        Set.of(new Consent(Channel.WEB, Purpose.MARKETING)),
        "Europe/Lisbon",
        LATE);
  }

  @Test
  void anAnonymousProfileNeverOverridesTheKnownCustomerButAddsWhatItSaw() {
    CustomerProfile merged = bundled.combine(known(), false, anonymous(), true, NOW);
    assertEquals("C000001", merged.customerId());
    assertEquals("Jeanne Martin", merged.name());
    assertEquals(41, merged.age());
    assertEquals("affluent", merged.segment());
    assertEquals("Europe/Paris", merged.timeZone());
    assertEquals(12_500, merged.balance());
    // consents follow the known customer: a cookie banner on the web grants nothing here
    assertEquals(known().consents(), merged.consents());
    // risk takes the worse, holdings the union, flags either
    assertEquals(0.7, merged.churnRisk());
    assertEquals(2, merged.missedPayments());
    assertTrue(merged.openComplaint());
    assertEquals(Set.of("current-account", "mortgage", "credit-card"), merged.products());
    // travelling abroad if either profile is: the visitor booked a trip abroad
    assertTrue(merged.travellingAbroad());
    assertEquals(60, merged.tenureMonths());
    assertEquals(NOW, merged.updatedAt());
  }

  @Test
  void customAttributesFollowTheKnownCustomerAndAreFilledFromTheOtherProfile() {
    CustomerProfile k = known();
    CustomerProfile a = anonymous();
    CustomerProfile knownWith =
        new CustomerProfile(
            k.customerId(),
            k.name(),
            k.age(),
            k.region(),
            k.segment(),
            k.tenureMonths(),
            k.products(),
            k.balance(),
            k.monthlyIncome(),
            k.churnRisk(),
            k.missedPayments(),
            k.openComplaint(),
            k.travellingAbroad(),
            k.consents(),
            k.timeZone(),
            k.updatedAt(),
            Map.of("contract", "two-year", "paperless", Boolean.TRUE),
            null);
    CustomerProfile anonymousWith =
        new CustomerProfile(
            a.customerId(),
            a.name(),
            a.age(),
            a.region(),
            a.segment(),
            a.tenureMonths(),
            a.products(),
            a.balance(),
            a.monthlyIncome(),
            a.churnRisk(),
            a.missedPayments(),
            a.openComplaint(),
            a.travellingAbroad(),
            a.consents(),
            a.timeZone(),
            a.updatedAt(),
            Map.of("contract", "month-to-month", "streaming", Boolean.TRUE),
            null);
    assertEquals(
        Map.of("contract", "two-year", "paperless", Boolean.TRUE, "streaming", Boolean.TRUE),
        bundled.combine(anonymousWith, true, knownWith, false, NOW).attributes());
  }

  @Test
  void theKnownProfileWinsWhicheverSideItIsOn() {
    CustomerProfile survivorAnonymous = bundled.combine(anonymous(), true, known(), false, NOW);
    assertEquals("anon-1", survivorAnonymous.customerId());
    assertEquals("Jeanne Martin", survivorAnonymous.name());
    assertEquals(known().consents(), survivorAnonymous.consents());
  }

  @Test
  void betweenTwoAnonymousProfilesTheOneChangedLastGivesTheKnownFields() {
    CustomerProfile older =
        new CustomerProfile(
            "anon-0",
            "anonymous",
            0,
            "unknown",
            "unknown",
            0,
            Set.of(),
            0,
            0,
            0.1,
            0,
            false,
            false,
            Set.of(),
            "Europe/Berlin",
            EARLY);
    CustomerProfile merged = bundled.combine(older, true, anonymous(), true, NOW);
    assertEquals("anon-0", merged.customerId());
    assertEquals("Europe/Lisbon", merged.timeZone());
    assertEquals(anonymous().consents(), merged.consents());
  }

  @Test
  void aDeclarationMustNameEveryFieldOnceWithARuleItAccepts() {
    IllegalArgumentException wrongRule =
        assertThrows(
            IllegalArgumentException.class,
            () -> read(bundledWith("\"consents\": \"known\"", "\"consents\": \"union\"")));
    assertTrue(
        wrongRule.getMessage().contains("'consents'")
            && wrongRule.getMessage().contains("accepts known, recent"),
        wrongRule.getMessage());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class, () -> read(bundledWith("\"age\": \"known\",", "")));
    assertTrue(missing.getMessage().endsWith("no rule for age"), missing.getMessage());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                read(
                    bundledWith(
                        "\"age\": \"known\"", "\"age\": \"known\", \"shoeSize\": \"max\"")));
    assertTrue(
        unknown.getMessage().contains("'shoeSize' is not a profile field"), unknown.getMessage());
    IllegalArgumentException badRule =
        assertThrows(
            IllegalArgumentException.class,
            () -> read(bundledWith("\"age\": \"known\"", "\"age\": \"oldest\"")));
    assertTrue(badRule.getMessage().contains("unknown rule 'oldest'"), badRule.getMessage());
  }

  @Test
  void aRecentRuleTakesTheValueOfTheProfileChangedLast() {
    MergePrecedence p = read(bundledWith("\"region\": \"known\"", "\"region\": \"recent\""));
    assertEquals("unknown", p.combine(known(), false, anonymous(), true, NOW).region());
    assertEquals("Bretagne", bundled.combine(known(), false, anonymous(), true, NOW).region());
  }

  @Test
  void aMinRuleTakesTheSmallerValue() {
    MergePrecedence p = read(bundledWith("\"churnRisk\": \"max\"", "\"churnRisk\": \"min\""));
    assertEquals(0.2, p.combine(known(), false, anonymous(), true, NOW).churnRisk());
    assertFalse(p.combine(known(), false, anonymous(), true, NOW).churnRisk() == 0.7);
  }

  private static MergePrecedence read(String json) {
    return MergePrecedence.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static String bundledWith(String from, String to) {
    try (var in =
        MergePrecedence.class.getClassLoader().getResourceAsStream(MergePrecedence.RESOURCE)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(text.contains(from), "the bundled declaration has " + from);
      return text.replace(from, to);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
