package io.parcours.server.payara;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The environment of a Payara domain that runs Parcours in demo mode on an embedded PostgreSQL: the
 * database settings, the demo pack, and a demo users' file in which each user has a password of its
 * own, generated for this run.
 */
public final class DemoEnvironment {

  /** The demo users, one per role, each with a password of its own. */
  public static final List<String> USERS =
      List.of("channel", "business", "scientist", "compliance", "approver", "admin");

  private final Map<String, String> environment;
  private final Map<String, String> passwords;

  private DemoEnvironment(Map<String, String> environment, Map<String, String> passwords) {
    this.environment = environment;
    this.passwords = passwords;
  }

  /**
   * This process's environment with the engine's settings for PostgreSQL on {@code databasePort}
   * and demo mode; the users' file is written in {@code directory}.
   *
   * @param passwordPrefix the start of each generated password, which names the run that made it
   */
  public static DemoEnvironment create(Path directory, int databasePort, String passwordPrefix)
      throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PARCOURS_DB_URL", "jdbc:postgresql://localhost:" + databasePort + "/postgres");
    env.put("PARCOURS_DB_USER", "postgres");
    env.put("PARCOURS_DB_PASSWORD", "postgres");
    env.put("PARCOURS_DEMO", "true");
    Map<String, String> passwords = new LinkedHashMap<>();
    StringBuilder users = new StringBuilder();
    for (String user : USERS) {
      passwords.put(user, passwordPrefix + "-" + user + "-" + UUID.randomUUID());
      users.append(user).append('=').append(passwords.get(user)).append('\n');
    }
    Files.createDirectories(directory);
    Path usersFile = directory.resolve("demo-users.properties");
    Files.writeString(usersFile, users);
    env.put("PARCOURS_DEMO_USERS_FILE", usersFile.toString());
    return new DemoEnvironment(env, passwords);
  }

  /** Sets one more of the engine's settings ({@code PARCOURS_…}); returns this. */
  public DemoEnvironment with(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** The environment, for {@link PayaraDomain}. */
  public Map<String, String> environment() {
    return environment;
  }

  /** The generated password of a demo user. */
  public String password(String user) {
    String p = passwords.get(user);
    if (p == null) {
      throw new IllegalArgumentException("no demo user '" + user + "'; the users are " + USERS);
    }
    return p;
  }
}
