package io.parcours.web.api;

import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.problem.Problem.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Reads a JSON request body into its record in {@link RequestBodies}, checking each field against
 * the {@link Schema} the record declares for it (required, length, range, allowed values, format,
 * number of items), so that the OpenAPI document and the check come from one declaration. Every
 * wrong field is recorded, under its path in the request ({@code files[2].name}), and answered at
 * once; a body may then check what involves more than one field ({@link Checked}).
 */
public final class JsonRecords {

  /**
   * A body's own checks, of what spans more than one member or needs the domain: run on every body
   * read, also when some of its members were wrong (those are null then; {@link Problems#sent}
   * tells a wrong member from one left out), so that its problems are answered with theirs.
   */
  public interface Checked {
    /** Records each problem with {@code problems}, under a field of this body. */
    void check(Problems problems);
  }

  /** Where a body's own checks record what is wrong. */
  public interface Problems {
    void reject(String field, String message);

    /**
     * Whether the body has a value for {@code member}, right or wrong: a member that was sent but
     * did not read is null in the record, yet was not left out.
     */
    boolean sent(String member);
  }

  /**
   * Made once: {@code Json.createReader} looks the JSON provider up through the service loader on
   * every call, which in an EAR scans every library jar.
   */
  static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

  private JsonRecords() {}

  /**
   * The body in {@code text} as a {@code type}.
   *
   * @throws BadRequestBody naming every wrong field, when the text is not such a body
   */
  public static <T extends Record> T read(Class<T> type, String text) {
    return read(type, text, List.of());
  }

  /**
   * The body in {@code text} as a {@code type}, with {@code more} problems found in the rest of the
   * request (a header) answered with those of the body.
   *
   * @throws BadRequestBody naming every wrong field, when the text is not such a body or {@code
   *     more} is not empty
   */
  public static <T extends Record> T read(Class<T> type, String text, List<FieldError> more) {
    List<FieldError> errors = new ArrayList<>(more);
    JsonObject object;
    try {
      object = parse(text);
    } catch (BadRequestBody e) {
      errors.addAll(e.errors());
      throw new BadRequestBody(errors);
    }
    T body = read(type, object, "", errors);
    if (!errors.isEmpty()) {
      throw new BadRequestBody(errors);
    }
    return body;
  }

  /**
   * Parses {@code text} as a JSON object.
   *
   * @throws BadRequestBody when it is empty, not JSON, or not an object, saying where it broke
   */
  private static JsonObject parse(String text) {
    if (text == null || text.isBlank()) {
      throw new BadRequestBody("body", "the request body is empty; send a JSON object");
    }
    try (JsonReader reader = READERS.createReader(new StringReader(text))) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new BadRequestBody(
            "body", "the request body must be a JSON object, not " + kind(value));
      }
      return value.asJsonObject();
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

  /** What kind of JSON value {@code v} is, for messages: "an object", "a string", … */
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

  /** Whether {@code type} has no required member, so that an absent body is no error. */
  public static boolean allOptional(Class<? extends Record> type) {
    return shape(type).fields.stream().noneMatch(f -> f.schema != null && f.schema.required());
  }

