package io.parcours.web.api;

import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.ErasureRecord;
import io.parcours.domain.Identity;
import io.parcours.engine.CustomerFacade;
import io.parcours.engine.RuleSetFacade;
import io.parcours.engine.identities.IdentityGraph;
import io.parcours.web.Roles;
import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Customer profiles. */
@Path("/v1/customers")
@ApplicationScoped
@Tag(name = "Customers", description = "Customer profiles")
@Produces(MediaType.APPLICATION_JSON)
public class CustomersResource {

  @Inject CustomerFacade facade;
  @Context SecurityContext security;
  @Inject RuleSetFacade journeys;

  @GET
  @Allowed({Roles.CHANNEL, Roles.COMPLIANCE, Roles.ADMIN})
  @Operation(
      operationId = "listCustomers",
      summary = "A page of customers",
      description = "Customer ids and names in id order")
  @APIResponse(
      responseCode = "200",
      description = "The page",
      content = @Content(schema = @Schema(implementation = Views.CustomerPage.class)))
  @APIResponse(responseCode = "400", description = "limit or offset out of range (problem+json)")
  public Views.CustomerPage page(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    int l = intParameter("limit", limit, 50, 1, 1000);
    int o = intParameter("offset", offset, 0, 0, Integer.MAX_VALUE);
    return new Views.CustomerPage(
        facade.customerCount(),
        l,
        o,
        facade.customers(l, o).stream()
            .map(s -> new Views.CustomerSummaryView(s.customerId(), s.name(), s.segment()))
            .toList());
  }

  @GET
  @Path("{customerId}")
  @Allowed({Roles.CHANNEL, Roles.COMPLIANCE, Roles.ADMIN})
  @Operation(
      operationId = "getCustomer",
      summary = "A customer's profile",
      description =
          "The profile with its custom attributes and the values its derived features have now"
              + " (docs/profile.md)")
  @APIResponse(
      responseCode = "200",
      description = "The profile",
      content = @Content(schema = @Schema(implementation = Views.CustomerView.class)))
  @APIResponse(responseCode = "404", description = "Unknown customer (problem+json)")
  public Views.CustomerView customer(@PathParam("customerId") String customerId) {
    CustomerProfile profile = facade.customer(customerId);
    return Views.CustomerView.of(profile, facade.derivedFeatures(profile));
  }

  @GET
  @Path("{customerId}/journeys")
  @Allowed({Roles.CHANNEL, Roles.BUSINESS, Roles.COMPLIANCE, Roles.ADMIN})
  @Operation(
      operationId = "getCustomerJourneys",
      summary = "Where a customer stands in each journey",
      description =
          "The current stage per journey with the rule that placed the customer there, and the latest stage changes, newest first")
  @APIResponse(responseCode = "404", description = "Unknown customer (problem+json)")
  public RuleSetFacade.CustomerJourneys customerJourneys(
      @PathParam("customerId") String customerId, @QueryParam("changes") String changes) {
    return journeys.customerJourneys(customerId, intParameter("changes", changes, 20, 0, 500));
  }

  static int intParameter(String name, String value, int fallback, int min, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n < min || n > max) {
        throw new BadRequestBody(name, "must be between " + min + " and " + max + ", was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequestBody(name, "must be a whole number, was '" + value + "'");
    }
  }

  /** One change of one consent. */
  @JsonbPropertyOrder({"consent", "granted", "changedAt", "source", "textVersion", "recordedBy"})
  public record ConsentChangeView(
      String consent,
      boolean granted,
      Instant changedAt,
      String source,
      String textVersion,
      String recordedBy) {}

  /** The consents in force, as codes channel:purpose, and their latest changes. */
  @JsonbPropertyOrder({"customerId", "granted", "history"})
  public record ConsentsView(
      String customerId, List<String> granted, List<ConsentChangeView> history) {

    static ConsentsView of(CustomerFacade.Consents c) {
      return new ConsentsView(
          c.profile().customerId(),
          c.profile().consents().stream().sorted().map(Consent::code).toList(),
          c.history().stream()
              .map(
                  h ->
                      new ConsentChangeView(
                          h.consent().code(),
                          h.granted(),
                          h.changedAt(),
                          h.source(),
                          h.textVersion(),
                          h.recordedBy()))
              .toList());
    }
  }

