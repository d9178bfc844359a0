package io.parcours.web;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The REST API under {@code /api}; roles are enforced per resource method. */
@ApplicationPath("/api")
@DeclareRoles({
  Roles.CHANNEL,
  Roles.BUSINESS,
  Roles.SCIENTIST,
  Roles.COMPLIANCE,
  Roles.APPROVER,
  Roles.ADMIN
})
@OpenAPIDefinition(
    info =
        @Info(
            title = "Parcours",
            version = "1",
            description =
                "Real-time next-best-action engine: decide the best actions for a customer on a channel,"
                    + " capture responses, explain decisions.",
            license = @License(name = "Apache-2.0")),
    security = {@SecurityRequirement(name = "basic"), @SecurityRequirement(name = "bearer")})
@SecurityScheme(
    securitySchemeName = "basic",
    type = SecuritySchemeType.HTTP,
    scheme = "basic",
    description = "People: their Parcours user name and password")
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT",
    description = "Channel systems: a JWT of the configured issuer, its roles in the groups claim")
public class ParcoursApplication extends Application {

  @Override
  public Map<String, Object> getProperties() {
    return Map.of(
        "jersey.config.server.provider.classnames", "io.parcours.web.security.AllowedRoles");
  }
}
