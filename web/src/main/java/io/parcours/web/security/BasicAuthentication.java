package io.parcours.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;

/** HTTP Basic authentication for the API and the console. */
@BasicAuthenticationMechanismDefinition(realmName = "Parcours")
@ApplicationScoped
public class BasicAuthentication {}
