package io.parcours.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The people and channel systems who use the API and console: hashed passwords, roles, enabled or
 * not, and every change made to them in {@code user_changes}, written in the transaction of the
 * change.
 */
public final class PostgresUsers {

  /**
   * A user name: lower-case letters, digits, dots, dashes and underscores, starting with a letter
   * or digit.
   */
  public static final java.util.regex.Pattern USERNAME =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /**
   * The name Parcours records its own changes under (the rule set and the models it ships with): no
   * user may have it, so that a record naming it was not made by a person.
   */
  public static final String PARCOURS_ITSELF = "parcours";

  /**
   * Whether {@code username} can be a user's name: of {@link #USERNAME}'s form, and not Parcours'
   * own.
   */
  public static boolean acceptableName(String username) {
    return username != null
        && USERNAME.matcher(username).matches()
        && !username.equals(PARCOURS_ITSELF);
  }

  /** The role that may change users; the last enabled user holding it cannot lose it. */
  public static final String ADMINISTRATOR = "admin";

  /**
   * A stored user.
   *
   * @param stamp increased by every change of the password, roles or state
   */
  public record User(
      String username,
      String displayName,
      String passwordHash,
      Set<String> roles,
      boolean enabled,
      long stamp,
      Instant createdAt,
      Instant changedAt) {

    public User {
      roles = Set.copyOf(roles);
    }

    /** A new, enabled user. */
    public static User of(
        String username, String displayName, String passwordHash, Set<String> roles, Instant at) {
      return new User(username, displayName, passwordHash, roles, true, 1, at, null);
    }

    boolean enabledAdministrator() {
      return enabled && roles.contains(ADMINISTRATOR);
    }
  }

  /**
   * One recorded change of a user.
   *
   * @param kind {@code created}, {@code disabled}, {@code enabled}, {@code roles-changed} or {@code
   *     password-reset}
   * @param changedBy who made it
   * @param details what changed, as a JSON object (roles before and after; never a password)
   */
  public record Change(
      long id, String username, String kind, String changedBy, Instant changedAt, String details) {}

  /**
   * A change that would leave no enabled administrator, and so no one able to change users again.
   */
  public static final class LastAdministratorException extends RuntimeException {
    LastAdministratorException(String username) {
      super(
          username
              + " is the last enabled administrator; make another user an administrator first");
    }
  }

  /** What became of a request to create the first administrator. */
  public enum FirstAdministrator {
    CREATED,
    /** An enabled administrator exists already: nothing was done. */
    ADMINISTRATOR_EXISTS,
    /** A user of that name exists already: nothing was done. */
    NAME_TAKEN
  }

  private static final String COLUMNS =
      "username, display_name, password_hash, roles, enabled, stamp, created_at, changed_at";

  private final DataSource dataSource;

