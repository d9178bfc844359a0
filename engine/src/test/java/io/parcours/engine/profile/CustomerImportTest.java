package io.parcours.engine.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.db.PostgresCustomers;
import io.parcours.db.PostgresDatabase;
import io.parcours.db.PostgresImportMappings;
import io.parcours.domain.CustomerProfile;
import io.parcours.engine.InvalidMappingException;
import io.parcours.engine.MalformedImportException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bulk import on a real PostgreSQL: rows stored in batches, bad rows reported with their line and
 * skipped, existing customers updated, a malformed file stopped at its line with what came before
 * kept.
 */
class CustomerImportTest {

  private static final String HEADER =
      "customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,"
          + "MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,"
          + "StreamingMovies,Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn\n";

  private static EmbeddedPostgres postgres;
  private static PostgresDatabase database;
  private static PostgresCustomers customers;
  private static final List<String> changed = new ArrayList<>();
  private static CustomerImport imports;

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    database =
        PostgresDatabase.connect(
            new PostgresDatabase.Settings(
                postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 4));
    database.migrate();
    customers = new PostgresCustomers(database.dataSource());
    imports =
        new CustomerImport(
            customers,
            new PostgresImportMappings(database.dataSource()),
            CustomerAttributes.bundled(),
            changed::add,
            2,
            Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
  }

  @AfterAll
  static void stop() throws IOException {
    database.close();
    postgres.close();
  }

  private static ImportMapping telco() {
    return imports.mapping("telco").orElseThrow();
  }

