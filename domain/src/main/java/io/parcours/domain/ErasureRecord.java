package io.parcours.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A finished erasure of a customer (the right to erasure): what their history carries instead of
 * their id, and what was removed.
 *
 * @param pseudonym what the customer's history rows carry now instead of their id
 * @param counts rows deleted or pseudonymised, per table
 */
public record ErasureRecord(
    long erasureId, String pseudonym, Instant erasedAt, Map<String, Integer> counts) {}
