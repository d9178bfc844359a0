package io.parcours.web.api;

import io.parcours.domain.Outcome;
import io.parcours.domain.Response;
import io.parcours.engine.DecisionFacade;
import io.parcours.engine.response.ResponseReceipt;
import io.parcours.web.Roles;
import io.parcours.web.metrics.ParcoursMetrics;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Responses: what the customer did with an action a decision showed. */
@Path("/v1/responses")
@ApplicationScoped
@Tag(name = "Responses", description = "Capture the customer's reaction to an action")
@Produces(MediaType.APPLICATION_JSON)
public class ResponsesResource {

  @Inject DecisionFacade facade;
  @Inject ParcoursMetrics metrics;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed({Roles.CHANNEL, Roles.ADMIN})
  @Operation(
      operationId = "recordResponse",
      summary = "Capture a response",
      description =
          "Stores the response durably, then acknowledges it; the adaptive models learn from it. The"
              + " same Idempotency-Key (or the same decision, action and outcome) twice has one effect:"
              + " the second answer is 200 with replayed true.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "ResponseRequest"),
              examples =
                  @ExampleObject(
                      name = "accepted",
                      summary = "The customer took up the action a decision showed",
                      value =
                          "{\"decisionId\": \"0b9c6f0e-5a7d-4f4e-9d1b-2f3c8e6a1d42\","
                              + " \"actionId\": \"travel-card-abroad\", \"outcome\": \"accepted\"}")))
  @APIResponse(
      responseCode = "201",
      description = "Stored now",
      content = @Content(schema = @Schema(implementation = Views.ResponseView.class)))
  @APIResponse(
      responseCode = "200",
      description = "Stored before: nothing changed",
      content = @Content(schema = @Schema(implementation = Views.ResponseView.class)))
  @APIResponse(
      responseCode = "400",
      description = "A field or the Idempotency-Key is missing or invalid")
  @APIResponse(
      responseCode = "422",
      description =
          "The decision does not exist, did not show that action, or the key was used for another response")
  public jakarta.ws.rs.core.Response respond(
      @Parameter(
              in = ParameterIn.HEADER,
              required = true,
              description = "A key unique to this response, 1 to 200 characters")
          @HeaderParam("Idempotency-Key")
          String idempotencyKey,
      @RequestBodyReader.Keyed("response") RequestBodies.ResponseBody body) {
    String id = DecisionsResource.uuid("decisionId", body.decisionId());
    String actionId = body.actionId();
    Outcome outcome = Outcome.fromCode(body.outcome());
    ResponseReceipt receipt =
        facade.respond(new Response(id, actionId, outcome, idempotencyKey, Instant.now()));
    metrics.responded(receipt);
    Views.ResponseView view =
        new Views.ResponseView(
            receipt.responseId(),
            receipt.decisionId(),
            receipt.actionId(),
            receipt.outcome().code(),
            receipt.receivedAt(),
            !receipt.created());
    return jakarta.ws.rs.core.Response.status(receipt.created() ? 201 : 200).entity(view).build();
  }
}
