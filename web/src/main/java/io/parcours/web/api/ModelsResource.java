package io.parcours.web.api;

import io.parcours.engine.ModelFacade;
import io.parcours.engine.UnknownModelException;
import io.parcours.models.ModelStatus;
import io.parcours.web.Roles;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The adaptive models: what each has learned and how well it predicts. */
@Path("/v1/models")
@ApplicationScoped
@Tag(name = "Models", description = "Adaptive propensity models and their monitoring")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

  @Inject ModelFacade facade;
  @Context SecurityContext security;
  @Context UriInfo uri;

  @GET
  @Allowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      operationId = "listModels",
      summary = "Every model",
      description =
          "Each model's evidence (responses learned), positives, maturity (new under 100 responses,"
              + " learning under 1,000, then mature), the prequential AUC (each response predicted"
              + " before it was learned) and calibration (predicted against observed by range), over"
              + " every response the model learned")
  public List<ModelStatus> list() {
    return facade.list();
  }

  @GET
  @Path("uplift")
  @Allowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      operationId = "getUplift",
      summary = "What the models add over chance",
      description =
          "For the decisions made from `from` (inclusive) to `to` (exclusive): per policy (`models`:"
              + " ranked on the models' Thompson draws; `control`: the random control group) the"
              + " decisions, and the share of their impressions the customer accepted or clicked with a"
              + " 95 % Wilson interval; and the uplift, the models' rate divided by the control group's,"
              + " with a 95 % Katz interval (absent until both sides have a positive response)")
  @APIResponse(responseCode = "200", description = "The rates and the uplift")
  @APIResponse(responseCode = "400", description = "from or to missing or invalid (problem+json)")
  public ModelFacade.Uplift uplift(@QueryParam("from") String from, @QueryParam("to") String to) {
    DateRange range = DateRange.parse(from, to);
    return facade.uplift(range.from(), range.to());
  }

  @POST
  @Path("{modelId}/evaluate-offline")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      operationId = "evaluateModelOffline",
      summary = "Estimate a model's response rate on the logged decisions (off-policy evaluation)",
      description =
          "Ranks again the optional candidates of each decision made on the model's channel from `from`"
              + " (inclusive) to `to` (exclusive) by the model's mean propensity × context weight × value"
              + " × lever, and weighs the decisions where its first choice is the action the engine"
              + " showed first by the inverse of the logged probability of that choice. Answers the"
              + " estimated rate of positive responses to the first action by inverse propensity scoring"
              + " (95 % interval by the central limit theorem) and self-normalised IPS (95 % interval by"
              + " the delta method), the decisions evaluated and matched, the effective sample size, the"
              + " mean weight (1 in expectation) and the engine's own rate on the same decisions")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "OfflineEvaluationRequest")))
  @APIResponse(responseCode = "200", description = "The estimates")
  @APIResponse(
      responseCode = "400",
      description = "from, to or clip missing or invalid (problem+json)")
  @APIResponse(responseCode = "404", description = "No model has this id")
  public ModelFacade.OfflineEvaluation evaluateOffline(
      @PathParam("modelId") String modelId, RequestBodies.OfflineEvaluationBody body)
      throws Exception {
    DateRange range = body.range();
    return facade
        .evaluateOffline(modelId, range.from(), range.to(), body.clipOrNone())
        .orElseThrow(() -> unknown(modelId));
  }

  private static UnknownModelException unknown(String modelId) {
    return new UnknownModelException(
        "no model '" + modelId + "'; GET /api/v1/models lists them (for example probit:web)");
  }

  @GET
  @Path("{modelId}")
  @Allowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      operationId = "getModel",
      summary = "One model",
      description =
          "A model version (`probit:web@2`) or a channel's model by its champion (`probit:web`): its"
              + " monitoring figures, its largest weights (feature, posterior mean and standard"
              + " deviation) and the responses learned per action")
  @APIResponse(responseCode = "200", description = "The model")
  @APIResponse(responseCode = "404", description = "No model has this id")
  public ModelFacade.Detail model(@PathParam("modelId") String modelId) {
    return facade.detail(modelId.strip()).orElseThrow(() -> unknown(modelId));
  }

  @GET
  @Path("{modelId}/versions")
  @Allowed({Roles.SCIENTIST, Roles.COMPLIANCE, Roles.ADMIN})
  @Operation(
      operationId = "listModelVersions",
      summary = "A channel's model versions",
      description =
          "Every version with its role now (champion, challenger, standby, retired), traffic share,"
              + " provenance (how it was made: source, trainer, data, settings, file digest) and who"
              + " created it; every role change in order (who, when, why, after which response); and"
              + " what each version served from `from` to `to` (default: the last 30 days): impressions"
              + " ranked and the share accepted or clicked, with a 95 % Wilson interval")
  @APIResponse(responseCode = "200", description = "The versions")
  @APIResponse(responseCode = "404", description = "No model has this id")
  public ModelFacade.Versions versions(
      @PathParam("modelId") String modelId,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    Instant now = Instant.now();
    DateRange range =
        from == null && to == null
            ? new DateRange(now.minus(30, ChronoUnit.DAYS), now.plusSeconds(1))
            : DateRange.parse(from, to);
    return facade.versions(modelId, range.from(), range.to());
  }

  @POST
  @Path("{modelId}/challengers")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      operationId = "uploadChallenger",
      summary = "Upload an offline model as a challenger",
      description =
          "Stores the model as the channel model's next version, starting from its weights (warm"
              + " start: a logistic regression's log-odds weights times √(π/8), or an online probit's"
              + " posterior), and gives it the share of the channel's decisions asked for. It learns"
              + " every response on the channel from then on, like the champion.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "ChallengerUpload")))
  @APIResponse(
      responseCode = "201",
      description = "The new version, as in GET /api/v1/models/{id}/versions",
      content = @Content(schema = @Schema(implementation = ModelFacade.Versions.class)))
  @APIResponse(responseCode = "400", description = "A field is missing or invalid")
  @APIResponse(
      responseCode = "409",
      description = "The challengers would serve more than half the decisions")
  @APIResponse(
      responseCode = "422",
      description = "The file is not a model a probit can start from")
  public Response challenge(
      @PathParam("modelId") String modelId, RequestBodies.ChallengerBody body) {
    String version =
        facade.challenge(
            modelId,
            body.model(),
            body.trafficShare(),
            body.priorVarianceOrDefault(),
            body.description(),
            user(),
            body.reasonOrDefault());
    return Response.created(uri.getBaseUriBuilder().path("v1/models").path(version).build())
        .entity(
            facade.versions(
                version, Instant.now().minus(30, ChronoUnit.DAYS), Instant.now().plusSeconds(1)))
        .build();
  }

  @POST
  @Path("{versionId}/promote")
  @Allowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      operationId = "promoteModelVersion",
      summary = "Promote a challenger",
      description =
          "The challenger becomes the champion; the champion stands by (still learning), so that"
              + " a rollback brings it back up to date; the version that stood by retires")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "ModelChangeReason")))
  @APIResponse(responseCode = "200", description = "The versions after the change")
  @APIResponse(responseCode = "404", description = "No such version")
  @APIResponse(responseCode = "409", description = "The version is not a challenger")
  public ModelFacade.Versions promote(
      @PathParam("versionId") String versionId, RequestBodies.ReasonBody body) {
    facade.promote(versionId, user(), RequestBodies.ReasonBody.or(body, "promoted"));
    return recent(versionId);
  }

  @POST
  @Path("{modelId}/rollback")
  @Allowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      operationId = "rollbackModel",
      summary = "Roll back the last promotion",
      description =
          "The version standing by becomes the champion again and the champion stands by in"
              + " its place (so a rollback can be undone the same way)")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "ModelChangeReason")))
  @APIResponse(responseCode = "200", description = "The versions after the change")
  @APIResponse(responseCode = "404", description = "No such model")
  @APIResponse(responseCode = "409", description = "No version stands by")
  public ModelFacade.Versions rollback(
      @PathParam("modelId") String modelId, RequestBodies.ReasonBody body) {
    facade.rollback(modelId, user(), RequestBodies.ReasonBody.or(body, "rolled back"));
    return recent(modelId);
  }

  @POST
  @Path("{versionId}/drop")
  @Allowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      operationId = "dropModelVersion",
      summary = "Drop a challenger (or the version standing by)",
      description = "It stops serving and learning; its provenance and history are kept")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "ModelChangeReason")))
  @APIResponse(responseCode = "200", description = "The versions after the change")
  @APIResponse(responseCode = "404", description = "No such version")
  @APIResponse(
      responseCode = "409",
      description = "The version is the champion, or already retired")
  public ModelFacade.Versions drop(
      @PathParam("versionId") String versionId, RequestBodies.ReasonBody body) {
    facade.drop(versionId, user(), RequestBodies.ReasonBody.or(body, "dropped"));
    return recent(versionId);
  }

  @PUT
  @Path("{versionId}/traffic-share")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(operationId = "setTrafficShare", summary = "Change a challenger's traffic share")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TrafficShare")))
  @APIResponse(responseCode = "200", description = "The versions after the change")
  @APIResponse(responseCode = "400", description = "The share is missing or out of range")
  @APIResponse(responseCode = "404", description = "No such version")
  @APIResponse(
      responseCode = "409",
      description = "Not a challenger, or the challengers would serve more than half")
  public ModelFacade.Versions share(
      @PathParam("versionId") String versionId, RequestBodies.TrafficShareBody body) {
    facade.share(versionId, body.trafficShare(), user(), body.reasonOrDefault());
    return recent(versionId);
  }

  private ModelFacade.Versions recent(String modelId) {
    Instant now = Instant.now();
    return facade.versions(modelId, now.minus(30, ChronoUnit.DAYS), now.plusSeconds(1));
  }

  private String user() {
    return security.getUserPrincipal().getName();
  }
}
