package io.parcours.engine.cache.proto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.infinispan.protostream.FileDescriptorSource;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * The schema {@code proto/parcours-caches.proto} and its marshallers, named in the cache
 * configuration's {@code <serialization>} element so that every node of a cluster reads and writes
 * the same messages.
 */
public final class ParcoursSchema implements SerializationContextInitializer {

  /** The schema's resource on the class path. */
  public static final String PROTO_FILE = "proto/parcours-caches.proto";

  @Override
  public String getProtoFileName() {
    return PROTO_FILE;
  }

  @Override
  public String getProtoFile() {
    try (InputStream in = ParcoursSchema.class.getClassLoader().getResourceAsStream(PROTO_FILE)) {
      if (in == null) {
        throw new IllegalStateException(PROTO_FILE + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + PROTO_FILE, e);
    }
  }

  @Override
  public void registerSchema(SerializationContext context) {
    context.registerProtoFiles(FileDescriptorSource.fromString(PROTO_FILE, getProtoFile()));
  }

  @Override
  public void registerMarshallers(SerializationContext context) {
    context.registerMarshaller(new CustomerProfileMarshaller.ProfileAttributeMarshaller());
    context.registerMarshaller(new CustomerProfileMarshaller.ActivityDayMarshaller());
    context.registerMarshaller(new CustomerProfileMarshaller());
    context.registerMarshaller(new ImpressionMarshaller());
    context.registerMarshaller(new ResponseEventMarshaller());
    context.registerMarshaller(new ContactHistoryMarshaller());
    context.registerMarshaller(new CurrentStagesMarshaller.StageOfJourneyMarshaller());
    context.registerMarshaller(new CurrentStagesMarshaller());
  }
}
