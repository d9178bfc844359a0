package io.parcours.web.security;

import io.parcours.engine.UserFacade;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/**
 * Checks a user name and password against the users stored in PostgreSQL; the roles are the groups.
 */
@ApplicationScoped
public class ParcoursIdentityStore implements IdentityStore {

  @Inject UserFacade facade;

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential login)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    Set<String> roles = facade.authenticate(login.getCaller(), login.getPasswordAsString());
    if (roles.isEmpty()) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    return new CredentialValidationResult(login.getCaller(), roles);
  }
}
