package io.parcours.models;

import io.parcours.domain.Channel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Every model's posterior at one point of the response stream: the artifact stored, cached and
 * restored.
 *
 * <p>A snapshot is exact for its {@code lastResponseId}: it holds every response with a lower or
 * equal id and none with a higher one, so restoring it and replaying the later responses rebuilds
 * the models.
 *
 * <p><b>Byte format</b> (big-endian, written with {@link DataOutputStream}), format version 1:
 *
 * <pre>
 * magic           4 bytes  "PCMS" (Parcours model snapshot)
 * format version  uint16   1
 * model family    UTF      "beta-bernoulli"
 * lastResponseId  int64
 * takenAt         int64 epoch seconds, int32 nanoseconds
 * count           int32    number of models
 * count times:
 *   actionId      UTF
 *   channel       UTF      channel code, for example "call-centre"
 *   alpha         float64
 *   beta          float64
 *   positives     int64
 *   negatives     int64
 * checksum        uint32   CRC-32 of every byte before it
 * </pre>
 *
 * UTF is {@link DataOutputStream#writeUTF}: a uint16 byte length then modified UTF-8. Models are
 * written sorted by action id then channel code, so equal snapshots give equal bytes. A reader that
 * meets a higher format version refuses it rather than guess.
 *
 * @param lastResponseId the highest response id applied; 0 when none
 * @param takenAt when the snapshot was taken
 * @param posteriors each model's posterior
 */
public record ModelSnapshot(
    long lastResponseId, Instant takenAt, Map<ModelKey, Posterior> posteriors) {

  /** The first bytes of every snapshot: "PCMS". */
  static final int MAGIC = 0x50434D53;

  /** The format version this class writes, and the highest it reads. */
  public static final int FORMAT_VERSION = 1;

  /** The model family a snapshot of Beta-Bernoulli posteriors declares. */
  public static final String FAMILY = "beta-bernoulli";

  /** Bytes of the smallest possible entry: two empty strings, two doubles, two longs. */
  private static final int MIN_ENTRY_BYTES = 2 + 2 + 8 + 8 + 8 + 8;

  private static final Comparator<ModelKey> ORDER =
      Comparator.comparing(ModelKey::actionId).thenComparing(k -> k.channel().code());

  public ModelSnapshot {
    Objects.requireNonNull(takenAt, "takenAt");
    if (lastResponseId < 0) {
      throw new IllegalArgumentException("lastResponseId must be ≥ 0, got " + lastResponseId);
    }
    posteriors = Map.copyOf(posteriors);
  }

  /** Responses learned across all models. */
  public long evidence() {
    long sum = 0;
    for (Posterior p : posteriors.values()) {
      sum += p.evidence();
    }
    return sum;
  }

  /** This snapshot in the byte format described above. */
  public byte[] toBytes() {
    List<ModelKey> keys = new ArrayList<>(posteriors.keySet());
    keys.sort(ORDER);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + keys.size() * 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeShort(FORMAT_VERSION);
      out.writeUTF(FAMILY);
      out.writeLong(lastResponseId);
      out.writeLong(takenAt.getEpochSecond());
      out.writeInt(takenAt.getNano());
      out.writeInt(keys.size());
      for (ModelKey key : keys) {
        Posterior p = posteriors.get(key);
        out.writeUTF(key.actionId());
        out.writeUTF(key.channel().code());
        out.writeDouble(p.alpha());
        out.writeDouble(p.beta());
        out.writeLong(p.positives());
        out.writeLong(p.negatives());
      }
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a snapshot written by {@link #toBytes()}.
   *
   * @throws IllegalArgumentException saying what is wrong when {@code bytes} is not a complete,
   *     intact snapshot of a format version this class reads
   */
  public static ModelSnapshot fromBytes(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("no model snapshot: the bytes are null");
    }
    int headerBytes = 4 + 2;
    if (bytes.length < headerBytes + 4 || readInt(bytes, 0) != MAGIC) {
      throw new IllegalArgumentException(
          "not a Parcours model snapshot: it must start with the bytes \"PCMS\"");
    }
    int version = ((bytes[4] & 0xFF) << 8) | (bytes[5] & 0xFF);
    if (version < 1 || version > FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "model snapshot format version "
              + version
              + " is not supported; this build reads versions 1 to "
              + FORMAT_VERSION);
    }
    int body = bytes.length - 4;
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, body);
    if ((int) crc.getValue() != readInt(bytes, body)) {
      throw new IllegalArgumentException(
          "model snapshot is corrupted or truncated: its CRC-32 checksum does not match its "
              + bytes.length
              + " bytes");
    }
    ByteArrayInputStream fields = new ByteArrayInputStream(bytes, headerBytes, body - headerBytes);
    try (DataInputStream in = new DataInputStream(fields)) {
      String family = in.readUTF();
      if (!FAMILY.equals(family)) {
        throw new IllegalArgumentException(
            "model snapshot holds '"
                + family
                + "' models; this reader reads '"
                + FAMILY
                + "' models");
      }
      long lastResponseId = in.readLong();
      if (lastResponseId < 0) {
        throw new IllegalArgumentException(
            "model snapshot has a negative last response id " + lastResponseId);
      }
      Instant takenAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
      int count = in.readInt();
      if (count < 0 || count > in.available() / MIN_ENTRY_BYTES) {
        throw new IllegalArgumentException(
            "model snapshot declares " + count + " models, which its length cannot hold");
      }
      Map<ModelKey, Posterior> posteriors = new HashMap<>(count * 2);
      for (int i = 1; i <= count; i++) {
        String actionId = in.readUTF();
        String channel = in.readUTF();
        double alpha = in.readDouble();
        double beta = in.readDouble();
        long positives = in.readLong();
        long negatives = in.readLong();
        ModelKey key;
        Posterior posterior;
        try {
          key = new ModelKey(actionId, Channel.fromCode(channel));
          posterior = new Posterior(alpha, beta, positives, negatives);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "model snapshot entry " + i + " of " + count + " is invalid: " + e.getMessage(), e);
        }
        if (posteriors.put(key, posterior) != null) {
          throw new IllegalArgumentException("model snapshot holds " + key.modelId() + " twice");
        }
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException(
            "model snapshot has " + in.available() + " unexpected bytes after its last model");
      }
      return new ModelSnapshot(lastResponseId, takenAt, posteriors);
    } catch (EOFException e) {
      throw new IllegalArgumentException("model snapshot ends in the middle of a field", e);
    } catch (IOException | DateTimeException e) {
      throw new IllegalArgumentException("model snapshot is unreadable: " + e.getMessage(), e);
    }
  }

  private static int readInt(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 24)
        | ((bytes[offset + 1] & 0xFF) << 16)
        | ((bytes[offset + 2] & 0xFF) << 8)
        | (bytes[offset + 3] & 0xFF);
  }
}
