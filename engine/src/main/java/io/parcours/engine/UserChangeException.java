package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/**
 * A change of users that cannot be made: a name, role or password that is not acceptable ({@link
 * Kind#INVALID}, naming the field), or a change that conflicts with the stored users, such as a
 * name already taken or disabling the last administrator ({@link Kind#CONFLICT}).
 */
@ApplicationException
public class UserChangeException extends RuntimeException {

  /** Why the change was refused. */
  public enum Kind {
    INVALID,
    CONFLICT
  }

  private final Kind kind;
  private final String field;

  public UserChangeException(Kind kind, String field, String message) {
    super(message);
    this.kind = kind;
    this.field = field;
  }

  public Kind kind() {
    return kind;
  }

  /** The request field at fault, for an invalid change; null for a conflict. */
  public String field() {
    return field;
  }
}
