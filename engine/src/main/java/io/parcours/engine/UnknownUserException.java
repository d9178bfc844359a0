package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/** A request named a user who does not exist. */
@ApplicationException
public class UnknownUserException extends RuntimeException {

  public UnknownUserException(String username) {
    super("there is no user '" + username + "'; GET /api/v1/users lists them");
  }
}
