package io.parcours.web.api;

import io.parcours.domain.RuleSetActivation;
import io.parcours.engine.RuleSetFacade;
import io.parcours.engine.rules.RuleSetLifecycle;
import io.parcours.rules.RuleSetDiff;
import io.parcours.rules.RuleStatistics;
import io.parcours.web.Roles;
import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Rule sets for business users: upload a version (validated, scenarios run) or make one by editing
 * the actions, journeys and event types of another, activate it, roll back, compare versions, read
 * firing statistics and the audit of rule changes.
 */
@Path("/v1/rulesets")
@ApplicationScoped
@Tag(
    name = "Rule sets",
    description = "Versioned rules: upload, validate, activate, roll back, compare")
@Produces(MediaType.APPLICATION_JSON)
public class RuleSetsResource {

  @Inject RuleSetFacade facade;
  @Context SecurityContext security;
  @Context UriInfo uri;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed({Roles.BUSINESS, Roles.ADMIN})
  @Operation(
      operationId = "uploadRuleSet",
      summary = "Upload a new rule-set version",
      description =
          "Compiles every file and runs the version's scenarios against the action library. A file"
              + " that does not compile refuses the whole version (422, every problem with its file,"
              + " line and column) and nothing is stored. A version whose scenarios fail is stored but"
              + " cannot be activated. Every upload, stored or refused, is kept in the audit of rule"
              + " changes.")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RuleSetUpload")))
  @APIResponse(
      responseCode = "201",
      description = "Stored, with its scenario results",
      content = @Content(schema = @Schema(implementation = RuleSetViews.UploadView.class)))
  @APIResponse(responseCode = "400", description = "A field is missing or invalid")
  @APIResponse(
      responseCode = "409",
      description = "These exact files are already stored as a version")
  @APIResponse(responseCode = "422", description = "A file does not compile; nothing was stored")
  public Response upload(RequestBodies.RuleSetUploadBody body) {
    RuleSetLifecycle.Upload upload = facade.upload(user(), body.comment(), body.ruleFiles());
    return Response.created(
            uri.getBaseUriBuilder().path("v1/rulesets").path(upload.version()).build())
        .entity(RuleSetViews.UploadView.of(upload))
        .build();
  }

  @GET
  @Allowed({Roles.BUSINESS, Roles.COMPLIANCE, Roles.SCIENTIST, Roles.APPROVER, Roles.ADMIN})
  @Operation(
      operationId = "listRuleSets",
      summary = "Every stored version, newest first",
      description = "With the one in force marked active")
  public List<RuleSetViews.SummaryView> list() {
    String active = facade.activeVersion();
    return facade.list().stream().map(s -> RuleSetViews.SummaryView.of(s, active)).toList();
  }

  @GET
  @Path("approval-policy")
  @Allowed({Roles.BUSINESS, Roles.COMPLIANCE, Roles.SCIENTIST, Roles.APPROVER, Roles.ADMIN})
  @Operation(
      operationId = "getApprovalPolicy",
      summary = "How many approvals a version needs before it goes live",
      description =
          "1 by default; 0 means a sandbox, where changes go live without a second pair of eyes")
  public RuleSetViews.ApprovalPolicyView approvalPolicy() {
    return new RuleSetViews.ApprovalPolicyView(facade.approvalsRequired());
  }

  @GET
  @Path("changes")
  @Allowed({Roles.BUSINESS, Roles.COMPLIANCE, Roles.APPROVER, Roles.ADMIN})
  @Operation(
      operationId = "listRuleSetChanges",
      summary = "The audit of rule changes",
      description =
          "Every upload (stored or refused), activation and rollback, newest first: who, when, what, why")
  public List<RuleSetViews.ChangeView> changes(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    int l = CustomersResource.intParameter("limit", limit, 50, 1, 500);
    int o = CustomersResource.intParameter("offset", offset, 0, 0, Integer.MAX_VALUE);
    return facade.changes(l, o).stream().map(RuleSetViews.ChangeView::of).toList();
  }

