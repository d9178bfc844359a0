package io.parcours.engine.runtime;

import io.parcours.db.Pbkdf2Passwords;
import io.parcours.db.PostgresUsers;
import io.parcours.engine.cache.VerifiedCredential;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import org.infinispan.Cache;

/**
 * Signs users in: PBKDF2 password hashes in PostgreSQL, and a per-node cache of verified
 * credentials so that a caller's every request does not pay for a hash computation (tens of
 * milliseconds by design).
 *
 * <p>A remembered credential carries the user's stamp at the time it was verified. On every use the
 * stamp of the enabled user is read again (one primary-key read): when the user was disabled, or
 * its password or roles changed, on whichever node, the stamp differs or is gone and the credential
 * is forgotten and checked afresh. So a change counts at the very next request on every node,
 * without a message between nodes, for a read far cheaper than the hash.
 */
public final class UserDirectory {

  /** The roles; in demo mode one user per role, named after it. */
  public static final List<String> ROLES =
      List.of("channel", "business", "scientist", "compliance", "approver", "admin");

  /** Who the changes demo mode makes to its users are recorded as made by. */
  static final String DEMO_MODE = "(demo mode)";

  private final PostgresUsers users;
  private final Cache<String, VerifiedCredential> verified;
  private final Clock clock;

  public UserDirectory(
      PostgresUsers users, Cache<String, VerifiedCredential> verified, Clock clock) {
    this.users = users;
    this.verified = verified;
    this.clock = clock;
  }

  /**
   * Makes sure there is one enabled user per role, named after it, with the password {@code file}
   * gives it (a properties file: {@code channel=…}, one line per role). The passwords never leave
   * the file: not logged, not returned.
   *
   * @throws IllegalArgumentException when the file cannot be read or names no password for a role
   */
  public void createDemoUsers(Path file) {
    Properties passwords = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      passwords.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the demo users' file " + file + ": " + e.getMessage(), e);
    }
    for (String role : ROLES) {
      String password = passwords.getProperty(role);
      if (password == null || password.isBlank()) {
        throw new IllegalArgumentException(
            "the demo users' file "
                + file
                + " has no password for '"
                + role
                + "'; add a line "
                + role
                + "=…");
      }
      ensureDemoUser(role, password.trim());
    }
  }

  private void ensureDemoUser(String role, String password) {
    String by = DEMO_MODE;
    Optional<PostgresUsers.User> found = users.find(role);
    if (found.isEmpty()) {
      users.create(
          PostgresUsers.User.of(
              role, "Demo " + role, Pbkdf2Passwords.hash(password), Set.of(role), clock.instant()),
          by,
          clock.instant());
      return;
    }
    PostgresUsers.User user = found.get();
    if (!Pbkdf2Passwords.verify(password, user.passwordHash())) {
      users.setPasswordHash(role, Pbkdf2Passwords.hash(password), by, clock.instant());
    }
    if (!user.roles().equals(Set.of(role))) {
      users.setRoles(role, Set.of(role), by, clock.instant());
    }
    if (!user.enabled()) {
      users.setEnabled(role, true, by, clock.instant());
    }
  }

  /** The roles of the user when it is enabled and the password is right; empty otherwise. */
  public Set<String> authenticate(String username, String password) {
    String key = digest(username, password);
    VerifiedCredential remembered = verified.get(key);
    if (remembered != null) {
      OptionalLong stamp = users.enabledStamp(username);
      if (stamp.isPresent() && stamp.getAsLong() == remembered.stamp()) {
        return remembered.roles();
      }
      verified.remove(key);
    }
    Optional<PostgresUsers.User> user = users.find(username);
    if (user.isEmpty()
        || !user.get().enabled()
        || !Pbkdf2Passwords.verify(password, user.get().passwordHash())) {
      return Set.of();
    }
    verified.put(key, new VerifiedCredential(username, user.get().roles(), user.get().stamp()));
    return Set.copyOf(user.get().roles());
  }

  private static String digest(String username, String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(username.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(password.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
