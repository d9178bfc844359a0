package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/**
 * A request named a simulation that this node does not hold (never started here, or forgotten
 * since).
 */
@ApplicationException
public class UnknownSimulationException extends RuntimeException {

  public UnknownSimulationException(String message) {
    super(message);
  }
}