  public PostgresUsers(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The user named {@code username}, if any. */
  public Optional<User> find(String username) {
    try (Connection c = dataSource.getConnection()) {
      return find(c, username, false);
    } catch (SQLException e) {
      throw new PersistenceException("reading user " + username, e);
    }
  }

  /** Every user, by name. */
  public List<User> list() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select " + COLUMNS + " from app_users order by username");
        ResultSet r = s.executeQuery()) {
      List<User> users = new ArrayList<>();
      while (r.next()) {
        users.add(user(r));
      }
      return users;
    } catch (SQLException e) {
      throw new PersistenceException("listing users", e);
    }
  }

  /**
   * The stamp of the user named {@code username} when it is enabled; empty for a disabled or
   * unknown user. One primary-key read: what a node pays per request to know that what it verified
   * still holds.
   */
  public OptionalLong enabledStamp(String username) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select stamp from app_users where username = ? and enabled")) {
      s.setString(1, username);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading the stamp of user " + username, e);
    }
  }

  /**
   * Creates {@code user} and records it as made by {@code by}.
   *
   * @return false, with nothing changed, when a user of that name exists
   */
  public boolean create(User user, String by, Instant at) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        boolean created = insert(c, user, by, at);
        c.commit();
        return created;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("creating user " + user.username(), e);
    }
  }

  /**
   * Creates {@code user}, an administrator, only when no enabled administrator exists: the table is
   * locked against other changes for the check, so two commands run at once create one
   * administrator.
   */
  public FirstAdministrator createFirstAdministrator(User user, String by, Instant at) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("lock table app_users in share row exclusive mode");
        try (ResultSet r =
            s.executeQuery(
                "select count(*) from app_users where enabled and '"
                    + ADMINISTRATOR
                    + "' = any(roles)")) {
          r.next();
          if (r.getLong(1) > 0) {
            c.rollback();
            return FirstAdministrator.ADMINISTRATOR_EXISTS;
          }
        }
        boolean created = insert(c, user, by, at);
        c.commit();
        return created ? FirstAdministrator.CREATED : FirstAdministrator.NAME_TAKEN;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("creating the first administrator " + user.username(), e);
    }
  }

  /**
   * Enables or disables a user; empty when there is none of that name. Nothing is recorded when the
   * user already is so.
   *
   * @throws LastAdministratorException when it would disable the last enabled administrator
   */
  public Optional<User> setEnabled(String username, boolean enabled, String by, Instant at) {
    return change(
        username,
        enabled ? "enabled" : "disabled",
        by,
        at,
        u ->
            new User(
                u.username(),
                u.displayName(),
                u.passwordHash(),
                u.roles(),
                enabled,
                u.stamp(),
                u.createdAt(),
                u.changedAt()));
  }

  /**
   * Gives a user these roles instead of its own; empty when there is none of that name.
   *
   * @throws LastAdministratorException when it would take the role away from the last enabled
   *     administrator
   */
  public Optional<User> setRoles(String username, Set<String> roles, String by, Instant at) {
    return change(
        username,
        "roles-changed",
        by,
        at,
        u ->
            new User(
                u.username(),
                u.displayName(),
                u.passwordHash(),
                roles,
                u.enabled(),
                u.stamp(),
                u.createdAt(),
                u.changedAt()));
  }

  /** Replaces a user's password hash; empty when there is none of that name. */
  public Optional<User> setPasswordHash(
      String username, String passwordHash, String by, Instant at) {
    return change(
        username,
        "password-reset",
        by,
        at,
        u ->
            new User(
                u.username(),
                u.displayName(),
                passwordHash,
                u.roles(),
                u.enabled(),
                u.stamp(),
                u.createdAt(),
                u.changedAt()));
  }

  /** The recorded changes, newest first; of one user when {@code username} is not null. */
  public List<Change> changes(String username, int limit, int offset) {
    String sql =
        "select change_id, username, kind, changed_by, changed_at, details::text from user_changes"
            + (username == null ? "" : " where username = ?")
            + " order by change_id desc limit ? offset ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      if (username != null) {
        s.setString(i++, username);
      }
      s.setInt(i++, limit);
      s.setInt(i, offset);
      List<Change> changes = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          changes.add(
              new Change(
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getTimestamp(5).toInstant(),
                  r.getString(6)));
        }
      }
      return changes;
    } catch (SQLException e) {
      throw new PersistenceException("reading user changes", e);
    }
  }

  private Optional<User> change(
      String username, String kind, String by, Instant at, UnaryOperator<User> how) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        // the check for a remaining administrator must see every concurrent change of users
        try (Statement s = c.createStatement()) {
          s.execute("lock table app_users in share row exclusive mode");
        }
        Optional<User> found = find(c, username, true);
        if (found.isEmpty()) {
          c.rollback();
          return found;
        }
        User before = found.get();
        User after = how.apply(before);
        if (after.equals(before)) {
          c.rollback();
          return found;
        }
        if (before.enabledAdministrator()
            && !after.enabledAdministrator()
            && otherAdministrators(c, username) == 0) {
          throw new LastAdministratorException(username);
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "update app_users set password_hash = ?, roles = ?, enabled = ?, stamp = stamp + 1, changed_at = ?"
                    + " where username = ?")) {
          s.setString(1, after.passwordHash());
          s.setArray(2, PostgresDatabase.textArray(c, new TreeSet<>(after.roles())));
          s.setBoolean(3, after.enabled());
          s.setTimestamp(4, Timestamp.from(at));
          s.setString(5, username);
          s.executeUpdate();
        }
        String details =
            kind.equals("roles-changed")
                ? "{\"from\":"
                    + jsonArray(before.roles())
                    + ",\"to\":"
                    + jsonArray(after.roles())
                    + "}"
                : "{}";
        record(c, username, kind, by, at, details);
        c.commit();
        return find(c, username, false);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("changing user " + username + " (" + kind + ")", e);
    }
  }

  private static long otherAdministrators(Connection c, String username) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "select count(*) from app_users where enabled and ? = any(roles) and username <> ?")) {
      s.setString(1, ADMINISTRATOR);
      s.setString(2, username);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static boolean insert(Connection c, User user, String by, Instant at)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into app_users (username, display_name, password_hash, roles, enabled, stamp, created_at)"
                + " values (?, ?, ?, ?, ?, 1, ?) on conflict (username) do nothing")) {
      s.setString(1, user.username());
      s.setString(2, user.displayName());
      s.setString(3, user.passwordHash());
      s.setArray(4, PostgresDatabase.textArray(c, new TreeSet<>(user.roles())));
      s.setBoolean(5, user.enabled());
      s.setTimestamp(6, Timestamp.from(at));
      if (s.executeUpdate() == 0) {
        return false;
      }
    }
    record(
        c,
        user.username(),
        "created",
        by,
        at,
        "{\"roles\":"
            + jsonArray(user.roles())
            + ",\"displayName\":"
            + (user.displayName() == null ? "null" : jsonString(user.displayName()))
            + "}");
    return true;
  }

  private static void record(
      Connection c, String username, String kind, String by, Instant at, String details)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into user_changes (username, kind, changed_by, changed_at, details) values (?, ?, ?, ?, ?::jsonb)")) {
      s.setString(1, username);
      s.setString(2, kind);
      s.setString(3, by);
      s.setTimestamp(4, Timestamp.from(at));
      s.setString(5, details);
      s.executeUpdate();
    }
  }

  private static Optional<User> find(Connection c, String username, boolean forUpdate)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "select "
                + COLUMNS
                + " from app_users where username = ?"
                + (forUpdate ? " for update" : ""))) {
      s.setString(1, username);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(user(r)) : Optional.empty();
      }
    }
  }

  private static User user(ResultSet r) throws SQLException {
    Timestamp changed = r.getTimestamp(8);
    return new User(
        r.getString(1),
        r.getString(2),
        r.getString(3),
        Set.of(PostgresCustomers.strings(r.getArray(4))),
        r.getBoolean(5),
        r.getLong(6),
        r.getTimestamp(7).toInstant(),
        changed == null ? null : changed.toInstant());
  }

  private static String jsonArray(Set<String> values) {
    return new TreeSet<>(values)
        .stream().map(PostgresUsers::jsonString).toList().toString().replace(", ", ",");
  }

  private static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (ch < 0x20) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
