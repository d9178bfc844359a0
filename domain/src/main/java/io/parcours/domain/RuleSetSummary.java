package io.parcours.domain;

import java.time.Instant;

/** A stored rule-set version without its files, as a list shows it. */
public record RuleSetSummary(
    String version,
    Instant createdAt,
    String author,
    String comment,
    String checksum,
    String basedOn,
    int files,
    String scenariosJson) {}
