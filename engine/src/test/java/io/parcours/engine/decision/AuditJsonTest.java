package io.parcours.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Activity;
import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Exclusion;
import io.parcours.domain.Purpose;
import io.parcours.engine.decision.AuditDocument.HistoryPart;
import io.parcours.engine.decision.AuditDocument.PersonalPart;
import io.parcours.engine.decision.AuditDocument.RequestPart;
import io.parcours.engine.decision.AuditDocument.ScorePart;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The audit document's text is hashed into the audit chain, so the JSON-P writer ({@link
 * AuditJson}) must write what JSON-B (Yasson) wrote for the same records, byte for byte. JSON-B is
 * kept here only as that reference: many documents and personal parts, with every optional member
 * present and absent, nulls in lists and maps, empty lists, text that needs escaping or lies
 * outside ASCII, awkward doubles and instants, are written by both and compared.
 */
class AuditJsonTest {

  private static final Jsonb JSONB = JsonbBuilder.create();

  /** Strings that JSON must escape, that lie outside ASCII, or that are merely awkward. */
  private static final List<String> TEXTS =
      List.of(
          "",
          "web",
          "RetentionOfferForHighChurn",
          "a \"quoted\" word",
          "back\\slash and /slash",
          "tab\there, line\nbreak, return\r, form\f, backspace\b",
          "\u0000\u0001\u001f\u007f",
          "é à ç ß — “curly” ‘quotes’ …",
          "中文 日本語 한국어",
          "emoji \uD83D\uDE00 and \uD83C\uDDEB\uD83C\uDDF7",
          "line separator \u2028 paragraph \u2029",
          "</script><!-- & ' -->",
          "null",
          "  spaces  ",
          "\uFEFFbom");

  /** Doubles whose text differs between formatters: the reason for comparing byte for byte. */
  private static final double[] DOUBLES = {
    0.0,
    -0.0,
    0.1,
    0.2 + 0.1,
    1.0,
    -1.0,
    1e-7,
    1.0E-3,
    0.001,
    1.0E10,
    1e7,
    9999999.0,
    10000000.0,
    123456789.123,
    1e21,
    1e22,
    Double.MIN_VALUE,
    Double.MIN_NORMAL,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    0.5,
    2.0 / 3.0,
    Math.PI,
    (double) Long.MAX_VALUE,
    4.35,
    100.0
  };

  private static final Instant[] INSTANTS = {
    Instant.EPOCH,
    Instant.parse("2026-12-07T18:49:55Z"),
    Instant.parse("2026-12-07T18:49:55.100Z"),
    Instant.parse("2026-12-07T18:49:55.123456Z"),
    Instant.parse("2026-12-07T18:49:55.123456789Z"),
    Instant.parse("2026-12-07T18:49:55.000000001Z"),
    Instant.parse("1969-12-31T23:59:59.999Z"),
    Instant.parse("0001-01-01T00:00:00Z"),
    Instant.parse("+10000-01-01T00:00:00Z"),
    Instant.MAX,
    Instant.MIN
  };

  @AfterAll
  static void close() throws Exception {
    JSONB.close();
  }

  @Test
  void documentsAreWrittenAsJsonBWroteThem() {
    SplittableRandom rng = new SplittableRandom(22);
    for (int i = 0; i < 3000; i++) {
      AuditDocument d = document(rng);
      assertEquals(JSONB.toJson(d), AuditJson.document(d), "document " + i);
    }
  }

