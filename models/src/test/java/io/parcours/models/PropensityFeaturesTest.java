package io.parcours.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.Issue;
import io.parcours.domain.Purpose;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the models see of a customer, a situation and an action. */
class PropensityFeaturesTest {

  static CustomerProfile customer(Set<Consent> consents) {
    return new CustomerProfile(
        "C1",
        "Ana Lopez",
        38,
        "Occitanie",
        "affluent",
        50,
        Set.of("current-account", "mortgage"),
        12_500,
        4_200,
        0.75,
        1,
        false,
        true,
        consents,
        "Europe/Paris",
        Instant.EPOCH);
  }

  static DecisionRequest request() {
    // 2026-03-14 is a Saturday; 19:30 UTC is 20:30 in Paris.
    return new DecisionRequest(
        "C1",
        Channel.APP,
        Direction.INBOUND,
        Map.of("intent", "Credit Card", "note", "x".repeat(80)),
        3,
        Instant.parse("2026-03-14T19:30:00Z"));
  }

  @Test
  void theContextSaysWhoTheCustomerIsWhereTheyStandAndWhatIsGoingOn() {
    List<String> f =
        PropensityFeatures.context(
            customer(Set.of(new Consent(Channel.APP, Purpose.PROFILING))),
            request(),
            Map.of("retention", "at-risk", "lifecycle", "use"));
    assertEquals("bias", f.get(0));
    for (String expected :
        List.of(
            "direction=inbound",
            "hour=evening",
            "day=weekend",
            "ctx:intent=credit-card",
            "segment=affluent",
            "age=35-44",
            "tenure=3-10y",
            "region=occitanie",
            "holds=mortgage",
            "products=2",
            "churn=high",
            "missed=1",
            "balance=5k-20k",
            "income=1k-5k",
            "travelling=yes",
            "stage:lifecycle=use",
            "stage:retention=at-risk")) {
      assertTrue(f.contains(expected), expected + " in " + f);
    }
    assertFalse(
        f.stream().anyMatch(s -> s.startsWith("ctx:note")), "long free text is not a feature");
    assertFalse(f.contains("complaint=open"));
  }

  @Test
  void derivedFeaturesAreBinnedByPowersOfTwo() {
    Map<String, Double> derived = new java.util.LinkedHashMap<>();
    derived.put("loginsLast7Days", 5.0);
    derived.put("complaintsLast30Days", 0.0);
    derived.put("daysSinceLastLogin", 1.0);
    derived.put("missedAmountLast90Days", 350.5);
    List<String> f =
        PropensityFeatures.context(
            customer(Set.of(new Consent(Channel.APP, Purpose.PROFILING))),
            derived,
            request(),
            Map.of());
    for (String expected :
        List.of(
            "feat:loginslast7days=4-7",
            "feat:complaintslast30days=0",
            "feat:dayssincelastlogin=1",
            "feat:missedamountlast90days=256-511")) {
      assertTrue(f.contains(expected), expected + " in " + f);
    }
    assertEquals("2-3", PropensityFeatures.powerOfTwoBin(3.9));
    assertEquals("1024+", PropensityFeatures.powerOfTwoBin(5000));
    assertEquals("<0", PropensityFeatures.powerOfTwoBin(-2));
    List<String> noProfiling =
        PropensityFeatures.context(
            customer(Set.of(new Consent(Channel.APP, Purpose.MARKETING))),
            derived,
            request(),
            Map.of());
    assertFalse(
        noProfiling.stream().anyMatch(x -> x.startsWith("feat:")), "behaviour is profiling");
  }

  @Test
  void withoutProfilingConsentOnlyTheSituationIsUsed() {
    List<String> f =
        PropensityFeatures.context(
            customer(Set.of(new Consent(Channel.APP, Purpose.MARKETING))),
            request(),
            Map.of("lifecycle", "use"));
    assertEquals(
        List.of(
            "bias", "direction=inbound", "hour=evening", "day=weekend", "ctx:intent=credit-card"),
        f);
  }

  @Test
  void anActionIsCrossedWithEveryContextFeatureButTheBias() {
    Action loan =
        new Action(
            "personal-loan",
            "Personal loan",
            Issue.SALES,
            "personal-loan",
            "lifecycle",
            EnumSet.allOf(Channel.class),
            120,
            1,
            "");
    List<String> f =
        PropensityFeatures.of(loan, List.of("bias", "segment=mass", "stage:lifecycle=use"));
    assertEquals(
        List.of(
            "bias",
            "segment=mass",
            "stage:lifecycle=use",
            "action=personal-loan",
            "group=personal-loan",
            "issue=sales",
            "action=personal-loan&segment=mass",
            "group=personal-loan&segment=mass",
            "action=personal-loan&stage:lifecycle=use",
            "group=personal-loan&stage:lifecycle=use"),
        f);
  }
}
