package io.parcours.engine.decision;

import io.parcours.db.PostgresDecisionLog;
import io.parcours.domain.AuditRecord;
import java.util.List;

/** Walks the audit chain from its start and reports the first record whose hash does not hold. */
public final class AuditVerifier {

  /**
   * The outcome of a verification.
   *
   * @param verified records checked
   * @param intact whether every record's hash and link held
   * @param firstBrokenSeq the first record that did not hold, or 0 when intact
   * @param problem what did not hold, or {@code null} when intact
   */
  public record Verification(long verified, boolean intact, long firstBrokenSeq, String problem) {}

  private final PostgresDecisionLog log;

  public AuditVerifier(PostgresDecisionLog log) {
    this.log = log;
  }

  /** Verifies the whole chain, reading it in pages. */
  public Verification verify() {
    String previous = AuditTrail.GENESIS;
    long expectedSeq = 1;
    long verified = 0;
    while (true) {
      List<AuditRecord> page = log.auditChain(expectedSeq, 1000);
      if (page.isEmpty()) {
        return new Verification(verified, true, 0, null);
      }
      for (AuditRecord r : page) {
        if (r.seq() != expectedSeq) {
          return new Verification(
              verified, false, expectedSeq, "record " + expectedSeq + " is missing");
        }
        if (!r.previousHash().equals(previous)) {
          return new Verification(
              verified, false, r.seq(), "record " + r.seq() + " does not link to its predecessor");
        }
        if (!AuditTrail.hash(previous, r.json()).equals(r.hash())) {
          return new Verification(
              verified, false, r.seq(), "record " + r.seq() + " was changed after it was written");
        }
        previous = r.hash();
        expectedSeq++;
        verified++;
      }
    }
  }
}
