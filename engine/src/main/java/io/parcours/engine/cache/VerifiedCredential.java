package io.parcours.engine.cache;

import java.util.Set;

/**
 * What a node remembers of a password it verified: the user's roles, and the user's stamp at the
 * time, which tells whether the user changed since.
 */
public record VerifiedCredential(String username, Set<String> roles, long stamp) {

  public VerifiedCredential {
    roles = Set.copyOf(roles);
  }
}
