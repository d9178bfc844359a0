package io.parcours.web.api;

import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.problem.Problem.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A JSON request body read field by field: each accessor records what is wrong with its field
 * instead of failing at the first, and {@link #check()} then answers every problem at once.
 */
final class JsonBody {

  /**
   * Made once: {@code Json.createReader} looks the JSON provider up through the service loader on
   * every call, which in an EAR scans every library jar.
   */
  static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private final JsonObject object;
  private final List<FieldError> errors;
  private final String prefix;

  private JsonBody(JsonObject object) {
    this(object, new ArrayList<>(), "");
  }

  private JsonBody(JsonObject object, List<FieldError> errors, String prefix) {
    this.object = object;
    this.errors = errors;
    this.prefix = prefix;
  }

  /**
   * Parses {@code text} as a JSON object.
   *
   * @throws BadRequestBody when it is empty, not JSON, or not an object, saying where it broke
   */
  static JsonBody parse(String text) {
    if (text == null || text.isBlank()) {
      throw new BadRequestBody("body", "the request body is empty; send a JSON object");
    }
    try (JsonReader reader = READERS.createReader(new StringReader(text))) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new BadRequestBody(
            "body", "the request body must be a JSON object, not " + kind(value));
      }
      return new JsonBody(value.asJsonObject());
    } catch (JsonParsingException e) {
      var at = e.getLocation();
      throw new BadRequestBody(
          "body",
          "the request body is not valid JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ")"));
    } catch (JsonException e) {
      throw new BadRequestBody("body", "the request body is not valid JSON");
    }
  }

  /** The object read. */
  JsonObject object() {
    return object;
  }

  /** The raw value of {@code field}, or null when absent: for a field of more than one type. */
  JsonValue value(String field) {
    return object.get(field);
  }

  /** Rejects every member not among {@code known}, naming those that are. */
  void onlyFields(java.util.Collection<String> known) {
    for (String k : object.keySet()) {
      if (!known.contains(k)) {
        reject(k, "is not a field of this request; its fields are " + known);
      }
    }
  }

  /**
   * A required, non-blank string of at most {@code maxLength} characters, or null after an error.
   */
  String requiredString(String field, int maxLength) {
    JsonValue v = object.get(field);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      errors.add(new FieldError(prefix + field, "is required"));
      return null;
    }
    if (v.getValueType() != JsonValue.ValueType.STRING) {
      errors.add(new FieldError(prefix + field, "must be a string, not " + kind(v)));
      return null;
    }
    String s = ((JsonString) v).getString();
    if (s.isBlank()) {
      errors.add(new FieldError(prefix + field, "must not be blank"));
      return null;
    }
    if (s.length() > maxLength) {
      errors.add(new FieldError(prefix + field, "must be at most " + maxLength + " characters"));
      return null;
    }
    return s;
  }

  /** An optional string, or {@code fallback} when absent. */
  String optionalString(String field, String fallback, int maxLength) {
    JsonValue v = object.get(field);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return fallback;
    }
    return requiredString(field, maxLength);
  }

  /**
   * A required code parsed by {@code parser}, whose IllegalArgumentException message is the error.
   */
  <T> T requiredCode(String field, Function<String, T> parser) {
    String s = requiredString(field, 64);
    return s == null ? null : code(field, s, parser);
  }

  /** An optional code, or {@code fallback} when absent. */
  <T> T optionalCode(String field, T fallback, Function<String, T> parser) {
    JsonValue v = object.get(field);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return fallback;
    }
    String s = requiredString(field, 64);
    return s == null ? null : code(field, s, parser);
  }

  private <T> T code(String field, String s, Function<String, T> parser) {
    try {
      return parser.apply(s);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(prefix + field, e.getMessage()));
      return null;
    }
  }

  /** An optional integer in [min, max], or {@code fallback} when absent. */
  int optionalInt(String field, int fallback, int min, int max) {
    JsonValue v = object.get(field);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return fallback;
    }
    if (v.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) v).isIntegral()) {
      errors.add(
          new FieldError(prefix + field, "must be a whole number between " + min + " and " + max));
      return fallback;
    }
    JsonNumber n = (JsonNumber) v;
    long value = n.longValue();
    if (value < min || value > max) {
      errors.add(
          new FieldError(prefix + field, "must be between " + min + " and " + max + ", was " + n));
      return fallback;
    }
    return (int) value;
  }

  /** An optional number in [min, max], or {@code fallback} when absent. */
  double optionalDecimal(String field, double fallback, double min, double max) {
    JsonValue v = object.get(field);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return fallback;
    }
    if (v.getValueType() != JsonValue.ValueType.NUMBER) {
      errors.add(
          new FieldError(
              prefix + field,
              "must be a number between " + min + " and " + max + ", not " + kind(v)));
      return fallback;
    }
    double value = ((JsonNumber) v).doubleValue();
    if (!(value >= min && value <= max)) {
      errors.add(
          new FieldError(prefix + field, "must be between " + min + " and " + max + ", was " + v));
      return fallback;
    }
    return value;
  }

  /**
   * A number in the interval (min, max] when {@code minExclusive}, else [min, max]; {@code
   * fallback} when absent and not required.
   */
  double number(
      String field,
      boolean required,
      double fallback,
      double min,
      boolean minExclusive,
      double max) {
    JsonValue v = object.get(field);
    String range = (minExclusive ? "above " + min : "at least " + min) + " and at most " + max;
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      if (required) {
        errors.add(new FieldError(prefix + field, "is required: a number " + range));
      }
      return fallback;
    }
    if (v.getValueType() != JsonValue.ValueType.NUMBER) {
      errors.add(new FieldError(prefix + field, "must be a number " + range + ", not " + kind(v)));
      return fallback;
    }
    double d = ((JsonNumber) v).doubleValue();
    if (!(minExclusive ? d > min : d >= min) || !(d <= max)) {
      errors.add(new FieldError(prefix + field, "must be " + range + ", was " + v));
      return fallback;
    }
    return d;
  }

  /**
   * The object at {@code field} with at most {@code maxEntries} entries; null when absent or after
   * an error.
   */
  private JsonObject optionalObject(String field, int maxEntries) {
    JsonValue v = object.get(field);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (v.getValueType() != JsonValue.ValueType.OBJECT) {
      errors.add(
          new FieldError(prefix + field, "must be an object of names to values, not " + kind(v)));
      return null;
    }
    JsonObject o = v.asJsonObject();
    if (o.size() > maxEntries) {
      errors.add(new FieldError(prefix + field, "must have at most " + maxEntries + " entries"));
      return null;
    }
    return o;
  }

  /**
   * An optional object of scalar values, read as strings (numbers and booleans in their JSON form),
   * or an empty map when absent.
   */
  Map<String, String> optionalScalars(String field, int maxEntries) {
    JsonObject o = optionalObject(field, maxEntries);
    if (o == null) {
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (var e : o.entrySet()) {
      JsonValue value = e.getValue();
      switch (value.getValueType()) {
        case STRING -> values.put(e.getKey(), ((JsonString) value).getString());
        case NUMBER, TRUE, FALSE -> values.put(e.getKey(), value.toString());
        default ->
            errors.add(
                new FieldError(
                    prefix + field + "." + e.getKey(),
                    "must be a string, number or boolean, not " + kind(value)));
      }
    }
    return values;
  }

  /**
   * An optional object of scalar values with their JSON types kept: strings, numbers (as {@link
   * Double}) and booleans; an empty map when absent.
   */
  Map<String, Object> optionalTypedScalars(String field, int maxEntries) {
    JsonObject o = optionalObject(field, maxEntries);
    if (o == null) {
      return Map.of();
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (var e : o.entrySet()) {
      JsonValue value = e.getValue();
      switch (value.getValueType()) {
        case STRING -> values.put(e.getKey(), ((JsonString) value).getString());
        case NUMBER -> values.put(e.getKey(), ((JsonNumber) value).doubleValue());
        case TRUE -> values.put(e.getKey(), Boolean.TRUE);
        case FALSE -> values.put(e.getKey(), Boolean.FALSE);
        default ->
            errors.add(
                new FieldError(
                    prefix + field + "." + e.getKey(),
                    "must be a string, number or boolean, not " + kind(value)));
      }
    }
    return values;
  }

  /**
   * An optional identity {@code {"type": "device", "value": "…"}}, or null when absent or after an
   * error.
   */
  io.parcours.domain.Identity optionalIdentity(String field) {
    JsonValue v = object.get(field);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (v.getValueType() != JsonValue.ValueType.OBJECT) {
      errors.add(
          new FieldError(
              prefix + field, "must be an object {\"type\": …, \"value\": …}, not " + kind(v)));
      return null;
    }
    return new JsonBody(v.asJsonObject(), errors, prefix + field + ".").identity();
  }

  /**
   * The identity this body is, {@code {"type": …, "value": …}} at its own level; null after
   * recording what is wrong.
   */
  io.parcours.domain.Identity identity() {
    String type = requiredString("type", 40);
    String value = requiredString("value", io.parcours.domain.Identity.MAX_VALUE);
    if (type == null || value == null) {
      return null;
    }
    io.parcours.domain.IdentityType t;
    try {
      t = io.parcours.domain.IdentityType.fromCode(type);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(prefix + "type", e.getMessage()));
      return null;
    }
    try {
      return new io.parcours.domain.Identity(t, value);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(prefix + "value", e.getMessage()));
      return null;
    }
  }

  /** A required instant such as 2026-12-01T08:30:00Z, or null after an error. */
  java.time.Instant requiredInstant(String field) {
    String s = requiredString(field, 64);
    if (s == null) {
      return null;
    }
    try {
      return java.time.Instant.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      errors.add(
          new FieldError(
              prefix + field, "must be an instant such as 2026-12-01T08:30:00Z, was '" + s + "'"));
      return null;
    }
  }

  /** A required, non-empty array of at most {@code maxItems} items, or null after an error. */
  JsonArray requiredArray(String field, int maxItems) {
    JsonArray a = requiredArrayMayBeEmpty(field, maxItems);
    if (a != null && a.isEmpty()) {
      errors.add(new FieldError(prefix + field, "must not be empty"));
      return null;
    }
    return a;
  }

  /** The array at {@code field}, which may be empty; null after an error. */
  JsonArray requiredArrayMayBeEmpty(String field, int maxItems) {
    JsonValue v = object.get(field);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      errors.add(new FieldError(prefix + field, "is required"));
      return null;
    }
    if (v.getValueType() != JsonValue.ValueType.ARRAY) {
      errors.add(new FieldError(prefix + field, "must be an array, not " + kind(v)));
      return null;
    }
    JsonArray a = v.asJsonArray();
    if (a.size() > maxItems) {
      errors.add(new FieldError(prefix + field, "must have at most " + maxItems + " items"));
      return null;
    }
    return a;
  }

  /** The array at {@code field}, which may be empty; null when absent or after an error. */
  JsonArray optionalArray(String field, int maxItems) {
    return has(field) ? requiredArrayMayBeEmpty(field, maxItems) : null;
  }

  /**
   * Item {@code index} of {@code array} (the array at {@code field}) as a body of its own, whose
   * errors are reported under {@code field[index].name}; null after an error.
   */
  JsonBody item(String field, JsonArray array, int index) {
    JsonValue v = array.get(index);
    if (v.getValueType() != JsonValue.ValueType.OBJECT) {
      errors.add(
          new FieldError(prefix + field + "[" + index + "]", "must be an object, not " + kind(v)));
      return null;
    }
    return new JsonBody(v.asJsonObject(), errors, prefix + field + "[" + index + "].");
  }

  /**
   * The object at {@code field} as a body of its own, whose errors are reported under {@code
   * field.name}; null when absent or after an error.
   */
  JsonBody optionalBody(String field) {
    JsonValue v = object.get(field);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (v.getValueType() != JsonValue.ValueType.OBJECT) {
      errors.add(new FieldError(prefix + field, "must be an object, not " + kind(v)));
      return null;
    }
    return new JsonBody(v.asJsonObject(), errors, prefix + field + ".");
  }

  /** Records every member of the body that is not one of {@code known}: a typo is never ignored. */
  void onlyKeys(List<String> known) {
    for (String k : object.keySet()) {
      if (!known.contains(k)) {
        errors.add(
            new FieldError(prefix + k, "is not a member of this body; its members are " + known));
      }
    }
  }

  /** What kind of JSON value {@code v} is, for messages: "an object", "a string", … */
  static String kindOf(JsonValue v) {
    return kind(v);
  }

  /** Whether the body has a non-null value at {@code field}. */
  boolean has(String field) {
    JsonValue v = object.get(field);
    return v != null && v.getValueType() != JsonValue.ValueType.NULL;
  }

  /** Records an error found by the caller. */
  void reject(String field, String message) {
    errors.add(new FieldError(prefix + field, message));
  }

  /** Whether an error was recorded, here or in any body read from this one. */
  boolean hasErrors() {
    return !errors.isEmpty();
  }

  /**
   * Fails with every recorded error.
   *
   * @throws BadRequestBody when any field was wrong
   */
  void check() {
    if (!errors.isEmpty()) {
      throw new BadRequestBody(errors);
    }
  }

  private static String kind(JsonValue v) {
    return switch (v.getValueType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case TRUE, FALSE -> "a boolean";
      case NULL -> "null";
    };
  }
}
