package io.parcours.engine.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Journey;
import io.parcours.domain.Treatment;
import io.parcours.engine.strategy.StrategyDiff.Changed;
import io.parcours.engine.strategy.StrategyDiff.FieldChange;
import io.parcours.rules.RuleFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A strategy diff names the actions, journeys, event types and derived features added, removed and
 * changed, and for a changed one each field with its value before and after.
 */
class StrategyDiffTest {

  private static final Strategy SHIPPED = read(StrategyVersion.shippedData());

  private static Strategy read(List<RuleFile> files) {
    StrategyFiles.Read read = StrategyFiles.read(files);
    assertEquals(List.of(), read.problems());
    return read.strategy();
  }

  private static RuleFile shipped(String name) {
    return StrategyVersion.shippedData().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String text(RuleFile f) {
    return new String(f.content(), StandardCharsets.UTF_8);
  }

  private static Strategy with(List<Action> actions, List<Journey> journeys, String events) {
    return read(
        List.of(
            new RuleFile("actions.json", StrategyFiles.actionsJson(actions)),
            new RuleFile("journeys.json", StrategyFiles.journeysJson(journeys)),
            new RuleFile("event-types.json", events.getBytes(StandardCharsets.UTF_8))));
  }

  private static Changed changed(StrategyDiff.Items items, String id) {
    return items.changed().stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " is not among the changed: " + items));
  }

  @Test
  void aVersionComparedWithItselfHasNoChange() {
    StrategyDiff diff = StrategyDiff.between(SHIPPED, read(StrategyVersion.shippedData()));

    assertTrue(diff.unchanged(), diff.toString());
    assertEquals(List.of(), diff.actions().changed());
  }

  @Test
  void aChangedActionShowsEachChangedFieldAndEachTreatmentByItsId() {
    List<Action> actions = new ArrayList<>();
    for (Action a : SHIPPED.actions()) {
      if (a.id().equals("travel-fees-info")) {
        continue;
      }
      if (a.id().equals("savings-account")) {
        List<Treatment> treatments = new ArrayList<>();
        for (Treatment t : a.treatments()) {
          if (t.id().equals("web-high-balance")) {
            treatments.add(
                new Treatment(
                    t.id(),
                    t.channel(),
                    t.title(),
                    t.text(),
                    t.template(),
                    t.link(),
                    "balance >= 30000"));
          } else if (!t.id().equals("sms")) {
            treatments.add(t);
          }
        }
        treatments.add(new Treatment("push", Channel.APP, "Save now", "", "", null, null));
        a = a.withValue(25).withTreatments(treatments).withBudget(5000);
      }
      actions.add(a);
    }
    Action added = SHIPPED.library().find("travel-fees-info").orElseThrow();
    actions.add(
        new Action(
                "winter-saver",
                "Winter saver",
                added.issue(),
                added.group(),
                added.journey(),
                added.channels(),
                3,
                1,
                "")
            .withTreatments(added.treatments()));

    StrategyDiff diff =
        StrategyDiff.between(
            SHIPPED, with(actions, SHIPPED.journeys(), text(shipped("event-types.json"))));

    assertEquals(List.of("winter-saver"), diff.actions().added());
    assertEquals(List.of("travel-fees-info"), diff.actions().removed());
    assertEquals(1, diff.actions().changed().size(), diff.actions().changed().toString());
    List<FieldChange> fields = changed(diff.actions(), "savings-account").fields();
    assertTrue(fields.contains(new FieldChange("value", "20", "25")), fields.toString());
    assertTrue(fields.contains(new FieldChange("budget", "0", "5000")), fields.toString());
    assertTrue(
        fields.contains(
            new FieldChange(
                "treatments.web-high-balance.eligibility",
                "balance >= 20000",
                "balance >= 30000")));
    assertTrue(
        fields.contains(new FieldChange("treatments.push.title", null, "Save now")),
        fields.toString());
    assertTrue(
        fields.contains(new FieldChange("treatments.sms.channel", "sms", null)), fields.toString());
    assertTrue(
        fields.contains(
            new FieldChange(
                "treatments",
                "web-high-balance, web, app, email, sms",
                "web-high-balance, web, app, email, push")));
    assertFalse(
        fields.stream().anyMatch(f -> f.field().startsWith("treatments.web.")),
        "the web treatment is the same");
    assertTrue(diff.journeys().changed().isEmpty() && diff.eventTypes().changed().isEmpty());
  }

  @Test
  void aTreatmentMovedDownTheOrderOfPreferenceIsAChange() {
    List<Action> actions = new ArrayList<>();
    for (Action a : SHIPPED.actions()) {
      if (a.id().equals("savings-account")) {
        List<Treatment> reordered = new ArrayList<>(a.treatments());
        reordered.add(reordered.remove(0));
        a = a.withTreatments(reordered);
      }
      actions.add(a);
    }

    StrategyDiff diff =
        StrategyDiff.between(
            SHIPPED, with(actions, SHIPPED.journeys(), text(shipped("event-types.json"))));

    assertEquals(
        List.of(
            new FieldChange(
                "treatments",
                "web-high-balance, web, app, email, sms",
                "web, app, email, sms, web-high-balance")),
        changed(diff.actions(), "savings-account").fields());
  }

  @Test
  void journeysEventTypesAndDerivedFeaturesAreComparedByTheirIdsAndNames() {
    List<Journey> journeys = new ArrayList<>();
    for (Journey j : SHIPPED.journeys()) {
      journeys.add(
          j.id().equals("retention")
              ? new Journey(
                  j.id(),
                  "Keeping customers",
                  List.of("at-risk", "wavering", "leaving"),
                  j.description())
              : j);
    }
    journeys.add(new Journey("onboarding", "Onboarding", List.of("welcome"), ""));
    String events =
        text(shipped("event-types.json"))
            .replace("\"triggers\": [\"app\"]", "\"triggers\": [\"app\", \"email\"]")
            .replace(
                "\"amount\": {\"kind\": \"number\", \"required\": false, \"min\": 0}",
                "\"amount\": {\"kind\": \"number\", \"required\": true, \"min\": 0, \"max\": 100000}")
            .replace(
                "\"kind\": \"count\", \"events\": [\"login\"], \"days\": 7",
                "\"kind\": \"count\", \"events\": [\"login\"], \"days\": 14")
            .replace("\"name\": \"loginDaysLast30Days\"", "\"name\": \"activeDaysLast30Days\"");

    StrategyDiff diff = StrategyDiff.between(SHIPPED, with(SHIPPED.actions(), journeys, events));

    assertEquals(List.of("onboarding"), diff.journeys().added());
    assertEquals(
        List.of(
            new FieldChange("name", "Retention", "Keeping customers"),
            new FieldChange("stages", "at-risk, leaving", "at-risk, wavering, leaving")),
        changed(diff.journeys(), "retention").fields());
    assertEquals(
        List.of(
            new FieldChange(
                "attributes.amount", "number, optional, 0 to ∞", "number, required, 0 to 100000"),
            new FieldChange("triggers", "app", "app, email")),
        changed(diff.eventTypes(), "payment.missed").fields());
    assertEquals(List.of("activeDaysLast30Days"), diff.derivedFeatures().added());
    assertEquals(List.of("loginDaysLast30Days"), diff.derivedFeatures().removed());
    assertEquals(
        List.of(new FieldChange("days", "7", "14")),
        changed(diff.derivedFeatures(), "loginsLast7Days").fields());
    assertTrue(diff.actions().added().isEmpty() && diff.actions().changed().isEmpty());
  }
}
