package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/**
 * A rule-set change that conflicts with what is stored: the same content uploaded again, or a
 * rollback with no earlier version to go back to.
 */
@ApplicationException
public class RuleSetConflictException extends RuntimeException {

  private final String version;

  /**
   * @param version the stored version the request conflicts with, or null
   */
  public RuleSetConflictException(String message, String version) {
    super(message);
    this.version = version;
  }

  public String version() {
    return version;
  }
}
