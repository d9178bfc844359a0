package io.parcours.engine.identities;

import io.parcours.domain.CustomerProfile;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which value each profile field takes when two profiles are merged ({@code
 * merge-precedence.json}); custom attributes follow the known customer, each one filled from the
 * other profile where the known one lacks it.
 *
 * <p>Consents follow the known customer by default: an anonymous visitor's cookie banner never
 * grants the known customer's consents, and a known customer's choices are never lost to an
 * anonymous profile. Risk indicators take the worse of the two, holdings their union, so that a
 * merge never makes a customer look safer than either profile did.
 */
public final class MergePrecedence {

  /** The declarations shipped with Parcours, on the class path. */
  public static final String RESOURCE = "io/parcours/engine/identities/merge-precedence.json";

  /** How a field's merged value is chosen. */
  public enum Rule {
    /** The known customer's value; between two anonymous profiles, the last changed one's. */
    KNOWN,
    /** The value of the profile changed last. */
    RECENT,
    /** The larger value. */
    MAX,
    /** The smaller value. */
    MIN,
    /** True when either profile's is. */
    ANY,
    /** Every element of both. */
    UNION;

    static Rule fromCode(String code) {
      try {
        return valueOf(code.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown rule '"
                + code
                + "'; expected one of "
                + Arrays.stream(values())
                    .map(r -> r.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")));
      }
    }
  }

  /** The profile fields and the rules each accepts. */
  public enum Field {
    NAME("name", Set.of(Rule.KNOWN, Rule.RECENT)),
    AGE("age", Set.of(Rule.KNOWN, Rule.RECENT, Rule.MAX, Rule.MIN)),
    REGION("region", Set.of(Rule.KNOWN, Rule.RECENT)),
    SEGMENT("segment", Set.of(Rule.KNOWN, Rule.RECENT)),
    TENURE_MONTHS("tenureMonths", Set.of(Rule.KNOWN, Rule.RECENT, Rule.MAX, Rule.MIN)),
    PRODUCTS("products", Set.of(Rule.KNOWN, Rule.RECENT, Rule.UNION)),
    BALANCE("balance", Set.of(Rule.KNOWN, Rule.RECENT, Rule.MAX, Rule.MIN)),
    MONTHLY_INCOME("monthlyIncome", Set.of(Rule.KNOWN, Rule.RECENT, Rule.MAX, Rule.MIN)),
    CHURN_RISK("churnRisk", Set.of(Rule.KNOWN, Rule.RECENT, Rule.MAX, Rule.MIN)),
    MISSED_PAYMENTS("missedPayments", Set.of(Rule.KNOWN, Rule.RECENT, Rule.MAX, Rule.MIN)),
    OPEN_COMPLAINT("openComplaint", Set.of(Rule.KNOWN, Rule.RECENT, Rule.ANY)),
    TRAVELLING_ABROAD("travellingAbroad", Set.of(Rule.KNOWN, Rule.RECENT, Rule.ANY)),
    CONSENTS("consents", Set.of(Rule.KNOWN, Rule.RECENT)),
    TIME_ZONE("timeZone", Set.of(Rule.KNOWN, Rule.RECENT));

    private final String code;
    private final Set<Rule> allowed;

    Field(String code, Set<Rule> allowed) {
      this.code = code;
      this.allowed = allowed;
    }

    public String code() {
      return code;
    }
  }

  private final Map<Field, Rule> rules;

  private MergePrecedence(Map<Field, Rule> rules) {
    this.rules = Map.copyOf(rules);
  }

  /** The declarations shipped with Parcours. */
  public static MergePrecedence bundled() {
    try (InputStream in = MergePrecedence.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE, e);
    }
  }

