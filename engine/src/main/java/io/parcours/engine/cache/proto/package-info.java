/**
 * The ProtoStream schema of the values the caches hold, so that they can cross the wire to another
 * node of a distributed cache: one marshaller per message of {@code proto/parcours-caches.proto},
 * kept here because the domain module knows no framework.
 *
 * <p>Rules of this package: a field number, once released, is never reused nor renumbered (nodes of
 * two versions may share a cluster during a rolling upgrade); instants are written as epoch seconds
 * and nanoseconds, so that a value read on another node equals the one written.
 */
package io.parcours.engine.cache.proto;
