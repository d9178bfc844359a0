package io.parcours.domain;

import java.time.Instant;

/** One person's review of a rule-set version: approved or rejected, with why. */
public record RuleSetReview(
    long id, String version, String reviewer, String verdict, Instant at, String comment) {}
