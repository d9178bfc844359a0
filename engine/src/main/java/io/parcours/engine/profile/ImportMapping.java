package io.parcours.engine.profile;

import io.parcours.domain.Activity;
import io.parcours.domain.CustomerAttribute;
import io.parcours.domain.CustomerProfile;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the columns of a CSV file become customer profiles: which column holds the customer number,
 * which columns (or defaults) give the profile's fields, which columns say which products the
 * customer holds, and which columns give which declared custom attributes, with their conversions.
 *
 * <p>The customer number may take a prefix ({@code "customerId": {"column": "customerID", "prefix":
 * "telco-"}}), so that the numbers of another system cannot collide with those Parcours has.
 *
 * <p>The format is described in {@code docs/profile.md} ("Bulk import"). A cell is trimmed; a blank
 * cell takes the default, if any. A {@code "values"} table converts a cell's text ({@code "1":
 * true}); without one a cell is read as its target's kind: text, a whole number, a number, or a
 * yes/no ({@code yes}, {@code no}, {@code true}, {@code false}, {@code 1}, {@code 0}, in any case).
 */
public final class ImportMapping {

  /**
   * The mappings shipped with Parcours, under this class-path folder, one {@code <name>.json} each.
   */
  public static final String FOLDER = "io/parcours/engine/profile/imports/";

  /** The names of the mappings shipped with Parcours. */
  public static final List<String> BUNDLED = List.of("telco");

  /** The kinds of values of the profile's fields. */
  private enum FieldKind {
    TEXT,
    WHOLE,
    NUMBER,
    BOOLEAN
  }

  /** The profile fields a mapping gives, with their kinds; each needs a column or a default. */
  private static final Map<String, FieldKind> FIELDS = fields();

  private static Map<String, FieldKind> fields() {
    Map<String, FieldKind> f = new LinkedHashMap<>();
    f.put("name", FieldKind.TEXT);
    f.put("age", FieldKind.WHOLE);
    f.put("region", FieldKind.TEXT);
    f.put("segment", FieldKind.TEXT);
    f.put("tenureMonths", FieldKind.WHOLE);
    f.put("balance", FieldKind.NUMBER);
    f.put("monthlyIncome", FieldKind.NUMBER);
    f.put("churnRisk", FieldKind.NUMBER);
    f.put("timeZone", FieldKind.TEXT);
    return f;
  }

  private static final List<String> ROOT_KEYS =
      List.of("description", "customerId", "fields", "products", "attributes");
  private static final List<String> SOURCE_KEYS =
      List.of("column", "default", "values", "required");

  /**
   * Where one value comes from: a column (converted through {@code values}, if given) or a default.
   */
  private record Source(
      String target,
      FieldKind kind,
      CustomerAttribute attribute,
      String column,
      Map<String, Object> values,
      Object fallback,
      boolean required) {}

  /** A product the customer holds when a column's value is one of {@code when}. */
  private record ProductRule(String column, Set<String> when, String product) {}

  private final String name;
  private final String description;
  private final String json;
  private final String idColumn;
  private final String idPrefix;
  private final List<Source> fields;
  private final List<ProductRule> products;
  private final List<Source> attributes;

  private ImportMapping(
      String name,
      String description,
      String idColumn,
      String idPrefix,
      List<Source> fields,
      List<ProductRule> products,
      List<Source> attributes,
      String json) {
    this.json = json;
    this.name = name;
    this.description = description;
    this.idColumn = idColumn;
    this.idPrefix = idPrefix;
    this.fields = List.copyOf(fields);
    this.products = List.copyOf(products);
    this.attributes = List.copyOf(attributes);
  }

  /** The mapping shipped with Parcours under {@code name}, if there is one. */
  public static Optional<ImportMapping> bundled(String name, CustomerAttributes declared) {
    if (!BUNDLED.contains(name)) {
      return Optional.empty();
    }
    try (InputStream in =
        ImportMapping.class.getClassLoader().getResourceAsStream(FOLDER + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException(FOLDER + name + ".json is missing from the class path");
      }
      return Optional.of(read(name, in, declared));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the mapping " + name, e);
    }
  }

  /**
   * Reads a mapping.
   *
   * @throws IllegalArgumentException saying what is wrong and where ({@code fields.age: ...})
   */
  public static ImportMapping read(String name, InputStream json, CustomerAttributes declared) {
    try {
      return read(
          name, new String(json.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), declared);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the mapping " + name, e);
    }
  }

