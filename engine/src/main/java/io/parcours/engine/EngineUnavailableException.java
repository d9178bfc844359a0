package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/**
 * The engine could not complete a request for a reason of its own (the database did not acknowledge
 * a write in time): nothing was acknowledged, and the caller may retry.
 */
@ApplicationException
public class EngineUnavailableException extends RuntimeException {

  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
