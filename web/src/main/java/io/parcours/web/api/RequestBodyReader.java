package io.parcours.web.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * The one reader of JSON request bodies: each resource method takes its body as a record of {@link
 * RequestBodies}, read and checked by {@link JsonRecords}. A body whose members are all optional
 * may be left out; the method then gets null.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class RequestBodyReader implements MessageBodyReader<Record> {

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type.isRecord() && type.getEnclosingClass() == RequestBodies.class;
  }

  @Override
  public Record readFrom(
      Class<Record> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> httpHeaders,
      InputStream entityStream)
      throws IOException {
    String text = new String(entityStream.readAllBytes(), StandardCharsets.UTF_8);
    if (text.isBlank() && JsonRecords.allOptional(type)) {
      return null;
    }
    return JsonRecords.read(type, text);
  }
}
