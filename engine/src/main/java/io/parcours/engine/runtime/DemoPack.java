package io.parcours.engine.runtime;

import io.parcours.db.PostgresActions;
import io.parcours.db.PostgresCustomers;
import io.parcours.db.PostgresJourneys;
import io.parcours.engine.demo.DemoJourneys;
import io.parcours.engine.demo.DemoActions;
import io.parcours.engine.demo.DemoCustomers;
import java.util.logging.Logger;

/**
 * Loads the demo journeys, action library and synthetic customers. Journeys and actions are brought up
 * to the demo's current definitions; customers already stored are kept.
 */
final class DemoPack {

  private static final Logger LOG = Logger.getLogger(DemoPack.class.getName());

  private DemoPack() {}

  static void load(
      PostgresJourneys journeys, PostgresActions actions, PostgresCustomers customers, int count,
      long seed) {
    journeys.upsert(DemoJourneys.all());
    int newActions = actions.upsert(DemoActions.library());
    int newCustomers = 0;
    if (customers.count() < count) {
      newCustomers = customers.insertMissing(new DemoCustomers(seed).all(count).iterator());
    }
    LOG.info("demo pack: " + newActions + " actions written and " + newCustomers + " customers added");
  }
}
