package io.parcours.engine.decision;

import io.parcours.db.PostgresDecisionLog;
import io.parcours.db.PostgresSealKeys;
import io.parcours.db.PostgresSealKeys.SealKey;
import io.parcours.domain.AuditRecord;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Seals the personal inputs of audit records written in clear by versions before format 4, once,
 * when the engine starts (ADR 0013). The chain is verified first and left alone if it does not
 * hold; then each such record's customer id, context and profile are sealed with the customer's
 * key, as a new record's are, the record says which format it was written in ({@code
 * resealedFromFormat}), and the chain is hashed anew from the first of them. The re-seal is
 * recorded with the chain's head before and after ({@code audit_reseals}), so that a head hash kept
 * elsewhere can be matched to it.
 */
public final class AuditReseal {

  private static final Logger LOG = Logger.getLogger(AuditReseal.class.getName());

  private AuditReseal() {}

  /**
   * Re-seals what needs it; run before the audit trail takes new decisions.
   *
   * @return how many records were sealed
   */
  public static int run(PostgresDecisionLog log, PostgresSealKeys keys, Clock clock) {
    Long first = log.firstUnsealedAudit().orElse(null);
    if (first == null) {
      return 0;
    }
    AuditVerifier.Verification v = new AuditVerifier(log).verify();
    if (!v.intact()) {
      LOG.severe(
          "audit records from "
              + first
              + " hold personal inputs in clear, but the audit chain does not"
              + " verify ("
              + v.problem()
              + "): they are left as they are; their customers cannot be erased");
      return 0;
    }
    AuditSeal seal = new AuditSeal();
    Map<String, SealKey> known = new HashMap<>();
    int sealed =
        log.reseal(
            first,
            r -> {
              JsonObject record = parse(r.json());
              if (record == null || record.getInt("format", 0) >= AuditDocument.FORMAT) {
                return r;
              }
              SealKey key =
                  known.computeIfAbsent(
                      r.customerId(), id -> keys.keysFor(Set.of(id), clock.instant()).get(id));
              return new AuditRecord(
                  r.seq(),
                  r.decisionId(),
                  r.customerId(),
                  r.recordedAt(),
                  sealedRecord(record, key, seal, r.decisionId()),
                  r.previousHash(),
                  r.hash());
            },
            AuditTrail::hash,
            clock.instant());
    LOG.info(
        "sealed the personal inputs of "
            + sealed
            + " audit record(s) written before format "
            + AuditDocument.FORMAT
            + "; the chain was hashed anew from record "
            + first);
    return sealed;
  }

  /** The record in format 4: its personal inputs sealed, everything else as it was. */
  static String sealedRecord(JsonObject record, SealKey key, AuditSeal seal, String decisionId) {
    JsonObject request =
        record.containsKey("request")
                && record.get("request").getValueType() == JsonValue.ValueType.OBJECT
            ? record.getJsonObject("request")
            : JsonValue.EMPTY_JSON_OBJECT;
    JsonObjectBuilder personal = Json.createObjectBuilder();
    personal.add(
        "customerId",
        request.containsKey("customerId") ? request.get("customerId") : JsonValue.NULL);
    personal.add(
        "context",
        request.containsKey("context") ? request.get("context") : JsonValue.EMPTY_JSON_OBJECT);
    personal.add("profile", record.containsKey("profile") ? record.get("profile") : JsonValue.NULL);
    JsonObjectBuilder openRequest = Json.createObjectBuilder();
    request.forEach(
        (k, val) -> {
          if (!k.equals("customerId") && !k.equals("context")) {
            openRequest.add(k, val);
          }
        });
    JsonObjectBuilder out =
        Json.createObjectBuilder()
            .add("format", AuditDocument.FORMAT)
            .add("subject", key.subjectId().toString())
            .add("sealed", seal.seal(key.key(), personal.build().toString(), decisionId))
            .add("resealedFromFormat", record.getInt("format", 0));
    record.forEach(
        (k, val) -> {
          switch (k) {
            case "format", "profile", "subject", "sealed" -> {}
            case "request" -> out.add(k, openRequest);
            default -> out.add(k, val);
          }
        });
    return out.build().toString();
  }

  private static JsonObject parse(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "an audit record is not a JSON object; it is re-hashed as it is", e);
      return null;
    }
  }
}
