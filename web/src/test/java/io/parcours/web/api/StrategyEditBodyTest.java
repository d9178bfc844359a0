package io.parcours.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.engine.RuleSetFacade;
import io.parcours.engine.rules.RuleSetLifecycle;
import io.parcours.engine.strategy.StrategyEdit;
import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.problem.Problem;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The body of an edit of a version's strategy is read whole: every member that is wrong is named at
 * once, by its path in the body, and a body that reads reaches the facade as the edit it says, made
 * by the signed-in user.
 */
class StrategyEditBodyTest {

  /** Stops the request once the facade has it: what comes after needs a running server. */
  private static final class Reached extends RuntimeException {}

  private record Call(String author, String comment, StrategyEdit edit, String basedOn) {}

  private Call call;

  private RuleSetsResource resource() {
    RuleSetsResource r = new RuleSetsResource();
    r.facade =
        new RuleSetFacade() {
          @Override
          public RuleSetLifecycle.Upload edit(
              String author, String comment, StrategyEdit edit, String basedOn) {
            call = new Call(author, comment, edit, basedOn);
            throw new Reached();
          }
        };
    r.security =
        new SecurityContext() {
          @Override
          public Principal getUserPrincipal() {
            return () -> "alice";
          }

          @Override
          public boolean isUserInRole(String role) {
            return true;
          }

          @Override
          public boolean isSecure() {
            return true;
          }

          @Override
          public String getAuthenticationScheme() {
            return BASIC_AUTH;
          }
        };
    return r;
  }

  /** The body read as the server reads it, then given to the resource. */
  private void edit(String body) {
    resource().edit("3", JsonRecords.read(RequestBodies.StrategyEditBody.class, body));
  }

  private Map<String, String> refused(String body) {
    BadRequestBody bad = assertThrows(BadRequestBody.class, () -> edit(body));
    return bad.errors().stream()
        .collect(Collectors.toMap(Problem.FieldError::field, Problem.FieldError::message));
  }

  @Test
  void aBodyThatReadsReachesTheFacadeAsTheEditItSays() {
    String body =
        "{\"comment\": \"savings worth more\","
            + " \"actions\": {\"put\": [{\"id\": \"savings-account\", \"value\": 25}], \"remove\": [\"travel-fees-info\"]},"
            + " \"eventTypes\": {\"remove\": [\"churn.scored\"]}}";

    assertThrows(Reached.class, () -> edit(body));

    assertEquals(
        List.of("alice", "savings worth more", "3"),
        List.of(call.author(), call.comment(), call.basedOn()));
    assertEquals(25, call.edit().actions().put().get(0).getInt("value"));
    assertEquals(List.of("travel-fees-info"), call.edit().actions().remove());
    assertSame(StrategyEdit.Part.NONE, call.edit().journeys());
    assertEquals(List.of("churn.scored"), call.edit().eventTypes().remove());
  }

  @Test
  void everyWrongMemberIsNamedByItsPathAtOnce() {
    Map<String, String> errors =
        refused(
            "{\"actions\": {\"put\": [{\"id\": \"a\"}, \"savings\"], \"puts\": []},"
                + " \"journeys\": {\"remove\": [3]}, \"eventTypes\": [], \"reason\": \"typo\"}");

    assertEquals("is required", errors.get("comment"));
    assertTrue(errors.get("actions.put[1]").startsWith("must be an object"), errors.toString());
    assertTrue(errors.get("actions.puts").contains("is not a member"), errors.toString());
    assertTrue(errors.get("journeys.remove[0]").startsWith("must be a string"), errors.toString());
    assertEquals(
        Map.of("journeys.remove[0]", "must be the id of a journey to remove"),
        refused("{\"comment\": \"blank\", \"journeys\": {\"remove\": [\" \"]}}"));
    assertTrue(errors.get("eventTypes").startsWith("must be an object"), errors.toString());
    assertTrue(errors.get("reason").contains("is not a member"), errors.toString());
    assertEquals(null, call, "nothing reached the facade");
  }

  @Test
  void anEditThatChangesNothingIsRefused() {
    Map<String, String> errors =
        refused("{\"comment\": \"nothing\", \"actions\": {\"put\": [], \"remove\": []}}");

    assertEquals(List.of("body"), List.copyOf(errors.keySet()));
    assertTrue(errors.get("body").contains("changes nothing"), errors.toString());
  }
}
