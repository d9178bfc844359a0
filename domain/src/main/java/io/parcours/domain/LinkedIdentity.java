package io.parcours.domain;

import java.time.Instant;

/** One identifier of a profile: when and from where it was linked. */
public record LinkedIdentity(Identity identity, Instant linkedAt, String source) {}
