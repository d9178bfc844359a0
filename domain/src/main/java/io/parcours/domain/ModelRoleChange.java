package io.parcours.domain;

import java.time.Instant;

/**
 * One role a model version took (champion, challenger, dropped), with its traffic share, who gave
 * it and why.
 */
public record ModelRoleChange(
    long changeId,
    String modelId,
    int version,
    String role,
    double trafficShare,
    String action,
    long atResponseId,
    String changedBy,
    Instant changedAt,
    String reason) {}
