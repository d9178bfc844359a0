package io.parcours.engine.strategy;

import io.parcours.engine.runtime.EngineSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;

/** The settings of the engines the strategy tests start on an embedded PostgreSQL. */
final class TestEngines {

  private TestEngines() {}

  /**
   * The default settings on {@code postgres} with a pool of {@code pool} connections; demo mode
   * with {@code customers} demo customers when {@code demo}, none otherwise (a second node of the
   * same database); model snapshots hourly.
   */
  static EngineSettings settings(EmbeddedPostgres postgres, int pool, boolean demo, int customers) {
    EngineSettings d =
        EngineSettings.defaults(
            postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    return new EngineSettings(
        d.databaseUrl(),
        d.databaseUser(),
        d.databasePassword(),
        pool,
        demo,
        customers,
        d.demoSeed(),
        d.threshold(),
        d.auditBatch(),
        d.responseBatch(),
        Duration.ofHours(1),
        d.modelFamily(),
        d.controlShare(),
        d.ramp(),
        d.exploration());
  }
}
