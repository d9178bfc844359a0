package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/**
 * A change of model versions that cannot be made: a file that is not a model a probit can start
 * from ({@link Kind#UNPROCESSABLE}), or a change that conflicts with the roles the versions have
 * now, such as promoting a version that is not a challenger ({@link Kind#CONFLICT}).
 */
@ApplicationException
public class ModelChangeException extends RuntimeException {

  /** Why the change was refused. */
  public enum Kind {
    /** The request is well formed but its content cannot be used. */
    UNPROCESSABLE,
    /** The change does not fit the versions' current roles. */
    CONFLICT
  }

  private final Kind kind;

  public ModelChangeException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
