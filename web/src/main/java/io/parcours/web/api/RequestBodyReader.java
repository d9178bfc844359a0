package io.parcours.web.api;

import io.parcours.web.problem.Problem.FieldError;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
    List<FieldError> header = new ArrayList<>();
    for (Annotation a : annotations) {
      if (a instanceof Keyed keyed) {
        String key = httpHeaders.getFirst(KEY);
        if (key == null || key.isBlank()) {
          header.add(
              new FieldError(KEY, "the header is required: a key unique to this " + keyed.value()));
        } else if (key.length() > MAX_KEY) {
          header.add(new FieldError(KEY, "must be at most " + MAX_KEY + " characters"));
        }
      }
    }
    if (text.isBlank() && header.isEmpty() && JsonRecords.allOptional(type)) {
      return null;
    }
    return JsonRecords.read(type, text, header);
  }

  /** The header that makes a request idempotent. */
  public static final String KEY = "Idempotency-Key";

  /** The longest idempotency key. */
  public static final int MAX_KEY = 200;

  /**
   * On a body parameter: the request must carry an {@value #KEY} header of 1 to {@value #MAX_KEY}
   * characters, whose problem is answered with the body's.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  public @interface Keyed {
    /** What the key is unique to, for the message: "response", "event". */
    String value();
  }
}