  /**
   * Records of varied decisions (every channel, both directions, with and without actions,
   * exclusions, treatments and contexts) as the engine stored them when JSON-B wrote them: read
   * back, each is written again to the same text.
   */
  @Test
  void recordedDocumentsAreWrittenAgainToTheSameText() throws Exception {
    List<String> recorded;
    try (var in = AuditJsonTest.class.getResourceAsStream("recorded-audit-documents.jsonl")) {
      recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    assertTrue(recorded.size() >= 20, "the recorded documents are there: " + recorded.size());
    for (String text : recorded) {
      assertEquals(text, AuditJson.document(read(text)));
    }
  }

  /**
   * The recorded document {@code text}, read by JSON-B; its journey stages kept in their written
   * order, which a map JSON-B makes would not keep.
   */
  private static AuditDocument read(String text) {
    AuditDocument d = JSONB.fromJson(text, AuditDocument.class);
    Map<String, String> stages = new LinkedHashMap<>();
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      reader
          .readObject()
          .getJsonObject("journeyStages")
          .forEach((stage, value) -> stages.put(stage, ((JsonString) value).getString()));
    }
    return new AuditDocument(
        d.format(),
        d.subject(),
        d.sealed(),
        d.decisionId(),
        d.decidedAt(),
        d.request(),
        d.contactHistory(),
        d.ruleSetVersion(),
        d.rulesFired(),
        stages,
        d.exclusions(),
        d.scores(),
        d.threshold(),
        d.result(),
        d.doNothingReason(),
        d.policy(),
        d.modelFeatures(),
        d.firstPlaceProbability());
  }

  @Test
  void personalPartsAreWrittenAsJsonBWroteThem() {
    SplittableRandom rng = new SplittableRandom(2022);
    for (int i = 0; i < 3000; i++) {
      PersonalPart p = personal(rng);
      assertEquals(JSONB.toJson(p), AuditJson.personal(p), "personal part " + i);
    }
  }

  @Test
  void aDocumentWithEveryMemberAbsentIsWrittenAsJsonBWroteIt() {
    AuditDocument empty =
        new AuditDocument(
            0, null, null, null, null, null, null, null, null, null, null, null, 0, null, null,
            null, null, null);
    assertEquals(JSONB.toJson(empty), AuditJson.document(empty));
    PersonalPart none = new PersonalPart(null, null, null, null);
    assertEquals(JSONB.toJson(none), AuditJson.personal(none));
  }

