package io.parcours.web.api;

import io.parcours.domain.AuditRecord;
import io.parcours.domain.Channel;
import io.parcours.domain.Decision;
import io.parcours.domain.DecisionRequest;
import io.parcours.engine.CustomerFacade;
import io.parcours.engine.DecisionFacade;
import io.parcours.web.Roles;
import io.parcours.web.metrics.ParcoursMetrics;
import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Decisions: ask for the next best actions, and read a decision's audit record. */
@Path("/v1/decisions")
@ApplicationScoped
@Tag(name = "Decisions", description = "Ask for the next best actions; explain a past decision")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionsResource {

  private static final int DEFAULT_LIMIT = 3;

  @Inject DecisionFacade facade;
  @Inject CustomerFacade customers;
  @Inject ParcoursMetrics metrics;

  /** The audit record of a decision, with the record itself as JSON. */
  @JsonbPropertyOrder({"decisionId", "seq", "recordedAt", "previousHash", "hash", "record"})
  public record AuditView(
      String decisionId,
      long seq,
      Instant recordedAt,
      String previousHash,
      String hash,
      JsonObject record) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed({Roles.CHANNEL, Roles.ADMIN})
  @Operation(
      operationId = "decide",
      summary = "Decide the next best actions",
      description =
          "Ranks the actions the rules allow for the customer on the channel by priority = propensity ×"
              + " context weight × value × lever. An empty list (doNothing true) is a valid answer. The"
              + " decision is audited before it is answered.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "DecisionRequest"),
              examples =
                  @ExampleObject(
                      name = "web",
                      summary = "A customer on the cards page of the web site",
                      value =
                          "{\"customerId\": \"C000042\", \"channel\": \"web\", \"limit\": 3,"
                              + " \"context\": {\"page\": \"cards\", \"intent\": \"travel\"}}")))
  @APIResponse(
      responseCode = "200",
      description = "The decision",
      content = @Content(schema = @Schema(implementation = Views.DecisionView.class)))
  @APIResponse(responseCode = "400", description = "A field is missing or invalid (problem+json)")
  @APIResponse(responseCode = "404", description = "Unknown customer (problem+json)")
  public Views.DecisionView decide(RequestBodies.DecisionRequestBody body) {
    Channel channel = Channel.fromCode(body.channel());
    int limit = body.limit() == null ? DEFAULT_LIMIT : body.limit();
    long start = System.nanoTime();
    String subject =
        body.customerId() != null
            ? body.customerId()
            : customers.resolve(body.identity().identity(), "decision on " + channel.code());
    Decision decision =
        facade.decide(
            new DecisionRequest(
                subject,
                channel,
                body.directionOrDefault(),
                body.contextText(),
                limit,
                Instant.now()));
    metrics.decided(decision, System.nanoTime() - start);
    return Views.DecisionView.of(decision);
  }

  @GET
  @Path("{decisionId}")
  @Allowed({Roles.COMPLIANCE, Roles.ADMIN, Roles.CHANNEL})
  @Operation(
      operationId = "explainDecision",
      summary = "Explain a decision",
      description =
          "The decision's audit record: inputs, rule-set version and rules fired, exclusions with their"
              + " rules, model versions and scores, result; with its place and hash in the audit chain. The"
              + " record is shown as stored; its personal inputs (customer id, context, profile), sealed with"
              + " the customer's key, are opened into `personal`, or `personalErased` is true when the"
              + " customer was erased.")
  @APIResponse(
      responseCode = "200",
      description = "The audit record",
      content = @Content(schema = @Schema(implementation = AuditView.class)))
  @APIResponse(responseCode = "400", description = "The id is not a UUID (problem+json)")
  @APIResponse(responseCode = "404", description = "No such decision (problem+json)")
  public AuditView explain(@PathParam("decisionId") String decisionId) {
    String id = uuid("decisionId", decisionId);
    AuditRecord r = facade.auditRecord(id);
    return new AuditView(
        r.decisionId(),
        r.seq(),
        r.recordedAt(),
        r.previousHash(),
        r.hash(),
        facade.openedAuditRecord(r));
  }

  static String uuid(String field, String value) {
    try {
      return UUID.fromString(value).toString();
    } catch (IllegalArgumentException e) {
      throw new BadRequestBody(field, "'" + value + "' is not a UUID");
    }
  }
}