  /**
   * Reads a mapping from its JSON text.
   *
   * @throws IllegalArgumentException saying what is wrong and where ({@code fields.age: ...})
   */
  public static ImportMapping read(String name, String json, CustomerAttributes declared) {
    JsonObject root;
    try (JsonReader reader = Json.createReader(new java.io.StringReader(json))) {
      root = reader.readObject();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "mapping " + name + " is not a JSON object: " + e.getMessage(), e);
    }
    try {
      for (String key : root.keySet()) {
        if (!ROOT_KEYS.contains(key)) {
          throw new IllegalArgumentException(
              "unknown key '" + key + "'; a mapping has " + ROOT_KEYS);
        }
      }
      String idColumn;
      String idPrefix = "";
      if (root.get("customerId") instanceof JsonString id && !id.getString().isBlank()) {
        idColumn = id.getString();
      } else if (root.get("customerId") instanceof JsonObject id
          && id.get("column") instanceof JsonString c
          && !c.getString().isBlank()) {
        for (String key : id.keySet()) {
          if (!List.of("column", "prefix").contains(key)) {
            throw new IllegalArgumentException(
                "customerId: unknown key '" + key + "'; it has a column and a prefix");
          }
        }
        idColumn = c.getString();
        idPrefix = id.getString("prefix", "");
      } else {
        throw new IllegalArgumentException(
            "customerId: the column holding the customer number is required");
      }
      JsonObject fieldsJson =
          root.containsKey("fields") ? root.getJsonObject("fields") : JsonValue.EMPTY_JSON_OBJECT;
      List<Source> fields = new ArrayList<>();
      for (String f : fieldsJson.keySet()) {
        if (!FIELDS.containsKey(f)) {
          throw new IllegalArgumentException(
              "fields."
                  + f
                  + ": not a profile field an import sets; those are "
                  + FIELDS.keySet()
                  + " (products and attributes have their own sections; consents are never imported)");
        }
      }
      for (Map.Entry<String, FieldKind> f : FIELDS.entrySet()) {
        JsonValue v = fieldsJson.get(f.getKey());
        if (v == null) {
          throw new IllegalArgumentException(
              "fields." + f.getKey() + ": a new profile needs it; give a column or a default");
        }
        Source s = source("fields." + f.getKey(), f.getKey(), f.getValue(), null, v.asJsonObject());
        if (s.column() == null && s.fallback() == null) {
          throw new IllegalArgumentException(
              "fields." + f.getKey() + ": give a column or a default");
        }
        fields.add(s);
      }
      List<ProductRule> products = new ArrayList<>();
      if (root.containsKey("products")) {
        int i = 0;
        for (JsonValue v : root.getJsonArray("products")) {
          JsonObject o = v.asJsonObject();
          String at = "products[" + i++ + "]";
          if (!(o.get("column") instanceof JsonString c)
              || !(o.get("product") instanceof JsonString p)
              || !o.containsKey("when")) {
            throw new IllegalArgumentException(
                at
                    + ": a product rule has a column, the values that mean the"
                    + " customer holds it (when) and the product code");
          }
          if (p.getString().isBlank() || p.getString().contains(",")) {
            throw new IllegalArgumentException(
                at + ": a product code is not blank and has no comma");
          }
          Set<String> when = new LinkedHashSet<>();
          for (JsonString w : o.getJsonArray("when").getValuesAs(JsonString.class)) {
            when.add(w.getString().trim());
          }
          products.add(new ProductRule(c.getString(), when, p.getString()));
        }
      }
      List<Source> attributes = new ArrayList<>();
      JsonObject attributesJson =
          root.containsKey("attributes")
              ? root.getJsonObject("attributes")
              : JsonValue.EMPTY_JSON_OBJECT;
      for (Map.Entry<String, JsonValue> a : attributesJson.entrySet()) {
        CustomerAttribute declaration =
            declared
                .find(a.getKey())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "attributes."
                                + a.getKey()
                                + ": not a declared customer attribute; those are "
                                + declared.all().stream().map(CustomerAttribute::name).toList()));
        FieldKind kind =
            switch (declaration.kind()) {
              case STRING -> FieldKind.TEXT;
              case NUMBER -> FieldKind.NUMBER;
              case BOOLEAN -> FieldKind.BOOLEAN;
            };
        attributes.add(
            source(
                "attributes." + a.getKey(),
                a.getKey(),
                kind,
                declaration,
                a.getValue().asJsonObject()));
      }
      return new ImportMapping(
          name,
          root.getString("description", ""),
          idColumn,
          idPrefix,
          fields,
          products,
          attributes,
          json);
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException(
          "mapping " + name + ": a value has the wrong JSON type (" + e.getMessage() + ")", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mapping " + name + ": " + e.getMessage(), e);
    }
  }

  private static Source source(
      String at, String target, FieldKind kind, CustomerAttribute attribute, JsonObject o) {
    for (String key : o.keySet()) {
      if (!SOURCE_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            at + ": unknown key '" + key + "'; a value has " + SOURCE_KEYS);
      }
    }
    String column = o.containsKey("column") ? o.getString("column") : null;
    Map<String, Object> values = new HashMap<>();
    if (o.containsKey("values")) {
      for (Map.Entry<String, JsonValue> e : o.getJsonObject("values").entrySet()) {
        values.put(
            e.getKey().trim(),
            checked(at + ".values." + e.getKey(), target, kind, attribute, json(e.getValue())));
      }
    }
    Object fallback =
        o.containsKey("default")
            ? checked(at + ".default", target, kind, attribute, json(o.get("default")))
            : null;
    boolean required = o.getBoolean("required", false);
    if (attribute == null && o.containsKey("required")) {
      throw new IllegalArgumentException(
          at + ": a profile field is always required; 'required' is for attributes");
    }
    if (column == null && !values.isEmpty()) {
      throw new IllegalArgumentException(at + ": values convert a column's text; give the column");
    }
    return new Source(target, kind, attribute, column, Map.copyOf(values), fallback, required);
  }

  private static Object json(JsonValue v) {
    return switch (v.getValueType()) {
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case NUMBER -> ((JsonNumber) v).doubleValue();
      case STRING -> ((JsonString) v).getString();
      default ->
          throw new IllegalArgumentException("a value must be a string, a number or a boolean");
    };
  }

  /** {@code value} as the target's kind, checked; a JSON value of the wrong kind is refused. */
  private static Object checked(
      String at, String target, FieldKind kind, CustomerAttribute attribute, Object value) {
    Object v =
        switch (kind) {
          case TEXT -> value instanceof String ? value : null;
          case WHOLE ->
              value instanceof Double d && d == Math.rint(d)
                  ? (Object) (int) d.doubleValue()
                  : null;
          case NUMBER -> value instanceof Double ? value : null;
          case BOOLEAN -> value instanceof Boolean ? value : null;
        };
    if (v == null) {
      throw new IllegalArgumentException(at + ": must be " + kindName(kind) + ", was " + value);
    }
    String wrong = problem(target, attribute, v);
    if (wrong != null) {
      throw new IllegalArgumentException(at + ": " + wrong);
    }
    return v;
  }

  private static String kindName(FieldKind kind) {
    return switch (kind) {
      case TEXT -> "a string";
      case WHOLE -> "a whole number";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
    };
  }

  /** What is wrong with a converted value for its target, or null. */
  private static String problem(String target, CustomerAttribute attribute, Object v) {
    if (attribute != null) {
      return attribute.check(v);
    }
    return switch (target) {
      case "age" -> (int) v < 0 || (int) v > 130 ? "must be between 0 and 130, was " + v : null;
      case "tenureMonths" ->
          (int) v < 0 || (int) v > 1200 ? "must be between 0 and 1200, was " + v : null;
      case "churnRisk" ->
          (double) v < 0 || (double) v > 1 ? "must be between 0 and 1, was " + v : null;
      case "balance" ->
          Math.abs((double) v) >= 1e12 || Double.isNaN((double) v) ? "is out of range: " + v : null;
      case "monthlyIncome" ->
          Math.abs((double) v) >= 1e10 || Double.isNaN((double) v) ? "is out of range: " + v : null;
      case "timeZone" -> zone((String) v);
      default -> ((String) v).length() > 200 ? "is longer than 200 characters" : null;
    };
  }

  private static String zone(String id) {
    try {
      ZoneId.of(id);
      return null;
    } catch (DateTimeException e) {
      return "'" + id + "' is not a time zone (use an IANA name such as Europe/Paris)";
    }
  }

  /** The mapping's name. */
  public String name() {
    return name;
  }

  /** The JSON text the mapping was read from. */
  public String json() {
    return json;
  }

  /** What the mapping is for. */
  public String description() {
    return description;
  }

  /** Every column the mapping reads, the customer number's first. */
  public Set<String> columns() {
    Set<String> columns = new LinkedHashSet<>();
    columns.add(idColumn);
    fields.stream().filter(s -> s.column() != null).forEach(s -> columns.add(s.column()));
    products.forEach(p -> columns.add(p.column()));
    attributes.stream().filter(s -> s.column() != null).forEach(s -> columns.add(s.column()));
    return columns;
  }

  /**
   * The profile fields an import with this mapping sets on an existing profile: those read from a
   * column (a default only fills a new profile), and the products when the mapping has product
   * rules.
   */
  public Set<String> updatedFields() {
    Set<String> updated = new LinkedHashSet<>();
    fields.stream().filter(s -> s.column() != null).forEach(s -> updated.add(s.target()));
    if (!products.isEmpty()) {
      updated.add("products");
    }
    return updated;
  }

  /**
   * This mapping applied to a file with {@code header}.
   *
   * @throws IllegalArgumentException naming the columns the header lacks, or a column it has twice
   */
  public Reader reader(String[] header) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      String column = header[i].trim();
      if (index.put(column, i) != null && columns().contains(column)) {
        throw new IllegalArgumentException("the header has the column '" + column + "' twice");
      }
    }
    List<String> missing = columns().stream().filter(c -> !index.containsKey(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "the header lacks the column(s) "
              + missing
              + " that the mapping "
              + name
              + " reads; it has "
              + List.of(header));
    }
    return new Reader(index, header.length);
  }

  /** One row converted: the profile, or what is wrong with the row. */
  public record Row(String customerId, CustomerProfile profile, String problem) {}

  /** Converts the rows of one file, whose header it knows. */
  public final class Reader {
    private final Map<String, Integer> index;
    private final int width;

    private Reader(Map<String, Integer> index, int width) {
      this.index = index;
      this.width = width;
    }

    /**
     * The profile a row gives, made at {@code now}, or every problem of the row, each naming its
     * column.
     */
    public Row read(String[] cells, Instant now) {
      if (cells.length != width) {
        return new Row(null, null, "has " + cells.length + " field(s); the header has " + width);
      }
      // Problems by column position, so that they read in the order of the file.
      TreeMap<Integer, String> problems = new TreeMap<>();
      String number = cells[index.get(idColumn)].trim();
      String id = number.isEmpty() ? "" : idPrefix + number;
      if (id.isEmpty()) {
        problems.put(index.get(idColumn), idColumn + ": the customer number is blank");
      } else if (id.length() > 128) {
        problems.put(
            index.get(idColumn), idColumn + ": the customer number is longer than 128 characters");
      }
      Map<String, Object> values = new HashMap<>();
      for (Source s : fields) {
        Object v = value(s, cells, problems);
        if (v != null) {
          values.put(s.target(), v);
        }
      }
      Set<String> held = new LinkedHashSet<>();
      for (ProductRule p : products) {
        if (p.when().contains(cells[index.get(p.column())].trim())) {
          held.add(p.product());
        }
      }
      Map<String, Object> attributes = new TreeMap<>();
      for (Source s : attributes()) {
        Object v = value(s, cells, problems);
        if (v != null) {
          attributes.put(s.target(), v);
        }
      }
      if (!problems.isEmpty()) {
        return new Row(id.isEmpty() ? null : id, null, String.join("; ", problems.values()));
      }
      return new Row(
          id,
          new CustomerProfile(
              id,
              (String) values.get("name"),
              (int) values.get("age"),
              (String) values.get("region"),
              (String) values.get("segment"),
              (int) values.get("tenureMonths"),
              held,
              (double) values.get("balance"),
              (double) values.get("monthlyIncome"),
              (double) values.get("churnRisk"),
              0,
              false,
              false,
              Set.of(),
              (String) values.get("timeZone"),
              now,
              attributes,
              Activity.NONE),
          null);
    }

    private List<Source> attributes() {
      return attributes;
    }

    /**
     * The value of one target in a row; null, with a problem recorded when it is needed, when there
     * is none.
     */
    private Object value(Source s, String[] cells, TreeMap<Integer, String> problems) {
      String text = s.column() == null ? "" : cells[index.get(s.column())].trim();
      if (text.isEmpty()) {
        if (s.fallback() != null) {
          return s.fallback();
        }
        if (s.attribute() == null || s.required()) {
          add(problems, s.column(), "is blank, and the mapping requires a value");
        }
        return null;
      }
      Object v;
      if (!s.values().isEmpty()) {
        v = s.values().get(text);
        if (v == null) {
          add(
              problems,
              s.column(),
              "'" + text + "' is not one of " + new TreeMap<>(s.values()).keySet());
          return null;
        }
      } else {
        v = convert(text, s.kind());
        if (v == null) {
          add(problems, s.column(), "'" + text + "' is not " + kindName(s.kind()));
          return null;
        }
      }
      String wrong = problem(s.target(), s.attribute(), v);
      if (wrong != null) {
        add(problems, s.column(), wrong);
        return null;
      }
      return v;
    }

    /** Records a problem of {@code column}, unless it has one already (a column read twice). */
    private void add(TreeMap<Integer, String> problems, String column, String problem) {
      problems.putIfAbsent(index.get(column), column + ": " + problem);
    }
  }

  /** A cell's text as {@code kind}, or null when it is not one. */
  private static Object convert(String text, FieldKind kind) {
    switch (kind) {
      case TEXT:
        return text;
      case WHOLE:
        try {
          return Integer.parseInt(text);
        } catch (NumberFormatException e) {
          return null;
        }
      case NUMBER:
        try {
          double d = Double.parseDouble(text);
          return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
        } catch (NumberFormatException e) {
          return null;
        }
      default:
        return switch (text.toLowerCase(Locale.ROOT)) {
          case "yes", "true", "1" -> Boolean.TRUE;
          case "no", "false", "0" -> Boolean.FALSE;
          default -> null;
        };
    }
  }
}
