package io.parcours.engine.runtime;

import io.parcours.db.PostgresConsents;
import io.parcours.db.PostgresCustomerRecords;
import io.parcours.db.PostgresJourneys;
import io.parcours.domain.Activity;
import io.parcours.domain.Consent;
import io.parcours.domain.ConsentChange;
import io.parcours.domain.CurrentStage;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.LinkedIdentity;
import io.parcours.domain.ProfileMerge;
import io.parcours.domain.StageChange;
import io.parcours.engine.decision.AuditReader;
import io.parcours.engine.identities.IdentityGraph;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.stream.JsonGenerator;
import java.io.OutputStream;
import java.io.StringReader;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The right of access: everything Parcours holds about one customer, as one JSON document written
 * as it is read (a long history streams in constant memory) — the profile (its custom attributes
 * included), the derived features' values now and the day-by-day tallies they are computed from,
 * the consents and every change of them, the journey stages and their changes, every decision with
 * its audit record, every impression, every response, every event reported about them and every
 * outbound contact decided for them.
 */
public final class CustomerExport {

  /**
   * The version of the document's layout: 2 adds the events and outbound contacts, 3 the identities
   * and merges, audit records with their sealed personal part opened, and the profile's custom
   * {@code attributes} and {@code derivedFeatures} (values now, and the tallies).
   */
  public static final int FORMAT = 3;

  private CustomerExport() {}

