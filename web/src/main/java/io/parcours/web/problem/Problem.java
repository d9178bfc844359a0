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
 * @param compilation the problems of a rule set that does not compile, each with its file, line and
 *     column, when that was what was wrong
 * @param scenarios the failing scenarios of a rule set, when that was what was wrong
 * @param version the stored version a conflicting request concerns, when there is one
 * @param line the line of an uploaded file that could not be read, when that was what was wrong
 */
@JsonbPropertyOrder({
  "type",
  "title",
  "status",
  "detail",
  "instance",
  "errors",
  "compilation",
  "scenarios",
  "version",
  "line"
})
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors,
    List<CompilationError> compilation,
    List<FailedScenario> scenarios,
    String version,
    Long line) {

  /** The media type of problem documents. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** One invalid field: its name (a JSON pointer-like path, or a header name) and what is wrong. */
  public record FieldError(String field, String message) {}

  /** A problem the rule compiler (or the scenario reader) found in one file. */
  @JsonbPropertyOrder({"file", "line", "column", "message"})
  public record CompilationError(String file, int line, int column, String message) {}

  /** A scenario that failed, with what was expected and what the rules concluded. */
  @JsonbPropertyOrder({"file", "line", "name", "failures"})
  public record FailedScenario(String file, int line, String name, List<String> failures) {}

  private static final String BASE = "https://parcours.io/problems/";

  /** A problem of kind {@code kind} (the last segment of its type URI). */
  public static Problem of(String kind, String title, int status, String detail, String instance) {
    return new Problem(BASE + kind, title, status, detail, instance, null, null, null, null, null);
  }

  /** A rule set that does not compile. */
  public static Problem compilation(String detail, String instance, List<CompilationError> errors) {
    return new Problem(
        BASE + "rule-set-does-not-compile",
        "The rule set does not compile",
        422,
        detail,
        instance,
        null,
        errors,
        null,
        null,
        null);
  }

  /** A rule set whose scenarios fail. */
  public static Problem scenarios(String detail, String instance, List<FailedScenario> failed) {
    return new Problem(
        BASE + "scenarios-fail",
        "Scenarios of the rule set fail",
        422,
        detail,
        instance,
        null,
        null,
        failed,
        null,
        null);
  }

  /** A request that conflicts with a stored version. */
  public static Problem conflict(
      String kind, String title, String detail, String instance, String version) {
    return new Problem(BASE + kind, title, 409, detail, instance, null, null, null, version, null);
  }

  /** An invalid-request problem listing the invalid fields. */
  public static Problem invalid(
      int status, String detail, String instance, List<FieldError> errors) {
    String kind = status == 422 ? "unprocessable-request" : "invalid-request";
    String title = status == 422 ? "The request cannot be carried out" : "The request is not valid";
    return new Problem(
        BASE + kind, title, status, detail, instance, errors, null, null, null, null);
  }

  /** A file that cannot be read on from {@code line}. */
  public static Problem malformedFile(String detail, String instance, long line) {
    return new Problem(
        BASE + "malformed-file",
        "The file cannot be read",
        422,
        detail,
        instance,
        null,
        null,
        null,
        null,
        line);
  }

  /** This problem as a JAX-RS response. */
  public Response toResponse() {
    return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
  }
}
