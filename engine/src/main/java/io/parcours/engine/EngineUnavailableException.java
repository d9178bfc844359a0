package io.parcours.engine;

import io.parcours.db.DatabaseAvailability;
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

  /**
   * Whether {@code failure} comes from a database that cannot be reached (stopped, restarting, cut
   * off), whatever wrapped it on the way: the request can be retried as it is.
   */
  public static boolean databaseUnreachable(Throwable failure) {
    return DatabaseAvailability.isUnreachable(failure);
  }
}
