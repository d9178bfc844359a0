package io.parcours.engine.events;

import io.parcours.domain.CustomerEvent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DerivedFeature;
import io.parcours.domain.DerivedFeatures;
import io.parcours.domain.EventType;
import io.parcours.domain.EventType.AttributeRule;
import io.parcours.domain.EventType.Kind;
import io.parcours.domain.ProfileUpdate;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The declared event types (the {@code event-types.json} of a strategy version): each type's
 * attributes and the profile changes its events make, and the derived features computed from the
 * events (counts, sums, active days and recency over windows of days). An event of a type not
 * declared here is refused.
 */
public final class EventCatalogue {

  private final Map<String, EventType> types;
  private final DerivedFeatures features;

  private EventCatalogue(Map<String, EventType> types, DerivedFeatures features) {
    this.types = Map.copyOf(types);
    this.features = features;
  }

  /**
   * Reads declarations.
   *
   * @throws IllegalArgumentException naming the type and what is wrong with its declaration
   */
  public static EventCatalogue read(InputStream json) {
    JsonObject root;
    try (JsonReader reader = Json.createReader(json)) {
      root = reader.readObject();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the event types are not a JSON object: " + e.getMessage(), e);
    }
    for (String key : root.keySet()) {
      if (!List.of("eventTypes", "features").contains(key)) {
        throw new IllegalArgumentException(
            "unknown key '" + key + "'; the file has 'eventTypes' and 'features'");
      }
    }
    if (!(root.get("eventTypes") instanceof JsonArray)) {
      throw new IllegalArgumentException("'eventTypes' must be an array of event types");
    }
    Map<String, EventType> types = new TreeMap<>();
    int index = 0;
    for (JsonValue v : root.getJsonArray("eventTypes")) {
      index++;
      if (!(v instanceof JsonObject o) || !(o.get("name") instanceof JsonString)) {
        throw new IllegalArgumentException("event type " + index + " needs a 'name'");
      }
      String name = o.getString("name");
      try {
        keys(
            o, TYPE_KEYS, List.of("name", "description", "attributes", "updates"), "an event type");
        for (JsonValue a : o.getJsonObject("attributes").values()) {
          keys(a.asJsonObject(), ATTRIBUTE_KEYS, List.of("kind"), "an attribute");
        }
        for (JsonValue u : o.getJsonArray("updates")) {
          keys(u.asJsonObject(), UPDATE_KEYS, List.of("field", "operation"), "an update");
        }
        Map<String, AttributeRule> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> a : o.getJsonObject("attributes").entrySet()) {
          JsonObject r = a.getValue().asJsonObject();
          Set<String> allowed =
              r.containsKey("allowed")
                  ? Set.copyOf(
                      r.getJsonArray("allowed").getValuesAs(JsonString.class).stream()
                          .map(JsonString::getString)
                          .toList())
                  : Set.of();
          attributes.put(
              a.getKey(),
              new AttributeRule(
                  Kind.valueOf(r.getString("kind").toUpperCase(Locale.ROOT)),
                  r.getBoolean("required", false),
                  allowed,
                  number(r, "min"),
                  number(r, "max")));
        }
        List<ProfileUpdate> updates = new ArrayList<>();
        JsonArray list = o.getJsonArray("updates");
        for (JsonValue u : list) {
          JsonObject x = u.asJsonObject();
          updates.add(
              new ProfileUpdate(
                  ProfileUpdate.Field.fromCode(x.getString("field")),
                  ProfileUpdate.Operation.fromCode(x.getString("operation")),
                  value(x.get("value")),
                  x.containsKey("attribute") ? x.getString("attribute") : null));
        }
        List<io.parcours.domain.Channel> triggers = new ArrayList<>();
        if (o.containsKey("triggers")) {
          for (JsonString c : o.getJsonArray("triggers").getValuesAs(JsonString.class)) {
            triggers.add(io.parcours.domain.Channel.fromCode(c.getString()));
          }
        }
        if (types.put(
                name,
                new EventType(name, o.getString("description"), attributes, updates, triggers))
            != null) {
          throw new IllegalArgumentException("declared twice");
        }
      } catch (ClassCastException e) {
        throw new IllegalArgumentException(
            "event type '"
                + name
                + "': a member has the wrong type: 'attributes' is an"
                + " object of attributes, each an object; 'updates' and 'triggers' are arrays; 'description' is a string",
            e);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("event type '" + name + "': " + e.getMessage(), e);
      }
    }
    return new EventCatalogue(types, features(root, types));
  }

  /**
   * The declarations of {@code "features"}: each names declared event types, and a sum a number
   * attribute that every one of them declares.
   */
  private static DerivedFeatures features(JsonObject root, Map<String, EventType> types) {
    List<DerivedFeature> features = new ArrayList<>();
    if (!root.containsKey("features")) {
      return DerivedFeatures.NONE;
    }
    int i = 0;
    for (JsonValue v : root.getJsonArray("features")) {
      JsonObject o = v.asJsonObject();
      String name = o.containsKey("name") ? o.getString("name") : "features[" + i + "]";
      i++;
      try {
        for (String key : o.keySet()) {
          if (!FEATURE_KEYS.contains(key)) {
            throw new IllegalArgumentException(
                "unknown key '" + key + "'; a feature has " + FEATURE_KEYS);
          }
        }
        for (String key : List.of("name", "kind", "events", "days")) {
          if (!o.containsKey(key)) {
            throw new IllegalArgumentException("'" + key + "' is missing");
          }
        }
        Set<String> events = new java.util.LinkedHashSet<>();
        for (JsonString t : o.getJsonArray("events").getValuesAs(JsonString.class)) {
          if (!types.containsKey(t.getString())) {
            throw new IllegalArgumentException(
                "counts events of '" + t.getString() + "', which is not a declared event type");
          }
          events.add(t.getString());
        }
        String attribute = o.containsKey("attribute") ? o.getString("attribute") : null;
        if (attribute != null) {
          for (String t : events) {
            AttributeRule rule = types.get(t).attributes().get(attribute);
            if (rule == null || rule.kind() != Kind.NUMBER) {
              throw new IllegalArgumentException(
                  "adds up '" + attribute + "', which is not a number attribute of " + t);
            }
          }
        }
        JsonNumber days = o.getJsonNumber("days");
        if (!days.isIntegral()) {
          throw new IllegalArgumentException("'days' must be a whole number, was " + days);
        }
        features.add(
            new DerivedFeature(
                o.getString("name"),
                o.getString("description", ""),
                DerivedFeature.Kind.fromCode(o.getString("kind")),
                events,
                attribute,
                days.intValueExact()));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("derived feature '" + name + "': " + e.getMessage(), e);
      }
    }
    try {
      return new DerivedFeatures(features);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("features: " + e.getMessage(), e);
    }
  }

  private static final List<String> TYPE_KEYS =
      List.of("name", "description", "attributes", "updates", "triggers");
  private static final List<String> ATTRIBUTE_KEYS =
      List.of("kind", "required", "allowed", "min", "max");
  private static final List<String> UPDATE_KEYS =
      List.of("field", "operation", "value", "attribute");

  /** Refuses keys not in {@code known} and missing {@code required} ones, saying which. */
  private static void keys(JsonObject o, List<String> known, List<String> required, String what) {
    for (String key : o.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "'; " + what + " has " + known);
      }
    }
    for (String key : required) {
      if (!o.containsKey(key)) {
        throw new IllegalArgumentException(
            "'" + key + "' is missing; " + what + " needs " + required);
      }
    }
  }

  private static final List<String> FEATURE_KEYS =
      List.of("name", "description", "kind", "events", "attribute", "days");

  /** The derived features computed from the events. */
  public DerivedFeatures features() {
    return features;
  }

  /**
   * The profile after {@code event} of a declared type, received on the UTC day {@code today}: the
   * type's changes, and the tallies of the derived features it counts for.
   */
  public CustomerProfile apply(CustomerProfile profile, CustomerEvent event, LocalDate today) {
    CustomerProfile changed = types.get(event.type()).apply(profile, event);
    return changed.withActivity(features.record(changed.activity(), event, today));
  }

  private static Double number(JsonObject o, String key) {
    return o.containsKey(key) ? ((JsonNumber) o.get(key)).doubleValue() : null;
  }

  private static Object value(JsonValue v) {
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    return switch (v.getValueType()) {
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case NUMBER -> ((JsonNumber) v).doubleValue();
      case STRING -> ((JsonString) v).getString();
      default ->
          throw new IllegalArgumentException("a value must be a string, a number or a boolean");
    };
  }

  /** The type named {@code name}, if declared. */
  public Optional<EventType> find(String name) {
    return Optional.ofNullable(types.get(name));
  }

  /** Every declared type, by name. */
  public List<EventType> all() {
    return List.copyOf(types.values());
  }
}
