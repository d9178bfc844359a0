package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/** A request named a model the engine does not run. */
@ApplicationException
public class UnknownModelException extends RuntimeException {

  public UnknownModelException(String message) {
    super(message);
  }
}
