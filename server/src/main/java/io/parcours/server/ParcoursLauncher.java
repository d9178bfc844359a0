package io.parcours.server;

import io.parcours.db.Pbkdf2Passwords;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The run command: starts PostgreSQL (embedded, unless {@code PARCOURS_DB_URL} names one), starts
 * the Payara Server domain with the database settings in its environment and demo mode asked for,
 * deploys the EAR, waits until the demo is loaded and the API answers, prints where to go and the
 * demo users' passwords (kept in {@code .parcours/demo-users.properties}, readable by its owner
 * only), and stops everything on Ctrl-C.
 */
public final class ParcoursLauncher {

  private static final String BASE_URL = "http://localhost:8080/";

  /** The demo users' passwords, in the state directory. */
  static final String DEMO_USERS = "demo-users.properties";

  /** The demo users, one per role and named after it (the engine's {@code UserDirectory.ROLES}). */
  static final List<String> ROLES =
      List.of("channel", "business", "scientist", "compliance", "approver", "admin");

  private ParcoursLauncher() {}

  public static void main(String[] args) {
    try {
      run();
    } catch (LaunchException e) {
      System.err.println("Parcours did not start: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void run() {
    Path payara = Path.of(required("payara.home"));
    Path ear = Path.of(required("parcours.ear"));
    Path state = Path.of(System.getProperty("parcours.state", ".parcours"));
    Path asadmin = payara.resolve("bin/asadmin");
    if (!Files.isRegularFile(asadmin) || !Files.isRegularFile(ear)) {
      throw new LaunchException("build first: " + asadmin + " or " + ear + " is missing");
    }
    asadmin.toFile().setExecutable(true);

    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    EmbeddedDatabase database = null;
    if (blank(env.get("PARCOURS_DB_URL"))) {
      EmbeddedDatabase.Durability durability;
      try {
        durability = EmbeddedDatabase.Durability.fromEnvironment();
      } catch (IllegalArgumentException e) {
        throw new LaunchException(e.getMessage());
      }
      System.out.println(
          "Starting the embedded PostgreSQL (data in "
              + state.resolve("postgres")
              + ", "
              + (durability == EmbeddedDatabase.Durability.DURABLE
                  ? "durable: fsync and synchronous commit on"
                  : "NOT durable: "
                      + EmbeddedDatabase.UNSAFE_NO_FSYNC
                      + "=true, a crash can lose what was"
                      + " acknowledged")
              + ") …");
      database = EmbeddedDatabase.start(0, state.resolve("postgres"), durability);
      env.put("PARCOURS_DB_URL", database.jdbcUrl());
      env.put("PARCOURS_DB_USER", "postgres");
      env.put("PARCOURS_DB_PASSWORD", "postgres");
    } else {
      System.out.println("Using the database at " + env.get("PARCOURS_DB_URL"));
    }
    // the run command is the demo: its users, one per role, each with a password of its own
    env.put("PARCOURS_DEMO", "true");
    Path usersFile = state.resolve(DEMO_USERS).toAbsolutePath();
    Map<String, String> passwords = demoUsers(usersFile);
    env.put("PARCOURS_DEMO_USERS_FILE", usersFile.toString());

    EmbeddedDatabase db = database;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping Parcours …");
                  asadmin(asadmin, env, "undeploy", "parcours");
                  asadmin(asadmin, env, "stop-domain", "domain1");
                  if (db != null) {
                    db.close();
                  }
                }));

    String heap = heap(env.get("PARCOURS_SERVER_HEAP"));
    serverHeap(payara.resolve("glassfish/domains/domain1/config/domain.xml"), heap);
    System.out.println("Starting Payara Server (heap " + heap + ") …");
    check(asadmin(asadmin, env, "start-domain", "domain1"), "start-domain");
    // the domain's default of 5 request threads leaves the audit group commit too few decisions to
    // share
    check(
        asadmin(
            asadmin,
            env,
            "set",
            "configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-thread-pool-size=64"),
        "set http-thread-pool");
    if (deployed(asadmin, env)) {
      // left registered by a run that did not stop cleanly: remove it before deploying this build
      System.out.println("Removing the deployment left by an earlier run …");
      check(asadmin(asadmin, env, "undeploy", "parcours"), "undeploy");
    }
    System.out.println("Deploying Parcours and loading the demo …");
    check(
        asadmin(asadmin, env, "deploy", "--force=true", "--name", "parcours", ear.toString()),
        "deploy");
    checkApi(passwords.get("channel"));

