package io.parcours.db;

import java.sql.SQLException;

/** A database operation failed; carries the operation's name and the driver's message. */
public final class PersistenceException extends RuntimeException {

  PersistenceException(String operation, SQLException cause) {
    super(operation + " failed: " + cause.getMessage(), cause);
  }
}
