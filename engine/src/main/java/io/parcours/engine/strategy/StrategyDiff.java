package io.parcours.engine.strategy;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.DerivedFeature;
import io.parcours.domain.EventType;
import io.parcours.domain.EventType.AttributeRule;
import io.parcours.domain.Journey;
import io.parcours.domain.ProfileUpdate;
import io.parcours.domain.Treatment;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What changed in a strategy's data from one version to another, item by item and field by field:
 * the actions (and within an action, each treatment by its id), the journeys, the event types and
 * the derived features. A text diff of {@code actions.json} shows which lines moved; this shows
 * that the value of {@code savings-account} went from 20 to 25 and that its web treatment now needs
 * a balance of 30,000, which is what an approver has to judge.
 *
 * <p>Values are shown as a person reads them (a number without trailing zeros, a list joined with
 * commas); {@code before} is null for what was added and {@code after} for what was removed.
 *
 * @param actions the action library, by action id
 * @param journeys the journeys, by id
 * @param eventTypes the event types, by name
 * @param derivedFeatures the derived features, by name
 */
@JsonbPropertyOrder({"actions", "journeys", "eventTypes", "derivedFeatures"})
public record StrategyDiff(Items actions, Items journeys, Items eventTypes, Items derivedFeatures) {

  /**
   * What happened to the items of one kind.
   *
   * @param added the ids of the items only the later version has, in its order
   * @param removed the ids of the items only the earlier version has, in its order
   * @param changed the items both have that differ, in the later version's order
   */
  @JsonbPropertyOrder({"added", "removed", "changed"})
  public record Items(List<String> added, List<String> removed, List<Changed> changed) {
    public Items {
      added = List.copyOf(added);
      removed = List.copyOf(removed);
      changed = List.copyOf(changed);
    }
  }

  /** One item both versions have, with each field that differs. */
  @JsonbPropertyOrder({"id", "fields"})
  public record Changed(String id, List<FieldChange> fields) {
    public Changed {
      fields = List.copyOf(fields);
    }
  }

  /**
   * One field of an item, before and after; null where it is absent. A treatment's field is named
   * {@code treatments.<id>.<field>}, an event type's attribute {@code attributes.<name>}.
   */
  @JsonbNillable
  @JsonbPropertyOrder({"field", "before", "after"})
  public record FieldChange(String field, String before, String after) {}

  /** What changed from {@code from} to {@code to}. */
  public static StrategyDiff between(Strategy from, Strategy to) {
    return new StrategyDiff(
        items(from.actions(), to.actions(), Action::id, StrategyDiff::actionFields),
        items(from.journeys(), to.journeys(), Journey::id, StrategyDiff::journeyFields),
        items(
            from.events().all(), to.events().all(), EventType::name, StrategyDiff::eventTypeFields),
        items(
            from.events().features().all(),
            to.events().features().all(),
            DerivedFeature::name,
            StrategyDiff::featureFields));
  }

  /**
   * Whether the two versions declare the same actions, journeys, event types and derived features.
   */
  public boolean unchanged() {
    return List.of(actions, journeys, eventTypes, derivedFeatures).stream()
        .allMatch(i -> i.added().isEmpty() && i.removed().isEmpty() && i.changed().isEmpty());
  }

  private static <T> Items items(
      List<T> before,
      List<T> after,
      Function<T, String> id,
      Function<T, Map<String, String>> fields) {
    Map<String, T> was = new LinkedHashMap<>();
    before.forEach(t -> was.put(id.apply(t), t));
    Map<String, T> is = new LinkedHashMap<>();
    after.forEach(t -> is.put(id.apply(t), t));
    List<String> added = is.keySet().stream().filter(k -> !was.containsKey(k)).toList();
    List<String> removed = was.keySet().stream().filter(k -> !is.containsKey(k)).toList();
    List<Changed> changed = new ArrayList<>();
    for (Map.Entry<String, T> e : is.entrySet()) {
      T old = was.get(e.getKey());
      if (old != null) {
        List<FieldChange> differences = compare(fields.apply(old), fields.apply(e.getValue()));
        if (!differences.isEmpty()) {
          changed.add(new Changed(e.getKey(), differences));
        }
      }
    }
    return new Items(added, removed, changed);
  }

