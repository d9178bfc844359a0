package io.parcours.server.payara;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Payara Server domain of a Payara copy of its own (the crash suite's, the soak benchmark's),
 * driven with {@code asadmin}: created once on a port base of its own (so that it stands beside a
 * run command's or the integration tests' server), started with the engine's settings in its
 * environment, watched and killed with SIGKILL by the pid the domain writes. Its server log tells
 * which cluster views the caches' JGroups channel went through.
 */
public final class PayaraDomain {

  /** The most request threads of the domain's HTTP listener. */
  public static final int REQUEST_THREADS = 64;

  /**
   * A record of Payara's log (ODL format): each starts on a line of its own with {@code
   * [<timestamp>]}.
   */
  private static final Pattern RECORD = Pattern.compile("(?m)^(?=\\[\\d{4}-)");

  private static final Pattern LOGGED_AT = Pattern.compile("\\[timeMillis: (\\d+)\\]");

  /**
   * A cluster view as the node's log reports it, Infinispan's {@code ISPN000094} (or {@code
   * ISPN000093} after a merge): {@code [coordinator|number] (members) [names]}.
   *
   * @param id the view's id, {@code coordinator|number}: the same on every member of that view
   * @param number the view's number, increasing with each view the coordinator installs
   * @param members how many members it has
   * @param loggedAt when the node logged it (epoch milliseconds)
   */
  public record ClusterView(String id, long number, int members, long loggedAt) {}

  private final Path payara;
  private final String name;
  private final int portBase;
  private final Map<String, String> environment;

  /**
   * @param payara the Payara installation ({@code payara6})
   * @param name the domain's name
   * @param portBase the domain's port base: admin {@code +48}, HTTP {@code +80}
   * @param environment the server's environment: the engine's settings
   */
  public PayaraDomain(Path payara, String name, int portBase, Map<String, String> environment) {
    this.payara = payara;
    this.name = name;
    this.portBase = portBase;
    this.environment = environment;
  }

  /** The base URL of the domain's HTTP listener. */
  public String baseUrl() {
    return "http://localhost:" + (portBase + 80) + "/";
  }

  /**
   * Creates the domain afresh (a domain left by an earlier run, with its application and its
   * database settings, is deleted first), starts it and deploys {@code ear}.
   */
  public void startAndDeploy(Path ear, String user, String password)
      throws IOException, InterruptedException {
    if (Files.isDirectory(domainDir())) {
      stop();
      asadmin("delete-domain", name);
    }
    asadmin("create-domain", "--nopassword=true", "--portbase", String.valueOf(portBase), name);
    // a heap of 2 GiB instead of the new domain's 512 MiB: the server runs a load for minutes
    Path config = domainDir().resolve("config/domain.xml");
    Files.writeString(
        config,
        Files.readString(config)
            .replace("<jvm-options>-Xmx512m</jvm-options>", "<jvm-options>-Xmx2g</jvm-options>"));
    asadmin("start-domain", name);
    // the default of 5 request threads would leave the group commits too few decisions to share
    asadmin(
        "set",
        "configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-thread-pool-size="
            + REQUEST_THREADS);
    asadmin("deploy", "--force=true", "--name", "parcours", ear.toString());
    awaitApi(user, password, Duration.ofMinutes(3));
  }

  /** Starts the domain again after a kill; the application it had deployed starts with it. */
  public void restart(String user, String password) throws IOException, InterruptedException {
    asadmin("start-domain", name);
    awaitApi(user, password, Duration.ofMinutes(3));
  }

  /** Kills the server's JVM with SIGKILL: no shutdown hook, no flush, nothing said to anyone. */
  public long kill() throws IOException {
    long pid = pid();
    ProcessHandle process =
        ProcessHandle.of(pid)
            .orElseThrow(() -> new IOException("no process " + pid + " for domain " + name));
    process.destroyForcibly();
    process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    return pid;
  }

  /** The pid of the server's JVM, as the running domain wrote it. */
  public long pid() throws IOException {
    return Long.parseLong(Files.readString(domainDir().resolve("config/pid")).trim());
  }

  /** Stops the domain, if it runs. */
  public void stop() {
    try {
      asadmin("stop-domain", "--kill=true", name);
    } catch (IOException | InterruptedException e) {
      System.err.println("domain " + name + " did not stop cleanly: " + e.getMessage());
    }
  }

  public Path serverLog() {
    return domainDir().resolve("logs/server.log");
  }

  /**
   * The newest view of the caches' cluster {@code cluster} that the server log reports, rotated
   * logs included; empty when it reports none (local caches, or not joined yet).
   */
  public Optional<ClusterView> clusterView(String cluster) throws IOException {
    Pattern view =
        Pattern.compile(
            "cluster view for channel "
                + Pattern.quote(cluster)
                + ": \\[([^|\\]]+)\\|(\\d+)\\] \\((\\d+)\\)");
    List<Path> logs;
    try (Stream<Path> files = Files.list(serverLog().getParent())) {
      logs = files.filter(f -> f.getFileName().toString().startsWith("server.log")).toList();
    }
    ClusterView newest = null;
    for (Path log : logs) {
      for (String record : RECORD.split(Files.readString(log, StandardCharsets.UTF_8))) {
        Matcher m = view.matcher(record);
        if (!m.find()) {
          continue;
        }
        Matcher at = LOGGED_AT.matcher(record);
        long number = Long.parseLong(m.group(2));
        ClusterView v =
            new ClusterView(
                m.group(1) + "|" + number,
                number,
                Integer.parseInt(m.group(3)),
                at.find() ? Long.parseLong(at.group(1)) : 0);
        if (newest == null
            || v.number() > newest.number()
            || (v.number() == newest.number() && v.loggedAt() > newest.loggedAt())) {
          newest = v;
        }
      }
    }
    return Optional.ofNullable(newest);
  }

  private Path domainDir() {
    return payara.resolve("glassfish/domains").resolve(name);
  }

  /** Waits until a decision-free call of the API answers 200 for {@code user}. */
  private void awaitApi(String user, String password, Duration within)
      throws InterruptedException, IOException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + within.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "api/v1/actions"))
                    .header("Authorization", auth)
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        last = r.statusCode();
        if (last == 200) {
          return;
        }
      } catch (IOException notYet) {
        last = -1;
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new IOException(
        "domain "
            + name
            + " did not answer within "
            + within
            + " (last status "
            + last
            + "); see "
            + serverLog());
  }

  private void asadmin(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(payara.resolve("bin/asadmin").toString());
    if (!arguments[0].endsWith(
        "-domain")) { // the domain commands are local; the others go to its admin port
      command.add("--port");
      command.add(String.valueOf(portBase + 48));
    }
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("asadmin " + String.join(" ", arguments) + " failed: " + out.strip());
    }
  }
}