  /** The record read from {@code object}, or null after recording what is wrong in it. */
  private static <T extends Record> T read(
      Class<T> type, JsonObject object, String prefix, List<FieldError> errors) {
    Shape shape = shape(type);
    int before = errors.size();
    for (String member : object.keySet()) {
      if (!shape.names.contains(member)) {
        errors.add(
            new FieldError(
                prefix + member, "is not a member of this body; its members are " + shape.names));
      }
    }
    Object[] values = new Object[shape.fields.size()];
    for (int i = 0; i < values.length; i++) {
      Field f = shape.fields.get(i);
      values[i] = f.read(object.get(f.name), prefix, errors);
    }
    boolean wrong = errors.size() > before;
    T body;
    try {
      body = type.cast(shape.constructor.newInstance(values));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException bad) {
        if (wrong) {
          return null;
        }
        errors.add(new FieldError(prefix.isEmpty() ? "body" : strip(prefix), bad.getMessage()));
        return null;
      }
      throw new IllegalStateException("cannot make a " + type.getSimpleName(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make a " + type.getSimpleName(), e);
    }
    if (body instanceof Checked checked) {
      checked.check(
          new Problems() {
            @Override
            public void reject(String field, String message) {
              errors.add(new FieldError(prefix + field, message));
            }

            @Override
            public boolean sent(String member) {
              JsonValue v = object.get(member);
              return v != null && v.getValueType() != JsonValue.ValueType.NULL;
            }
          });
    }
    return wrong || errors.size() > before ? null : body;
  }

  private static String strip(String prefix) {
    return prefix.substring(0, prefix.length() - 1);
  }

  private static Shape shape(Class<?> type) {
    return SHAPES.computeIfAbsent(type, Shape::of);
  }

  /** A record's members in order, with their declared constraints, and its constructor. */
  private record Shape(List<Field> fields, List<String> names, Constructor<?> constructor) {
    static Shape of(Class<?> type) {
      if (!type.isRecord()) {
        throw new IllegalArgumentException(type + " is not a record");
      }
      RecordComponent[] components = type.getRecordComponents();
      List<Field> fields = new ArrayList<>();
      for (RecordComponent c : components) {
        Schema schema;
        try {
          schema = type.getDeclaredField(c.getName()).getAnnotation(Schema.class);
        } catch (NoSuchFieldException e) {
          throw new IllegalStateException(e);
        }
        fields.add(new Field(c.getName(), c.getGenericType(), schema));
      }
      try {
        Constructor<?> constructor =
            type.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        constructor.setAccessible(true);
        return new Shape(
            List.copyOf(fields), fields.stream().map(Field::name).toList(), constructor);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** One member of a body: its name, Java type and declared constraints (may be null). */
  private record Field(String name, Type type, Schema schema) {

    Object read(JsonValue v, String prefix, List<FieldError> errors) {
      String path = prefix + name;
      if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
        if (schema != null && schema.required()) {
          errors.add(new FieldError(path, "is required" + hint()));
        }
        return absent(type);
      }
      return value(type, v, path, errors);
    }

    private String hint() {
      return schema != null && schema.enumeration().length > 0
          ? ": one of " + Arrays.toString(schema.enumeration())
          : "";
    }

    private Object value(Type t, JsonValue v, String path, List<FieldError> errors) {
      Class<?> raw = raw(t);
      if (raw == String.class) {
        return string(v, path, errors);
      }
      if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
        Double d = number(v, path, errors, true);
        if (d == null) {
          return absent(t);
        }
        return raw == Integer.class || raw == int.class ? (Object) d.intValue() : d.longValue();
      }
      if (raw == Double.class || raw == double.class) {
        Double d = number(v, path, errors, false);
        return d == null ? absent(t) : d;
      }
      if (raw == Boolean.class || raw == boolean.class) {
        if (v.getValueType() == JsonValue.ValueType.TRUE) {
          return true;
        }
        if (v.getValueType() == JsonValue.ValueType.FALSE) {
          return false;
        }
        errors.add(new FieldError(path, "must be true or false, not " + kind(v)));
        return absent(t);
      }
      if (raw == JsonValue.class) {
        return v;
      }
      if (raw == JsonObject.class) {
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
          errors.add(new FieldError(path, "must be an object, not " + kind(v)));
          return null;
        }
        return v.asJsonObject();
      }
      if (raw == Map.class) {
        return scalars(v, path, errors);
      }
      if (raw == List.class) {
        return list(((ParameterizedType) t).getActualTypeArguments()[0], v, path, errors);
      }
      if (raw.isRecord()) {
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
          errors.add(new FieldError(path, "must be an object, not " + kind(v)));
          return null;
        }
        return JsonRecords.read(raw.asSubclass(Record.class), v.asJsonObject(), path + ".", errors);
      }
      throw new IllegalStateException("a body member cannot be a " + t);
    }

    private String string(JsonValue v, String path, List<FieldError> errors) {
      if (v.getValueType() != JsonValue.ValueType.STRING) {
        errors.add(new FieldError(path, "must be a string, not " + kind(v)));
        return null;
      }
      String s = ((JsonString) v).getString();
      if (schema == null) {
        return s;
      }
      List<String> allowed = List.of(schema.enumeration());
      if (!allowed.isEmpty() && !allowed.contains(s)) {
        errors.add(new FieldError(path, "must be one of " + allowed + ", was '" + s + "'"));
        return null;
      }
      if (schema.required() && s.isBlank()) {
        errors.add(new FieldError(path, "must not be blank"));
        return null;
      }
      if (schema.minLength() > 0 && s.length() < schema.minLength()) {
        errors.add(new FieldError(path, "must be at least " + schema.minLength() + " characters"));
        return null;
      }
      if (schema.maxLength() < Integer.MAX_VALUE && s.length() > schema.maxLength()) {
        errors.add(new FieldError(path, "must be at most " + schema.maxLength() + " characters"));
        return null;
      }
      String wrong =
          switch (schema.format()) {
            case "date-time" ->
                instant(s) ? null : "must be an instant such as 2026-12-01T08:30:00Z";
            case "uuid" -> uuid(s) ? null : "must be a UUID";
            default -> null;
          };
      if (wrong != null) {
        errors.add(new FieldError(path, wrong + ", was '" + s + "'"));
        return null;
      }
      return s;
    }

    private Double number(JsonValue v, String path, List<FieldError> errors, boolean whole) {
      String range = range();
      if (v.getValueType() != JsonValue.ValueType.NUMBER
          || (whole && !((JsonNumber) v).isIntegral())) {
        errors.add(
            new FieldError(
                path,
                "must be a " + (whole ? "whole number" : "number") + range + ", not " + kind(v)));
        return null;
      }
      double d = ((JsonNumber) v).doubleValue();
      if (schema != null) {
        boolean low =
            !schema.minimum().isEmpty()
                && (schema.exclusiveMinimum()
                    ? d <= Double.parseDouble(schema.minimum())
                    : d < Double.parseDouble(schema.minimum()));
        boolean high =
            !schema.maximum().isEmpty()
                && (schema.exclusiveMaximum()
                    ? d >= Double.parseDouble(schema.maximum())
                    : d > Double.parseDouble(schema.maximum()));
        if (low || high || Double.isNaN(d) || Double.isInfinite(d)) {
          errors.add(new FieldError(path, "must be" + range + ", was " + v));
          return null;
        }
      }
      return d;
    }

    /** The declared range in words, " above 0 and at most 0.5", or "" when none is declared. */
    private String range() {
      if (schema == null) {
        return "";
      }
      List<String> parts = new ArrayList<>();
      if (!schema.minimum().isEmpty()) {
        parts.add((schema.exclusiveMinimum() ? "above " : "at least ") + schema.minimum());
      }
      if (!schema.maximum().isEmpty()) {
        parts.add((schema.exclusiveMaximum() ? "below " : "at most ") + schema.maximum());
      }
      return parts.isEmpty() ? "" : " " + String.join(" and ", parts);
    }

    /** An object of names to strings, numbers (as Double) and booleans. */
    private Map<String, Object> scalars(JsonValue v, String path, List<FieldError> errors) {
      if (v.getValueType() != JsonValue.ValueType.OBJECT) {
        errors.add(new FieldError(path, "must be an object of names to values, not " + kind(v)));
        return null;
      }
      JsonObject o = v.asJsonObject();
      if (schema != null && schema.maxProperties() > 0 && o.size() > schema.maxProperties()) {
        errors.add(
            new FieldError(path, "must have at most " + schema.maxProperties() + " entries"));
        return null;
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
                      path + "." + e.getKey(),
                      "must be a string, number or boolean, not " + kind(value)));
        }
      }
      return values;
    }

    private List<Object> list(Type item, JsonValue v, String path, List<FieldError> errors) {
      if (v.getValueType() != JsonValue.ValueType.ARRAY) {
        errors.add(new FieldError(path, "must be an array, not " + kind(v)));
        return null;
      }
      var array = v.asJsonArray();
      if (schema != null
          && schema.minItems() != Integer.MAX_VALUE
          && array.size() < schema.minItems()) {
        errors.add(
            new FieldError(
                path,
                schema.minItems() == 1
                    ? "must not be empty"
                    : "must have at least " + schema.minItems() + " items"));
        return null;
      }
      if (schema != null
          && schema.maxItems() != Integer.MIN_VALUE
          && array.size() > schema.maxItems()) {
        errors.add(new FieldError(path, "must have at most " + schema.maxItems() + " items"));
        return null;
      }
      List<Object> items = new ArrayList<>(array.size());
      Field each = new Field(name, item, null);
      for (int i = 0; i < array.size(); i++) {
        JsonValue element = array.get(i);
        String at = path + "[" + i + "]";
        if (element.getValueType() == JsonValue.ValueType.NULL) {
          errors.add(new FieldError(at, "must not be null"));
          continue;
        }
        items.add(each.value(item, element, at, errors));
      }
      return items;
    }

    private static Object absent(Type t) {
      if (t == int.class) {
        return 0;
      }
      if (t == long.class) {
        return 0L;
      }
      if (t == double.class) {
        return 0.0;
      }
      if (t == boolean.class) {
        return false;
      }
      return null;
    }

    private static Class<?> raw(Type t) {
      return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    }

    private static boolean instant(String s) {
      try {
        Instant.parse(s);
        return true;
      } catch (DateTimeParseException e) {
        return false;
      }
    }

    private static boolean uuid(String s) {
      try {
        UUID.fromString(s);
        return s.length() == 36;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }
}
