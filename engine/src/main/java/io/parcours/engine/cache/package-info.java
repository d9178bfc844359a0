/**
 * The Infinispan caches the hot path reads: customer profiles, contact histories, verified credentials.
 *
 * <p>Rules of this package: caches are configured in {@code parcours-infinispan.xml}, not in code, so
 * that going from local to clustered is a change of configuration; a miss is loaded from PostgreSQL by
 * the code that reads, never by a hand-written map.
 */
package io.parcours.engine.cache;
