package io.parcours.web.api;

import io.parcours.engine.UserFacade;
import io.parcours.engine.runtime.UserAdministration;
import io.parcours.web.Roles;
import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.security.Allowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The administration of users: one user per person and per channel system, with its own password
 * and roles. Passwords are never shown by a read; one Parcours chooses is shown once, in the answer
 * to the request that made it. Every change is recorded with the name of the administrator who made
 * it.
 */
@Path("/v1")
@RequestScoped
@Tag(name = "Users", description = "People and channel systems: their roles, passwords and state")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

  @EJB UserFacade facade;

  @Context SecurityContext security;

  @Context UriInfo uri;

  /** A user: never its password. */
  @JsonbPropertyOrder({"username", "displayName", "roles", "enabled", "createdAt", "changedAt"})
  public record UserView(
      String username,
      String displayName,
      List<String> roles,
      boolean enabled,
      Instant createdAt,
      Instant changedAt) {
    static UserView of(UserAdministration.UserView u) {
      return new UserView(
          u.username(),
          u.displayName(),
          u.roles().stream().sorted().toList(),
          u.enabled(),
          u.createdAt(),
          u.changedAt());
    }
  }

  /**
   * A user just created or given a new password, with the password Parcours chose: shown this once.
   */
  @JsonbPropertyOrder({"user", "password"})
  public record WithPasswordView(
      UserView user,
      @Schema(
              description =
                  "The password Parcours chose, shown only in this answer; absent when the request gave one")
          String password) {
    static WithPasswordView of(UserAdministration.WithPassword w) {
      return new WithPasswordView(UserView.of(w.user()), w.generatedPassword());
    }
  }

  /** One recorded change of a user. */
  @JsonbPropertyOrder({"changeId", "username", "kind", "changedBy", "changedAt", "details"})
  public record ChangeView(
      long changeId,
      String username,
      @Schema(enumeration = {"created", "disabled", "enabled", "roles-changed", "password-reset"})
          String kind,
      @Schema(
              description =
                  "The person who made it, or the command or demo mode that did, in parentheses")
          String changedBy,
      Instant changedAt,
      @Schema(description = "What changed, as JSON text: roles before and after; never a password")
          String details) {
    static ChangeView of(UserAdministration.UserChange c) {
      return new ChangeView(
          c.id(), c.username(), c.kind(), c.changedBy(), c.changedAt(), c.details());
    }
  }

  @GET
  @Path("users")
  @Allowed(Roles.ADMIN)
  @Operation(
      operationId = "listUsers",
      summary = "Every user, by name",
      description = "Names, display names, roles and state; never passwords")
  public List<UserView> list() {
    return facade.list().stream().map(UserView::of).toList();
  }

  @GET
  @Path("users/{username}")
  @Allowed(Roles.ADMIN)
  @Operation(operationId = "getUser", summary = "One user")
  @APIResponse(responseCode = "404", description = "No user of that name (problem+json)")
  public UserView user(@PathParam("username") String username) {
    return UserView.of(facade.find(username));
  }

  @POST
  @Path("users")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(Roles.ADMIN)
  @Operation(
      operationId = "createUser",
      summary = "Create a user for a person or a channel system",
      description =
          "`{\"username\": \"ana.silva\", \"displayName\": \"Ana Silva\", \"roles\": [\"business\"]}`, with"
              + " a `password` of 12 to 200 characters or without one: then Parcours chooses one and shows it in"
              + " this answer only. Recorded with the administrator's name.")
  @RequestBody(
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NewUser")))
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = WithPasswordView.class)))
  @APIResponse(responseCode = "400", description = "A field is missing or invalid (problem+json)")
  @APIResponse(responseCode = "409", description = "The name is taken (problem+json)")
  public Response create(RequestBodies.NewUserBody body) {
    String username = body.username();
    UserAdministration.WithPassword created =
        facade.create(
            by(), username, body.displayName(), new LinkedHashSet<>(body.roles()), body.password());
    return Response.created(uri.getBaseUriBuilder().path("v1/users/{username}").build(username))
        .entity(WithPasswordView.of(created))
        .build();
  }

  @POST
  @Path("users/{username}/disable")
  @Allowed(Roles.ADMIN)
  @Operation(
      operationId = "disableUser",
      summary = "Disable a user: it cannot sign in from the next request on, on every node",
      description =
          "The user and the records naming it stay. The last enabled administrator cannot be disabled.")
  @APIResponse(responseCode = "404", description = "No user of that name (problem+json)")
  @APIResponse(responseCode = "409", description = "The last enabled administrator (problem+json)")
  public UserView disable(@PathParam("username") String username) {
    return UserView.of(facade.setEnabled(by(), username, false));
  }

  @POST
  @Path("users/{username}/enable")
  @Allowed(Roles.ADMIN)
  @Operation(operationId = "enableUser", summary = "Enable a disabled user again")
  @APIResponse(responseCode = "404", description = "No user of that name (problem+json)")
  public UserView enable(@PathParam("username") String username) {
    return UserView.of(facade.setEnabled(by(), username, true));
  }

  @PUT
  @Path("users/{username}/roles")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(Roles.ADMIN)
  @Operation(
      operationId = "setUserRoles",
      summary = "Give a user exactly these roles",
      description =
          "`{\"roles\": [\"business\", \"compliance\"]}`; counts from the user's next request on. The last"
              + " enabled administrator keeps `admin`.")
  @RequestBody(
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "UserRoles")))
  @APIResponse(responseCode = "400", description = "No role, or an unknown one (problem+json)")
  @APIResponse(responseCode = "404", description = "No user of that name (problem+json)")
  @APIResponse(
      responseCode = "409",
      description = "It would leave no enabled administrator (problem+json)")
  public UserView setRoles(@PathParam("username") String username, RequestBodies.RolesBody body) {
    return UserView.of(facade.setRoles(by(), username, new LinkedHashSet<>(body.roles())));
  }

  @POST
  @Path("users/{username}/password")
  @Allowed(Roles.ADMIN)
  @Operation(
      operationId = "resetPassword",
      summary = "Reset a user's password",
      description =
          "`{\"password\": \"…\"}` sets it; no body, or `{}`, has Parcours choose one and show it in this"
              + " answer only. The old password stops working at the next request.")
  @RequestBody(
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NewPassword")))
  @APIResponse(
      responseCode = "200",
      description = "Reset",
      content = @Content(schema = @Schema(implementation = WithPasswordView.class)))
  @APIResponse(responseCode = "404", description = "No user of that name (problem+json)")
  public WithPasswordView resetPassword(
      @PathParam("username") String username, RequestBodies.PasswordBody body) {
    String password = body == null ? null : body.password();
    return WithPasswordView.of(facade.resetPassword(by(), username, password));
  }

  @GET
  @Path("user-changes")
  @Allowed(Roles.ADMIN)
  @Operation(
      operationId = "listUserChanges",
      summary = "The record of changes to users: who made each, when, what, to whom",
      description = "Newest first; `username` narrows it to one user")
  public List<ChangeView> changes(
      @QueryParam("username") String username,
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("offset") @DefaultValue("0") int offset) {
    if (limit < 1 || limit > 1000 || offset < 0) {
      throw new BadRequestBody("limit", "limit must be 1 to 1000 and offset 0 or more");
    }
    return facade
        .changes(username == null || username.isBlank() ? null : username, limit, offset)
        .stream()
        .map(ChangeView::of)
        .toList();
  }

  private String by() {
    return security.getUserPrincipal().getName();
  }
}
