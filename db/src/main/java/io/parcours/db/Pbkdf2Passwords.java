package io.parcours.db;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The passwords of {@code app_users}: generated, hashed with PBKDF2 and verified, in plain Java so
 * that the server and the command that creates the first administrator store the same thing.
 *
 * <p>A hash is {@code algorithm:iterations:salt:key} with the salt and key in base64, the format of
 * Jakarta Security's {@code Pbkdf2PasswordHash}, so the hashes stored before this class still
 * verify. PBKDF2 with HMAC-SHA-256, 100,000 iterations, a 32-byte random salt and a 32-byte key
 * (NIST SP 800-132; OWASP's password storage cheat sheet).
 */
public final class Pbkdf2Passwords {

  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int ITERATIONS = 100_000;
  private static final int BYTES = 32;

  /**
   * Letters and digits that cannot be mistaken for each other when read aloud or copied by hand.
   */
  private static final char[] ALPHABET =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

  private static final SecureRandom RANDOM = new SecureRandom();

  private Pbkdf2Passwords() {}

  /** A new password of 20 characters (about 116 bits), for a user who did not choose one. */
  public static String generate() {
    char[] password = new char[20];
    for (int i = 0; i < password.length; i++) {
      password[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(password);
  }

  /** The hash to store for {@code password}, with a new salt. */
  public static String hash(String password) {
    byte[] salt = new byte[BYTES];
    RANDOM.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder();
    return ALGORITHM
        + ":"
        + ITERATIONS
        + ":"
        + b64.encodeToString(salt)
        + ":"
        + b64.encodeToString(derive(ALGORITHM, password, salt, ITERATIONS, BYTES));
  }

  /**
   * Whether {@code password} is the one {@code stored} was made of; false for a hash it cannot
   * read.
   */
  public static boolean verify(String password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split(":");
    if (parts.length != 4) {
      return false;
    }
    try {
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      byte[] actual = derive(parts[0], password, salt, Integer.parseInt(parts[1]), expected.length);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(
      String algorithm, String password, byte[] salt, int iterations, int bytes) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot derive a key with " + algorithm, e);
    } finally {
      spec.clearPassword();
    }
  }
}
