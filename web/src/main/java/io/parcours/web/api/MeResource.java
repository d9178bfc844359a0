package io.parcours.web.api;

import io.parcours.web.Roles;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Who is calling: the signed-in user and its roles, so that a console shows each user what it may
 * do.
 */
@Path("/v1/me")
@RequestScoped
@Tag(name = "Users")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

  private static final List<String> ALL =
      List.of(
          Roles.CHANNEL,
          Roles.BUSINESS,
          Roles.SCIENTIST,
          Roles.COMPLIANCE,
          Roles.APPROVER,
          Roles.ADMIN);

  /** The calling user. */
  @JsonbPropertyOrder({"user", "roles"})
  public record Me(String user, List<String> roles) {}

  @Context SecurityContext security;

  @GET
  @Allowed({
    Roles.CHANNEL,
    Roles.BUSINESS,
    Roles.SCIENTIST,
    Roles.COMPLIANCE,
    Roles.APPROVER,
    Roles.ADMIN
  })
  @Operation(operationId = "getCurrentUser", summary = "The calling user and its roles")
  public Me me() {
    return new Me(
        security.getUserPrincipal().getName(),
        ALL.stream().filter(security::isUserInRole).toList());
  }
}