  /**
   * The fields that differ, in the order of {@code after}'s fields, then those only {@code before}
   * has; an empty text is shown as absent.
   */
  private static List<FieldChange> compare(Map<String, String> before, Map<String, String> after) {
    List<FieldChange> changes = new ArrayList<>();
    for (Map.Entry<String, String> e : after.entrySet()) {
      String old = present(before.get(e.getKey()));
      String now = present(e.getValue());
      if (!Objects.equals(old, now)) {
        changes.add(new FieldChange(e.getKey(), old, now));
      }
    }
    for (Map.Entry<String, String> e : before.entrySet()) {
      if (!after.containsKey(e.getKey()) && present(e.getValue()) != null) {
        changes.add(new FieldChange(e.getKey(), e.getValue(), null));
      }
    }
    return changes;
  }

  private static String present(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  // ------------------------------------------------------------------------------------------------
  // the fields of each kind, as a person reads them

  private static Map<String, String> actionFields(Action a) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("name", a.name());
    f.put("issue", a.issue().code());
    f.put("group", a.group());
    f.put("journey", a.journey());
    f.put("stages", a.stages().isEmpty() ? null : String.join(", ", new TreeSet<>(a.stages())));
    f.put("value", number(a.value()));
    f.put("lever", number(a.lever()));
    f.put("mandatory", Boolean.toString(a.mandatory()));
    f.put("dailyLimit", Integer.toString(a.dailyLimit()));
    f.put("budget", Long.toString(a.budget()));
    f.put("activeFrom", instant(a.activeFrom()));
    f.put("activeUntil", instant(a.activeUntil()));
    f.put("description", a.description());
    // The order of treatments is the order of preference on a channel: a change of it is a change.
    f.put(
        "treatments", a.treatments().stream().map(Treatment::id).collect(Collectors.joining(", ")));
    for (Treatment t : a.treatments()) {
      String at = "treatments." + t.id() + ".";
      f.put(at + "channel", t.channel().code());
      f.put(at + "title", t.title());
      f.put(at + "text", t.text());
      f.put(at + "template", t.template());
      f.put(at + "link", t.link() == null ? null : t.link().toString());
      f.put(at + "eligibility", t.eligibility());
    }
    return f;
  }

  private static Map<String, String> journeyFields(Journey j) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("name", j.name());
    f.put("description", j.description());
    f.put("stages", String.join(", ", j.stages()));
    return f;
  }

  private static Map<String, String> eventTypeFields(EventType t) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("description", t.description());
    for (String name : new TreeSet<>(t.attributes().keySet())) {
      f.put("attributes." + name, attribute(t.attributes().get(name)));
    }
    f.put(
        "updates",
        t.updates().stream().map(StrategyDiff::update).collect(Collectors.joining("; ")));
    f.put("triggers", t.triggers().stream().map(Channel::code).collect(Collectors.joining(", ")));
    return f;
  }

  private static Map<String, String> featureFields(DerivedFeature d) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("description", d.description());
    f.put("kind", d.kind().code());
    f.put("events", String.join(", ", new TreeSet<>(d.eventTypes())));
    f.put("attribute", d.attribute());
    f.put("days", Integer.toString(d.days()));
    return f;
  }

  /**
   * For example {@code number, required, 0 to 5000} or {@code string, optional, one of loan,
   * mortgage}.
   */
  private static String attribute(AttributeRule r) {
    StringBuilder s =
        new StringBuilder(r.kind().name().toLowerCase(Locale.ROOT))
            .append(r.required() ? ", required" : ", optional");
    if (!r.allowed().isEmpty()) {
      s.append(", one of ").append(String.join(", ", new TreeSet<>(r.allowed())));
    }
    if (r.min() != null || r.max() != null) {
      s.append(", ")
          .append(r.min() == null ? "-∞" : number(r.min()))
          .append(" to ")
          .append(r.max() == null ? "∞" : number(r.max()));
    }
    return s.toString();
  }

  /** For example {@code missedPayments increment 1} or {@code products add attribute product}. */
  private static String update(ProfileUpdate u) {
    String value =
        u.fromAttribute() != null
            ? "attribute " + u.fromAttribute()
            : u.value() instanceof Double d ? number(d) : String.valueOf(u.value());
    return u.field().code() + " " + u.operation().code() + " " + value;
  }

  private static String number(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static String instant(Instant i) {
    return i == null ? null : i.toString();
  }
}
