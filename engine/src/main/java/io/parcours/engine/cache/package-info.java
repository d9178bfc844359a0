/**
 * The Infinispan caches the hot path reads — customer profiles, contact histories, journey stages,
 * volume counters, verified credentials — and the stores through which Infinispan loads their
 * misses from PostgreSQL.
 *
 * <p>Rules of this package: caches are configured in {@code parcours-infinispan.xml} (local) and
 * {@code parcours-infinispan-distributed.xml} (over JGroups), not in code, so that going from local
 * to distributed is a setting ({@code parcours.cache.mode}); a miss is loaded by Infinispan through
 * a store of this package, never by the code that reads; a cached value is changed by
 * compare-and-replace, never by a function sent to the entry, so that the same code runs on a
 * distributed cache (ADR 0010).
 */
package io.parcours.engine.cache;
