package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/**
 * An import mapping that cannot be saved: a bad name, or JSON that is not a valid mapping (the
 * message says where).
 */
@ApplicationException
public class InvalidMappingException extends RuntimeException {

  public InvalidMappingException(String message) {
    super(message);
  }
}
