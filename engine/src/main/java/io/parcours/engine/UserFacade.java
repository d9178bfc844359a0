package io.parcours.engine;

import io.parcours.engine.runtime.EngineRuntime;
import io.parcours.engine.runtime.UserAdministration;
import io.parcours.engine.runtime.UserAdministration.UserChange;
import io.parcours.engine.runtime.UserAdministration.UserView;
import io.parcours.engine.runtime.UserAdministration.WithPassword;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import java.util.List;
import java.util.Set;

/**
 * The users' facade: the check of a password at sign-in, and what an administrator does to users.
 * Each change is one PostgreSQL transaction of its own, recorded with the name of the person who
 * made it ({@code by}).
 */
@Stateless
@Interceptors(DatabaseAway.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class UserFacade {

  @EJB EngineRuntime runtime;

  private UserAdministration users() {
    return runtime.users();
  }

  public List<UserView> list() {
    return users().list();
  }

  public UserView find(String username) {
    return users().find(username);
  }

  /** See {@link UserAdministration#create}. */
  public WithPassword create(
      String by, String username, String displayName, Set<String> roles, String password) {
    return users().create(by, username, displayName, roles, password);
  }

  /** See {@link UserAdministration#setEnabled}. */
  public UserView setEnabled(String by, String username, boolean enabled) {
    return users().setEnabled(by, username, enabled);
  }

  /** See {@link UserAdministration#setRoles}. */
  public UserView setRoles(String by, String username, Set<String> roles) {
    return users().setRoles(by, username, roles);
  }

  /** See {@link UserAdministration#resetPassword}. */
  public WithPassword resetPassword(String by, String username, String password) {
    return users().resetPassword(by, username, password);
  }

  public List<UserChange> changes(String username, int limit, int offset) {
    return users().changes(username, limit, offset);
  }

  /** The roles of a user whose password is right; empty otherwise. */
  public Set<String> authenticate(String username, String password) {
    return runtime.authenticate(username, password);
  }
}
