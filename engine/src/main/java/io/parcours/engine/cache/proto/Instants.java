package io.parcours.engine.cache.proto;

import java.io.IOException;
import java.time.Instant;
import org.infinispan.protostream.MessageMarshaller.ProtoStreamReader;
import org.infinispan.protostream.MessageMarshaller.ProtoStreamWriter;

/**
 * An instant as two fields, {@code <name>_seconds} and {@code <name>_nanos}: exact to the
 * nanosecond.
 */
final class Instants {

  private Instants() {}

  static void write(ProtoStreamWriter writer, String name, Instant at) throws IOException {
    if (at != null) {
      writer.writeLong(name + "_seconds", at.getEpochSecond());
      writer.writeInt(name + "_nanos", at.getNano());
    }
  }

  static Instant read(ProtoStreamReader reader, String name) throws IOException {
    Long seconds = reader.readLong(name + "_seconds");
    Integer nanos = reader.readInt(name + "_nanos");
    return seconds == null ? null : Instant.ofEpochSecond(seconds, nanos == null ? 0 : nanos);
  }
}
