package io.parcours.server;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one real PostgreSQL for the whole integration-test run, on the port the build reserved and
 * handed to Payara (through {@code PARCOURS_DB_URL}), before Arquillian deploys the application.
 */
public final class ParcoursPostgres implements BeforeAllCallback {

  private static final class Running implements ExtensionContext.Store.CloseableResource {
    final EmbeddedDatabase database;

    Running(EmbeddedDatabase database) {
      this.database = database;
    }

    @Override
    public void close() {
      database.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            "parcours-postgres",
            key ->
                new Running(
                    EmbeddedDatabase.start(Integer.getInteger("parcours.it.db.port"), null)),
            Running.class);
  }
}
