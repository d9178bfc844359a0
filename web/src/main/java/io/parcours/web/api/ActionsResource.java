package io.parcours.web.api;

import io.parcours.engine.DecisionFacade;
import io.parcours.web.Roles;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The action library. */
@Path("/v1/actions")
@ApplicationScoped
@Tag(name = "Actions", description = "The action library")
@Produces(MediaType.APPLICATION_JSON)
public class ActionsResource {

  @Inject DecisionFacade facade;

  @GET
  @Allowed({
    Roles.CHANNEL,
    Roles.BUSINESS,
    Roles.SCIENTIST,
    Roles.COMPLIANCE,
    Roles.APPROVER,
    Roles.ADMIN
  })
  @Operation(
      operationId = "listActions",
      summary = "The action library",
      description = "Every active action: issue, group, journey, channels, value, lever")
  public List<Views.ActionView> actions() {
    return facade.actions().stream().map(Views.ActionView::of).toList();
  }
}
