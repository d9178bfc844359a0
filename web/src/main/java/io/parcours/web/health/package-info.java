/**
 * MicroProfile Health checks: what {@code /health/ready} and {@code /health/live} report.
 *
 * <p>Rules of this package: a check reads state the engine already keeps (no query of its own on
 * the request path), answers fast, and says in its data why it is down.
 */
package io.parcours.web.health;
