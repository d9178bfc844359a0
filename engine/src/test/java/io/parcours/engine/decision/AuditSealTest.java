package io.parcours.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A sealed personal part opens with its key and record only, and hides what it seals. */
class AuditSealTest {

  private static final String DECISION = "0193a1b2-0000-7000-8000-000000000001";
  private static final String TEXT =
      "{\"customerId\":\"C000123\",\"profile\":{\"name\":\"Jeanne Martin\"}}";

  private static byte[] key(long seed) {
    byte[] k = new byte[32];
    new SplittableRandom(seed).nextBytes(k);
    return k;
  }

  @Test
  void whatIsSealedOpensWithTheSameKeyAndDecision() {
    String sealed = new AuditSeal().seal(key(1), TEXT, DECISION);
    assertEquals(Optional.of(TEXT), AuditSeal.open(key(1), sealed, DECISION));
  }

  @Test
  void theSealedFormShowsNothingOfTheText() {
    String sealed = new AuditSeal().seal(key(1), TEXT, DECISION);
    String bytes =
        new String(
            Base64.getDecoder().decode(sealed), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertFalse(
        sealed.contains("C000123") || bytes.contains("C000123") || bytes.contains("Jeanne"));
    // nonce (12) + text + tag (16)
    assertEquals(12 + TEXT.length() + 16, Base64.getDecoder().decode(sealed).length);
  }

  @Test
  void twoSealsOfOneTextDifferBecauseEachHasItsOwnNonce() {
    AuditSeal seal = new AuditSeal();
    assertNotEquals(seal.seal(key(1), TEXT, DECISION), seal.seal(key(1), TEXT, DECISION));
  }

  @Test
  void anotherKeyAnotherRecordOrAChangedSealOpenNothing() {
    String sealed = new AuditSeal().seal(key(1), TEXT, DECISION);
    assertTrue(AuditSeal.open(key(2), sealed, DECISION).isEmpty(), "another key");
    assertTrue(
        AuditSeal.open(key(1), sealed, "0193a1b2-0000-7000-8000-000000000002").isEmpty(),
        "another record");
    byte[] changed = Base64.getDecoder().decode(sealed);
    changed[20] ^= 1;
    assertTrue(
        AuditSeal.open(key(1), Base64.getEncoder().encodeToString(changed), DECISION).isEmpty(),
        "changed");
    assertTrue(AuditSeal.open(key(1), "not base64!", DECISION).isEmpty(), "not base64");
    assertTrue(AuditSeal.open(key(1), "AAAA", DECISION).isEmpty(), "too short");
  }
}
