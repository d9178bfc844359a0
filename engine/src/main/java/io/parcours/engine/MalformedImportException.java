package io.parcours.engine;

import io.parcours.engine.profile.ImportReport;
import jakarta.ejb.ApplicationException;

/**
 * A CSV file that cannot be read on: no header, a header without the columns the mapping reads, or
 * a line that is not CSV (an unterminated quote). The rows before it that were committed stay.
 */
@ApplicationException
public class MalformedImportException extends RuntimeException {

  private final long line;
  private final transient ImportReport report;

  public MalformedImportException(long line, String message, ImportReport report) {
    super("line " + line + ": " + message);
    this.line = line;
    this.report = report;
  }

  /** The line of the file that could not be read (1: the header). */
  public long line() {
    return line;
  }

  /** What the import had done before it stopped (rows before the line, committed). */
  public ImportReport report() {
    return report;
  }
}