  @GET
  @Path("{customerId}/consents")
  @Allowed({Roles.CHANNEL, Roles.COMPLIANCE, Roles.ADMIN})
  @Operation(
      operationId = "getConsents",
      summary = "A customer's consents",
      description =
          "The consents in force, per channel and purpose (service, marketing, profiling) as codes such as"
              + " sms:marketing, and the latest 100 changes with their time, source, consent-text version"
              + " and who recorded them")
  @APIResponse(responseCode = "200", description = "The consents")
  @APIResponse(responseCode = "404", description = "Unknown customer (problem+json)")
  public ConsentsView consents(@PathParam("customerId") String customerId) {
    return ConsentsView.of(facade.consents(customerId));
  }

  @PUT
  @Path("{customerId}/consents")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed({Roles.CHANNEL, Roles.ADMIN})
  @Operation(
      operationId = "replaceConsents",
      summary = "Replace a customer's consents",
      description =
          "`{\"granted\": [\"email:service\", \"sms:service\"], \"source\": \"preference-centre\","
              + " \"textVersion\": \"2026-10\"}`: the consents granted; every other consent is withdrawn."
              + " Each change is recorded with its source and the version of the consent text, and applies"
              + " to the very next decision.")
  @APIResponse(responseCode = "200", description = "The consents now in force, with the history")
  @APIResponse(responseCode = "400", description = "A field is missing or invalid (problem+json)")
  @APIResponse(responseCode = "404", description = "Unknown customer (problem+json)")
  public ConsentsView replaceConsents(
      @PathParam("customerId") String customerId, RequestBodies.ConsentsBody body) {
    return ConsentsView.of(
        facade.replaceConsents(
            customerId,
            body.consents(),
            body.source(),
            body.textVersion(),
            security.getUserPrincipal().getName()));
  }

