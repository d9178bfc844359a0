package io.parcours.web.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Enforces {@link Allowed}: each resource method so marked (itself, or through its class) gets a
 * filter that lets a request through only when its caller is in one of the roles. The container has
 * authenticated the caller already: every path under {@code /api} requires one of the roles ({@code
 * web.xml}), so a request without a user never gets here.
 */
public final class AllowedRoles implements DynamicFeature {

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    Allowed allowed = allowed(resource.getResourceMethod(), resource.getResourceClass());
    if (allowed != null) {
      context.register(new RoleCheck(List.of(allowed.value())));
    }
  }

  /** The method's {@link Allowed}, else its class's, else null. */
  static Allowed allowed(Method method, Class<?> type) {
    Allowed onMethod = method == null ? null : method.getAnnotation(Allowed.class);
    return onMethod != null ? onMethod : type == null ? null : type.getAnnotation(Allowed.class);
  }

  /** Lets a request through when its caller is in one of {@code roles}; refuses it otherwise. */
  @Priority(Priorities.AUTHORIZATION)
  static final class RoleCheck implements ContainerRequestFilter {

    private final List<String> roles;

    RoleCheck(List<String> roles) {
      this.roles = roles;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      if (!admits(request.getSecurityContext())) {
        throw new ForbiddenException("the caller's roles do not allow this request");
      }
    }

    /** Whether {@code caller} is someone in one of the roles. */
    boolean admits(SecurityContext caller) {
      if (caller == null || caller.getUserPrincipal() == null) {
        return false;
      }
      for (String role : roles) {
        if (caller.isUserInRole(role)) {
          return true;
        }
      }
      return false;
    }
  }
}
