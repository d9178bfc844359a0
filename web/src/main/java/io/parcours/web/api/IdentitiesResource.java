package io.parcours.web.api;

import io.parcours.domain.Identity;
import io.parcours.domain.IdentityOwner;
import io.parcours.domain.IdentityType;
import io.parcours.engine.CustomerFacade;
import io.parcours.web.Roles;
import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Lookup of a profile by any of its identifiers. */
@Path("/v1/identities")
@ApplicationScoped
@Tag(name = "Customers")
@Produces(MediaType.APPLICATION_JSON)
public class IdentitiesResource {

  @Inject CustomerFacade facade;

  /** The profile an identifier belongs to. */
  public record OwnerView(String type, String value, String customerId, boolean anonymous) {}

  @GET
  @Path("{type}/{value}")
  @Allowed({Roles.CHANNEL, Roles.COMPLIANCE, Roles.ADMIN})
  @Operation(
      operationId = "findIdentityOwner",
      summary = "Find a customer by an identifier",
      description =
          "The profile an identifier (customer-number, email, phone, device, cookie) belongs to now;"
              + " a customer number merged into another profile names that profile. Nothing is created.")
  @APIResponse(responseCode = "200", description = "The profile's id, and whether it is anonymous")
  @APIResponse(responseCode = "400", description = "Unknown identity type (problem+json)")
  @APIResponse(responseCode = "404", description = "No profile has this identifier (problem+json)")
  public OwnerView find(@PathParam("type") String type, @PathParam("value") String value) {
    Identity identity;
    try {
      identity = new Identity(IdentityType.fromCode(type), value);
    } catch (IllegalArgumentException e) {
      throw new BadRequestBody(
          e.getMessage().startsWith("unknown identity type") ? "type" : "value", e.getMessage());
    }
    IdentityOwner owner = facade.owner(identity);
    return new OwnerView(
        identity.type().code(), identity.value(), owner.customerId(), owner.anonymous());
  }
}
