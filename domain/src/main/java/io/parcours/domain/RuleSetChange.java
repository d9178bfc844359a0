package io.parcours.domain;

import java.time.Instant;

/** One change to the rules, as the audit of rule changes keeps it. */
public record RuleSetChange(
    long id,
    String kind,
    String version,
    String previousVersion,
    String actor,
    Instant at,
    String comment,
    String detailsJson) {}
