package io.parcours.web.api;

import io.parcours.engine.ModelFacade;
import io.parcours.engine.UnknownModelException;
import io.parcours.models.ModelStatus;
import io.parcours.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
    return facade
        .detail(modelId)
        .orElseThrow(
            () ->
                new UnknownModelException(
                    "no model '" + modelId + "'; GET /api/v1/models lists them (for example probit:web)"));
  }
}
