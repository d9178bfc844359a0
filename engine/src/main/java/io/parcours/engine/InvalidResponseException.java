package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/**
 * A response that the engine refuses to learn from: its decision does not exist, did not show that
 * action, or its idempotency key was used before for another response.
 */
@ApplicationException
public class InvalidResponseException extends RuntimeException {

  /** Which part of the response is wrong, as a field name of the request body (or a header). */
  private final String field;

  public InvalidResponseException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
