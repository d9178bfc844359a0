package io.parcours.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ModelSnapshotTest {

  private static final Instant TAKEN_AT = Instant.parse("2025-06-30T23:59:59.987654321Z");

  @Test
  void aSnapshotSurvivesBytesAndRestore() {
    BetaBernoulliModels models = learnedModels();
    ModelSnapshot snapshot = models.snapshot();

    byte[] bytes = snapshot.toBytes();
    ModelSnapshot read = ModelSnapshot.fromBytes(bytes);

    assertEquals(snapshot, read);
    assertEquals(3_000, read.lastResponseId());
    assertEquals(TAKEN_AT, read.takenAt());
    Clock clock = Clock.fixed(TAKEN_AT, ZoneOffset.UTC);
    ModelSnapshot afterRestore = BetaBernoulliModels.restore(read, Prior.DEFAULT, clock).snapshot();
    assertEquals(snapshot, afterRestore);
  }

  @Test
  void anEmptySnapshotSurvivesBytes() {
    ModelSnapshot empty = new ModelSnapshot(0, TAKEN_AT, Map.of());

    assertEquals(empty, ModelSnapshot.fromBytes(empty.toBytes()));
  }

  @Test
  void equalSnapshotsGiveEqualBytes() {
    assertArrayEquals(learnedModels().snapshot().toBytes(), learnedModels().snapshot().toBytes());
  }

  @Test
  void theFormatStartsWithMagicVersionAndFamily() {
    byte[] bytes = new ModelSnapshot(0, TAKEN_AT, Map.of()).toBytes();

    assertEquals("PCMS", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
    assertEquals(0, bytes[4]);
    assertEquals(1, bytes[5]);
    assertEquals("beta-bernoulli", new String(bytes, 8, 14, StandardCharsets.UTF_8));
    // magic 4 + version 2 + family 2 + 14 + last id 8 + taken at 12 + count 4 + checksum 4
    assertEquals(50, bytes.length);
  }

  @Test
  void garbageIsRejectedWithAClearMessage() {
    assertRejected(null, "bytes are null");
    assertRejected(new byte[0], "not a Parcours model snapshot");
    assertRejected(
        "{\"alpha\": 1}".getBytes(StandardCharsets.UTF_8), "not a Parcours model snapshot");
    byte[] noise = new byte[256];
    new SplittableRandom(3).nextBytes(noise);
    assertRejected(noise, "not a Parcours model snapshot");
  }

  @Test
  void everySingleFlippedByteIsRejected() {
    byte[] bytes = learnedModels().snapshot().toBytes();

    for (int i = 0; i < bytes.length; i++) {
      byte[] corrupted = bytes.clone();
      corrupted[i] ^= 0x10;
      int at = i;
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> ModelSnapshot.fromBytes(corrupted),
              () -> "flipping byte " + at + " went unnoticed");
      String message = e.getMessage();
      assertTrue(message.startsWith("not a") || message.startsWith("model snapshot"), message);
    }
  }

  @Test
  void aTruncatedSnapshotIsRejected() {
    byte[] bytes = learnedModels().snapshot().toBytes();

    assertRejected(Arrays.copyOf(bytes, bytes.length - 1), "corrupted or truncated");
    assertRejected(Arrays.copyOf(bytes, bytes.length / 2), "corrupted or truncated");
    assertRejected(Arrays.copyOf(bytes, 9), "not a Parcours model snapshot");
  }

  @Test
  void aNewerFormatVersionIsRefused() {
    byte[] bytes = new ModelSnapshot(0, TAKEN_AT, Map.of()).toBytes();
    bytes[5] = 2;

    assertRejected(bytes, "format version 2 is not supported");
  }

  @Test
  void anIntactSnapshotWithAnInvalidValueIsRejected() {
    ModelKey key = new ModelKey("fee-waiver", Channel.SMS);
    ModelSnapshot valid = new ModelSnapshot(1, TAKEN_AT, Map.of(key, new Posterior(2, 19, 1, 0)));
    byte[] bytes = valid.toBytes();
    // Rename the channel "sms" to "fax", then reseal the checksum: intact bytes, invalid content.
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("sms");
    bytes[at] = 'f';
    bytes[at + 1] = 'a';
    bytes[at + 2] = 'x';
    reseal(bytes);

    assertRejected(bytes, "unknown channel 'fax'");
  }

  private static void reseal(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    int value = (int) crc.getValue();
    for (int i = 0; i < 4; i++) {
      bytes[bytes.length - 4 + i] = (byte) (value >>> (24 - 8 * i));
    }
  }

  private static void assertRejected(byte[] bytes, String expectedMessagePart) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelSnapshot.fromBytes(bytes));
    assertTrue(
        e.getMessage().contains(expectedMessagePart),
        () -> "message '" + e.getMessage() + "' should contain '" + expectedMessagePart + "'");
  }

  /** Models of several actions and every channel, learned from 3,000 seeded responses. */
  private static BetaBernoulliModels learnedModels() {
    BetaBernoulliModels models =
        new BetaBernoulliModels(Prior.DEFAULT, Clock.fixed(TAKEN_AT, ZoneOffset.UTC));
    String[] actions = {
      "travel-card-abroad", "loyalty-bonus", "reduced-instalments", "savings-tips"
    };
    Channel[] channels = Channel.values();
    Outcome[] outcomes = Outcome.values();
    SplittableRandom random = new SplittableRandom(2025);
    for (long id = 1; id <= 3_000; id++) {
      models.learn(
          actions[random.nextInt(actions.length)],
          channels[random.nextInt(channels.length)],
          outcomes[random.nextInt(outcomes.length)],
          id);
    }
    return models;
  }
}
