package io.parcours.engine.profile;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvException;
import com.opencsv.exceptions.CsvMalformedLineException;
import io.parcours.db.PersistenceException;
import io.parcours.db.PostgresCustomers;
import io.parcours.db.PostgresImportMappings;
import io.parcours.domain.CustomerProfile;
import io.parcours.engine.EngineUnavailableException;
import io.parcours.engine.InvalidMappingException;
import io.parcours.engine.MalformedImportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Bulk import of customer profiles from CSV: the file is read as it arrives, row by row, each row
 * converted by a mapping ({@link ImportMapping}) and stored in batches of {@code batchSize}, each
 * batch one transaction. A row with a bad value is reported with its line and skipped; a file that
 * cannot be read on stops the import, the batches before it committed. Progress is visible while it
 * runs ({@link #recent()}, {@link #find}).
 *
 * <p>Memory stays bounded whatever the file's size: one batch of profiles, and the first {@link
 * #MAX_LISTED} skipped rows.
 */
public final class CustomerImport {

  /** Rows per transaction: large enough to amortise a commit, small enough to hold in memory. */
  public static final int BATCH = 500;

  /** The most skipped rows a report lists (all are counted). */
  public static final int MAX_LISTED = 1_000;

  /** How many imports the node remembers for {@link #recent()}. */
  static final int REMEMBERED = 20;

  private static final Logger LOG = Logger.getLogger(CustomerImport.class.getName());

  private final PostgresCustomers customers;
  private final PostgresImportMappings saved;
  private final CustomerAttributes declared;
  private final Consumer<String> changed;
  private final int batchSize;
  private final Clock clock;
  private final AtomicLong ids = new AtomicLong();
  private final Deque<Progress> recent = new ArrayDeque<>();

  /**
   * @param changed told the id of each existing customer an import changed, after the commit (to
   *     drop the cached profile)
   */
  public CustomerImport(
      PostgresCustomers customers,
      PostgresImportMappings saved,
      CustomerAttributes declared,
      Consumer<String> changed,
      int batchSize,
      Clock clock) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("the batch size must be at least 1, was " + batchSize);
    }
    this.customers = customers;
    this.saved = saved;
    this.declared = declared;
    this.changed = changed;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /** The declared custom attributes. */
  public CustomerAttributes attributes() {
    return declared;
  }

  /**
   * The mapping named {@code name}: shipped with Parcours, or saved ({@link #save}).
   *
   * @throws InvalidMappingException when a saved mapping no longer reads (the declarations changed)
   */
  public Optional<ImportMapping> mapping(String name) {
    Optional<ImportMapping> bundled = ImportMapping.bundled(name, declared);
    if (bundled.isPresent()) {
      return bundled;
    }
    return saved
        .find(name)
        .map(
            s -> {
              try {
                return ImportMapping.read(s.name(), s.content(), declared);
              } catch (IllegalArgumentException e) {
                throw new InvalidMappingException(
                    e.getMessage()
                        + " (saved "
                        + s.savedAt()
                        + " by "
                        + s.savedBy()
                        + "; save it again, corrected)");
              }
            });
  }

  /**
   * Every mapping: those shipped with Parcours, then the saved ones by name (those that still
   * read).
   */
  public List<ImportMapping> mappings() {
    List<ImportMapping> all = new ArrayList<>();
    ImportMapping.BUNDLED.forEach(n -> all.add(ImportMapping.bundled(n, declared).orElseThrow()));
    for (PostgresImportMappings.Stored s : saved.all()) {
      try {
        all.add(ImportMapping.read(s.name(), s.content(), declared));
      } catch (IllegalArgumentException e) {
        LOG.warning("the saved import mapping " + s.name() + " no longer reads: " + e.getMessage());
      }
    }
    return all;
  }

  /** What saving a mapping did: the mapping, and whether the name was new. */
  public record Saved(ImportMapping mapping, boolean created) {}

  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  /**
   * Checks the mapping {@code json} and saves it under {@code name}, replacing a saved one of that
   * name.
   *
   * @throws InvalidMappingException when the name is not lower-case letters, digits and hyphens,
   *     names a mapping shipped with Parcours, or the JSON is not a valid mapping (saying where and
   *     what)
   */
  public Saved save(String name, String json, String by) {
    if (!NAME.matcher(name).matches()) {
      throw new InvalidMappingException(
          "the name '"
              + name
              + "' must be 1 to 64 lower-case letters, digits and hyphens, starting with a letter or a digit");
    }
    if (ImportMapping.BUNDLED.contains(name)) {
      throw new InvalidMappingException(
          "'"
              + name
              + "' is shipped with Parcours and cannot be replaced;"
              + " save yours under another name");
    }
    ImportMapping mapping;
    try {
      mapping = ImportMapping.read(name, json, declared);
    } catch (IllegalArgumentException e) {
      throw new InvalidMappingException(e.getMessage());
    }
    boolean created;
    try {
      created = saved.save(name, json, clock.instant(), by);
    } catch (PersistenceException e) {
      throw new EngineUnavailableException("the mapping could not be saved; send it again", e);
    }
    return new Saved(mapping, created);
  }

  /**
   * Imports the CSV {@code csv} (UTF-8, a header line first) with {@code mapping}.
   *
   * @throws MalformedImportException when the file cannot be read on, naming the line
   * @throws EngineUnavailableException when a batch could not be stored
   */
  public ImportReport run(ImportMapping mapping, InputStream csv) {
    Progress p = new Progress("import-" + ids.incrementAndGet(), mapping.name(), clock.instant());
    synchronized (recent) {
      recent.addFirst(p);
      while (recent.size() > REMEMBERED) {
        recent.removeLast();
      }
    }
    try (CSVReader reader =
        new CSVReaderBuilder(new InputStreamReader(csv, StandardCharsets.UTF_8))
            .withCSVParser(new RFC4180ParserBuilder().build())
            .build()) {
      String[] header = next(reader, p, 1);
      if (header == null) {
        throw p.malformed(
            1, "the file is empty; its first line must be the header", clock.instant());
      }
      if (header.length > 0 && header[0].startsWith("\uFEFF")) {
        header[0] = header[0].substring(1);
      }
      ImportMapping.Reader rows;
      try {
        rows = mapping.reader(header);
      } catch (IllegalArgumentException e) {
        throw p.malformed(1, e.getMessage(), clock.instant());
      }
      Set<String> updatedFields = mapping.updatedFields();
      Map<String, CustomerProfile> batch = new LinkedHashMap<>();
      while (true) {
        long line = reader.getLinesRead() + 1;
        String[] cells = next(reader, p, line);
        if (cells == null) {
          break;
        }
        if (cells.length == 1 && cells[0].isBlank()) {
          continue; // a blank line is not a row
        }
        p.rowsRead.incrementAndGet();
        ImportMapping.Row row = rows.read(cells, clock.instant());
        if (row.problem() != null) {
          p.skip(line, row.customerId(), row.problem());
          continue;
        }
        if (batch.containsKey(row.customerId())) {
          store(batch, updatedFields, p, line); // the later row updates the earlier one
        }
        batch.put(row.customerId(), row.profile());
        if (batch.size() >= batchSize) {
          store(batch, updatedFields, p, line);
        }
      }
      store(batch, updatedFields, p, reader.getLinesRead());
      p.finish("finished", null, clock.instant());
      LOG.info(
          () ->
              "import "
                  + p.id
                  + " ("
                  + mapping.name()
                  + "): "
                  + p.rowsRead
                  + " rows, "
                  + p.imported
                  + " imported, "
                  + p.updated
                  + " updated, "
                  + p.skipped
                  + " skipped");
      return p.report();
    } catch (IOException e) {
      p.finish("failed", "the file could not be read: " + e.getMessage(), clock.instant());
      throw new MalformedImportException(
          p.rowsRead.get() + 1, "the file could not be read: " + e.getMessage(), p.report());
    } catch (RuntimeException e) {
      if (p.finishedAt == null) {
        p.finish("failed", e.getMessage(), clock.instant());
      }
      throw e;
    }
  }

  /** The next record, or null at the end. */
  private String[] next(CSVReader reader, Progress p, long line) throws IOException {
    try {
      return reader.readNext();
    } catch (CsvMalformedLineException e) {
      throw p.malformed(line, "not CSV: " + e.getMessage(), clock.instant());
    } catch (CsvException e) {
      throw p.malformed(line, "not CSV: " + e.getMessage(), clock.instant());
    }
  }

  private void store(
      Map<String, CustomerProfile> batch, Set<String> updatedFields, Progress p, long line) {
    if (batch.isEmpty()) {
      return;
    }
    PostgresCustomers.Upserted done;
    try {
      done = customers.upsert(List.copyOf(batch.values()), updatedFields, clock.instant());
    } catch (PersistenceException e) {
      String message =
          "the rows before line "
              + line
              + " could not all be stored ("
              + p.imported
              + " imported and "
              + p.updated
              + " updated before are); send the file again: rows stored already are updated";
      p.finish("failed", message, clock.instant());
      throw new EngineUnavailableException(message, e);
    }
    batch.clear();
    p.imported.addAndGet(done.inserted().size());
    p.updated.addAndGet(done.updated().size());
    done.updated().forEach(changed);
  }

  /** The imports this node ran or runs, newest first. */
  public List<ImportReport> recent() {
    synchronized (recent) {
      return recent.stream().map(Progress::report).toList();
    }
  }

  /** The import {@code importId}, if this node remembers it. */
  public Optional<ImportReport> find(String importId) {
    synchronized (recent) {
      return recent.stream().filter(p -> p.id.equals(importId)).findFirst().map(Progress::report);
    }
  }

  /** One import's counters, updated as it runs and read by others. */
  private static final class Progress {
    final String id;
    final String mapping;
    final Instant startedAt;
    final AtomicLong rowsRead = new AtomicLong();
    final AtomicLong imported = new AtomicLong();
    final AtomicLong updated = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final List<ImportReport.SkippedRow> listed = new ArrayList<>();
    volatile String status = "running";
    volatile Instant finishedAt;
    volatile String failure;

    Progress(String id, String mapping, Instant startedAt) {
      this.id = id;
      this.mapping = mapping;
      this.startedAt = startedAt;
    }

    void skip(long line, String customerId, String reason) {
      skipped.incrementAndGet();
      synchronized (listed) {
        if (listed.size() < MAX_LISTED) {
          listed.add(new ImportReport.SkippedRow(line, customerId, reason));
        }
      }
    }

    MalformedImportException malformed(long line, String message, Instant at) {
      finish("failed", "line " + line + ": " + message, at);
      return new MalformedImportException(line, message, report());
    }

    void finish(String status, String failure, Instant at) {
      this.failure = failure;
      this.finishedAt = at;
      this.status = status;
    }

    ImportReport report() {
      List<ImportReport.SkippedRow> rows;
      synchronized (listed) {
        rows = List.copyOf(listed);
      }
      return new ImportReport(
          id,
          mapping,
          status,
          startedAt,
          finishedAt,
          rowsRead.get(),
          imported.get(),
          updated.get(),
          skipped.get(),
          rows,
          failure);
    }
  }
}
