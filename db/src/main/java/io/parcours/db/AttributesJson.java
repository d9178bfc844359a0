package io.parcours.db;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** A profile's custom attributes as the JSON object of the {@code customers.attributes} column. */
final class AttributesJson {

  private AttributesJson() {}

  /** The attributes (strings, numbers, booleans) as a JSON object, keys in order. */
  static String write(Map<String, Object> attributes) {
    if (attributes.isEmpty()) {
      return "{}";
    }
    JsonObjectBuilder b = Json.createObjectBuilder();
    new TreeMap<>(attributes)
        .forEach(
            (k, v) -> {
              if (v instanceof Boolean x) {
                b.add(k, x);
              } else if (v instanceof Double x) {
                b.add(k, x);
              } else {
                b.add(k, v.toString());
              }
            });
    return b.build().toString();
  }

  /** The attributes of a stored JSON object; numbers as {@link Double}. */
  static Map<String, Object> read(String json) {
    if (json == null || json.equals("{}")) {
      return Map.of();
    }
    Map<String, Object> attributes = new HashMap<>();
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      JsonObject o = reader.readObject();
      for (Map.Entry<String, JsonValue> e : o.entrySet()) {
        JsonValue v = e.getValue();
        switch (v.getValueType()) {
          case TRUE -> attributes.put(e.getKey(), Boolean.TRUE);
          case FALSE -> attributes.put(e.getKey(), Boolean.FALSE);
          case NUMBER -> attributes.put(e.getKey(), ((JsonNumber) v).doubleValue());
          case STRING -> attributes.put(e.getKey(), ((JsonString) v).getString());
          default -> {} // not written by Parcours: nulls, arrays and objects are not attributes
        }
      }
    }
    return attributes;
  }
}
