package io.parcours.engine.runtime;

import io.parcours.db.PostgresCustomers;
import io.parcours.engine.demo.DemoCustomers;
import java.util.logging.Logger;

/**
 * Loads the synthetic customers of the demo; customers already stored are kept. The demo brand's
 * actions, journeys and event types are not loaded here: they are the data files of the strategy
 * version shipped with Parcours.
 */
final class DemoPack {

  private static final Logger LOG = Logger.getLogger(DemoPack.class.getName());

  private DemoPack() {}

  static void load(PostgresCustomers customers, int count, long seed) {
    int newCustomers = 0;
    if (customers.count() < count) {
      newCustomers = customers.insertMissing(new DemoCustomers(seed).all(count).iterator());
    }
    LOG.info("demo pack: " + newCustomers + " customers added");
  }
}
