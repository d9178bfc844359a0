package io.parcours.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Users of the API and console, with hashed passwords and roles. */
public final class PostgresUsers {

  /** A stored user. */
  public record User(String username, String passwordHash, Set<String> roles) {}

  private final DataSource dataSource;

  public PostgresUsers(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The user named {@code username}, if any. */
  public Optional<User> find(String username) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select username, password_hash, roles from app_users where username = ?")) {
      s.setString(1, username);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(
                new User(r.getString(1), r.getString(2), Set.of(PostgresCustomers.strings(r.getArray(3)))))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading user " + username, e);
    }
  }

  /** Creates the user, or replaces its password hash and roles when it exists. */
  public void save(User user, Instant at) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into app_users (username, password_hash, roles, created_at) values (?, ?, ?, ?)"
                    + " on conflict (username) do update set password_hash = excluded.password_hash,"
                    + " roles = excluded.roles")) {
      s.setString(1, user.username());
      s.setString(2, user.passwordHash());
      s.setArray(3, PostgresDatabase.textArray(c, user.roles().stream().sorted().toList()));
      s.setTimestamp(4, Timestamp.from(at));
      s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException("saving user " + user.username(), e);
    }
  }
}
