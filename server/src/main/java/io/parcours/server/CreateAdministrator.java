package io.parcours.server;

import io.parcours.db.Pbkdf2Passwords;
import io.parcours.db.PostgresDatabase;
import io.parcours.db.PostgresUsers;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The first administrator of a new installation: on a database with no enabled administrator,
 * creates one with a generated password and prints it, once. Run by {@code mvn -pl server
 * -Pcreate-admin -Dparcours.admin.username=alice} against {@code PARCOURS_DB_URL}, {@code
 * PARCOURS_DB_USER} and {@code PARCOURS_DB_PASSWORD}; it brings the schema up to date first.
 * Everyone else is then created by that administrator, in the console or through {@code
 * /api/v1/users}.
 *
 * <p>Exits 0 when the administrator was created; 1 with one line on standard error when an enabled
 * administrator exists already (nothing is changed), the name is taken or wrong, or the database
 * cannot be reached.
 */
public final class CreateAdministrator {

  private CreateAdministrator() {}

  public static void main(String[] args) {
    String username = System.getProperty("parcours.admin.username", args.length > 0 ? args[0] : "");
    String displayName =
        System.getProperty("parcours.admin.display-name", args.length > 1 ? args[1] : null);
    System.exit(
        run(System.getenv(), username, displayName, Clock.systemUTC(), System.out, System.err));
  }

  /** Creates the administrator; returns the exit status. */
  static int run(
      Map<String, String> env,
      String username,
      String displayName,
      Clock clock,
      PrintStream out,
      PrintStream err) {
    if (!PostgresUsers.acceptableName(username)) {
      err.println(
          "create-admin: name the administrator with -Dparcours.admin.username=<name>: 1 to 64 lower-case"
              + " letters, digits, dots, dashes or underscores, starting with a letter or digit, not '"
              + PostgresUsers.PARCOURS_ITSELF
              + "'");
      return 1;
    }
    String url = env.getOrDefault("PARCOURS_DB_URL", "jdbc:postgresql://localhost:5432/parcours");
    PostgresDatabase.Settings settings =
        new PostgresDatabase.Settings(
            url,
            env.getOrDefault("PARCOURS_DB_USER", "parcours"),
            env.getOrDefault("PARCOURS_DB_PASSWORD", "parcours"),
            2);
    String password = Pbkdf2Passwords.generate();
    Instant now = clock.instant();
    PostgresUsers.FirstAdministrator outcome;
    try (PostgresDatabase database = PostgresDatabase.connect(settings)) {
      database.migrate();
      outcome =
          new PostgresUsers(database.dataSource())
              .createFirstAdministrator(
                  PostgresUsers.User.of(
                      username,
                      blankToNull(displayName),
                      Pbkdf2Passwords.hash(password),
                      Set.of(PostgresUsers.ADMINISTRATOR),
                      now),
                  "(create-admin command, OS user "
                      + System.getProperty("user.name", "unknown")
                      + ")",
                  now);
    } catch (RuntimeException e) {
      // the driver, the pool and Flyway report an unreachable or refusing database each their own
      // way
      err.println(
          "create-admin: cannot create the administrator in "
              + withoutQuery(url)
              + ": "
              + e.getMessage());
      return 1;
    }
    return switch (outcome) {
      case CREATED -> {
        out.println(
            "Created the administrator '" + username + "'. Password, shown this once: " + password);
        out.println(
            "Sign in at the console and create a user for every person and channel system (Users tab).");
        yield 0;
      }
      case ADMINISTRATOR_EXISTS -> {
        err.println(
            "create-admin: refused: an enabled administrator exists already; sign in as one and create"
                + " users in the console's Users tab or with POST /api/v1/users");
        yield 1;
      }
      case NAME_TAKEN -> {
        err.println(
            "create-admin: refused: a user '" + username + "' exists already; choose another name");
        yield 1;
      }
    };
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }
}
