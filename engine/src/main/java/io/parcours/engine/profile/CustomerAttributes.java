package io.parcours.engine.profile;

import io.parcours.domain.CustomerAttribute;
import io.parcours.domain.EventType.Kind;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The declared custom attributes of the profile ({@code customer-attributes.json}): each one's
 * name, kind and allowed values. An import may set only these, with values of their kind.
 */
public final class CustomerAttributes {

  /** The declarations shipped with Parcours, on the class path. */
  public static final String RESOURCE = "io/parcours/engine/profile/customer-attributes.json";

  private static final List<String> KEYS = List.of("name", "kind", "description", "allowed");

  private final Map<String, CustomerAttribute> byName;

  private CustomerAttributes(Map<String, CustomerAttribute> byName) {
    this.byName = byName;
  }

  /** The declarations shipped with Parcours. */
  public static CustomerAttributes bundled() {
    try (InputStream in = CustomerAttributes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE, e);
    }
  }

  /**
   * Reads declarations.
   *
   * @throws IllegalArgumentException naming the attribute and what is wrong with its declaration
   */
  public static CustomerAttributes read(InputStream json) {
    JsonObject root;
    try (JsonReader reader = Json.createReader(json)) {
      root = reader.readObject();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the customer attributes are not a JSON object: " + e.getMessage(), e);
    }
    Map<String, CustomerAttribute> byName = new LinkedHashMap<>();
    int i = 0;
    for (JsonValue v : root.getJsonArray("attributes")) {
      JsonObject o = v.asJsonObject();
      String name = o.containsKey("name") ? o.getString("name") : "attributes[" + i + "]";
      i++;
      try {
        for (String key : o.keySet()) {
          if (!KEYS.contains(key)) {
            throw new IllegalArgumentException(
                "unknown key '" + key + "'; an attribute has " + KEYS);
          }
        }
        if (!o.containsKey("kind")) {
          throw new IllegalArgumentException("'kind' is missing: string, number or boolean");
        }
        Set<String> allowed =
            o.containsKey("allowed")
                ? Set.copyOf(
                    o.getJsonArray("allowed").getValuesAs(JsonString.class).stream()
                        .map(JsonString::getString)
                        .toList())
                : Set.of();
        CustomerAttribute a =
            new CustomerAttribute(
                o.getString("name"),
                kind(o.getString("kind")),
                o.getString("description", ""),
                allowed);
        if (byName.put(a.name(), a) != null) {
          throw new IllegalArgumentException("declared twice");
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "customer attribute '" + name + "': " + e.getMessage(), e);
      }
    }
    return new CustomerAttributes(byName);
  }

  private static Kind kind(String code) {
    return switch (code.toLowerCase(Locale.ROOT)) {
      case "string" -> Kind.STRING;
      case "number" -> Kind.NUMBER;
      case "boolean" -> Kind.BOOLEAN;
      default ->
          throw new IllegalArgumentException(
              "unknown kind '" + code + "'; use string, number or boolean");
    };
  }

  /** The attribute named {@code name}, if declared. */
  public Optional<CustomerAttribute> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every declared attribute, in the order of the declarations. */
  public List<CustomerAttribute> all() {
    return List.copyOf(byName.values());
  }
}
