package io.parcours.web;

/** The roles of Parcours users, one per kind of user. */
public final class Roles {

  /** Channels: decisions and responses. */
  public static final String CHANNEL = "channel";

  /** Business users: rules. */
  public static final String BUSINESS = "business";

  /** Data scientists: models. */
  public static final String SCIENTIST = "scientist";

  /** Compliance: audit records. */
  public static final String COMPLIANCE = "compliance";

  /** Approvers: the second pair of eyes a change to decisions needs before it goes live. */
  public static final String APPROVER = "approver";

  /** Administrators: everything. */
  public static final String ADMIN = "admin";

  private Roles() {}
}
