package io.parcours.server.bench;

import io.parcours.engine.profile.CustomerImport;
import io.parcours.engine.profile.ImportMapping;
import io.parcours.engine.profile.ImportReport;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How fast the bulk import stores profiles: the telco file (or a file of {@code --copies} copies of
 * it, each copy's customer numbers made distinct) imported {@code --rounds} times into the engine,
 * as {@code POST /api/v1/customers:import} runs it, without HTTP. The first round creates every
 * customer, the later ones update them.
 *
 * <p>Run: {@code mvn -pl server -am -Pbench -DskipTests verify -Dbench=CustomerImportBenchmark
 * -Dbench.args="--copies 10 --rounds 3"}.
 */
public final class CustomerImportBenchmark {

  private CustomerImportBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, List.of("data", "copies", "rounds"));
    if (a.help()) {
      System.out.println(
          "CustomerImportBenchmark [--data ../shared/data/telco/Telco-Customer-Churn.csv] [--copies 10] [--rounds 3]");
      return;
    }
    Path root = Path.of(System.getProperty("parcours.root", "."));
    Path data =
        root.resolve(a.string("data").orElse("../shared/data/telco/Telco-Customer-Churn.csv"))
            .toAbsolutePath()
            .normalize();
    int copies = a.integer("copies", 10, 1, 1000);
    int rounds = a.integer("rounds", 3, 1, 100);
    Path file = Files.createTempFile("parcours-import-", ".csv");
    try {
      long rows = copy(data, file, copies);
      System.out.printf(
          Locale.ROOT, "%s × %d: %,d rows, %,d bytes%n", data, copies, rows, Files.size(file));
      System.out.println("Starting PostgreSQL and the engine …");
      try (BenchEngine bench = BenchEngine.start(1)) {
        CustomerImport imports = bench.engine().imports();
        ImportMapping telco = imports.mapping("telco").orElseThrow();
        for (int r = 1; r <= rounds; r++) {
          long start = System.nanoTime();
          ImportReport report;
          try (InputStream in = Files.newInputStream(file)) {
            report = imports.run(telco, in);
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "round %d: %,d rows read, %,d imported, %,d updated, %,d skipped in %.2f s: %,.0f rows/s%n",
              r,
              report.rowsRead(),
              report.imported(),
              report.updated(),
              report.skipped(),
              seconds,
              report.rowsRead() / seconds);
        }
        System.out.println(
            "on " + Machine.describe() + ", batches of " + CustomerImport.BATCH + " rows");
        System.out.println("database: " + bench.durability());
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * Writes the header of {@code data} and {@code copies} copies of its rows, numbers suffixed by
   * copy.
   */
  private static long copy(Path data, Path file, int copies) throws Exception {
    List<String> lines;
    try (BufferedReader in = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
      lines = in.lines().toList();
    }
    long rows = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(lines.get(0));
      out.newLine();
      for (int c = 0; c < copies; c++) {
        for (String line : lines.subList(1, lines.size())) {
          int comma = line.indexOf(',');
          out.write(
              copies == 1 ? line : line.substring(0, comma) + "-" + c + line.substring(comma));
          out.newLine();
          rows++;
        }
      }
    }
    return rows;
  }
}
