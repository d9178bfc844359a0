package io.parcours.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one real PostgreSQL for the whole integration-test run, on the port the build reserved and
 * handed to Payara (through {@code PARCOURS_DB_URL}), before Arquillian deploys the application.
 * Its data lives in {@code target/it-postgres}, emptied at the start of the run, so that a test can
 * stop it and start it again with the same data ({@link #stop()}, {@link #start()}).
 */
public final class ParcoursPostgres implements BeforeAllCallback {

  private static final Path DATA = Path.of("target", "it-postgres").toAbsolutePath();

  private static EmbeddedDatabase database;

  private static final class Running implements ExtensionContext.Store.CloseableResource {
    Running() {
      empty(DATA);
      ParcoursPostgres.start();
    }

    @Override
    public void close() {
      ParcoursPostgres.stop();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent("parcours-postgres", key -> new Running(), Running.class);
  }

  /** Stops PostgreSQL, as a crash of the database server would look to Parcours. */
  static synchronized void stop() {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  /** Starts PostgreSQL again, on the same port with the same data. */
  static synchronized void start() {
    if (database == null) {
      database = EmbeddedDatabase.start(Integer.getInteger("parcours.it.db.port"), DATA);
    }
  }

  private static void empty(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty " + directory, e);
    }
  }
}
