package io.parcours.domain;

import java.time.Instant;

/**
 * A stored audit record.
 *
 * @param seq position in the chain, from 1
 * @param decisionId the decision it explains
 * @param customerId whose decision
 * @param recordedAt when it was written
 * @param json the record, exactly as hashed
 * @param previousHash the hash of record {@code seq - 1} (64 zeros for the first)
 * @param hash SHA-256 over previousHash and json
 */
public record AuditRecord(
    long seq,
    String decisionId,
    String customerId,
    Instant recordedAt,
    String json,
    String previousHash,
    String hash) {}
