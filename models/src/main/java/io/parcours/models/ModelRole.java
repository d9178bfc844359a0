package io.parcours.models;

/**
 * What a version of a channel's model does: serve decisions in charge, serve a share of them on
 * trial, stand by to be rolled back to, or nothing any more.
 */
public enum ModelRole {
  /** The version in charge: it serves every decision no challenger takes. */
  CHAMPION("champion"),
  /** A candidate serving a share of the decisions until it is promoted or dropped. */
  CHALLENGER("challenger"),
  /**
   * The champion before the last promotion: it serves nothing but keeps learning, so that a
   * rollback brings back a model that is up to date.
   */
  STANDBY("standby"),
  /** Dropped or replaced: kept with its provenance, no longer learning. */
  RETIRED("retired");

  private final String code;

  ModelRole(String code) {
    this.code = code;
  }

  /** The name used in the API and the database. */
  public String code() {
    return code;
  }

  /** Whether a version in this role learns from every response on its channel. */
  public boolean learns() {
    return this != RETIRED;
  }

  /**
   * The role named {@code code}.
   *
   * @throws IllegalArgumentException naming the roles
   */
  public static ModelRole fromCode(String code) {
    for (ModelRole r : values()) {
      if (r.code.equals(code)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown model role '" + code + "'; use champion, challenger, standby or retired");
  }
}