  /**
   * Reads declarations: every field exactly once, with a rule it accepts.
   *
   * @throws IllegalArgumentException naming the field and what is wrong
   */
  public static MergePrecedence read(InputStream json) {
    JsonObject fields;
    try (JsonReader reader = Json.createReader(json)) {
      fields = reader.readObject().getJsonObject("fields");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the merge precedence is not a JSON object with \"fields\": " + e.getMessage(), e);
    }
    if (fields == null) {
      throw new IllegalArgumentException("the merge precedence has no \"fields\" object");
    }
    Map<Field, Rule> rules = new EnumMap<>(Field.class);
    for (Map.Entry<String, JsonValue> e : fields.entrySet()) {
      Field field =
          Arrays.stream(Field.values())
              .filter(f -> f.code.equals(e.getKey()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "merge precedence: '"
                              + e.getKey()
                              + "' is not a profile field; the fields are "
                              + Arrays.stream(Field.values())
                                  .map(Field::code)
                                  .collect(Collectors.joining(", "))));
      if (e.getValue().getValueType() != JsonValue.ValueType.STRING) {
        throw new IllegalArgumentException(
            "merge precedence of '" + field.code + "': the rule must be a string");
      }
      Rule rule;
      try {
        rule = Rule.fromCode(((jakarta.json.JsonString) e.getValue()).getString());
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException(
            "merge precedence of '" + field.code + "': " + x.getMessage(), x);
      }
      if (!field.allowed.contains(rule)) {
        throw new IllegalArgumentException(
            "merge precedence of '"
                + field.code
                + "': '"
                + rule.name().toLowerCase(Locale.ROOT)
                + "' does not apply to it; it accepts "
                + field.allowed.stream()
                    .map(r -> r.name().toLowerCase(Locale.ROOT))
                    .sorted()
                    .collect(Collectors.joining(", ")));
      }
      rules.put(field, rule);
    }
    Set<Field> missing = new HashSet<>(Arrays.asList(Field.values()));
    missing.removeAll(rules.keySet());
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "merge precedence: no rule for "
              + missing.stream().map(Field::code).sorted().collect(Collectors.joining(", ")));
    }
    return new MergePrecedence(rules);
  }

  /** The rule of {@code field}. */
  public Rule rule(Field field) {
    return rules.get(field);
  }

  /**
   * The merged profile: the survivor's id, each field by its rule, changed {@code at}.
   *
   * @param survivorAnonymous whether the surviving profile is anonymous
   * @param absorbedAnonymous whether the absorbed profile is anonymous
   */
  public CustomerProfile combine(
      CustomerProfile survivor,
      boolean survivorAnonymous,
      CustomerProfile absorbed,
      boolean absorbedAnonymous,
      Instant at) {
    // The profile whose value "known" takes: the known one; between two of a kind, the last
    // changed.
    CustomerProfile known;
    if (survivorAnonymous != absorbedAnonymous) {
      known = survivorAnonymous ? absorbed : survivor;
    } else if (survivorAnonymous) {
      known = recent(survivor, absorbed);
    } else {
      known = survivor;
    }
    CustomerProfile recent = recent(survivor, absorbed);
    Pick p = new Pick(survivor, absorbed, known, recent);
    return new CustomerProfile(
        survivor.customerId(),
        p.object(Field.NAME, CustomerProfile::name),
        (int) p.number(Field.AGE, CustomerProfile::age),
        p.object(Field.REGION, CustomerProfile::region),
        p.object(Field.SEGMENT, CustomerProfile::segment),
        (int) p.number(Field.TENURE_MONTHS, CustomerProfile::tenureMonths),
        rule(Field.PRODUCTS) == Rule.UNION
            ? union(survivor.products(), absorbed.products())
            : p.object(Field.PRODUCTS, CustomerProfile::products),
        p.number(Field.BALANCE, CustomerProfile::balance),
        p.number(Field.MONTHLY_INCOME, CustomerProfile::monthlyIncome),
        p.number(Field.CHURN_RISK, CustomerProfile::churnRisk),
        (int) p.number(Field.MISSED_PAYMENTS, CustomerProfile::missedPayments),
        p.flag(Field.OPEN_COMPLAINT, CustomerProfile::openComplaint),
        p.flag(Field.TRAVELLING_ABROAD, CustomerProfile::travellingAbroad),
        p.object(Field.CONSENTS, CustomerProfile::consents),
        p.object(Field.TIME_ZONE, CustomerProfile::timeZone),
        at,
        attributes(known == survivor ? absorbed : survivor, known),
        survivor.activity());
  }

  /**
   * Custom attributes: each one the known profile has, with the other's only where the known one
   * has none (an attribute is an observation of one source; nothing says which is the better one
   * beyond the rule of the known customer). Event tallies are added in the database, day by day.
   */
  private static Map<String, Object> attributes(CustomerProfile other, CustomerProfile known) {
    Map<String, Object> all = new java.util.HashMap<>(other.attributes());
    all.putAll(known.attributes());
    return all;
  }

  private static CustomerProfile recent(CustomerProfile a, CustomerProfile b) {
    Instant ta = a.updatedAt() == null ? Instant.MIN : a.updatedAt();
    Instant tb = b.updatedAt() == null ? Instant.MIN : b.updatedAt();
    return tb.isAfter(ta) ? b : a;
  }

  private static <T> Set<T> union(Set<T> a, Set<T> b) {
    Set<T> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** Applies the rules to one pair of profiles. */
  private final class Pick {
    private final CustomerProfile a;
    private final CustomerProfile b;
    private final CustomerProfile known;
    private final CustomerProfile recent;

    Pick(CustomerProfile a, CustomerProfile b, CustomerProfile known, CustomerProfile recent) {
      this.a = a;
      this.b = b;
      this.known = known;
      this.recent = recent;
    }

    <T> T object(Field f, java.util.function.Function<CustomerProfile, T> get) {
      return get.apply(rule(f) == Rule.RECENT ? recent : known);
    }

    double number(Field f, java.util.function.ToDoubleFunction<CustomerProfile> get) {
      return switch (rule(f)) {
        case MAX -> Math.max(get.applyAsDouble(a), get.applyAsDouble(b));
        case MIN -> Math.min(get.applyAsDouble(a), get.applyAsDouble(b));
        case RECENT -> get.applyAsDouble(recent);
        default -> get.applyAsDouble(known);
      };
    }

    boolean flag(Field f, java.util.function.Predicate<CustomerProfile> get) {
      return switch (rule(f)) {
        case ANY -> get.test(a) || get.test(b);
        case RECENT -> get.test(recent);
        default -> get.test(known);
      };
    }
  }
}
