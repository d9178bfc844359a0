package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/** A request named a decision the engine never made. */
@ApplicationException
public class UnknownDecisionException extends RuntimeException {

  public UnknownDecisionException(String decisionId) {
    super("no decision with id '" + decisionId + "'");
  }
}
