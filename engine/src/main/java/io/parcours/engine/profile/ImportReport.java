package io.parcours.engine.profile;

import java.time.Instant;
import java.util.List;

/**
 * What a bulk import of profiles did, or has done so far.
 *
 * @param importId the import's id on this node
 * @param mapping the mapping's name
 * @param status {@code running}, {@code finished}, or {@code failed} (the file could not be read
 *     on, or the database failed; the rows committed before stay)
 * @param startedAt when the file began to arrive
 * @param finishedAt when it ended; null while running
 * @param rowsRead data rows read (the header and blank lines not counted)
 * @param imported new customers stored
 * @param updated existing customers updated
 * @param skipped rows not stored because of a bad value
 * @param skippedRows the first {@link CustomerImport#MAX_LISTED} skipped rows, each with its line
 *     and reason
 * @param failure why the import failed, or null
 */
public record ImportReport(
    String importId,
    String mapping,
    String status,
    Instant startedAt,
    Instant finishedAt,
    long rowsRead,
    long imported,
    long updated,
    long skipped,
    List<SkippedRow> skippedRows,
    String failure) {

  public ImportReport {
    skippedRows = List.copyOf(skippedRows);
  }

  /**
   * A row left out.
   *
   * @param line its line in the file (1: the header)
   * @param customerId its customer number, when it has one
   * @param reason what is wrong, naming the column
   */
  public record SkippedRow(long line, String customerId, String reason) {}

  /** Rows read per second from start to finish (or to now, while running). */
  public double rowsPerSecond(Instant now) {
    double seconds =
        java.time.Duration.between(startedAt, finishedAt == null ? now : finishedAt).toNanos()
            / 1e9;
    return seconds <= 0 ? 0 : rowsRead / seconds;
  }
}