  /** Writes the document of {@code profile}'s customer to {@code out}. */
  public static void write(
      CustomerProfile profile,
      Map<String, Double> features,
      IdentityGraph.Identities identities,
      PostgresConsents consents,
      PostgresJourneys journeys,
      PostgresCustomerRecords records,
      AuditReader audit,
      Instant now,
      OutputStream out)
      throws Exception {
    String id = profile.customerId();
    try (JsonGenerator g = Json.createGenerator(out)) {
      g.writeStartObject();
      g.write("format", FORMAT);
      g.write("customerId", id);
      g.write("exportedAt", now.toString());

      g.writeStartObject("profile");
      g.write("name", profile.name());
      g.write("age", profile.age());
      writeNullable(g, "region", profile.region());
      writeNullable(g, "segment", profile.segment());
      g.write("tenureMonths", profile.tenureMonths());
      g.writeStartArray("products");
      profile.products().stream().sorted().forEach(g::write);
      g.writeEnd();
      g.write("balance", profile.balance());
      g.write("monthlyIncome", profile.monthlyIncome());
      g.write("churnRisk", profile.churnRisk());
      g.write("missedPayments", profile.missedPayments());
      g.write("openComplaint", profile.openComplaint());
      g.write("travellingAbroad", profile.travellingAbroad());
      g.write("timeZone", profile.timeZone());
      g.write("updatedAt", profile.updatedAt().toString());
      g.writeStartObject("attributes");
      new TreeMap<>(profile.attributes())
          .forEach(
              (k, v) -> {
                if (v instanceof Boolean b) {
                  g.write(k, b);
                } else if (v instanceof Double d) {
                  g.write(k, d);
                } else {
                  g.write(k, v.toString());
                }
              });
      g.writeEnd();
      g.writeEnd();

      g.writeStartObject("derivedFeatures");
      g.writeStartObject("values");
      features.forEach(g::write);
      g.writeEnd();
      g.writeStartArray("tallies");
      for (Activity.Day d : profile.activity().days()) {
        g.writeStartObject()
            .write("feature", d.feature())
            .write("day", d.day().toString())
            .write("events", d.events())
            .write("sum", d.sum())
            .writeEnd();
      }
      g.writeEnd();
      g.writeEnd();

      g.write("anonymous", identities.anonymous());
      g.writeStartArray("identities");
      for (LinkedIdentity i : identities.identities()) {
        g.writeStartObject()
            .write("type", i.identity().type().code())
            .write("value", i.identity().value())
            .write("linkedAt", i.linkedAt().toString())
            .write("source", i.source())
            .writeEnd();
      }
      g.writeEnd();
      g.writeStartArray("merges");
      for (ProfileMerge m : identities.merges()) {
        g.writeStartObject()
            .write("absorbedId", m.absorbedId())
            .write("mergedAt", m.mergedAt().toString())
            .write("cause", m.cause())
            .writeEnd();
      }
      g.writeEnd();

      g.writeStartObject("consents");
      g.writeStartArray("granted");
      profile.consents().stream().sorted().map(Consent::code).forEach(g::write);
      g.writeEnd();
      g.writeStartArray("changes");
      for (ConsentChange c : consents.history(id, Integer.MAX_VALUE)) {
        g.writeStartObject()
            .write("consent", c.consent().code())
            .write("granted", c.granted())
            .write("changedAt", c.changedAt().toString())
            .write("source", c.source())
            .write("textVersion", c.textVersion())
            .write("recordedBy", c.recordedBy())
            .writeEnd();
      }
      g.writeEnd();
      g.writeEnd();

      g.writeStartObject("journeys");
      g.writeStartArray("current");
      for (Map.Entry<String, CurrentStage> e : journeys.currentStages(id).entrySet()) {
        CurrentStage s = e.getValue();
        g.writeStartObject().write("journey", s.journey()).write("stage", s.stage());
        writeNullable(g, "rule", s.rule());
        g.write("since", s.since().toString()).writeEnd();
      }
      g.writeEnd();
      g.writeStartArray("changes");
      for (StageChange c : journeys.changes(id, Integer.MAX_VALUE)) {
        g.writeStartObject().write("journey", c.journey());
        writeNullable(g, "fromStage", c.fromStage());
        writeNullable(g, "toStage", c.toStage());
        writeNullable(g, "rule", c.rule());
        writeNullable(g, "decisionId", c.decisionId());
        g.write("changedAt", c.changedAt().toString()).writeEnd();
      }
      g.writeEnd();
      g.writeEnd();

      g.writeStartArray("decisions");
      records.decisions(
          id,
          d -> {
            g.writeStartObject()
                .write("decisionId", d.decisionId())
                .write("decidedAt", d.decidedAt().toString())
                .write("channel", d.channel())
                .write("direction", d.direction())
                .write("ruleSetVersion", d.ruleSetVersion())
                .write("doNothing", d.doNothing())
                .write("policy", d.policy());
            if (d.auditJson() != null) {
              g.write("auditRecord", audit.open(d.decisionId(), d.auditJson()));
            }
            g.writeEnd();
          });
      g.writeEnd();

      g.writeStartArray("impressions");
      records.impressions(
          id,
          i ->
              g.writeStartObject()
                  .write("decisionId", i.decisionId())
                  .write("actionId", i.actionId())
                  .write("channel", i.channel())
                  .write("rank", i.rank())
                  .write("propensity", i.propensity())
                  .write("modelId", i.modelId())
                  .write("modelVersion", i.modelVersion())
                  .write("shownAt", i.shownAt().toString())
                  .writeEnd());
      g.writeEnd();

      g.writeStartArray("responses");
      records.responses(
          id,
          r ->
              g.writeStartObject()
                  .write("responseId", r.responseId())
                  .write("decisionId", r.decisionId())
                  .write("actionId", r.actionId())
                  .write("channel", r.channel())
                  .write("outcome", r.outcome())
                  .write("receivedAt", r.receivedAt().toString())
                  .writeEnd());
      g.writeEnd();

      g.writeStartArray("events");
      records.events(
          id,
          e -> {
            g.writeStartObject()
                .write("eventId", e.eventId())
                .write("type", e.type())
                .write("occurredAt", e.occurredAt().toString())
                .write("receivedAt", e.receivedAt().toString());
            try (JsonReader reader = Json.createReader(new StringReader(e.attributesJson()))) {
              g.write("attributes", reader.readValue());
            }
            writeNullable(
                g, "triggeredAt", e.triggeredAt() == null ? null : e.triggeredAt().toString());
            g.writeEnd();
          });
      g.writeEnd();

      g.writeStartArray("outboundContacts");
      records.contacts(
          id,
          c -> {
            g.writeStartObject()
                .write("contactId", c.contactId())
                .write("channel", c.channel())
                .write("actionId", c.actionId())
                .write("decisionId", c.decisionId());
            if (c.eventId() == null) {
              g.writeNull("eventId");
            } else {
              g.write("eventId", c.eventId());
            }
            g.write("sendAfter", c.sendAfter().toString())
                .write("status", c.status())
                .write("queuedAt", c.queuedAt().toString());
            writeNullable(g, "closedAt", c.closedAt() == null ? null : c.closedAt().toString());
            writeNullable(g, "reason", c.reason());
            g.writeEnd();
          });
      g.writeEnd();
      g.writeEnd();
    }
  }

  private static void writeNullable(JsonGenerator g, String name, String value) {
    if (value == null) {
      g.writeNull(name);
    } else {
      g.write(name, value);
    }
  }
}
