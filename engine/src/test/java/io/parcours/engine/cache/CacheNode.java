package io.parcours.engine.cache;

import io.parcours.db.PostgresDatabase;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.stream.Collectors;

/**
 * A second application node in its own JVM, for {@link ClusteredCachesTest}: it starts the caches
 * from the product's distributed configuration and answers one command per line on standard input.
 *
 * <pre>
 *   members              → the number of members of the cluster this node sees
 *   get &lt;customer&gt;       → found &lt;profile line&gt;, or missing
 *   put &lt;customer&gt; &lt;n&gt;   → the cached profile with n missed payments put back; ok
 *   count &lt;key&gt;          → the volume counter of key
 *   quit
 * </pre>
 *
 * <p>Arguments: JDBC URL, user, password, bind port, initial hosts.
 */
public final class CacheNode {

  private CacheNode() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (PostgresDatabase db =
            PostgresDatabase.connect(new PostgresDatabase.Settings(args[0], args[1], args[2], 2));
        InfinispanCaches caches =
            InfinispanCaches.start(
                CacheSettings.defaults()
                    .distributed("127.0.0.1", Integer.parseInt(args[3]), 0, args[4]),
                CacheSources.of(db.dataSource(), Clock.systemUTC()))) {
      out.println("ready");
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine();
          line != null && !line.equals("quit");
          line = in.readLine()) {
        String[] words = line.split(" ");
        switch (words[0]) {
          case "members" -> out.println(caches.manager().getMembers().size());
          case "get" -> {
            CustomerProfile p = caches.profiles().get(words[1]);
            out.println(p == null ? "missing" : "found " + line(p));
          }
          case "put" -> {
            CustomerProfile p = caches.profiles().get(words[1]);
            caches.profiles().put(words[1], withMissedPayments(p, Integer.parseInt(words[2])));
            out.println("ok");
          }
          case "count" -> out.println(caches.volumes().get(words[1]));
          default -> out.println("unknown command " + words[0]);
        }
      }
    }
  }

  /** A profile as one line that reads the same in every JVM (sets sorted). */
  static String line(CustomerProfile p) {
    return String.join(
        "|",
        p.customerId(),
        p.name(),
        Integer.toString(p.age()),
        p.segment(),
        p.products().stream().sorted().collect(Collectors.joining(",")),
        Double.toString(p.balance()),
        Integer.toString(p.missedPayments()),
        Boolean.toString(p.openComplaint()),
        p.consents().stream().sorted().map(Consent::code).collect(Collectors.joining(",")),
        p.timeZone(),
        p.updatedAt().toString(),
        new java.util.TreeMap<>(p.attributes()).toString(),
        p.activity().days().toString());
  }

  static CustomerProfile withMissedPayments(CustomerProfile p, int missedPayments) {
    return new CustomerProfile(
        p.customerId(),
        p.name(),
        p.age(),
        p.region(),
        p.segment(),
        p.tenureMonths(),
        p.products(),
        p.balance(),
        p.monthlyIncome(),
        p.churnRisk(),
        missedPayments,
        p.openComplaint(),
        p.travellingAbroad(),
        p.consents(),
        p.timeZone(),
        p.updatedAt(),
        p.attributes(),
        p.activity());
  }
}