    System.out.println();
    System.out.println("Parcours is running at " + BASE_URL);
    System.out.println("  console:  " + BASE_URL);
    System.out.println(
        "  users:    one per role, each with its own password (kept in " + usersFile + "):");
    for (String role : ROLES) {
      System.out.printf("              %-11s %s%n", role, passwords.get(role));
    }
    System.out.println("  API:      " + BASE_URL + "openapi");
    System.out.println(
        "  try:      curl -u channel:"
            + passwords.get("channel")
            + " -H 'Content-Type: application/json' \\");
    System.out.println(
        "              -d '{\"customerId\":\"C000001\",\"channel\":\"web\",\"limit\":3}' "
            + BASE_URL
            + "api/v1/decisions");
    System.out.println("Press Ctrl-C to stop.");
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The server's heap when {@code PARCOURS_SERVER_HEAP} does not say: room for the caches. */
  static final String DEFAULT_HEAP = "1536m";

  /**
   * The heap {@code setting} asks for ({@code 1536m}, {@code 4g}), or the default when it is blank.
   *
   * @throws LaunchException when it is not a size the JVM takes
   */
  static String heap(String setting) {
    if (blank(setting)) {
      return DEFAULT_HEAP;
    }
    String heap = setting.trim().toLowerCase(java.util.Locale.ROOT);
    if (!heap.matches("[1-9][0-9]*[mg]")) {
      throw new LaunchException(
          "PARCOURS_SERVER_HEAP must be a size in megabytes or gigabytes such as 1536m or 4g, not '"
              + setting
              + "'");
    }
    return heap;
  }

  /**
   * Gives the domain's JVM {@code heap}: Payara's default of 512 MB leaves the caches of the demo's
   * customers (profiles, contact histories, stages; up to 200,000 of each by default) too little
   * room once there are a million customers.
   */
  static void serverHeap(Path domainXml, String heap) {
    try {
      String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
      String changed =
          xml.replaceAll(
              "<jvm-options>-Xmx[0-9]+[mMgG]</jvm-options>",
              "<jvm-options>-Xmx" + heap + "</jvm-options>");
      if (!changed.equals(xml)) {
        Files.writeString(domainXml, changed, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new LaunchException("the server's heap could not be set in " + domainXml + ": " + e);
    }
  }

  /** Deploy returns once the engine started, so one call tells whether the API answers. */
  private static void checkApi(String password) {
    HttpClient http = HttpClient.newHttpClient();
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("channel:" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(BASE_URL + "api/v1/actions"))
            .header("Authorization", auth)
            .timeout(Duration.ofSeconds(30))
            .build();
    int status;
    try {
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new LaunchException("the API at " + BASE_URL + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while checking the API");
    }
    if (status != 200) {
      throw new LaunchException(
          "the API answered HTTP "
              + status
              + " for the demo user; see"
              + " payara6/glassfish/domains/domain1/logs/server.log");
    }
  }

  /**
   * The demo users' passwords, one per role, from {@code file}; a role the file does not name yet
   * gets a generated password, and the file is written back readable by its owner only.
   */
  static Map<String, String> demoUsers(Path file) {
    Properties kept = new Properties();
    try {
      if (Files.isRegularFile(file)) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          kept.load(in);
        }
      }
      Map<String, String> passwords = new LinkedHashMap<>();
      boolean added = false;
      for (String role : ROLES) {
        String password = kept.getProperty(role, "").trim();
        if (password.isEmpty()) {
          password = Pbkdf2Passwords.generate();
          added = true;
        }
        passwords.put(role, password);
      }
      if (added) {
        write(file, passwords);
      } else {
        ownerOnly(file);
      }
      return passwords;
    } catch (IOException e) {
      throw new LaunchException(
          "cannot keep the demo users' passwords in " + file + ": " + e.getMessage());
    }
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the file keeps the permissions it has
    }
  }

  private static void write(Path file, Map<String, String> passwords) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path next = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(next);
    try {
      Files.createFile(
          next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the file keeps the directory's permissions
      Files.createFile(next);
    }
    StringBuilder text =
        new StringBuilder("# Parcours demo users: one per role, each with its own password\n");
    passwords.forEach(
        (role, password) -> text.append(role).append('=').append(password).append('\n'));
    Files.writeString(next, text.toString(), StandardCharsets.UTF_8);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static boolean deployed(Path asadmin, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(asadmin.toString(), "list-applications", "--terse");
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    try {
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out.lines().anyMatch(l -> l.trim().startsWith("parcours"));
    } catch (IOException e) {
      throw new LaunchException("cannot run " + asadmin + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int asadmin(Path asadmin, Map<String, String> env, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(asadmin.toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().clear();
    builder.environment().putAll(env);
    try {
      return builder.start().waitFor();
    } catch (IOException e) {
      throw new LaunchException("cannot run " + asadmin + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void check(int exit, String what) {
    if (exit != 0) {
      throw new LaunchException(
          "asadmin " + what + " failed (exit " + exit + "); its output is above");
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (blank(value)) {
      throw new LaunchException(
          "the system property " + property + " is not set; run through Maven");
    }
    return value;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static final class LaunchException extends RuntimeException {
    LaunchException(String message) {
      super(message);
    }
  }
}