  @Test
  void everyAwkwardDoubleIsWrittenAsJsonBWroteIt() {
    for (double x : DOUBLES) {
      for (double v : new double[] {x, -x}) {
        AuditDocument d = withNumbers(v);
        assertEquals(JSONB.toJson(d), AuditJson.document(d), "the double " + v);
      }
    }
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      double v =
          switch (i % 4) {
            case 0 -> rng.nextDouble();
            case 1 -> Double.longBitsToDouble(rng.nextLong());
            case 2 -> Math.round(rng.nextDouble() * 1e6) / 1e4;
            default -> rng.nextDouble() * Math.pow(10, rng.nextInt(-12, 25));
          };
      if (Double.isFinite(v)) {
        AuditDocument d = withNumbers(v);
        assertEquals(JSONB.toJson(d), AuditJson.document(d), "the double " + v);
      }
    }
  }

  @Test
  void aNumberJsonCannotHoldIsRefusedByBothWriters() {
    for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      AuditDocument d = withNumbers(v);
      assertThrows(RuntimeException.class, () -> JSONB.toJson(d), "JSON-B, " + v);
      assertThrows(RuntimeException.class, () -> AuditJson.document(d), "JSON-P, " + v);
      PersonalPart p = new PersonalPart("C1", Map.of(), null, Map.of("f", v));
      assertThrows(RuntimeException.class, () -> JSONB.toJson(p), "JSON-B, " + v);
      assertThrows(RuntimeException.class, () -> AuditJson.personal(p), "JSON-P, " + v);
    }
  }

  /** A document whose every number, the optional one included, is {@code v}. */
  private static AuditDocument withNumbers(double v) {
    return new AuditDocument(
        AuditDocument.FORMAT,
        "subject",
        "sealed",
        "decision",
        Instant.EPOCH,
        new RequestPart("web", "inbound", 3),
        new HistoryPart(1, 2),
        "1",
        List.of(),
        Map.of(),
        List.of(),
        List.of(new ScorePart("a", null, 1, "m", 7, 11, v, v, v, v, v, v)),
        v,
        List.of("a"),
        null,
        AuditDocument.POLICY_MODELS,
        List.of(),
        v);
  }

  private static AuditDocument document(SplittableRandom rng) {
    return new AuditDocument(
        rng.nextInt(3) == 0 ? rng.nextInt() : AuditDocument.FORMAT,
        maybe(rng, () -> text(rng)),
        maybe(rng, () -> text(rng)),
        maybe(rng, () -> text(rng)),
        maybe(rng, () -> instant(rng)),
        maybe(rng, () -> new RequestPart(text(rng), nullable(rng, () -> text(rng)), rng.nextInt())),
        maybe(rng, () -> new HistoryPart(rng.nextInt(), rng.nextInt(100))),
        maybe(rng, () -> text(rng)),
        maybe(rng, () -> texts(rng)),
        maybe(rng, () -> textMap(rng)),
        maybe(rng, () -> list(rng, () -> exclusion(rng))),
        maybe(rng, () -> list(rng, () -> score(rng))),
        number(rng),
        maybe(rng, () -> texts(rng)),
        maybe(rng, () -> text(rng)),
        maybe(rng, () -> text(rng)),
        maybe(rng, () -> texts(rng)),
        maybe(rng, () -> number(rng)));
  }

  private static Exclusion exclusion(SplittableRandom rng) {
    return new Exclusion(
        nullable(rng, () -> text(rng)),
        nullable(rng, () -> text(rng)),
        nullable(rng, () -> text(rng)));
  }

  private static ScorePart score(SplittableRandom rng) {
    return new ScorePart(
        nullable(rng, () -> text(rng)),
        nullable(rng, () -> text(rng)),
        rng.nextInt(-1, 21),
        nullable(rng, () -> text(rng)),
        rng.nextBoolean() ? rng.nextLong() : rng.nextLong(1000),
        rng.nextBoolean() ? rng.nextLong() : rng.nextLong(1000),
        number(rng),
        number(rng),
        number(rng),
        number(rng),
        number(rng),
        number(rng));
  }

  private static PersonalPart personal(SplittableRandom rng) {
    Map<String, Double> features =
        maybe(rng, () -> map(rng, () -> nullable(rng, () -> number(rng))));
    return new PersonalPart(
        maybe(rng, () -> text(rng)),
        maybe(rng, () -> textMap(rng)),
        maybe(rng, () -> profile(rng)),
        features);
  }

  private static CustomerProfile profile(SplittableRandom rng) {
    Set<String> products = new HashSet<>();
    for (int i = rng.nextInt(5); i > 0; i--) {
      products.add(text(rng));
    }
    Set<Consent> consents = new HashSet<>();
    for (int i = rng.nextInt(6); i > 0; i--) {
      consents.add(
          new Consent(
              Channel.values()[rng.nextInt(Channel.values().length)],
              Purpose.values()[rng.nextInt(Purpose.values().length)]));
    }
    Map<String, Object> attributes = new HashMap<>();
    for (int i = rng.nextInt(5); i > 0; i--) {
      Object value =
          switch (rng.nextInt(3)) {
            case 0 -> text(rng);
            case 1 -> number(rng);
            default -> rng.nextBoolean();
          };
      attributes.put(text(rng), value);
    }
    List<Activity.Day> days = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (int i = rng.nextInt(6); i > 0; i--) {
      String feature = text(rng);
      LocalDate day = LocalDate.ofEpochDay(rng.nextLong(-800_000, 3_000_000));
      if (keys.add(feature + "@" + day)) {
        days.add(new Activity.Day(feature, day, rng.nextLong(1000), number(rng)));
      }
    }
    return new CustomerProfile(
        text(rng),
        nullable(rng, () -> text(rng)),
        rng.nextInt(-1, 120),
        nullable(rng, () -> text(rng)),
        nullable(rng, () -> text(rng)),
        rng.nextInt(),
        products,
        number(rng),
        number(rng),
        number(rng),
        rng.nextInt(10),
        rng.nextBoolean(),
        rng.nextBoolean(),
        consents,
        nullable(rng, () -> text(rng)),
        nullable(rng, () -> instant(rng)),
        rng.nextInt(4) == 0 ? null : attributes,
        rng.nextInt(4) == 0 ? null : new Activity(days));
  }

  /** Absent a third of the time. */
  private static <T> T maybe(SplittableRandom rng, java.util.function.Supplier<T> value) {
    return rng.nextInt(3) == 0 ? null : value.get();
  }

  /** Null a tenth of the time: for members of lists and maps. */
  private static <T> T nullable(SplittableRandom rng, java.util.function.Supplier<T> value) {
    return rng.nextInt(10) == 0 ? null : value.get();
  }

  private static String text(SplittableRandom rng) {
    if (rng.nextInt(4) > 0) {
      return TEXTS.get(rng.nextInt(TEXTS.size()));
    }
    StringBuilder b = new StringBuilder();
    for (int i = rng.nextInt(12); i > 0; i--) {
      int c =
          switch (rng.nextInt(4)) {
            case 0 -> rng.nextInt(0x20);
            case 1 -> rng.nextInt(0x20, 0x7f);
            case 2 -> rng.nextInt(0x80, 0xd800);
            default -> rng.nextInt(0x10000, 0x110000);
          };
      b.appendCodePoint(c);
    }
    return b.toString();
  }

  private static double number(SplittableRandom rng) {
    return switch (rng.nextInt(4)) {
      case 0 -> DOUBLES[rng.nextInt(DOUBLES.length)];
      case 1 -> rng.nextDouble();
      case 2 -> rng.nextInt(-1000, 1000);
      default -> Double.longBitsToDouble(rng.nextLong() & 0x7fefffffffffffffL);
    };
  }

  private static Instant instant(SplittableRandom rng) {
    return rng.nextBoolean()
        ? INSTANTS[rng.nextInt(INSTANTS.length)]
        : Instant.ofEpochSecond(
            rng.nextLong(-100_000_000_000L, 100_000_000_000L),
            switch (rng.nextInt(4)) {
              case 0 -> 0;
              case 1 -> rng.nextInt(1000) * 1_000_000L;
              case 2 -> rng.nextInt(1_000_000) * 1000L;
              default -> rng.nextInt(1_000_000_000);
            });
  }

  private static List<String> texts(SplittableRandom rng) {
    return list(rng, () -> nullable(rng, () -> text(rng)));
  }

  /** Empty a fifth of the time; a list of the kind JSON-B and the engine meet. */
  private static <T> List<T> list(SplittableRandom rng, java.util.function.Supplier<T> member) {
    int n = rng.nextInt(5) == 0 ? 0 : rng.nextInt(1, 8);
    List<T> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(member.get());
    }
    if (rng.nextBoolean() || list.contains(null)) {
      return list;
    }
    return List.copyOf(list);
  }

  private static Map<String, String> textMap(SplittableRandom rng) {
    return map(rng, () -> nullable(rng, () -> text(rng)));
  }

  /** Of one of the kinds the engine meets, each iterated in its own order. */
  private static <T> Map<String, T> map(
      SplittableRandom rng, java.util.function.Supplier<T> value) {
    Map<String, T> map =
        switch (rng.nextInt(3)) {
          case 0 -> new HashMap<>();
          case 1 -> new LinkedHashMap<>();
          default -> new TreeMap<>();
        };
    for (int i = rng.nextInt(7); i > 0; i--) {
      map.put(text(rng), value.get());
    }
    boolean nulls = map.containsValue(null);
    if (map instanceof HashMap<String, T> hash && rng.nextInt(10) == 0) {
      hash.put(null, value.get());
      nulls = true;
    }
    return rng.nextInt(4) == 0 && !nulls ? Map.copyOf(map) : map;
  }
}
