package io.parcours.web.problem;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem details document.
 *
 * @param type a URI naming the kind of problem
 * @param title a short summary of that kind
 * @param status the HTTP status
 * @param detail what was wrong in this request, and how to fix it
 * @param instance the request path
 * @param errors the invalid fields, when the request had some
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
public record Problem(
    String type, String title, int status, String detail, String instance, List<FieldError> errors) {

  /** The media type of problem documents. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** One invalid field: its name (a JSON pointer-like path, or a header name) and what is wrong. */
  public record FieldError(String field, String message) {}

  private static final String BASE = "https://parcours.io/problems/";

  /** A problem of kind {@code kind} (the last segment of its type URI). */
  public static Problem of(String kind, String title, int status, String detail, String instance) {
    return new Problem(BASE + kind, title, status, detail, instance, null);
  }

  /** An invalid-request problem listing the invalid fields. */
  public static Problem invalid(int status, String detail, String instance, List<FieldError> errors) {
    String kind = status == 422 ? "unprocessable-request" : "invalid-request";
    String title = status == 422 ? "The request cannot be carried out" : "The request is not valid";
    return new Problem(BASE + kind, title, status, detail, instance, errors);
  }

  /** This problem as a JAX-RS response. */
  public Response toResponse() {
    return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
  }
}
