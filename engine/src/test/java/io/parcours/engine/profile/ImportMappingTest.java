package io.parcours.engine.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.CustomerProfile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The telco mapping converts rows of the real file's layout; bad values and bad mappings are named.
 */
class ImportMappingTest {

  private static final CustomerAttributes DECLARED = CustomerAttributes.bundled();
  private static final ImportMapping TELCO = ImportMapping.bundled("telco", DECLARED).orElseThrow();
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final String[] HEADER =
      ("customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,"
              + "MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,"
              + "StreamingMovies,Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn")
          .split(",");

  private static ImportMapping.Row read(String line) {
    return TELCO.reader(HEADER).read(line.split(",", -1), NOW);
  }

  @Test
  void aRowOfTheTelcoFileBecomesAProfileWithProductsAndTypedAttributes() {
    ImportMapping.Row row =
        read(
            "5575-GNVDE,Male,0,No,No,34,Yes,No,DSL,Yes,No,Yes,No,No,No,One year,No,"
                + "Mailed check,56.95,1889.5,No");
    assertNull(row.problem());
    CustomerProfile p = row.profile();
    assertEquals("telco-5575-GNVDE", p.customerId());
    assertEquals("5575-GNVDE", p.name());
    assertEquals(34, p.tenureMonths());
    assertEquals(40, p.age(), "the mapping's default");
    assertEquals("America/Los_Angeles", p.timeZone());
    assertEquals(
        Set.of("phone-line", "internet", "online-security", "device-protection"), p.products());
    assertEquals(
        Map.ofEntries(
            Map.entry("gender", "Male"),
            Map.entry("seniorCitizen", false),
            Map.entry("partner", false),
            Map.entry("dependents", false),
            Map.entry("internetService", "DSL"),
            Map.entry("contract", "One year"),
            Map.entry("paperlessBilling", false),
            Map.entry("paymentMethod", "Mailed check"),
            Map.entry("monthlyCharges", 56.95),
            Map.entry("totalCharges", 1889.5),
            Map.entry("churned", false)),
        p.attributes());
    assertEquals(Set.of(), p.consents());
    assertEquals(NOW, p.updatedAt());
  }

  @Test
  void aBadRowIsReportedWithEveryProblemNamingItsColumn() {
    ImportMapping.Row blank =
        read(
            "4472-LVYGI,Female,0,Yes,Yes,0,No,No phone service,DSL,Yes,Yes,Yes,Yes,Yes,No,"
                + "Two year,No,Mailed check,52.55, ,No");
    assertEquals("telco-4472-LVYGI", blank.customerId());
    assertNull(blank.profile());
    assertEquals("TotalCharges: is blank, and the mapping requires a value", blank.problem());

    ImportMapping.Row several =
        read(
            "X-1,Female,2,Maybe,No,many,Yes,No,DSL,No,No,No,No,No,No,Weekly,Yes,"
                + "Electronic check,abc,10,No");
    assertEquals(
        "SeniorCitizen: '2' is not one of [0, 1]; Partner: 'Maybe' is not true or false;"
            + " tenure: 'many' is not a whole number; Contract: must be one of [Month-to-month, One year, Two year],"
            + " was 'Weekly'; MonthlyCharges: 'abc' is not a number",
        several.problem());

    ImportMapping.Row negative =
        read(
            "X-2,Female,0,No,No,-3,Yes,No,DSL,No,No,No,No,No,No,One year,Yes,"
                + "Electronic check,10,10,No");
    assertEquals("tenure: must be between 0 and 1200, was -3", negative.problem());
    assertEquals(
        "has 3 field(s); the header has 21",
        TELCO.reader(HEADER).read(new String[] {"a", "b", "c"}, NOW).problem());
    assertEquals(
        "customerID: the customer number is blank",
        read(",Male,0,No,No,34,Yes,No,DSL,Yes,No,Yes,No,No,No,"
                + "One year,No,Mailed check,56.95,1889.5,No")
            .problem());
  }

  @Test
  void aHeaderWithoutTheMappedColumnsIsRefusedNamingThem() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TELCO.reader(new String[] {"customerID", "gender", "tenure"}));
    assertTrue(
        e.getMessage().startsWith("the header lacks the column(s) [PhoneService, MultipleLines,")
            && e.getMessage().contains("TotalCharges")
            && e.getMessage().endsWith("it has [customerID, gender, tenure]"),
        e.getMessage());
  }

  @Test
  void onlyTheColumnFieldsAndProductsAreUpdatedOnAnExistingProfile() {
    assertEquals(Set.of("name", "tenureMonths", "products"), TELCO.updatedFields());
  }

  private static String refusal(String json) {
    return assertThrows(
            IllegalArgumentException.class,
            () ->
                ImportMapping.read(
                    "mine",
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    DECLARED))
        .getMessage();
  }

  private static final String FIELDS =
      "\"name\":{\"column\":\"id\"},\"tenureMonths\":{\"default\":0},"
          + "\"region\":{\"default\":\"x\"},\"segment\":{\"default\":\"mass\"},\"balance\":{\"default\":0},"
          + "\"monthlyIncome\":{\"default\":0},\"churnRisk\":{\"default\":0},\"timeZone\":{\"default\":\"UTC\"}";

  @Test
  void aBrokenMappingIsRefusedSayingWhereAndWhat() {
    assertEquals(
        "mapping mine: fields.age: a new profile needs it; give a column or a default",
        refusal("{\"customerId\":\"id\",\"fields\":{" + FIELDS + "}}"));
    assertEquals(
        "mapping mine: fields.age.default: must be a whole number, was 40.5",
        refusal("{\"customerId\":\"id\",\"fields\":{" + FIELDS + ",\"age\":{\"default\":40.5}}}"));
    assertEquals(
        "mapping mine: fields.age.default: must be between 0 and 130, was 200",
        refusal("{\"customerId\":\"id\",\"fields\":{" + FIELDS + ",\"age\":{\"default\":200}}}"));
    assertTrue(
        refusal(
                "{\"customerId\":\"id\",\"fields\":{"
                    + FIELDS
                    + ",\"age\":{\"default\":40}},"
                    + "\"attributes\":{\"shoeSize\":{\"column\":\"shoes\"}}}")
            .startsWith(
                "mapping mine: attributes.shoeSize: not a declared customer attribute; those are [gender,"));
    assertTrue(
        refusal(
                "{\"customerId\":\"id\",\"fields\":{"
                    + FIELDS
                    + ",\"age\":{\"default\":40},"
                    + "\"consents\":{\"default\":\"all\"}}}")
            .startsWith("mapping mine: fields.consents: not a profile field"));
    assertEquals(
        "mapping mine: attributes.seniorCitizen.values.1: must be true or false, was yes",
        refusal(
            "{\"customerId\":\"id\",\"fields\":{"
                + FIELDS
                + ",\"age\":{\"default\":40}},"
                + "\"attributes\":{\"seniorCitizen\":{\"column\":\"s\",\"values\":{\"1\":\"yes\"}}}}"));
    assertEquals(
        "mapping mine: fields.timeZone.default: 'Mars/Olympus' is not a time zone (use an IANA name such as"
            + " Europe/Paris)",
        refusal(
            "{\"customerId\":\"id\",\"fields\":{"
                + FIELDS.replace("\"UTC\"", "\"Mars/Olympus\"")
                + ",\"age\":{\"default\":40}}}"));
    assertEquals(
        "mapping mine: customerId: the column holding the customer number is required",
        refusal("{\"fields\":{}}"));
  }
}
