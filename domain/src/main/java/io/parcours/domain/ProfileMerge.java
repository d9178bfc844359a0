package io.parcours.domain;

import java.time.Instant;

/** A customer profile merged into another: which absorbed which, when and why. */
public record ProfileMerge(
    long mergeId,
    String absorbedId,
    String survivingId,
    Instant mergedAt,
    String cause,
    String details) {}
