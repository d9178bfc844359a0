package io.parcours.web.api;

import io.parcours.domain.Journey;
import io.parcours.domain.RuleSetActivation;
import io.parcours.domain.RuleSetChange;
import io.parcours.domain.RuleSetReview;
import io.parcours.domain.RuleSetSummary;
import io.parcours.engine.rules.RuleSetLifecycle;
import io.parcours.engine.strategy.Strategy;
import io.parcours.engine.strategy.StrategyDiff;
import io.parcours.rules.RuleSetDiff;
import io.parcours.rules.RuleStatistics;
import io.parcours.rules.ScenarioReport;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;

/** What the rule-set resources answer. */
public final class RuleSetViews {

  private RuleSetViews() {}

  /** How a version's scenarios fared. */
  @JsonbPropertyOrder({"passed", "failed", "results"})
  public record ScenariosView(int passed, int failed, List<ScenarioReport.ScenarioResult> results) {

    static ScenariosView of(ScenarioReport r) {
      return new ScenariosView(r.passed(), r.failures().size(), r.results());
    }

    /** From the JSON stored with the version (a {@link ScenarioReport} written by JSON-B). */
    static ScenariosView of(String json) {
      try (JsonReader reader = JsonRecords.READERS.createReader(new StringReader(json))) {
        JsonObject o = reader.readObject();
        List<ScenarioReport.ScenarioResult> results =
            o.getJsonArray("results").stream()
                .map(JsonValue::asJsonObject)
                .map(
                    r ->
                        new ScenarioReport.ScenarioResult(
                            r.getString("file"),
                            r.getInt("line"),
                            r.getString("name"),
                            r.getJsonArray("failures").getValuesAs(JsonString::getString)))
                .toList();
        return of(new ScenarioReport(results));
      }
    }
  }

  /**
   * What changed between two versions: each file, line by line (or cell by cell), and the
   * strategy's actions, journeys, event types and derived features, field by field.
   *
   * @param strategy absent when the data files of either version no longer read
   */
  @JsonbPropertyOrder({"from", "to", "files", "strategy"})
  public record DiffView(
      String from, String to, List<RuleSetDiff.FileDiff> files, StrategyDiff strategy) {

    static DiffView of(RuleSetDiff files, StrategyDiff strategy) {
      return new DiffView(files.from(), files.to(), files.files(), strategy);
    }
  }

  /**
   * What a version declares besides its rules, in the views of the action library, the journeys and
   * the event types.
   */
  @JsonbPropertyOrder({"version", "actions", "journeys", "eventTypes", "derivedFeatures"})
  public record StrategyView(
      String version,
      List<Views.ActionView> actions,
      List<JourneyView> journeys,
      List<EventsResource.EventTypeView> eventTypes,
      List<EventsResource.DerivedFeatureView> derivedFeatures) {

    static StrategyView of(RuleSetLifecycle.VersionStrategy v) {
      Strategy s = v.strategy();
      return new StrategyView(
          v.version(),
          s.actions().stream().map(Views.ActionView::of).toList(),
          s.journeys().stream().map(JourneyView::of).toList(),
          s.events().all().stream().map(EventsResource.EventTypeView::of).toList(),
          s.events().features().all().stream().map(EventsResource.DerivedFeatureView::of).toList());
    }
  }

  /** A journey as {@code journeys.json} declares it: its stages in their usual order. */
  @JsonbPropertyOrder({"id", "name", "description", "stages"})
  public record JourneyView(String id, String name, String description, List<String> stages) {

    static JourneyView of(Journey j) {
      return new JourneyView(j.id(), j.name(), j.description(), j.stages());
    }
  }

  /** A stored upload. */
  @JsonbPropertyOrder({"version", "checksum", "rules", "activatable", "scenarios"})
  public record UploadView(
      String version, String checksum, int rules, boolean activatable, ScenariosView scenarios) {

    static UploadView of(RuleSetLifecycle.Upload u) {
      return new UploadView(
          u.version(),
          u.checksum(),
          u.rules(),
          u.scenarios().allPassed(),
          ScenariosView.of(u.scenarios()));
    }
  }