  @GET
  @Path("{customerId}/export")
  @Allowed({Roles.COMPLIANCE, Roles.ADMIN})
  @Operation(
      operationId = "exportCustomer",
      summary = "Everything held about a customer (right of access)",
      description =
          "One JSON document, streamed: the profile with its custom attributes, its derived features (values"
              + " now and the day-by-day tallies they come from), the consents in force and every change of them, the"
              + " journey stages and their changes, every decision with its audit record, every impression"
              + " and every response")
  @APIResponse(
      responseCode = "200",
      description = "The document, as a download",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(responseCode = "404", description = "Unknown customer (problem+json)")
  public Response export(@PathParam("customerId") String customerId) {
    facade.customer(customerId); // an unknown customer is a 404 before anything is streamed
    StreamingOutput body =
        Streamed.of("the export of " + customerId, out -> facade.exportCustomer(customerId, out));
    return Response.ok(body, MediaType.APPLICATION_JSON)
        .header(
            "Content-Disposition",
            "attachment; filename=\"parcours-customer-" + customerId + ".json\"")
        .build();
  }

  /** One identifier of a profile. */
  @JsonbPropertyOrder({"type", "value", "linkedAt", "source"})
  public record IdentityView(String type, String value, Instant linkedAt, String source) {}

  /** A profile merged into this one. */
  @JsonbPropertyOrder({"absorbedId", "mergedAt", "cause"})
  public record MergeView(String absorbedId, Instant mergedAt, String cause) {}

  /**
   * What identifies a profile: its id, whether it is anonymous, its identifiers, what it absorbed.
   */
  @JsonbPropertyOrder({"customerId", "anonymous", "identities", "merges"})
  public record IdentitiesView(
      String customerId, boolean anonymous, List<IdentityView> identities, List<MergeView> merges) {

    static IdentitiesView of(String customerId, IdentityGraph.Identities i) {
      return new IdentitiesView(
          customerId,
          i.anonymous(),
          i.identities().stream()
              .map(
                  l ->
                      new IdentityView(
                          l.identity().type().code(),
                          l.identity().value(),
                          l.linkedAt(),
                          l.source()))
              .toList(),
          i.merges().stream()
              .map(m -> new MergeView(m.absorbedId(), m.mergedAt(), m.cause()))
              .toList());
    }
  }

  /** What a link did, and the profile the identifier belongs to now. */
  @JsonbPropertyOrder({"outcome", "customerId", "absorbedId"})
  public record LinkView(String outcome, String customerId, String absorbedId) {}

  @GET
  @Path("{customerId}/identities")
  @Allowed({Roles.CHANNEL, Roles.COMPLIANCE, Roles.ADMIN})
  @Operation(
      operationId = "listCustomerIdentities",
      summary = "A customer's identifiers",
      description =
          "The identifiers linked to the profile (e-mail, phone, device, cookie; the customer number is"
              + " its id), whether it is anonymous, and the profiles merged into it")
  @APIResponse(responseCode = "200", description = "The identities")
  @APIResponse(responseCode = "404", description = "Unknown customer (problem+json)")
  public IdentitiesView identities(@PathParam("customerId") String customerId) {
    return IdentitiesView.of(customerId, facade.identities(customerId));
  }

  @POST
  @Path("{customerId}/identities")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed({Roles.CHANNEL, Roles.ADMIN})
  @Operation(
      operationId = "linkIdentity",
      summary = "Link an identifier to a customer",
      description =
          "`{\"type\": \"device\", \"value\": \"d-6f1c2a\", \"source\": \"mobile-app-login\"}`."
              + " An identifier of nobody becomes the customer's. One of an anonymous profile merges that profile"
              + " into the customer's (attributes by declared precedence; history, counters, events, consents and"
              + " identifiers combined, so contact caps count both; the merge recorded). One of another known"
              + " customer moves to this one. A customer number of another known customer is refused (409): known"
              + " customers are never merged by a link.")
  @APIResponse(
      responseCode = "200",
      description = "What the link did: linked, already, moved or merged")
  @APIResponse(responseCode = "400", description = "A field is missing or invalid (problem+json)")
  @APIResponse(responseCode = "404", description = "Unknown customer (problem+json)")
  @APIResponse(
      responseCode = "409",
      description = "The identifier is another known customer's number (problem+json)")
  public LinkView link(
      @PathParam("customerId") String customerId, RequestBodies.IdentityBody body) {
    Identity identity = body.identity();
    String source = body.source() == null ? "api" : body.source();
    IdentityGraph.Link link =
        facade.link(customerId, identity, source, security.getUserPrincipal().getName());
    return new LinkView(
        link.outcome().name().toLowerCase(java.util.Locale.ROOT),
        link.customerId(),
        link.merge().map(m -> m.absorbedId()).orElse(null));
  }

  /** A finished erasure. */
  @JsonbPropertyOrder({"erasureId", "pseudonym", "erasedAt", "rows"})
  public record ErasureView(
      long erasureId, String pseudonym, Instant erasedAt, java.util.Map<String, Integer> rows) {}

  @DELETE
  @Path("{customerId}")
  @Allowed({Roles.ADMIN})
  @Operation(
      operationId = "eraseCustomer",
      summary = "Erase a customer (right to erasure)",
      description =
          "Deletes the profile, its identifiers, current stages and the keys that sealed the personal"
              + " inputs of the customer's audit records. Their history (decisions, impressions, responses, events,"
              + " consent changes, stage changes, outbound contacts, merges) stays for aggregate statistics under a"
              + " pseudonym, without what could identify them (event attributes and senders' keys go); their audit"
              + " records stay, still explain the decisions and still verify, but their personal part can no"
              + " longer be read. Queued outbound contacts are cancelled. The erasure is recorded with who asked"
              + " and why (`reason`, required), and answers how many rows of each table it erased or"
              + " pseudonymised. A customer id merged into another erases the profile it lives on in.")
  @APIResponse(responseCode = "200", description = "Erased")
  @APIResponse(responseCode = "400", description = "The reason is missing (problem+json)")
  @APIResponse(responseCode = "404", description = "Unknown customer (problem+json)")
  @APIResponse(
      responseCode = "409",
      description = "Some audit records hold the customer's inputs in clear (problem+json)")
  public ErasureView erase(
      @PathParam("customerId") String customerId, @QueryParam("reason") String reason) {
    if (reason == null || reason.isBlank()) {
      throw new BadRequestBody(
          "reason",
          "is required: why the customer is erased (for example 'customer request 2026-118')");
    }
    if (reason.length() > 500) {
      throw new BadRequestBody("reason", "must be at most 500 characters");
    }
    ErasureRecord e =
        facade.erase(customerId, security.getUserPrincipal().getName(), reason.trim());
    return new ErasureView(e.erasureId(), e.pseudonym(), e.erasedAt(), e.counts());
  }
}
