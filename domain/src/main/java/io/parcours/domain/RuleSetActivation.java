package io.parcours.domain;

import java.time.Instant;

/** One activation: a rule-set version put in force, or a rollback to the one before. */
public record RuleSetActivation(
    long id, String version, String kind, String by, Instant at, String comment) {}
