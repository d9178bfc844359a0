package io.parcours.web.api;

import io.parcours.engine.ModelFacade;
import io.parcours.web.Roles;
import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The interaction history with the features the models saw, for offline retraining. */
@Path("/v1/models/training-data")
@ApplicationScoped
@Tag(name = "Models", description = "Adaptive propensity models and their monitoring")
public class TrainingDataResource {

  @Inject ModelFacade facade;

  @GET
  @Produces("text/csv")
  @RolesAllowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      summary = "Training data, as CSV",
      description =
          "One row per impression of the decisions made from `from` (inclusive) to `to` (exclusive),"
              + " streamed in time order: the decision, the action, what the model predicted, the best"
              + " outcome (label 1 accepted or clicked, 0 rejected or ignored, empty without response)"
              + " and the context features the models saw, separated by spaces")
  @APIResponse(responseCode = "200", description = "The rows, streamed")
  @APIResponse(responseCode = "400", description = "from or to missing or invalid (problem+json)")
  public Response export(
      @Parameter(description = "Start, a date (2026-11-01, midnight UTC) or an instant") @QueryParam("from") String from,
      @Parameter(description = "End, exclusive, a date or an instant") @QueryParam("to") String to) {
    List<Problem.FieldError> errors = new ArrayList<>();
    Instant start = instant("from", from, errors);
    Instant end = instant("to", to, errors);
    if (errors.isEmpty() && !start.isBefore(end)) {
      errors.add(new Problem.FieldError("to", "must be after from (" + start + ")"));
    }
    if (!errors.isEmpty()) {
      throw new BadRequestBody(errors);
    }
    StreamingOutput body = out -> {
      try {
        facade.exportTrainingData(start, end, out);
      } catch (java.io.IOException e) {
        throw e;
      } catch (Exception e) {
        throw new java.io.IOException("the export stopped: " + e.getMessage(), e);
      }
    };
    String name = "parcours-training-" + start.toString().replace(':', '-') + "-" + end.toString().replace(':', '-') + ".csv";
    return Response.ok(body, "text/csv; charset=UTF-8")
        .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
        .build();
  }

  private static Instant instant(String field, String value, List<Problem.FieldError> errors) {
    if (value == null || value.isBlank()) {
      errors.add(new Problem.FieldError(field, "is required: a date such as 2026-11-01 or an instant such as 2026-11-01T08:00:00Z"));
      return null;
    }
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
    } catch (DateTimeParseException e) {
      errors.add(new Problem.FieldError(field, "'" + value + "' is neither a date (2026-11-01) nor an instant (2026-11-01T08:00:00Z)"));
      return null;
    }
  }
}
