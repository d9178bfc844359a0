package io.parcours.engine.runtime;

import io.parcours.db.PostgresUsers;
import jakarta.security.enterprise.identitystore.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.infinispan.Cache;

/**
 * The users of the API and console: PBKDF2 password hashes in PostgreSQL, and a short-lived cache of
 * verified credentials so that a channel's every request does not pay for a hash computation.
 */
public final class UserDirectory {

  /** The roles; in demo mode one user per role, named after it. */
  public static final List<String> ROLES = List.of("channel", "business", "scientist", "compliance", "approver", "admin");

  private static final Logger LOG = Logger.getLogger(UserDirectory.class.getName());

  private final PostgresUsers users;
  private final PasswordHash hash;
  private final Cache<String, Set<String>> verified;
  private final Clock clock;

  public UserDirectory(PostgresUsers users, PasswordHash hash, Cache<String, Set<String>> verified, Clock clock) {
    this.users = users;
    this.hash = hash;
    this.verified = verified;
    this.clock = clock;
  }

  /**
   * Creates one user per role, named after it. With a configured password every demo user gets it (and
   * an existing user's password is replaced); without one, users that do not exist yet get a generated
   * password, logged once here.
   */
  public void createDemoUsers(Optional<String> configuredPassword) {
    String generated = null;
    for (String role : ROLES) {
      if (configuredPassword.isPresent()) {
        save(role, configuredPassword.get(), role);
      } else if (users.find(role).isEmpty()) {
        if (generated == null) {
          generated = generatePassword();
        }
        save(role, generated, role);
      }
    }
    if (generated != null) {
      LOG.warning(
          "demo users "
              + String.join(", ", ROLES)
              + " were created with the generated password "
              + generated
              + " (set PARCOURS_DEMO_PASSWORD to choose it)");
    }
  }

  private void save(String username, String password, String role) {
    users.save(new PostgresUsers.User(username, hash.generate(password.toCharArray()), Set.of(role)), clock.instant());
    verified.clear();
  }

  /** The roles of the user when the password is right; empty otherwise. */
  public Set<String> authenticate(String username, String password) {
    String key = digest(username, password);
    Set<String> roles = verified.get(key);
    if (roles != null) {
      return roles;
    }
    Optional<PostgresUsers.User> user = users.find(username);
    if (user.isEmpty() || !hash.verify(password.toCharArray(), user.get().passwordHash())) {
      return Set.of();
    }
    roles = Set.copyOf(user.get().roles());
    verified.put(key, roles);
    return roles;
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

  private static String generatePassword() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
