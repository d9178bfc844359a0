package io.parcours.domain;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A declared custom attribute of the customer profile: a fact another system knows about the
 * customer (a contract type, a payment method, a monthly charge) that the fixed fields do not hold.
 * Rules read it by name; an import sets it.
 *
 * @param name how rules and the API name it, for example {@code contract}
 * @param kind string, number or boolean
 * @param description what it means
 * @param allowed for a string, the values it may take; empty: any
 */
public record CustomerAttribute(
    String name, EventType.Kind kind, String description, Set<String> allowed) {

  private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");

  public CustomerAttribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    description = description == null ? "" : description;
    allowed = Set.copyOf(allowed);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "the name '"
              + name
              + "' must start with a lower-case letter and have only letters and digits (at most 64), like monthlyCharges");
    }
    if (!allowed.isEmpty() && kind != EventType.Kind.STRING) {
      throw new IllegalArgumentException("only a string attribute has allowed values");
    }
  }

  /** What is wrong with {@code value} for this attribute, or null when it is fine. */
  public String check(Object value) {
    return switch (kind) {
      case STRING ->
          !(value instanceof String s)
              ? "must be a string"
              : !allowed.isEmpty() && !allowed.contains(s)
                  ? "must be one of " + allowed.stream().sorted().toList() + ", was '" + s + "'"
                  : null;
      case NUMBER ->
          value instanceof Double d && !d.isNaN() && !d.isInfinite() ? null : "must be a number";
      case BOOLEAN -> value instanceof Boolean ? null : "must be true or false";
    };
  }
}
