package io.parcours.engine;

import io.parcours.rules.ScenarioReport;
import jakarta.ejb.ApplicationException;

/** A rule-set version cannot be activated because some of its scenarios fail. */
@ApplicationException
public class ScenariosFailedException extends RuntimeException {

  private final transient ScenarioReport report;

  public ScenariosFailedException(String version, ScenarioReport report) {
    super(
        "rule set "
            + version
            + " cannot be activated: "
            + report.failures().size()
            + " of "
            + report.results().size()
            + " scenarios fail");
    this.report = report;
  }

  public ScenarioReport report() {
    return report;
  }
}
