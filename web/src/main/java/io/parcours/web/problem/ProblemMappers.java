package io.parcours.web.problem;

import io.parcours.engine.EngineUnavailableException;
import io.parcours.engine.IdentityConflictException;
import io.parcours.engine.InvalidEventException;
import io.parcours.engine.InvalidMappingException;
import io.parcours.engine.InvalidResponseException;
import io.parcours.engine.InvalidStrategyEditException;
import io.parcours.engine.MalformedImportException;
import io.parcours.engine.ModelChangeException;
import io.parcours.engine.RuleSetConflictException;
import io.parcours.engine.RuleSetLimitException;
import io.parcours.engine.RuleSetRejectedException;
import io.parcours.engine.RuleSetReviewException;
import io.parcours.engine.ScenariosFailedException;
import io.parcours.engine.UnknownCustomerException;
import io.parcours.engine.UnknownDecisionException;
import io.parcours.engine.UnknownModelException;
import io.parcours.engine.UnknownRuleSetException;
import io.parcours.engine.UnknownSimulationException;
import io.parcours.engine.UnknownUserException;
import io.parcours.engine.UserChangeException;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every exception that reaches the API into a problem document: a client's mistake gets a 4xx
 * that says what was wrong; the engine's own failure gets a 5xx that says what to do and is logged,
 * with no stack trace in the answer.
 */
