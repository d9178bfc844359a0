package io.parcours.web.api;

import io.parcours.domain.Channel;
import io.parcours.engine.ModelFacade;
import io.parcours.web.Roles;
import io.parcours.web.problem.BadRequestBody;
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

/** The logged decisions with what off-policy evaluation needs, for evaluating models offline. */
@Path("/v1/models/decision-log")
@ApplicationScoped
@Tag(name = "Models")
public class DecisionLogResource {

  @Inject ModelFacade facade;

  @GET
  @Produces("text/csv")
  @Allowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      operationId = "exportDecisionLog",
      summary = "Decision log for off-policy evaluation, as CSV",
      description =
          "One row per decision made from `from` (inclusive) to `to` (exclusive), on `channel` if given,"
              + " whose first place was decided among optional actions, streamed in time order: the action"
              + " shown first, the probability that the engine's policy would have put it first, the label"
              + " (1 accepted or clicked, 0 otherwise, empty when nothing was shown), the candidates with"
              + " their group, issue, context weight, value, lever and logged propensity (space-separated"
              + " columns in one order) and the context features the models saw")
  @APIResponse(
      responseCode = "200",
      description = "The rows, streamed",
      content =
          @Content(
              mediaType = "text/csv",
              schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(
      responseCode = "400",
      description = "from, to or channel missing or invalid (problem+json)")
  public Response export(
      @Parameter(description = "Start, a date (2026-11-01, midnight UTC) or an instant")
          @QueryParam("from")
          String from,
      @Parameter(description = "End, exclusive, a date or an instant") @QueryParam("to") String to,
      @Parameter(description = "Only this channel (web, app, email, sms, call-centre)")
          @QueryParam("channel")
          String channel) {
    DateRange range = DateRange.parse(from, to);
    Channel only = null;
    if (channel != null && !channel.isBlank()) {
      try {
        only = Channel.fromCode(channel);
      } catch (IllegalArgumentException e) {
        throw new BadRequestBody("channel", e.getMessage());
      }
    }
    Instant start = range.from();
    Instant end = range.to();
    Channel selected = only;
    StreamingOutput body =
        Streamed.of(
            "the decision-log export", out -> facade.exportDecisionLog(start, end, selected, out));
    String name =
        "parcours-decisions-"
            + start.toString().replace(':', '-')
            + "-"
            + end.toString().replace(':', '-')
            + ".csv";
    return Response.ok(body, "text/csv; charset=UTF-8")
        .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
        .build();
  }
}
