package io.parcours.engine.decision;

import io.parcours.db.PostgresSealKeys;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads stored audit records for people allowed to see them: the record as it was written, with its
 * sealed personal part opened under the customer's key ({@code personal}), or marked erased when
 * the key was destroyed ({@code personalErased}: true, {@code personal}: null).
 */
public final class AuditReader {

  private final PostgresSealKeys keys;
  private final Map<UUID, Optional<byte[]>> read = new java.util.HashMap<>();

  /**
   * Reads with keys from {@code keys}; one reader remembers each key it read (use it for one
   * request).
   */
  public AuditReader(PostgresSealKeys keys) {
    this.keys = keys;
  }

  /** The record {@code json} of decision {@code decisionId}, opened. */
  public JsonObject open(String decisionId, String json) {
    JsonObject record;
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      record = reader.readObject();
    }
    if (!record.containsKey("sealed") || !record.containsKey("subject")) {
      return record; // written before personal inputs were sealed: they are in the record itself
    }
    Optional<JsonObject> personal = Optional.empty();
    try {
      personal =
          read.computeIfAbsent(UUID.fromString(record.getString("subject")), keys::key)
              .flatMap(key -> AuditSeal.open(key, record.getString("sealed"), decisionId))
              .map(
                  text -> {
                    try (JsonReader reader = Json.createReader(new StringReader(text))) {
                      return reader.readObject();
                    }
                  });
    } catch (IllegalArgumentException | ClassCastException e) {
      personal = Optional.empty();
    }
    JsonObjectBuilder b = Json.createObjectBuilder();
    for (Map.Entry<String, JsonValue> e : record.entrySet()) {
      b.add(e.getKey(), e.getValue());
    }
    b.add("personal", personal.<JsonValue>map(p -> p).orElse(JsonValue.NULL));
    b.add("personalErased", personal.isEmpty());
    return b.build();
  }
}
