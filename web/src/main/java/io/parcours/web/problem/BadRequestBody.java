package io.parcours.web.problem;

import java.util.List;

/** A request body, header or parameter that is missing, malformed or out of range. */
public final class BadRequestBody extends RuntimeException {

  private final transient List<Problem.FieldError> errors;

  public BadRequestBody(List<Problem.FieldError> errors) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
  }

  public BadRequestBody(String field, String message) {
    this(List.of(new Problem.FieldError(field, message)));
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }

  private static String summary(List<Problem.FieldError> errors) {
    StringBuilder s = new StringBuilder();
    for (Problem.FieldError e : errors) {
      if (!s.isEmpty()) {
        s.append("; ");
      }
      s.append(e.field()).append(": ").append(e.message());
    }
    return s.toString();
  }
}
