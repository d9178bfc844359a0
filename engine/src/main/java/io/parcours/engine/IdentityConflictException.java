package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/**
 * A link or an erasure the stored identities or records do not allow: a customer number linked to
 * another known customer, or an erasure that would have to change audit records written in clear.
 */
@ApplicationException
public class IdentityConflictException extends RuntimeException {

  public IdentityConflictException(String message) {
    super(message);
  }
}
