package io.parcours.web.api;

import io.parcours.engine.ModelFacade;
import io.parcours.engine.UnknownModelException;
import io.parcours.models.ModelStatus;
import io.parcours.web.Roles;
import io.parcours.web.problem.BadRequestBody;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
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

  @GET
  @RolesAllowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
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
  @RolesAllowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
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
  @RolesAllowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
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
      content = @Content(schema = @Schema(implementation = RequestBodies.OfflineEvaluationBody.class)))
  @APIResponse(responseCode = "200", description = "The estimates")
  @APIResponse(responseCode = "400", description = "from, to or clip missing or invalid (problem+json)")
  @APIResponse(responseCode = "404", description = "No model has this id")
  public ModelFacade.OfflineEvaluation evaluateOffline(@PathParam("modelId") String modelId, String body)
      throws Exception {
    JsonBody json = JsonBody.parse(body);
    String from = json.requiredString("from", 40);
    String to = json.requiredString("to", 40);
    double clip = json.optionalDecimal("clip", Double.POSITIVE_INFINITY, 1.000001, 1e12);
    DateRange range = null;
    if (from != null && to != null) {
      try {
        range = DateRange.parse(from, to);
      } catch (BadRequestBody e) {
        e.errors().forEach(error -> json.reject(error.field(), error.message()));
      }
    }
    json.check();
    return facade
        .evaluateOffline(modelId, range.from(), range.to(), clip)
        .orElseThrow(() -> unknown(modelId));
  }

  private static UnknownModelException unknown(String modelId) {
    return new UnknownModelException(
        "no model '" + modelId + "'; GET /api/v1/models lists them (for example probit:web)");
  }

  @GET
  @Path("{modelId}")
  @RolesAllowed({Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      summary = "One model",
      description =
          "The model's monitoring figures, its largest weights (feature, posterior mean and standard"
              + " deviation) and the responses it learned per action")
  @APIResponse(responseCode = "200", description = "The model")
  @APIResponse(responseCode = "404", description = "No model has this id")
  public ModelFacade.Detail model(@PathParam("modelId") String modelId) {
    return facade.detail(modelId).orElseThrow(() -> unknown(modelId));
  }
}
