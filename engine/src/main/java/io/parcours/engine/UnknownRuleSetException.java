package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/** A request named a rule-set version, or a file of one, that is not stored. */
@ApplicationException
public class UnknownRuleSetException extends RuntimeException {

  public UnknownRuleSetException(String message) {
    super(message);
  }
}
