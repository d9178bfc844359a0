package io.parcours.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Pbkdf2PasswordsTest {

  @Test
  void aHashVerifiesItsPasswordOnlyAndTwoHashesOfOnePasswordDiffer() {
    String hash = Pbkdf2Passwords.hash("correct horse battery");
    assertTrue(hash.startsWith("PBKDF2WithHmacSHA256:100000:"), hash);
    assertTrue(Pbkdf2Passwords.verify("correct horse battery", hash));
    assertFalse(Pbkdf2Passwords.verify("correct horse batterz", hash));
    assertNotEquals(hash, Pbkdf2Passwords.hash("correct horse battery"), "a new salt each time");
    assertFalse(Pbkdf2Passwords.verify("x", "not a hash"));
    assertFalse(Pbkdf2Passwords.verify("x", null));
  }

  @Test
  void hashesJakartaSecurityStoredBeforeStillVerify() {
    // made by Soteria's Pbkdf2PasswordHashImpl (Payara 6) with 10,000 iterations, for "parcours-it"
    String soteria =
        "PBKDF2WithHmacSHA256:10000:xFujnQi08XzDPUGAq+jlP2mYzHUhyb+58cUKkhSXvTo="
            + ":E/pnp1nobwL0hmKxESX0HheGkVsdpM851maP5MlTGQE=";
    assertTrue(Pbkdf2Passwords.verify("parcours-it", soteria));
    assertFalse(Pbkdf2Passwords.verify("parcours-IT", soteria));
  }

  @Test
  void generatedPasswordsAreLongAndDifferent() {
    String a = Pbkdf2Passwords.generate();
    assertEquals(20, a.length());
    assertNotEquals(a, Pbkdf2Passwords.generate());
  }
}
