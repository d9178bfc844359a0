package io.parcours.web.api;

import io.parcours.engine.ModelFacade;
import io.parcours.web.Roles;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The interaction history with the features the models saw, for offline retraining. */
@Path("/v1/models/training-data")
@ApplicationScoped
@Tag(name = "Models")
public class TrainingDataResource {

  @Inject ModelFacade facade;

  @GET
  @Produces("text/csv")
  @Allowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      operationId = "exportTrainingData",
      summary = "Training data, as CSV",
      description =
          "One row per impression of the decisions made from `from` (inclusive) to `to` (exclusive),"
              + " streamed in time order: the decision, the action, what the model predicted, the best"
              + " outcome (label 1 accepted or clicked, 0 rejected or ignored, empty without response)"
              + " and the context features the models saw, separated by spaces")
  @APIResponse(
      responseCode = "200",
      description = "The rows, streamed",
      content =
          @Content(
              mediaType = "text/csv",
              schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(responseCode = "400", description = "from or to missing or invalid (problem+json)")
  public Response export(
      @Parameter(description = "Start, a date (2026-11-01, midnight UTC) or an instant")
          @QueryParam("from")
          String from,
      @Parameter(description = "End, exclusive, a date or an instant") @QueryParam("to")
          String to) {
    DateRange range = DateRange.parse(from, to);
    Instant start = range.from();
    Instant end = range.to();
    StreamingOutput body =
        Streamed.of("the training-data export", out -> facade.exportTrainingData(start, end, out));
    String name =
        "parcours-training-"
            + start.toString().replace(':', '-')
            + "-"
            + end.toString().replace(':', '-')
            + ".csv";
    return Response.ok(body, "text/csv; charset=UTF-8")
        .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
        .build();
  }
}
