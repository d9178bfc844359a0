package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parcours.db.PostgresDatabase;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import io.parcours.engine.cache.CacheSettings;
import io.parcours.engine.cache.CacheSources;
import io.parcours.engine.cache.InfinispanCaches;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application on Payara runs its caches distributed (the build sets {@code PARCOURS_CACHE_MODE}
 * and the JGroups settings); a plain JVM, this one, starts the same cache configuration, joins the
 * application's cluster on loopback and shares its profiles both ways.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class ClusteredProfileIT {

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  private static JsonObject customer(String id) {
    return Api.json(Api.get("compliance", "api/v1/customers/" + id));
  }

  private static HttpResponse<String> grant(String id, List<String> consents) {
    String granted =
        consents.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(",", "[", "]"));
    return Api.put(
        "channel",
        "api/v1/customers/" + id + "/consents",
        "{\"granted\":"
            + granted
            + ",\"source\":\"preference-centre\",\"textVersion\":\"2026-10\"}");
  }

  @Test
  void aPlainJvmJoinsTheApplicationsCacheClusterAndBothSeeTheSameProfiles() throws Exception {
    CacheSettings peerSettings =
        CacheSettings.defaults()
            .distributed(
                "127.0.0.1",
                Integer.getInteger("parcours.it.cache.peer-port"),
                0,
                System.getProperty("parcours.it.cache.initial-hosts"));
    String url =
        "jdbc:postgresql://localhost:" + Integer.getInteger("parcours.it.db.port") + "/postgres";
    String id = Api.customers(300).get(299);
    try (PostgresDatabase db =
            PostgresDatabase.connect(
                new PostgresDatabase.Settings(url, "postgres", "postgres", 2));
        InfinispanCaches peer =
            InfinispanCaches.start(
                peerSettings, CacheSources.of(db.dataSource(), Clock.systemUTC()))) {
      assertEquals(
          2,
          peer.manager().getMembers().size(),
          "the plain JVM joined the application: " + peer.manager().getMembers());

      // What the application answers is what the peer reads.
      JsonObject shown = customer(id);
      CustomerProfile there = peer.profiles().get(id);
      assertEquals(shown.getString("name"), there.name());
      assertEquals(shown.getInt("missedPayments"), there.missedPayments());
      List<String> consents = there.consents().stream().sorted().map(Consent::code).toList();

      // A profile put on the peer is what the application answers with.
      CustomerProfile changed =
          new CustomerProfile(
              there.customerId(),
              "Changed On The Peer",
              there.age(),
              there.region(),
              there.segment(),
              there.tenureMonths(),
              there.products(),
              there.balance(),
              there.monthlyIncome(),
              there.churnRisk(),
              there.missedPayments() + 4,
              there.openComplaint(),
              there.travellingAbroad(),
              there.consents(),
              there.timeZone(),
              there.updatedAt());
      peer.profiles().put(id, changed);
      JsonObject seen = customer(id);
      assertEquals("Changed On The Peer", seen.getString("name"));
      assertEquals(there.missedPayments() + 4, seen.getInt("missedPayments"));

      // A consent changed through the application is forgotten on every node: the peer reads
      // PostgreSQL's profile again, with the new consent and without the peer's own change.
      HttpResponse<String> granted = grant(id, List.of("sms:service"));
      assertEquals(200, granted.statusCode(), granted.body());
      CustomerProfile reloaded = peer.profiles().get(id);
      assertEquals(Set.of(Consent.fromCode("sms:service")), reloaded.consents());
      assertEquals(there.name(), reloaded.name());
      assertEquals(there.missedPayments(), reloaded.missedPayments());

      HttpResponse<String> restored = grant(id, consents);
      assertEquals(200, restored.statusCode(), restored.body());
      assertEquals(
          consents,
          Api.json(Api.get("compliance", "api/v1/customers/" + id + "/consents"))
              .getJsonArray("granted")
              .getValuesAs(JsonString::getString));
    }
  }
}
