package io.parcours.web.api;

import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.problem.Problem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A period given as query parameters {@code from} (inclusive) and {@code to} (exclusive), each a
 * date (midnight UTC) or an instant; a missing, unreadable or empty period is a 400 naming the
 * field.
 */
record DateRange(Instant from, Instant to) {

  static DateRange parse(String from, String to) {
    List<Problem.FieldError> errors = new ArrayList<>();
    Instant start = instant("from", from, errors);
    Instant end = instant("to", to, errors);
    if (errors.isEmpty() && !start.isBefore(end)) {
      errors.add(new Problem.FieldError("to", "must be after from (" + start + ")"));
    }
    if (!errors.isEmpty()) {
      throw new BadRequestBody(errors);
    }
    return new DateRange(start, end);
  }

  private static Instant instant(String field, String value, List<Problem.FieldError> errors) {
    if (value == null || value.isBlank()) {
      errors.add(
          new Problem.FieldError(
              field,
              "is required: a date such as 2026-11-01 or an instant such as 2026-11-01T08:00:00Z"));
      return null;
    }
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      errors.add(
          new Problem.FieldError(
              field,
              "'"
                  + value
                  + "' is neither a date (2026-11-01) nor an instant (2026-11-01T08:00:00Z)"));
      return null;
    }
  }
}
