package io.parcours.engine.runtime;

import io.parcours.db.PostgresActions;
import io.parcours.db.PostgresCustomers;
import io.parcours.engine.demo.DemoActions;
import io.parcours.engine.demo.DemoCustomers;
import java.util.logging.Logger;

/** Loads the demo action library and the synthetic customers; what is already stored is kept. */
final class DemoPack {

  private static final Logger LOG = Logger.getLogger(DemoPack.class.getName());

  private DemoPack() {}

  static void load(PostgresActions actions, PostgresCustomers customers, int count, long seed) {
    int newActions = actions.insertMissing(DemoActions.library());
    int newCustomers = 0;
    if (customers.count() < count) {
      newCustomers = customers.insertMissing(new DemoCustomers(seed).all(count).iterator());
    }
    LOG.info("demo pack: " + newActions + " actions and " + newCustomers + " customers added");
  }
}
