package io.parcours.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.web.ApiResources;
import io.parcours.web.Roles;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllowedRolesTest {

  @Test
  void everyOperationNamesTheRolesItAdmitsAndOnlyKnownOnes() throws Exception {
    Set<String> known = new HashSet<>();
    for (Field f : Roles.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        known.add((String) f.get(null));
      }
    }
    List<String> unguarded = new ArrayList<>();
    int operations = 0;
    for (Class<?> resource : ApiResources.CLASSES) {
      for (Method m : resource.getDeclaredMethods()) {
        if (!isOperation(m)) {
          continue;
        }
        operations++;
        Allowed allowed = AllowedRoles.allowed(m, resource);
        if (allowed == null) {
          unguarded.add(resource.getSimpleName() + "." + m.getName());
          continue;
        }
        for (String role : allowed.value()) {
          assertTrue(known.contains(role), m + " admits an unknown role " + role);
        }
      }
    }
    assertTrue(operations > 50, "the resources' operations were found: " + operations);
    assertEquals(List.of(), unguarded, "operations without @Allowed");
  }

  @Test
  void aCallerIsLetThroughOnlyInOneOfTheRoles() {
    var check = new AllowedRoles.RoleCheck(List.of(Roles.CHANNEL, Roles.ADMIN));
    assertTrue(check.admits(caller(Set.of(Roles.CHANNEL))));
    assertTrue(check.admits(caller(Set.of(Roles.BUSINESS, Roles.ADMIN))));
    assertFalse(check.admits(caller(Set.of(Roles.SCIENTIST))));
    assertFalse(check.admits(caller(null)), "nobody signed in");
    assertFalse(check.admits(null));
  }

  private static boolean isOperation(Method m) {
    for (var a : m.getAnnotations()) {
      if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
        return true;
      }
    }
    return false;
  }

  /** A caller with {@code roles}; nobody when null. */
  private static SecurityContext caller(Set<String> roles) {
    Principal who = roles == null ? null : () -> "someone";
    return (SecurityContext)
        Proxy.newProxyInstance(
            SecurityContext.class.getClassLoader(),
            new Class<?>[] {SecurityContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getUserPrincipal" -> who;
                  case "isUserInRole" -> roles != null && roles.contains((String) args[0]);
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
