package io.parcours.engine.decision;

import io.parcours.domain.Activity;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Exclusion;
import io.parcours.engine.decision.AuditDocument.HistoryPart;
import io.parcours.engine.decision.AuditDocument.PersonalPart;
import io.parcours.engine.decision.AuditDocument.RequestPart;
import io.parcours.engine.decision.AuditDocument.ScorePart;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;

/**
 * The text of an audit document and of its personal part, written member by member with a JSON-P
 * generator.
 *
 * <p>The audit chain hashes this text ({@link AuditTrail#hash}), so it must not drift: it is the
 * text JSON-B (Yasson) wrote for these records before, byte for byte. That is Yasson's layout: the
 * members a record's {@code @JsonbPropertyOrder} names first, in that order, then the others in
 * lexicographic order of their names; a null member left out, a null in a list or a map written as
 * {@code null}; numbers, strings and their escapes as the same JSON-P generator writes them;
 * instants in ISO-8601 ({@link DateTimeFormatter#ISO_INSTANT}) and days as {@link
 * DateTimeFormatter#ISO_LOCAL_DATE}. A number that JSON cannot hold (NaN, an infinity) is refused
 * by the generator, as it was by JSON-B.
 *
 * <p>Yasson found those members by reflection and checked every object for cycles on the way,
 * hashing each record whole at every level of nesting: about a seventh of a decision's CPU on the
 * deciding thread and as much again on the audit writer (ADR 22). A member added to one of these
 * records must be added here too; {@code AuditJsonTest} compares both writers and fails until it
 * is.
 */
final class AuditJson {

  private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

  private AuditJson() {}

  /** The text of {@code document}. */
  static String document(AuditDocument document) {
    StringWriter out = new StringWriter(4096);
    try (JsonGenerator g = GENERATORS.createGenerator(out)) {
      g.writeStartObject();
      g.write("format", document.format());
      string(g, "subject", document.subject());
      string(g, "sealed", document.sealed());
      string(g, "decisionId", document.decisionId());
      if (document.decidedAt() != null) {
        g.write("decidedAt", DateTimeFormatter.ISO_INSTANT.format(document.decidedAt()));
      }
      RequestPart request = document.request();
      if (request != null) {
        g.writeStartObject("request");
        string(g, "channel", request.channel());
        string(g, "direction", request.direction());
        g.write("limit", request.limit());
        g.writeEnd();
      }
      HistoryPart history = document.contactHistory();
      if (history != null) {
        g.writeStartObject("contactHistory");
        g.write("impressions", history.impressions());
        g.write("responses", history.responses());
        g.writeEnd();
      }
      string(g, "ruleSetVersion", document.ruleSetVersion());
      strings(g, "rulesFired", document.rulesFired());
      strings(g, "journeyStages", document.journeyStages());
      if (document.exclusions() != null) {
        g.writeStartArray("exclusions");
        for (Exclusion e : document.exclusions()) {
          exclusion(g, e);
        }
        g.writeEnd();
      }
      if (document.scores() != null) {
        g.writeStartArray("scores");
        for (ScorePart s : document.scores()) {
          score(g, s);
        }
        g.writeEnd();
      }
      g.write("threshold", document.threshold());
      strings(g, "result", document.result());
      string(g, "doNothingReason", document.doNothingReason());
      // Members not named by @JsonbPropertyOrder: in lexicographic order.
      if (document.firstPlaceProbability() != null) {
        g.write("firstPlaceProbability", document.firstPlaceProbability().doubleValue());
      }
      strings(g, "modelFeatures", document.modelFeatures());
      string(g, "policy", document.policy());
      g.writeEnd();
    }
    return out.toString();
  }

  /** The text of {@code personal}, to be sealed. */
  static String personal(PersonalPart personal) {
    StringWriter out = new StringWriter(2048);
    try (JsonGenerator g = GENERATORS.createGenerator(out)) {
      g.writeStartObject();
      string(g, "customerId", personal.customerId());
      strings(g, "context", personal.context());
      if (personal.profile() != null) {
        g.writeKey("profile");
        profile(g, personal.profile());
      }
      if (personal.derivedFeatures() != null) {
        g.writeStartObject("derivedFeatures");
        for (Map.Entry<String, Double> f : personal.derivedFeatures().entrySet()) {
          g.writeKey(key(f.getKey()));
          if (f.getValue() == null) {
            g.writeNull();
          } else {
            g.write(f.getValue().doubleValue());
          }
        }
        g.writeEnd();
      }
      g.writeEnd();
    }
    return out.toString();
  }

