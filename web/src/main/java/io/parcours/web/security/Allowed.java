package io.parcours.web.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that may call a resource method (or every method of a resource class): a caller with
 * none of them is refused with 403. Parcours' own annotation rather than {@code @RolesAllowed}: in
 * an EAR, Payara adds a filter of its own to every {@code @RolesAllowed} method that cannot be
 * switched off ({@code jaxrs-roles-allowed-enabled} is not read for a web module inside an EAR),
 * and that filter asks Jakarta Security for the caller on every request, which probes the class
 * loader for other vendors' classes under its lock: requests queue behind one another (ADR 22).
 * {@link AllowedRoles} enforces this one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Allowed {

  /** The roles, any of which suffices ({@link io.parcours.web.Roles}). */
  String[] value();
}
