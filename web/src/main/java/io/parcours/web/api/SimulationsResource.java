package io.parcours.web.api;

import io.parcours.domain.Channel;
import io.parcours.engine.SimulationFacade;
import io.parcours.engine.strategy.SimulationReport;
import io.parcours.engine.strategy.Simulations;
import io.parcours.web.Roles;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The impact of a strategy version before it goes live: the candidate and the version in force
 * decide side by side for a sample of stored customers, and the report says which customers' next
 * best action changes, by which rules, and what it does to each channel's action distribution and
 * expected value.
 */
@Path("/v1/rulesets/{version}/simulation")
@ApplicationScoped
@Tag(name = "Rule sets")
@Produces(MediaType.APPLICATION_JSON)
public class SimulationsResource {

  @Inject SimulationFacade facade;
  @Context SecurityContext security;
  @Context UriInfo uri;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed({Roles.BUSINESS, Roles.APPROVER, Roles.ADMIN})
  @Operation(
      operationId = "startSimulation",
      summary = "Start simulating a version against the one in force",
      description =
          "Runs in the background on a sample of stored customers (default 10,000; \"all\" for every one),"
              + " on each channel asked, with the models' posterior means: no exploration, nothing recorded,"
              + " no volume reserved. Poll the Location for progress and, once done, the report.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "SimulationRequest")))
  @APIResponse(
      responseCode = "202",
      description = "Started; the simulation with its progress",
      content = @Content(schema = @Schema(implementation = RunView.class)))
  @APIResponse(responseCode = "400", description = "A channel, the sample or the seed is invalid")
  @APIResponse(responseCode = "404", description = "No such version")
  @APIResponse(responseCode = "422", description = "The version no longer compiles")
  public Response start(@PathParam("version") String version, RequestBodies.SimulationBody body) {
    RequestBodies.SimulationBody asked =
        body == null ? new RequestBodies.SimulationBody(null, null, null) : body;
    Simulations.Run run =
        facade.start(
            security.getUserPrincipal().getName(),
            version,
            asked.channelsOrAll(),
            asked.sampleOrDefault(),
            asked.seedOrDefault());
    return Response.accepted(RunView.of(run, false))
        .location(
            uri.getBaseUriBuilder()
                .path("v1/rulesets")
                .path(run.candidate())
                .path("simulation")
                .path(run.id())
                .build())
        .build();
  }

  @GET
  @Allowed({Roles.BUSINESS, Roles.APPROVER, Roles.COMPLIANCE, Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      operationId = "listSimulations",
      summary = "The simulations of a version this node holds",
      description = "Newest first, without their reports")
  public List<RunView> list(@PathParam("version") String version) {
    return facade.list(version).stream().map(r -> RunView.of(r, false)).toList();
  }

  @GET
  @Path("{id}")
  @Allowed({Roles.BUSINESS, Roles.APPROVER, Roles.COMPLIANCE, Roles.SCIENTIST, Roles.ADMIN})
  @Operation(
      operationId = "getSimulation",
      summary = "One simulation",
      description = "Its progress; once done, its report")
  @APIResponse(
      responseCode = "404",
      description = "No such simulation of this version on this node")
  public RunView find(@PathParam("version") String version, @PathParam("id") String id) {
    return RunView.of(facade.find(version, id), true);
  }

  @DELETE
  @Path("{id}")
  @Allowed({Roles.BUSINESS, Roles.APPROVER, Roles.ADMIN})
  @Operation(
      operationId = "cancelSimulation",
      summary = "Cancel a simulation",
      description = "It stops after the customers being decided; no report is made")
  @APIResponse(
      responseCode = "404",
      description = "No such simulation of this version on this node")
  public RunView cancel(@PathParam("version") String version, @PathParam("id") String id) {
    return RunView.of(facade.cancel(version, id), false);
  }

  /** A simulation: what it was asked, how far it is, and its report once done. */
  @JsonbPropertyOrder({
    "id",
    "version",
    "against",
    "state",
    "startedBy",
    "startedAt",
    "finishedAt",
    "customersDone",
    "customersTotal",
    "channels",
    "sample",
    "seed",
    "failure",
    "report"
  })
  public record RunView(
      String id,
      @Schema(description = "The version simulated") String version,
      @Schema(description = "The version in force it is compared with") String against,
      @Schema(description = "running, done, cancelled or failed") String state,
      String startedBy,
      Instant startedAt,
      Instant finishedAt,
      int customersDone,
      @Schema(description = "Customers in the sample; 0 until it is drawn") int customersTotal,
      List<String> channels,
      int sample,
      long seed,
      String failure,
      ReportView report) {

    static RunView of(Simulations.Run r, boolean withReport) {
      return new RunView(
          r.id(),
          r.candidate(),
          r.active(),
          r.state().name().toLowerCase(java.util.Locale.ROOT),
          r.by(),
          r.startedAt(),
          r.finishedAt(),
          r.done(),
          r.total(),
          r.request().channels().stream().map(Channel::code).toList(),
          r.request().sample(),
          r.request().seed(),
          r.failure(),
          withReport && r.report() != null ? ReportView.of(r.report()) : null);
    }
  }

  /** What the candidate changes, against the version in force. */
  @JsonbPropertyOrder({
    "version",
    "against",
    "customers",
    "decisions",
    "changes",
    "expectedValueBefore",
    "expectedValueAfter",
    "expectedValueChange",
    "failures",
    "channels",
    "rules",
    "changedCustomers"
  })
  public record ReportView(
      String version,
      String against,
      int customers,
      long decisions,
      @Schema(description = "Decisions (customer × channel) whose next best action changes")
          long changes,
      @Schema(description = "Σ mean propensity × value of the next best actions in force")
          double expectedValueBefore,
      double expectedValueAfter,
      double expectedValueChange,
      @Schema(description = "Decisions whose rules exceeded their evaluation limit") long failures,
      List<ChannelView> channels,
      @Schema(
              description =
                  "Each rule that made a difference, with in how many changed decisions; most first")
          Map<String, Long> rules,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = ChangedView.class,
              description = "The changed decisions, at most 500")
          List<ChangedView> changedCustomers) {

    static ReportView of(SimulationReport r) {
      return new ReportView(
          r.candidate(),
          r.active(),
          r.customers(),
          r.channels().stream().mapToLong(SimulationReport.ChannelReport::decisions).sum(),
          r.changes(),
          r.expectedValueBefore(),
          r.expectedValueAfter(),
          r.expectedValueChange(),
          r.failures(),
          r.channels().stream().map(ChannelView::of).toList(),
          r.rules(),
          r.changedCustomers().stream().map(ChangedView::of).toList());
    }
  }

  /** One channel before and after. */
  @JsonbPropertyOrder({
    "channel",
    "decisions",
    "changes",
    "doNothingBefore",
    "doNothingAfter",
    "doNothingRateBefore",
    "doNothingRateAfter",
    "expectedValueBefore",
    "expectedValueAfter",
    "actions"
  })
  public record ChannelView(
      String channel,
      long decisions,
      long changes,
      long doNothingBefore,
      long doNothingAfter,
      double doNothingRateBefore,
      double doNothingRateAfter,
      double expectedValueBefore,
      double expectedValueAfter,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = ActionCountView.class,
              description = "How often each action is the next best action, before and after")
          List<ActionCountView> actions) {

    static ChannelView of(SimulationReport.ChannelReport c) {
      double n = Math.max(1, c.decisions());
      return new ChannelView(
          c.channel().code(),
          c.decisions(),
          c.changes(),
          c.doNothingBefore(),
          c.doNothingAfter(),
          c.doNothingBefore() / n,
          c.doNothingAfter() / n,
          c.expectedValueBefore(),
          c.expectedValueAfter(),
          c.actions().stream()
              .map(a -> new ActionCountView(a.actionId(), a.before(), a.after()))
              .toList());
    }
  }

  /** How often an action is the next best action, before and after. */
  @JsonbPropertyOrder({"actionId", "before", "after"})
  public record ActionCountView(String actionId, long before, long after) {}

  /** A decision whose next best action changes, and why. */
  @JsonbPropertyOrder({
    "customerId",
    "channel",
    "before",
    "beforeTreatment",
    "after",
    "afterTreatment",
    "rules",
    "reason"
  })
  public record ChangedView(
      String customerId,
      String channel,
      @Schema(description = "The action in force; absent: do nothing") String before,
      String beforeTreatment,
      @Schema(description = "The candidate's action; absent: do nothing") String after,
      String afterTreatment,
      List<String> rules,
      String reason) {

    static ChangedView of(SimulationReport.ChangedCustomer c) {
      return new ChangedView(
          c.customerId(),
          c.channel().code(),
          c.before(),
          c.beforeTreatment(),
          c.after(),
          c.afterTreatment(),
          c.rules(),
          c.reason());
    }
  }
}
