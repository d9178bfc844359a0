package io.parcours.domain;

import java.time.Instant;

/**
 * One change of one of a customer's consents, with its source and the version of the text agreed
 * to.
 */
public record ConsentChange(
    String customerId,
    Consent consent,
    boolean granted,
    Instant changedAt,
    String source,
    String textVersion,
    String recordedBy) {}
