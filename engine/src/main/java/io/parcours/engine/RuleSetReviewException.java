package io.parcours.engine;

import jakarta.ejb.ApplicationException;

/**
 * A review or an activation that the four-eyes rule refuses: an author reviewing their own version,
 * a second review by the same person, or an activation before enough approvals (or after a
 * rejection).
 */
@ApplicationException
public class RuleSetReviewException extends RuntimeException {

  /** Why the four-eyes rule refused. */
  public enum Kind {
    /** The reviewer wrote the version: nobody approves their own change. */
    OWN_VERSION,
    /** The reviewer already reviewed this version. */
    ALREADY_REVIEWED,
    /** The version has fewer approvals than required, or a rejection. */
    NOT_APPROVED
  }

  private final Kind kind;
  private final String version;

  public RuleSetReviewException(Kind kind, String version, String message) {
    super(message);
    this.kind = kind;
    this.version = version;
  }

  public Kind kind() {
    return kind;
  }

  public String version() {
    return version;
  }
}