@Provider
public class ProblemMappers implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

  @Context UriInfo uri;

  /** How long a client is asked to wait before it retries a request answered 503. */
  static final String RETRY_AFTER_SECONDS = "1";

  @Override
  public Response toResponse(Throwable thrown) {
    Problem problem = problem(unwrap(thrown));
    Response response = problem.toResponse();
    if (problem.status() == 503) {
      return Response.fromResponse(response).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
    return response;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while (current instanceof EJBException && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private Problem problem(Throwable t) {
    String path = uri == null ? null : uri.getRequestUri().getPath();
    if (t instanceof BadRequestBody bad) {
      return Problem.invalid(400, bad.getMessage(), path, bad.errors());
    }
    if (t instanceof UnknownCustomerException e) {
      return Problem.of("unknown-customer", "Unknown customer", 404, e.getMessage(), path);
    }
    if (t instanceof IdentityConflictException e) {
      return Problem.of(
          "identity-conflict",
          "Conflicts with the stored identities or records",
          409,
          e.getMessage(),
          path);
    }
    if (t instanceof MalformedImportException e) {
      var r = e.report();
      return Problem.malformedFile(
          e.getMessage()
              + (r == null
                  ? ""
                  : "; rows committed before it stay ("
                      + r.imported()
                      + " imported, "
                      + r.updated()
                      + " updated, "
                      + r.skipped()
                      + " skipped); fix the file and"
                      + " send it again: customers already imported are updated"),
          path,
          e.line());
    }
    if (t instanceof InvalidMappingException e) {
      return Problem.of("invalid-mapping", "The mapping cannot be used", 422, e.getMessage(), path);
    }
    if (t instanceof UnknownDecisionException e) {
      return Problem.of("unknown-decision", "Unknown decision", 404, e.getMessage(), path);
    }
    if (t instanceof UnknownModelException e) {
      return Problem.of("unknown-model", "Unknown model", 404, e.getMessage(), path);
    }
    if (t instanceof InvalidStrategyEditException e) {
      return Problem.invalid(
          400,
          e.getMessage(),
          path,
          e.problems().stream().map(p -> new Problem.FieldError(p.field(), p.message())).toList());
    }
    if (t instanceof InvalidEventException e) {
      return Problem.invalid(
          422,
          e.getMessage(),
          path,
          e.problems().stream().map(p -> new Problem.FieldError(p.field(), p.message())).toList());
    }
    if (t instanceof ModelChangeException e) {
      return e.kind() == ModelChangeException.Kind.CONFLICT
          ? Problem.of(
              "model-conflict",
              "Conflicts with the model versions' roles",
              409,
              e.getMessage(),
              path)
          : Problem.of("model-unusable", "The model cannot be used", 422, e.getMessage(), path);
    }
    if (t instanceof UnknownUserException e) {
      return Problem.of("unknown-user", "Unknown user", 404, e.getMessage(), path);
    }
    if (t instanceof UserChangeException e) {
      return e.kind() == UserChangeException.Kind.CONFLICT
          ? Problem.of(
              "user-conflict", "Conflicts with the stored users", 409, e.getMessage(), path)
          : Problem.invalid(
              422,
              e.getMessage(),
              path,
              List.of(new Problem.FieldError(e.field(), e.getMessage())));
    }
    if (t instanceof UnknownSimulationException e) {
      return Problem.of("unknown-simulation", "Unknown simulation", 404, e.getMessage(), path);
    }
    if (t instanceof UnknownRuleSetException e) {
      return Problem.of("unknown-rule-set", "Unknown rule set", 404, e.getMessage(), path);
    }
    if (t instanceof RuleSetRejectedException e) {
      return Problem.compilation(
          e.getMessage(),
          path,
          e.problems().stream()
              .map(p -> new Problem.CompilationError(p.file(), p.line(), p.column(), p.message()))
              .toList());
    }
    if (t instanceof ScenariosFailedException e) {
      return Problem.scenarios(
          e.getMessage(),
          path,
          e.report().failures().stream()
              .map(r -> new Problem.FailedScenario(r.file(), r.line(), r.name(), r.failures()))
              .toList());
    }
    if (t instanceof RuleSetReviewException e) {
      return switch (e.kind()) {
        case OWN_VERSION ->
            Problem.of(
                "own-rule-set", "Nobody approves their own change", 403, e.getMessage(), path);
        case ALREADY_REVIEWED ->
            Problem.conflict(
                "already-reviewed", "Already reviewed", e.getMessage(), path, e.version());
        case NOT_APPROVED ->
            Problem.conflict(
                "not-approved", "Not approved for activation", e.getMessage(), path, e.version());
      };
    }
    if (t instanceof RuleSetConflictException e) {
      return Problem.conflict(
          "rule-set-conflict",
          "Conflicts with a stored rule set",
          e.getMessage(),
          path,
          e.version());
    }
    if (t instanceof InvalidResponseException e) {
      return Problem.invalid(
          422, e.getMessage(), path, List.of(new Problem.FieldError(e.field(), e.getMessage())));
    }
    if (t instanceof RuleSetLimitException e) {
      // Logged with the rule where the limit was crossed; the answer says whose fault it is and the
      // way out.
      return Problem.of(
          "rule-set-limit",
          "The rule set exceeded its evaluation limit",
          503,
          e.getMessage(),
          path);
    }
    if (t instanceof EngineUnavailableException e) {
      if (EngineUnavailableException.databaseUnreachable(e)) {
        // said once by the database's availability when it went away; not once per request
        LOG.log(Level.FINE, "request not completed, the database is away: " + e.getMessage());
      } else {
        LOG.log(Level.WARNING, "request not completed: " + e.getMessage(), e);
      }
      return Problem.of("engine-unavailable", "Try again", 503, e.getMessage(), path);
    }
    if (EngineUnavailableException.databaseUnreachable(t)) {
      LOG.log(Level.FINE, "request not completed, the database is away: " + t);
      return Problem.of(
          "database-unavailable",
          "Try again",
          503,
          "the database is not answering right now, so nothing was stored; retry in a second",
          path);
    }
    if (t instanceof WebApplicationException e) {
      int status = e.getResponse().getStatus();
      return Problem.of(
          "http-" + status,
          Response.Status.fromStatusCode(status) == null
              ? "HTTP " + status
              : Response.Status.fromStatusCode(status).getReasonPhrase(),
          status,
          webDetail(status),
          path);
    }
    LOG.log(Level.SEVERE, "unexpected failure on " + path, t);
    return Problem.of(
        "internal-error",
        "Internal error",
        500,
        "the engine failed to answer; the failure is logged on the server. Retry, and report it if it lasts",
        path);
  }

  private static String webDetail(int status) {
    return switch (status) {
      case 401 ->
          "sign in: HTTP Basic with your Parcours user, or a bearer token for a channel system";
      case 403 -> "your user's role does not allow this request";
      case 404 -> "there is no resource at this path; the API is described at /openapi";
      case 405 -> "this path does not accept that HTTP method; the API is described at /openapi";
      case 406 ->
          "this resource cannot answer in the media type the Accept header asks for; the API at /openapi lists each resource's (errors are application/problem+json)";
      case 415 -> "send the body as application/json";
      default -> "the request was not accepted (HTTP " + status + ")";
    };
  }
}
