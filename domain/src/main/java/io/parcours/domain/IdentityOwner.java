package io.parcours.domain;

/** Where an identity stands: the profile it belongs to, and whether that profile is anonymous. */
public record IdentityOwner(String customerId, boolean anonymous) {}