  /** A customer profile, its members in lexicographic order (it names no order of its own). */
  private static void profile(JsonGenerator g, CustomerProfile p) {
    g.writeStartObject();
    if (p.activity() != null) {
      g.writeStartObject("activity");
      if (p.activity().days() != null) {
        g.writeStartArray("days");
        for (Activity.Day d : p.activity().days()) {
          if (d == null) {
            g.writeNull();
            continue;
          }
          g.writeStartObject();
          g.write("day", DateTimeFormatter.ISO_LOCAL_DATE.format(d.day()));
          g.write("events", d.events());
          string(g, "feature", d.feature());
          g.write("sum", d.sum());
          g.writeEnd();
        }
        g.writeEnd();
      }
      g.writeEnd();
    }
    g.write("age", p.age());
    if (p.attributes() != null) {
      g.writeStartObject("attributes");
      for (Map.Entry<String, Object> a : p.attributes().entrySet()) {
        g.writeKey(key(a.getKey()));
        attribute(g, a.getValue());
      }
      g.writeEnd();
    }
    g.write("balance", p.balance());
    g.write("churnRisk", p.churnRisk());
    if (p.consents() != null) {
      g.writeStartArray("consents");
      for (Consent c : p.consents()) {
        g.writeStartObject();
        g.write("channel", c.channel().name());
        g.write("purpose", c.purpose().name());
        g.writeEnd();
      }
      g.writeEnd();
    }
    string(g, "customerId", p.customerId());
    g.write("missedPayments", p.missedPayments());
    g.write("monthlyIncome", p.monthlyIncome());
    string(g, "name", p.name());
    g.write("openComplaint", p.openComplaint());
    strings(g, "products", p.products());
    string(g, "region", p.region());
    string(g, "segment", p.segment());
    g.write("tenureMonths", p.tenureMonths());
    string(g, "timeZone", p.timeZone());
    g.write("travellingAbroad", p.travellingAbroad());
    if (p.updatedAt() != null) {
      g.write("updatedAt", DateTimeFormatter.ISO_INSTANT.format(p.updatedAt()));
    }
    g.writeEnd();
  }

  /** A custom attribute's value: a profile holds strings, numbers (doubles) and booleans only. */
  private static void attribute(JsonGenerator g, Object value) {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.write(s);
    } else if (value instanceof Double d) {
      g.write(d.doubleValue());
    } else if (value instanceof Boolean b) {
      g.write(b.booleanValue());
    } else {
      throw new IllegalArgumentException(
          "a custom attribute is a string, a number (Double) or a boolean, not a "
              + value.getClass().getName());
    }
  }

  private static void exclusion(JsonGenerator g, Exclusion e) {
    if (e == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    string(g, "actionId", e.actionId());
    string(g, "reason", e.reason());
    string(g, "rule", e.rule());
    g.writeEnd();
  }

  private static void score(JsonGenerator g, ScorePart s) {
    if (s == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    string(g, "actionId", s.actionId());
    string(g, "treatment", s.treatment());
    g.write("rank", s.rank());
    string(g, "modelId", s.modelId());
    g.write("modelVersion", s.modelVersion());
    g.write("evidence", s.evidence());
    g.write("propensity", s.propensity());
    g.write("sampledPropensity", s.sampledPropensity());
    g.write("contextWeight", s.contextWeight());
    g.write("value", s.value());
    g.write("lever", s.lever());
    g.write("priority", s.priority());
    g.writeEnd();
  }

  /** A string member, left out when null. */
  private static void string(JsonGenerator g, String name, String value) {
    if (value != null) {
      g.write(name, value);
    }
  }

  /** A list or set of strings, left out when null; a null in it is written {@code null}. */
  private static void strings(JsonGenerator g, String name, Collection<String> values) {
    if (values == null) {
      return;
    }
    g.writeStartArray(name);
    for (String v : values) {
      if (v == null) {
        g.writeNull();
      } else {
        g.write(v);
      }
    }
    g.writeEnd();
  }

  /** A map of strings, left out when null; a null value in it is written {@code null}. */
  private static void strings(JsonGenerator g, String name, Map<String, String> values) {
    if (values == null) {
      return;
    }
    g.writeStartObject(name);
    for (Map.Entry<String, String> e : values.entrySet()) {
      g.writeKey(key(e.getKey()));
      if (e.getValue() == null) {
        g.writeNull();
      } else {
        g.write(e.getValue());
      }
    }
    g.writeEnd();
  }

  /** A map's key as JSON-B writes it: a null key is the name {@code null}. */
  private static String key(String key) {
    return key == null ? "null" : key;
  }
}