  @GET
  @Path("active/statistics")
  @Allowed({Roles.BUSINESS, Roles.COMPLIANCE, Roles.SCIENTIST, Roles.APPROVER, Roles.ADMIN})
  @Operation(
      operationId = "getRuleStatistics",
      summary = "How often each rule of the version in force has fired",
      description =
          "Count and last firing per rule, since the version was put in force on this node")
  public RuleSetViews.StatisticsView statistics() {
    RuleStatistics s = facade.statistics();
    return RuleSetViews.StatisticsView.of(facade.activeVersion(), s);
  }

  @POST
  @Path("active/rollback")
  @Allowed({Roles.BUSINESS, Roles.ADMIN})
  @Operation(
      operationId = "rollbackRuleSet",
      summary = "Roll back to the version in force before",
      description = "One call; decisions under way finish on the version they started with")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "RuleSetChangeComment")))
  @APIResponse(responseCode = "200", description = "The earlier version is in force")
  @APIResponse(responseCode = "409", description = "No earlier version was in force")
  public RuleSetViews.ActivationView rollback(RequestBodies.CommentBody body) {
    RuleSetActivation a = facade.rollback(user(), RequestBodies.CommentBody.or(body, "rollback"));
    return RuleSetViews.ActivationView.of(a);
  }

  @GET
  @Path("{version}")
  @Allowed({Roles.BUSINESS, Roles.COMPLIANCE, Roles.SCIENTIST, Roles.APPROVER, Roles.ADMIN})
  @Operation(
      operationId = "getRuleSet",
      summary = "One version",
      description =
          "Its files, author, comment, checksum and scenario results; 'active' names the version in force")
  public RuleSetViews.DetailView detail(@PathParam("version") String version) {
    return RuleSetViews.DetailView.of(facade.detail(version));
  }

  @POST
  @Path("{version}/edits")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed({Roles.BUSINESS, Roles.ADMIN})
  @Operation(
      operationId = "editRuleSet",
      summary = "Make a new version by putting and removing actions, journeys and event types",
      description =
          "Starts from version {version} ('active': the version in force): each item put replaces the one"
              + " with the same id (name for an event type) or is appended, each id removed is deleted; the"
              + " rules and scenarios stay as they are. An action library kept as a table becomes"
              + " actions.json. The new version is then validated and stored like an upload, its author the"
              + " signed-in user; nothing changes for customers until it is approved and activated.")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "StrategyEdit")))
  @APIResponse(
      responseCode = "201",
      description = "Stored, with its scenario results",
      content = @Content(schema = @Schema(implementation = RuleSetViews.UploadView.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "An item put does not read, or an id removed does not exist;"
              + " each problem names the item (actions.put[0].value, journeys.remove[1])")
  @APIResponse(responseCode = "404", description = "No such version")
  @APIResponse(
      responseCode = "409",
      description = "The edited files are already stored as a version")
  @APIResponse(
      responseCode = "422",
      description = "The new version does not compile; nothing was stored")
  public Response edit(@PathParam("version") String version, RequestBodies.StrategyEditBody body) {
    RuleSetLifecycle.Upload upload = facade.edit(user(), body.comment(), body.edit(), version);
    return Response.created(
            uri.getBaseUriBuilder().path("v1/rulesets").path(upload.version()).build())
        .entity(RuleSetViews.UploadView.of(upload))
        .build();
  }

  @GET
  @Path("{version}/strategy")
  @Allowed({Roles.BUSINESS, Roles.COMPLIANCE, Roles.SCIENTIST, Roles.APPROVER, Roles.ADMIN})
  @Operation(
      operationId = "getStrategy",
      summary = "What a version declares besides its rules",
      description =
          "Its action library with each action's treatments, its journeys with their stages, its event types"
              + " and derived features, read from its data files; 'active' names the version in force")
  @APIResponse(
      responseCode = "200",
      description = "The version's actions, journeys, event types and derived features")
  @APIResponse(responseCode = "404", description = "No such version")
  public RuleSetViews.StrategyView strategy(@PathParam("version") String version) {
    return RuleSetViews.StrategyView.of(facade.strategy(version));
  }

  @GET
  @Path("{version}/files/{name}")
  @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
  @Allowed({Roles.BUSINESS, Roles.COMPLIANCE, Roles.SCIENTIST, Roles.APPROVER, Roles.ADMIN})
  @Operation(
      operationId = "getRuleSetFile",
      summary = "One file of a version",
      description = "Text files as text/plain, workbooks as application/octet-stream")
  public Response file(@PathParam("version") String version, @PathParam("name") String name) {
    byte[] content = facade.file(version, name);
    String lower = name.toLowerCase(Locale.ROOT);
    boolean binary = lower.endsWith(".xlsx") || lower.endsWith(".xls");
    return Response.ok(content)
        .type(binary ? MediaType.APPLICATION_OCTET_STREAM : "text/plain; charset=UTF-8")
        .header("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "") + "\"")
        .build();
  }

  @GET
  @Path("{version}/diff")
  @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  @Allowed({Roles.BUSINESS, Roles.COMPLIANCE, Roles.SCIENTIST, Roles.APPROVER, Roles.ADMIN})
  @Operation(
      operationId = "diffRuleSets",
      summary = "What changed between two versions",
      description =
          "From version 'against' (default: the version in force) to this version, file by file; text"
              + " files line by line, workbooks cell by cell; and in 'strategy' the actions, journeys,"
              + " event types and derived features added, removed or changed, field by field (a treatment"
              + " as treatments.<id>.<field>). format=unified gives a classic unified diff of the files as"
              + " text.")
  public Response diff(
      @PathParam("version") String version,
      @QueryParam("against") String against,
      @QueryParam("format") @DefaultValue("json") String format) {
    String from = against == null || against.isBlank() ? "active" : against;
    RuleSetDiff diff = facade.diff(from, version);
    if ("unified".equals(format)) {
      return Response.ok(diff.unified(), "text/plain; charset=UTF-8").build();
    }
    if (!"json".equals(format)) {
      throw new BadRequestBody("format", "format must be json or unified");
    }
    return Response.ok(
            RuleSetViews.DiffView.of(diff, facade.strategyDiff(from, version)),
            MediaType.APPLICATION_JSON)
        .build();
  }

  @POST
  @Path("{version}/reviews")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(Roles.APPROVER)
  @Operation(
      operationId = "reviewRuleSet",
      summary = "Approve or reject a version",
      description =
          "The second pair of eyes: a version goes live only once enough approvers other than its author"
              + " approved it and nobody rejected it. Each approver reviews a version once; the review and"
              + " its comment are kept, in the audit of rule changes too.")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RuleSetReview")))
  @APIResponse(
      responseCode = "201",
      description = "Recorded; where the version's review now stands",
      content = @Content(schema = @Schema(implementation = RuleSetViews.ApprovalView.class)))
  @APIResponse(responseCode = "400", description = "verdict or comment is missing or invalid")
  @APIResponse(responseCode = "403", description = "The approver is the version's author")
  @APIResponse(responseCode = "404", description = "No such version")
  @APIResponse(responseCode = "409", description = "The approver has already reviewed this version")
  public Response review(@PathParam("version") String version, RequestBodies.ReviewBody body) {
    RuleSetLifecycle.Approval approval =
        facade.review(version, user(), body.approves(), body.comment());
    return Response.status(Response.Status.CREATED)
        .entity(RuleSetViews.ApprovalView.of(version, approval))
        .build();
  }

  @POST
  @Path("{version}/activate")
  @Allowed({Roles.BUSINESS, Roles.ADMIN})
  @Operation(
      operationId = "activateRuleSet",
      summary = "Put a version in force",
      description =
          "Only once enough approvers other than its author approved it and nobody rejected it"
              + " (parcours.rulesets.approvals-required, 1 by default). Compiles it and runs its scenarios"
              + " against the current action library, then swaps it in atomically: no decision fails or"
              + " sees half a rule set. A failing scenario blocks the activation and is named.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "RuleSetChangeComment")))
  @APIResponse(responseCode = "200", description = "The version is in force")
  @APIResponse(responseCode = "404", description = "No such version")
  @APIResponse(responseCode = "409", description = "Not approved yet, or rejected")
  @APIResponse(
      responseCode = "422",
      description = "A scenario fails, or the version no longer compiles")
  public RuleSetViews.ActivationView activate(
      @PathParam("version") String version, RequestBodies.CommentBody body) {
    RuleSetActivation a =
        facade.activate(
            version, user(), RequestBodies.CommentBody.or(body, "activation of " + version));
    return RuleSetViews.ActivationView.of(a);
  }

  private String user() {
    return security.getUserPrincipal().getName();
  }
}