  private static InputStream csv(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String row(String id, int tenure, String paymentMethod, String totalCharges) {
    return id
        + ",Female,0,Yes,No,"
        + tenure
        + ",Yes,No,Fiber optic,No,No,No,No,Yes,No,Month-to-month,Yes,"
        + paymentMethod
        + ",70.35,"
        + totalCharges
        + ",Yes\n";
  }

  @Test
  void rowsAreStoredInBatchesAndBadRowsAreSkippedWithTheirLine() {
    String file =
        HEADER
            + row("A-1", 2, "Electronic check", "140.7") // line 2
            + row("A-2", 0, "Mailed check", " ") // line 3: no total charges
            + "\n" // line 4: blank, not a row
            + row(
                "A-3",
                12,
                "\"Bank transfer\n(automatic)\"",
                "844.2") // lines 5-6: a quoted line break
            + row("A-4", -1, "Mailed check", "12") // line 7: negative tenure
            + row("A-1", 3, "Credit card (automatic)", "211.05") // line 8: A-1 again, updates it
            + row("A-5", 1, "Mailed check", "70.35"); // line 9
    ImportReport r = imports.run(telco(), csv(file));
    assertEquals("finished", r.status());
    assertEquals(6, r.rowsRead());
    assertEquals(3, r.imported());
    assertEquals(1, r.updated(), "A-1 twice in one file: inserted, then updated by the later row");
    assertEquals(2, r.skipped());
    assertEquals(
        List.of(3L, 7L), r.skippedRows().stream().map(ImportReport.SkippedRow::line).toList());
    assertEquals(
        "TotalCharges: is blank, and the mapping requires a value",
        r.skippedRows().get(0).reason());
    assertEquals("telco-A-2", r.skippedRows().get(0).customerId());
    assertEquals("tenure: must be between 0 and 1200, was -1", r.skippedRows().get(1).reason());

    CustomerProfile a1 = customers.find("telco-A-1").orElseThrow();
    assertEquals(3, a1.tenureMonths(), "the later row wins");
    assertEquals("Credit card (automatic)", a1.attributes().get("paymentMethod"));
    assertEquals(Set.of("phone-line", "internet", "streaming-tv"), a1.products());
    assertEquals(true, a1.attributes().get("churned"));
    assertEquals(
        "Bank transfer\n(automatic)",
        customers.find("telco-A-3").orElseThrow().attributes().get("paymentMethod"));
    assertTrue(customers.find("telco-A-2").isEmpty());
    assertTrue(changed.contains("telco-A-1"), "a changed profile is dropped from the cache");
    assertEquals(r, imports.find(r.importId()).orElseThrow());
  }

  @Test
  void importingAgainUpdatesAndKeepsWhatTheFileDoesNotSet() {
    imports.run(telco(), csv(HEADER + row("B-1", 5, "Mailed check", "350")));
    changed.clear();
    ImportReport again =
        imports.run(
            telco(),
            csv(
                HEADER
                    + row("B-1", 6, "Mailed check", "420")
                    + row("B-2", 1, "Mailed check", "70")));
    assertEquals(1, again.imported());
    assertEquals(1, again.updated());
    assertEquals(List.of("telco-B-1"), changed);
    CustomerProfile b1 = customers.find("telco-B-1").orElseThrow();
    assertEquals(6, b1.tenureMonths());
    assertEquals(420.0, b1.attributes().get("totalCharges"));
    assertEquals(40, b1.age());
  }

  @Test
  void aMalformedFileStopsAtItsLineAndTheBatchesBeforeItStay() {
    String file =
        HEADER
            + row("M-1", 1, "Mailed check", "1")
            + row("M-2", 1, "Mailed check", "1")
            + row("M-3", 1, "Mailed check", "1")
            + "M-4,Female,0,\"Yes,No\n";
    MalformedImportException e =
        assertThrows(MalformedImportException.class, () -> imports.run(telco(), csv(file)));
    assertEquals(5, e.line());
    assertTrue(e.getMessage().startsWith("line 5: not CSV"), e.getMessage());
    assertEquals("failed", e.report().status());
    assertTrue(
        customers.find("telco-M-1").isPresent() && customers.find("telco-M-2").isPresent(),
        "the first batch stays");

    MalformedImportException empty =
        assertThrows(MalformedImportException.class, () -> imports.run(telco(), csv("")));
    assertEquals(1, empty.line());
    assertEquals(
        "line 1: the file is empty; its first line must be the header", empty.getMessage());
    MalformedImportException header =
        assertThrows(
            MalformedImportException.class, () -> imports.run(telco(), csv("id;name\nX;Y\n")));
    assertEquals(1, header.line());
    assertTrue(
        header.getMessage().contains("lacks the column(s) [customerID,"), header.getMessage());
    assertEquals(
        List.of("failed", "failed", "failed"),
        imports.recent().subList(0, 3).stream().map(ImportReport::status).toList(),
        "newest first");
  }

  @Test
  void aMappingSavedByAnAdministratorIsCheckedThenUsedByName() {
    String telco = telco().json();
    String withDefault =
        telco.replace(
            "\"totalCharges\": {\"column\": \"TotalCharges\", \"required\": true}",
            "\"totalCharges\": {\"column\": \"TotalCharges\", \"default\": 0}");
    assertTrue(!withDefault.equals(telco), "the shipped mapping requires TotalCharges");
    CustomerImport.Saved saved = imports.save("telco-all", withDefault, "admin");
    assertTrue(saved.created());
    assertTrue(!imports.save("telco-all", withDefault, "admin").created(), "saved again: replaced");
    assertEquals(
        List.of("telco", "telco-all"),
        imports.mappings().stream().map(ImportMapping::name).toList());

    ImportReport r =
        imports.run(
            imports.mapping("telco-all").orElseThrow(),
            csv(HEADER + row("S-1", 0, "Mailed check", " ")));
    assertEquals(1, r.imported());
    assertEquals(0.0, customers.find("telco-S-1").orElseThrow().attributes().get("totalCharges"));

    assertEquals(
        "'telco' is shipped with Parcours and cannot be replaced; save yours under another name",
        assertThrows(
                InvalidMappingException.class, () -> imports.save("telco", withDefault, "admin"))
            .getMessage());
    assertTrue(
        assertThrows(
                InvalidMappingException.class,
                () -> imports.save("My Mapping", withDefault, "admin"))
            .getMessage()
            .startsWith("the name 'My Mapping' must be"));
    assertEquals(
        "mapping broken: fields.age.default: must be between 0 and 130, was 400",
        assertThrows(
                InvalidMappingException.class,
                () ->
                    imports.save(
                        "broken",
                        withDefault.replace(
                            "\"age\": {\"default\": 40}", "\"age\": {\"default\": 400}"),
                        "admin"))
            .getMessage());
    assertTrue(imports.mapping("broken").isEmpty(), "nothing saved");
  }
}
