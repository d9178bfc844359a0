package io.parcours.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A declared kind of event: its attributes and how an event of this kind changes the customer's
 * profile. An event of an undeclared type, or whose attributes break the declaration, is refused.
 *
 * @param name for example {@code payment.missed}
 * @param description what it means, for the people who send it
 * @param attributes each attribute's name and rule
 * @param updates the profile changes it makes, in order
 * @param triggers the outbound channels on which an event of this type is followed by a decision,
 *     whose action (if any) is queued for the channel
 */
public record EventType(
    String name,
    String description,
    Map<String, AttributeRule> attributes,
    List<ProfileUpdate> updates,
    List<Channel> triggers) {

  public EventType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    attributes = Map.copyOf(attributes);
    updates = List.copyOf(updates);
    triggers = List.copyOf(triggers);
    for (ProfileUpdate u : updates) {
      if (u.fromAttribute() != null && !attributes.containsKey(u.fromAttribute())) {
        throw new IllegalArgumentException(
            name
                + ": the update of "
                + u.field().code()
                + " reads attribute '"
                + u.fromAttribute()
                + "', which is not declared");
      }
    }
  }

  /** A type that triggers nothing. */
  public EventType(
      String name,
      String description,
      Map<String, AttributeRule> attributes,
      List<ProfileUpdate> updates) {
    this(name, description, attributes, updates, List.of());
  }

  /** The kind of value an attribute holds. */
  public enum Kind {
    STRING,
    NUMBER,
    BOOLEAN
  }

  /**
   * What an attribute must be.
   *
   * @param allowed for a string, the values it may take; empty: any
   * @param min for a number, the least value; null: none
   * @param max for a number, the greatest value; null: none
   */
  public record AttributeRule(
      Kind kind, boolean required, Set<String> allowed, Double min, Double max) {
    public AttributeRule {
      Objects.requireNonNull(kind, "kind");
      allowed = Set.copyOf(allowed);
    }
  }

  /** One thing wrong with an event's attributes. */
  public record Violation(String attribute, String message) {}

  /**
   * What is wrong with {@code values} for this type: missing required attributes, undeclared ones,
   * values of the wrong kind, out of range or not allowed. Empty when they are fine.
   */
  public List<Violation> check(Map<String, Object> values) {
    List<Violation> wrong = new ArrayList<>();
    for (Map.Entry<String, AttributeRule> e : attributes.entrySet()) {
      if (e.getValue().required() && !values.containsKey(e.getKey())) {
        wrong.add(new Violation(e.getKey(), "is required by " + name));
      }
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      AttributeRule rule = attributes.get(e.getKey());
      Object v = e.getValue();
      if (rule == null) {
        wrong.add(
            new Violation(
                e.getKey(),
                "is not an attribute of "
                    + name
                    + "; its attributes are "
                    + attributes.keySet().stream().sorted().toList()));
      } else if (rule.kind() == Kind.STRING) {
        if (!(v instanceof String s)) {
          wrong.add(new Violation(e.getKey(), "must be a string"));
        } else if (!rule.allowed().isEmpty() && !rule.allowed().contains(s)) {
          wrong.add(
              new Violation(
                  e.getKey(),
                  "must be one of "
                      + rule.allowed().stream().sorted().toList()
                      + ", was '"
                      + s
                      + "'"));
        }
      } else if (rule.kind() == Kind.NUMBER) {
        if (!(v instanceof Double d) || d.isNaN() || d.isInfinite()) {
          wrong.add(new Violation(e.getKey(), "must be a number"));
        } else if (rule.min() != null && d < rule.min() || rule.max() != null && d > rule.max()) {
          wrong.add(
              new Violation(
                  e.getKey(),
                  "must be between "
                      + (rule.min() == null ? "-∞" : rule.min())
                      + " and "
                      + (rule.max() == null ? "∞" : rule.max())
                      + ", was "
                      + d));
        }
      } else if (!(v instanceof Boolean)) {
        wrong.add(new Violation(e.getKey(), "must be true or false"));
      }
    }
    return wrong;
  }

  /** The profile after an event of this type (whose attributes passed {@link #check}). */
  public CustomerProfile apply(CustomerProfile profile, CustomerEvent event) {
    CustomerProfile p = profile;
    for (ProfileUpdate u : updates) {
      p = u.apply(p, event);
    }
    return p;
  }
}
