package io.parcours.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.db.PostgresCustomers;
import io.parcours.db.PostgresDatabase;
import io.parcours.domain.Action;
import io.parcours.domain.Activity;
import io.parcours.domain.Channel;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Issue;
import io.parcours.engine.decision.VolumeLedger;
import io.parcours.engine.demo.DemoCustomers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.infinispan.context.Flag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The caches distributed by configuration alone: two application nodes on loopback, this JVM and a
 * second one started from here ({@link CacheNode}), each starting the caches from the product's own
 * distributed configuration, share profiles and counters. The second JVM proves that the values
 * cross the wire through the ProtoStream schema, not through shared memory.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusteredCachesTest {

  private static EmbeddedPostgres postgres;
  private static PostgresDatabase database;
  private static InfinispanCaches here;
  private static Process other;
  private static BufferedReader otherSays;
  private static PrintStream toOther;
  private static final DemoCustomers CUSTOMERS = new DemoCustomers();

  @BeforeAll
  static void startTwoNodes() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    String url = postgres.getJdbcUrl("postgres", "postgres");
    database =
        PostgresDatabase.connect(new PostgresDatabase.Settings(url, "postgres", "postgres", 2));
    database.migrate();
    new PostgresCustomers(database.dataSource())
        .insertMissing(List.of(CUSTOMERS.customer(1), CUSTOMERS.customer(2)).iterator());

    int[] ports = twoFreePorts();
    String initialHosts = "127.0.0.1[" + ports[0] + "],127.0.0.1[" + ports[1] + "]";
    here =
        InfinispanCaches.start(
            CacheSettings.defaults().distributed("127.0.0.1", ports[0], 0, initialHosts),
            CacheSources.of(database.dataSource(), Clock.systemUTC()));

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder node =
        new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            CacheNode.class.getName(),
            url,
            "postgres",
            "postgres",
            Integer.toString(ports[1]),
            initialHosts);
    node.redirectError(new File("target/cache-node.log"));
    other = node.start();
    otherSays =
        new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
    toOther = new PrintStream(other.getOutputStream(), true, StandardCharsets.UTF_8);
    assertEquals(
        "ready", otherSays.readLine(), "the second node did not start; see target/cache-node.log");
  }

  @AfterAll
  static void stopTwoNodes() throws Exception {
    if (other != null) {
      toOther.println("quit");
      if (!other.waitFor(1, TimeUnit.MINUTES)) {
        other.destroyForcibly();
      }
    }
    if (here != null) {
      here.close();
    }
    if (database != null) {
      database.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static String ask(String command) throws IOException {
    toOther.println(command);
    return otherSays.readLine();
  }

  @Test
  void theTwoNodesFormOneCluster() throws Exception {
    assertEquals(2, here.manager().getMembers().size());
    assertEquals("2", ask("members"));
    assertTrue(
        here.profiles().getAdvancedCache().getDistributionManager() != null, "a distributed cache");
  }

  @Test
  void aProfilePutOnOneNodeIsReadOnTheOtherAndAnUpdateIsSeenOnBoth() throws Exception {
    // Not in PostgreSQL: the other node can only have it from this one. Custom attributes of each
    // kind
    // and event tallies must cross too.
    CustomerProfile p =
        CUSTOMERS
            .customer(3)
            .withAttributes(
                Map.of("contract", "Two year", "seniorCitizen", true, "monthlyCharges", 70.35))
            .withActivity(
                new Activity(
                    List.of(
                        new Activity.Day(
                            "complaintsLast30Days", LocalDate.parse("2026-11-30"), 2, 0),
                        new Activity.Day(
                            "missedAmountLast90Days", LocalDate.parse("2026-11-02"), 1, 310.5))));
    assertTrue(new PostgresCustomers(database.dataSource()).find(p.customerId()).isEmpty());
    here.profiles().put(p.customerId(), p);

    assertEquals("found " + CacheNode.line(p), ask("get " + p.customerId()));

    assertEquals("ok", ask("put " + p.customerId() + " 7"));
    CustomerProfile updated = here.profiles().get(p.customerId());
    assertEquals(CacheNode.withMissedPayments(p, 7), updated);
    assertEquals("found " + CacheNode.line(updated), ask("get " + p.customerId()));
  }

  @Test
  void aProfileMissedOnBothNodesIsLoadedFromPostgresql() throws Exception {
    CustomerProfile stored =
        new PostgresCustomers(database.dataSource())
            .find(CUSTOMERS.customer(2).customerId())
            .orElseThrow();
    assertEquals("found " + CacheNode.line(stored), ask("get " + stored.customerId()));
    assertEquals(stored, here.profiles().get(stored.customerId()));
    assertEquals("missing", ask("get C999999"));
    assertNull(here.profiles().get("C999998"));
  }

  @Test
  void aProfileForgottenOnOneNodeAfterAChangeInPostgresqlIsLoadedAgainOnTheOther()
      throws Exception {
    // As after a consent change: PostgreSQL holds the truth, a node forgets the cached copy.
    CustomerProfile stored =
        new PostgresCustomers(database.dataSource())
            .find(CUSTOMERS.customer(1).customerId())
            .orElseThrow();
    CustomerProfile stale = CacheNode.withMissedPayments(stored, stored.missedPayments() + 3);
    here.profiles().put(stored.customerId(), stale);
    assertEquals("found " + CacheNode.line(stale), ask("get " + stored.customerId()));

    here.profiles()
        .getAdvancedCache()
        .withFlags(Flag.IGNORE_RETURN_VALUES)
        .remove(stored.customerId());

    assertEquals("found " + CacheNode.line(stored), ask("get " + stored.customerId()));
    assertEquals(stored, here.profiles().get(stored.customerId()));
  }

  @Test
  void theNodesShareADailyVolume() throws Exception {
    Action advisor =
        new Action(
                "advisor-cluster",
                "Advisor",
                Issue.RETENTION,
                "advice",
                "retention",
                Set.of(Channel.CALL_CENTRE),
                40,
                1,
                "")
            .limitedTo(3);
    Instant now = Instant.now();
    VolumeLedger ledger = new VolumeLedger(here.volumes());
    assertTrue(ledger.reserve(advisor, now));
    assertTrue(ledger.reserve(advisor, now));
    assertEquals("2", ask("count " + VolumeCounterKey.of(advisor.id(), now)));
  }

  /** Two ports free on loopback, each with the failure detector's port (50,000 above) free too. */
  private static int[] twoFreePorts() throws IOException {
    int[] ports = new int[2];
    int found = 0;
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int port = 7900 + (int) (ProcessHandle.current().pid() % 2000);
        found < 2 && port < 15000;
        port++) {
      try (ServerSocket a = new ServerSocket(port, 1, loopback);
          ServerSocket b = new ServerSocket(port + 50_000, 1, loopback)) {
        ports[found++] = port;
      } catch (IOException taken) {
        // try the next one
      }
    }
    if (found < 2) {
      throw new IOException("no two free ports on loopback between 7900 and 15000");
    }
    return ports;
  }
}
