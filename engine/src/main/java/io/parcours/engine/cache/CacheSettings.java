package io.parcours.engine.cache;

import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * How the caches run: local or distributed, how the nodes of a cluster find each other, and how
 * many entries each cache may hold per node. Read from the engine's settings; each value becomes
 * the {@code ${parcours.cache.*}} property of the same name in the cache configuration.
 *
 * @param mode local to this JVM, or distributed over JGroups ({@code parcours.cache.mode})
 * @param configuration a cache configuration file replacing the built-in one of the mode, or {@code
 *     null} ({@code parcours.cache.configuration})
 * @param cluster the cluster's name: nodes join only their own ({@code parcours.cache.cluster})
 * @param stack the JGroups stack ({@code parcours.cache.jgroups.stack}): {@code parcours-tcp} lists
 *     the members in {@code initialHosts}; Infinispan's {@code tcp}, {@code udp}, {@code
 *     kubernetes}, … also
 * @param bindAddress the address JGroups listens on, or a JGroups keyword such as {@code
 *     SITE_LOCAL} ({@code parcours.cache.jgroups.bind-address})
 * @param bindPort the first port JGroups tries ({@code parcours.cache.jgroups.bind-port})
 * @param portRange how many ports after {@code bindPort} are tried, and probed on each initial host
 *     ({@code parcours.cache.jgroups.port-range})
 * @param initialHosts the members to contact when joining, {@code host[port],host[port]} ({@code
 *     parcours.cache.jgroups.initial-hosts})
 * @param profiles most customer profiles per node ({@code parcours.cache.profiles.max-count})
 * @param histories most contact histories per node ({@code parcours.cache.histories.max-count})
 * @param stages most customers' journey stages per node ({@code parcours.cache.stages.max-count})
 * @param volumes most daily volume counters per node ({@code parcours.cache.volumes.max-count})
 * @param credentials most verified credentials per node ({@code
 *     parcours.cache.credentials.max-count})
 */
public record CacheSettings(
    Mode mode,
    String configuration,
    String cluster,
    String stack,
    String bindAddress,
    int bindPort,
    int portRange,
    String initialHosts,
    long profiles,
    long histories,
    long stages,
    long volumes,
    long credentials) {

  /** Local to one JVM, or distributed over JGroups. */
  public enum Mode {
    LOCAL("parcours-infinispan.xml"),
    DISTRIBUTED("parcours-infinispan-distributed.xml");

    private final String resource;

    Mode(String resource) {
      this.resource = resource;
    }

    /** The built-in configuration of this mode, on the class path. */
    public String resource() {
      return resource;
    }

    /**
     * The mode written {@code local} or {@code distributed}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Mode fromCode(String code) {
      String written = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
      for (Mode m : values()) {
        if (m.name().toLowerCase(Locale.ROOT).equals(written)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "parcours.cache.mode must be local or distributed, got '" + code + "'");
    }
  }

  public CacheSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(initialHosts, "initialHosts");
    if (configuration != null && configuration.isBlank()) {
      configuration = null;
    }
    if (bindPort < 0 || bindPort > 65535 || portRange < 0) {
      throw new IllegalArgumentException(
          "parcours.cache.jgroups.bind-port must be a port (0 to 65535) and port-range at least 0, got "
              + bindPort
              + " and "
              + portRange);
    }
    positive("profiles", profiles);
    positive("histories", histories);
    positive("stages", stages);
    positive("volumes", volumes);
    positive("credentials", credentials);
  }

  private static void positive(String cache, long maxCount) {
    if (maxCount < 1) {
      throw new IllegalArgumentException(
          "parcours.cache." + cache + ".max-count must be at least 1, got " + maxCount);
    }
  }

  /** Local caches of the default sizes. */
  public static CacheSettings defaults() {
    return new CacheSettings(
        Mode.LOCAL,
        null,
        "parcours",
        "parcours-tcp",
        "SITE_LOCAL",
        7800,
        10,
        "localhost[7800]",
        200_000,
        200_000,
        200_000,
        10_000,
        10_000);
  }

  /** These settings distributed over JGroups, listening on {@code bindAddress[bindPort]}. */
  public CacheSettings distributed(
      String bindAddress, int bindPort, int portRange, String initialHosts) {
    return new CacheSettings(
        Mode.DISTRIBUTED,
        configuration,
        cluster,
        stack,
        bindAddress,
        bindPort,
        portRange,
        initialHosts,
        profiles,
        histories,
        stages,
        volumes,
        credentials);
  }

  /** These settings with other sizes. */
  public CacheSettings withMaxCounts(
      long profiles, long histories, long stages, long volumes, long credentials) {
    return new CacheSettings(
        mode,
        configuration,
        cluster,
        stack,
        bindAddress,
        bindPort,
        portRange,
        initialHosts,
        profiles,
        histories,
        stages,
        volumes,
        credentials);
  }

  /** The {@code ${parcours.cache.*}} properties the cache configuration reads. */
  public Properties properties() {
    Properties p = new Properties();
    p.setProperty("parcours.cache.cluster", cluster);
    p.setProperty("parcours.cache.jgroups.stack", stack);
    p.setProperty("parcours.cache.jgroups.bind-address", bindAddress);
    p.setProperty("parcours.cache.jgroups.bind-port", Integer.toString(bindPort));
    p.setProperty("parcours.cache.jgroups.port-range", Integer.toString(portRange));
    p.setProperty("parcours.cache.jgroups.initial-hosts", initialHosts);
    p.setProperty("parcours.cache.profiles.max-count", Long.toString(profiles));
    p.setProperty("parcours.cache.histories.max-count", Long.toString(histories));
    p.setProperty("parcours.cache.stages.max-count", Long.toString(stages));
    p.setProperty("parcours.cache.volumes.max-count", Long.toString(volumes));
    p.setProperty("parcours.cache.credentials.max-count", Long.toString(credentials));
    return p;
  }
}
