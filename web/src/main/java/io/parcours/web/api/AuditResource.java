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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail as a whole. */
@Path("/v1/audit")
@ApplicationScoped
@Tag(name = "Audit", description = "Verify the audit trail")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

  @Inject DecisionFacade facade;

  @GET
  @Path("verification")
  @Allowed({Roles.COMPLIANCE, Roles.ADMIN})
  @Operation(
      operationId = "verifyAuditChain",
      summary = "Verify the audit chain",
      description =
          "Recomputes every audit record's hash from the first; reports the first record that was changed, inserted or removed")
  public Views.VerificationView verify() {
    var v = facade.verifyAudit();
    return new Views.VerificationView(v.verified(), v.intact(), v.firstBrokenSeq(), v.problem());
  }
}
