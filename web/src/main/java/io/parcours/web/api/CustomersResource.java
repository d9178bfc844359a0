package io.parcours.web.api;

import io.parcours.engine.DecisionFacade;
import io.parcours.engine.RuleSetFacade;
import io.parcours.web.Roles;
import io.parcours.web.problem.BadRequestBody;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
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

  @Inject DecisionFacade facade;
  @Inject RuleSetFacade journeys;

  @GET
  @RolesAllowed({Roles.CHANNEL, Roles.COMPLIANCE, Roles.ADMIN})
  @Operation(summary = "A page of customers", description = "Customer ids and names in id order")
  @APIResponse(responseCode = "200", description = "The page",
      content = @Content(schema = @Schema(implementation = Views.CustomerPage.class)))
  @APIResponse(responseCode = "400", description = "limit or offset out of range (problem+json)")
  public Views.CustomerPage page(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
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
  @RolesAllowed({Roles.CHANNEL, Roles.COMPLIANCE, Roles.ADMIN})
  @Operation(summary = "A customer's profile")
  @APIResponse(responseCode = "200", description = "The profile",
      content = @Content(schema = @Schema(implementation = Views.CustomerView.class)))
  @APIResponse(responseCode = "404", description = "Unknown customer (problem+json)")
  public Views.CustomerView customer(@PathParam("customerId") String customerId) {
    return Views.CustomerView.of(facade.customer(customerId));
  }

  @GET
  @Path("{customerId}/journeys")
  @RolesAllowed({Roles.CHANNEL, Roles.BUSINESS, Roles.COMPLIANCE, Roles.ADMIN})
  @Operation(
      summary = "Where a customer stands in each journey",
      description = "The current stage per journey with the rule that placed the customer there, and the latest stage changes, newest first")
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
}
