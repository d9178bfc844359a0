package io.parcours.engine.runtime;

import io.parcours.db.Pbkdf2Passwords;
import io.parcours.db.PostgresUsers;
import io.parcours.engine.UnknownUserException;
import io.parcours.engine.UserChangeException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an administrator does to users: create them, disable and enable them, give them roles, reset
 * their passwords. Every change names the signed-in person who made it, in {@code user_changes}; a
 * password chosen by Parcours is returned once to the caller and never stored but as its hash.
 */
public final class UserAdministration {

  /** The shortest password a person may choose; a generated one is longer. */
  public static final int MIN_PASSWORD_LENGTH = 12;

  /** The longest password accepted: PBKDF2's cost grows with it. */
  public static final int MAX_PASSWORD_LENGTH = 200;

  /**
   * The name Parcours records its own changes under (the rule set and the models it ships with): no
   * user may have it.
   */
  public static final String PARCOURS_ITSELF = PostgresUsers.PARCOURS_ITSELF;

  /**
   * Whether {@code username} can be a user's name: 1 to 64 lower-case letters, digits, dots, dashes
   * or underscores, starting with a letter or digit, and not {@link #PARCOURS_ITSELF}.
   */
  public static boolean acceptableName(String username) {
    return PostgresUsers.acceptableName(username);
  }

  /** A user as the API shows it: never its password hash. */
  public record UserView(
      String username,
      String displayName,
      Set<String> roles,
      boolean enabled,
      java.time.Instant createdAt,
      java.time.Instant changedAt) {
    static UserView of(PostgresUsers.User u) {
      return new UserView(
          u.username(), u.displayName(), u.roles(), u.enabled(), u.createdAt(), u.changedAt());
    }
  }

  /**
   * A user just created or whose password was reset, with the password Parcours chose, if it chose
   * one.
   */
  public record WithPassword(UserView user, String generatedPassword) {}

  /**
   * One recorded change of a user.
   *
   * @param kind {@code created}, {@code disabled}, {@code enabled}, {@code roles-changed} or {@code
   *     password-reset}
   * @param changedBy who made it
   * @param details what changed, as a JSON object (roles before and after; never a password)
   */
  public record UserChange(
      long id, String username, String kind, String changedBy, Instant changedAt, String details) {
    static UserChange of(PostgresUsers.Change c) {
      return new UserChange(
          c.id(), c.username(), c.kind(), c.changedBy(), c.changedAt(), c.details());
    }
  }

  private final PostgresUsers users;
  private final Clock clock;

  public UserAdministration(PostgresUsers users, Clock clock) {
    this.users = users;
    this.clock = clock;
  }

  /** Every user, by name. */
  public List<UserView> list() {
    return users.list().stream().map(UserView::of).toList();
  }

  /** One user. */
  public UserView find(String username) {
    return users
        .find(username)
        .map(UserView::of)
        .orElseThrow(() -> new UnknownUserException(username));
  }

  /**
   * Creates an enabled user; with no {@code password}, Parcours chooses one and returns it, once.
   *
   * @throws UserChangeException INVALID for an unacceptable name, role or password, CONFLICT for a
   *     name already taken
   */
  public WithPassword create(
      String by, String username, String displayName, Set<String> roles, String password) {
    checkUsername(username);
    checkRoles(roles);
    String chosen = password == null ? Pbkdf2Passwords.generate() : checkPassword(password);
    PostgresUsers.User user =
        PostgresUsers.User.of(
            username, displayName, Pbkdf2Passwords.hash(chosen), roles, clock.instant());
    if (!users.create(user, by, clock.instant())) {
      throw new UserChangeException(
          UserChangeException.Kind.CONFLICT,
          null,
          "a user '" + username + "' exists already; choose another name, or enable that user");
    }
    return new WithPassword(find(username), password == null ? chosen : null);
  }

  /**
   * Disables or enables a user: a disabled user cannot sign in, from the next request on.
   *
   * @throws UserChangeException CONFLICT when it would disable the last enabled administrator
   */
  public UserView setEnabled(String by, String username, boolean enabled) {
    return guarded(() -> users.setEnabled(username, enabled, by, clock.instant()), username);
  }

  /**
   * Gives a user exactly these roles.
   *
   * @throws UserChangeException INVALID for an unknown role or none, CONFLICT when it would leave
   *     no enabled administrator
   */
  public UserView setRoles(String by, String username, Set<String> roles) {
    checkRoles(roles);
    return guarded(() -> users.setRoles(username, roles, by, clock.instant()), username);
  }

  /** Gives a user a new password; with none given, Parcours chooses one and returns it, once. */
  public WithPassword resetPassword(String by, String username, String password) {
    String chosen = password == null ? Pbkdf2Passwords.generate() : checkPassword(password);
    UserView user =
        guarded(
            () ->
                users.setPasswordHash(username, Pbkdf2Passwords.hash(chosen), by, clock.instant()),
            username);
    return new WithPassword(user, password == null ? chosen : null);
  }

  /** The recorded changes of users, newest first; of one user when {@code username} is not null. */
  public List<UserChange> changes(String username, int limit, int offset) {
    return users.changes(username, limit, offset).stream().map(UserChange::of).toList();
  }

  private static UserView guarded(
      java.util.function.Supplier<Optional<PostgresUsers.User>> change, String username) {
    try {
      return change.get().map(UserView::of).orElseThrow(() -> new UnknownUserException(username));
    } catch (PostgresUsers.LastAdministratorException e) {
      throw new UserChangeException(UserChangeException.Kind.CONFLICT, null, e.getMessage());
    }
  }

  static void checkUsername(String username) {
    if (!acceptableName(username)) {
      throw new UserChangeException(
          UserChangeException.Kind.INVALID,
          "username",
          "must be 1 to 64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or"
              + " digit, and not '"
              + PARCOURS_ITSELF
              + "', the name Parcours records its own"
              + " changes under");
    }
  }

  static void checkRoles(Set<String> roles) {
    if (roles == null || roles.isEmpty()) {
      throw new UserChangeException(
          UserChangeException.Kind.INVALID,
          "roles",
          "must name at least one of " + UserDirectory.ROLES);
    }
    for (String role : roles) {
      if (!UserDirectory.ROLES.contains(role)) {
        throw new UserChangeException(
            UserChangeException.Kind.INVALID,
            "roles",
            "'" + role + "' is not a role; the roles are " + UserDirectory.ROLES);
      }
    }
  }

  static String checkPassword(String password) {
    if (password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
      throw new UserChangeException(
          UserChangeException.Kind.INVALID,
          "password",
          "must be "
              + MIN_PASSWORD_LENGTH
              + " to "
              + MAX_PASSWORD_LENGTH
              + " characters; or leave it out and"
              + " Parcours chooses one");
    }
    return password;
  }
}
