package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/** A request named a customer the engine has no profile for. */
@ApplicationException
public class UnknownCustomerException extends RuntimeException {

  private final String customerId;

  public UnknownCustomerException(String customerId) {
    super("no customer with id '" + customerId + "'");
    this.customerId = customerId;
  }

  public String customerId() {
    return customerId;
  }
}