  /** A version in a list. */
  @JsonbPropertyOrder({
    "version",
    "active",
    "createdAt",
    "author",
    "comment",
    "checksum",
    "basedOn",
    "files",
    "scenarios"
  })
  public record SummaryView(
      String version,
      boolean active,
      Instant createdAt,
      String author,
      String comment,
      String checksum,
      String basedOn,
      int files,
      ScenariosView scenarios) {

    static SummaryView of(RuleSetSummary s, String activeVersion) {
      return new SummaryView(
          s.version(),
          s.version().equals(activeVersion),
          s.createdAt(),
          s.author(),
          s.comment(),
          s.checksum(),
          s.basedOn(),
          s.files(),
          ScenariosView.of(s.scenariosJson()));
    }
  }

  /** A version with its files and where its review stands. */
  @JsonbPropertyOrder({
    "version",
    "active",
    "createdAt",
    "author",
    "comment",
    "checksum",
    "basedOn",
    "files",
    "scenarios",
    "approval"
  })
  public record DetailView(
      String version,
      boolean active,
      Instant createdAt,
      String author,
      String comment,
      String checksum,
      String basedOn,
      List<RuleSetLifecycle.FileInfo> files,
      ScenariosView scenarios,
      ApprovalView approval) {

    static DetailView of(RuleSetLifecycle.Detail d) {
      RuleSetSummary s = d.summary();
      return new DetailView(
          s.version(),
          d.active(),
          s.createdAt(),
          s.author(),
          s.comment(),
          s.checksum(),
          s.basedOn(),
          d.files(),
          ScenariosView.of(s.scenariosJson()),
          ApprovalView.of(s.version(), d.approval()));
    }
  }

  /**
   * How many approvals a rule-set version needs before it goes live; {@code sandbox} when none, so
   * that every screen can say that changes go live unreviewed.
   */
  @JsonbPropertyOrder({"approvalsRequired", "sandbox"})
  public record ApprovalPolicyView(int approvalsRequired, boolean sandbox) {

    /** The policy requiring {@code approvalsRequired} approvals; 0 is a sandbox. */
    public ApprovalPolicyView(int approvalsRequired) {
      this(approvalsRequired, approvalsRequired == 0);
    }
  }

  /** One approver's review of a version. */
  @JsonbPropertyOrder({"reviewer", "verdict", "at", "comment"})
  public record ReviewView(String reviewer, String verdict, Instant at, String comment) {

    static ReviewView of(RuleSetReview r) {
      return new ReviewView(r.reviewer(), r.verdict(), r.at(), r.comment());
    }
  }

  /**
   * Where a version's review stands: how many approvals it needs, has, whether it may go live, and
   * every review.
   */
  @JsonbPropertyOrder({"version", "required", "approvals", "approved", "reviews"})
  public record ApprovalView(
      String version, int required, long approvals, boolean approved, List<ReviewView> reviews) {

    static ApprovalView of(String version, RuleSetLifecycle.Approval a) {
      return new ApprovalView(
          version,
          a.required(),
          a.approvals(),
          a.approved(),
          a.reviews().stream().map(ReviewView::of).toList());
    }
  }

  /** An activation or rollback. */
  @JsonbPropertyOrder({"version", "kind", "by", "at", "comment"})
  public record ActivationView(String version, String kind, String by, Instant at, String comment) {

    static ActivationView of(RuleSetActivation a) {
      return new ActivationView(a.version(), a.kind(), a.by(), a.at(), a.comment());
    }
  }

  /** One change in the audit of rule changes. */
  @JsonbPropertyOrder({
    "changeId",
    "kind",
    "version",
    "previousVersion",
    "actor",
    "at",
    "comment",
    "details"
  })
  public record ChangeView(
      long changeId,
      String kind,
      String version,
      String previousVersion,
      String actor,
      Instant at,
      String comment,
      JsonObject details) {

    static ChangeView of(RuleSetChange c) {
      try (JsonReader reader =
          JsonRecords.READERS.createReader(new StringReader(c.detailsJson()))) {
        return new ChangeView(
            c.id(),
            c.kind(),
            c.version(),
            c.previousVersion(),
            c.actor(),
            c.at(),
            c.comment(),
            reader.readObject());
      }
    }
  }

  /** Firing statistics of the version in force. */
  @JsonbPropertyOrder({"version", "since", "evaluations", "rules"})
  public record StatisticsView(
      String version, Instant since, long evaluations, List<RuleStatistics.RuleFiring> rules) {

    static StatisticsView of(String version, RuleStatistics s) {
      return new StatisticsView(version, s.since(), s.evaluations(), s.firings());
    }
  }
}
