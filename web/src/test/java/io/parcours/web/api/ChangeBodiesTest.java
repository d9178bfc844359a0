package io.parcours.web.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.engine.runtime.UserDirectory;
import io.parcours.engine.strategy.Simulations;
import io.parcours.models.ContextualProbitModels;
import io.parcours.web.api.RequestBodies.ChallengerBody;
import io.parcours.web.api.RequestBodies.CommentBody;
import io.parcours.web.api.RequestBodies.NewUserBody;
import io.parcours.web.api.RequestBodies.OfflineEvaluationBody;
import io.parcours.web.api.RequestBodies.ReasonBody;
import io.parcours.web.api.RequestBodies.RuleSetUploadBody;
import io.parcours.web.api.RequestBodies.SimulationBody;
import io.parcours.web.api.RequestBodies.TrafficShareBody;
import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;

/**
 * The bodies of the changes business users, approvers, data scientists and administrators make —
 * rule-set uploads, simulations, model changes, users — read by the one reader: each wrong member
 * named by its path, the domain's own checks answered with the declared ones.
 */
class ChangeBodiesTest {

  private static Map<String, String> refused(Class<? extends Record> type, String body) {
    BadRequestBody bad = assertThrows(BadRequestBody.class, () -> JsonRecords.read(type, body));
    return bad.errors().stream()
        .collect(
            Collectors.toMap(
                Problem.FieldError::field, Problem.FieldError::message, (a, b) -> a, TreeMap::new));
  }

  @Test
  void aRuleSetUploadNamesEachWrongFileByItsPlace() {
    Map<String, String> errors =
        refused(
            RuleSetUploadBody.class,
            "{\"comment\": \"caps\", \"files\": ["
                + "{\"name\": \"caps.drl\", \"content\": \"package p;\"},"
                + "{\"name\": \"empty.drl\"},"
                + "{\"name\": \"notes.txt\", \"content\": \"hello\"},"
                + "{\"name\": \"both.drl\", \"content\": \"a\", \"contentBase64\": \"YQ==\"},"
                + "{\"name\": \"table.xlsx\", \"content\": \"cells\"},"
                + "{\"name\": \"bad.xls\", \"contentBase64\": \"A\"},"
                + "{\"name\": \"caps.drl\", \"content\": \"package q;\"}]}");
    assertEquals(
        "[files[1].content, files[2].name, files[3].content, files[4].content,"
            + " files[5].contentBase64, files[6].name]",
        errors.keySet().toString(),
        errors.toString());
    assertTrue(errors.get("files[1].content").contains("give the file's text in content"));
    assertTrue(errors.get("files[2].name").contains("is not a rule file"), errors.toString());
    assertTrue(errors.get("files[3].content").contains("(not both)"), errors.toString());
    assertTrue(errors.get("files[4].content").contains("Excel"), errors.toString());
    assertTrue(errors.get("files[5].contentBase64").contains("base64"), errors.toString());
    assertEquals(
        "'caps.drl' appears twice; each file name must be unique", errors.get("files[6].name"));
  }

  @Test
  void aRuleSetUploadReadsTextAndBytes() {
    RuleSetUploadBody body =
        JsonRecords.read(
            RuleSetUploadBody.class,
            "{\"comment\": \"caps\", \"files\": [{\"name\": \"caps.drl\", \"content\": \"rule\"},"
                + " {\"name\": \"t.xlsx\", \"contentBase64\": \"AAEC\"}]}");
    assertEquals(
        List.of("caps.drl", "t.xlsx"), body.ruleFiles().stream().map(f -> f.name()).toList());
    assertArrayEquals("rule".getBytes(StandardCharsets.UTF_8), body.ruleFiles().get(0).content());
    assertArrayEquals(new byte[] {0, 1, 2}, body.ruleFiles().get(1).content());
    assertEquals(
        Map.of("comment", "is required", "files", "must not be empty"),
        refused(RuleSetUploadBody.class, "{\"files\": []}"));
  }

  @Test
  void aTrafficShareOutOfRangeIsNamedWithTheRange() {
    Map<String, String> errors =
        refused(
            ChallengerBody.class,
            "{\"modelBase64\": \"not base64!\", \"trafficShare\": 0.9, \"priorVariance\": 0,"
                + " \"description\": \"too much\", \"reason\": \" \"}");
    assertEquals(
        "[modelBase64, priorVariance, reason, trafficShare]",
        errors.keySet().toString(),
        errors.toString());
    assertEquals("must be above 0 and at most 0.5, was 0.9", errors.get("trafficShare"));
    assertEquals("must not be blank", errors.get("reason"));
    assertEquals(
        Map.of("trafficShare", "must be above 0 and at most 0.5, was 0"),
        refused(TrafficShareBody.class, "{\"trafficShare\": 0}"));
    assertEquals(
        Map.of("trafficShare", "is required"),
        refused(TrafficShareBody.class, "{\"reason\": \"more\"}"));
    assertEquals(
        "traffic share changed",
        JsonRecords.read(TrafficShareBody.class, "{\"trafficShare\": 0.5}").reasonOrDefault());
  }

  @Test
  void theShareDeclaredIsTheModelsLargest() throws Exception {
    assertEquals(
        ContextualProbitModels.MAX_CHALLENGER_SHARE,
        Double.parseDouble(schema(ChallengerBody.class, "trafficShare").maximum()));
    assertEquals(
        ContextualProbitModels.MAX_CHALLENGER_SHARE,
        Double.parseDouble(schema(TrafficShareBody.class, "trafficShare").maximum()));
  }

  @Test
  void aChangeWithoutABodyOrAReasonTakesItsFallback() {
    assertEquals("dropped", ReasonBody.or(null, "dropped"));
    assertEquals("dropped", ReasonBody.or(JsonRecords.read(ReasonBody.class, "{}"), "dropped"));
    assertEquals(
        "complaints",
        ReasonBody.or(JsonRecords.read(ReasonBody.class, "{\"reason\": \"complaints\"}"), "x"));
    assertEquals("rollback", CommentBody.or(null, "rollback"));
    assertEquals(
        Map.of("comment", "must not be blank"), refused(CommentBody.class, "{\"comment\": \" \"}"));
  }

  @Test
  void anOfflineEvaluationTakesDatesOrInstantsAndAClipAboveOne() {
    OfflineEvaluationBody body =
        JsonRecords.read(
            OfflineEvaluationBody.class,
            "{\"from\": \"2026-11-01\", \"to\": \"2026-12-01T08:00:00Z\"}");
    assertEquals(Instant.parse("2026-11-01T00:00:00Z"), body.range().from());
    assertEquals(Double.POSITIVE_INFINITY, body.clipOrNone());
    Map<String, String> errors =
        refused(
            OfflineEvaluationBody.class,
            "{\"from\": \"yesterday\", \"to\": \"2026-12-01\", \"clip\": 0.5}");
    assertEquals("[clip, from]", errors.keySet().toString(), errors.toString());
    assertTrue(errors.get("from").contains("neither a date"), errors.toString());
  }

  @Test
  void aSimulationNamesItsWrongChannelsSampleAndMembers() {
    Map<String, String> errors =
        refused(
            SimulationBody.class,
            "{\"channels\": [\"web\", \"fax\"], \"sample\": 0, \"seed\": 1.5, \"speed\": 1}");
    assertEquals(
        "[channels[1], sample, seed, speed]", errors.keySet().toString(), errors.toString());
    assertTrue(errors.get("channels[1]").contains("fax"), errors.toString());
    assertEquals(
        "must be a whole number of customers from 1 to 10000000, or \"all\"", errors.get("sample"));
    SimulationBody all =
        JsonRecords.read(
            SimulationBody.class,
            "{\"channels\": [\"app\", \"web\", \"app\"], \"sample\": \"all\"}");
    assertEquals(List.of(Channel.APP, Channel.WEB), all.channelsOrAll());
    assertEquals(Integer.MAX_VALUE, all.sampleOrDefault());
    assertEquals(1, all.seedOrDefault());
    SimulationBody none = JsonRecords.read(SimulationBody.class, "{}");
    assertEquals(List.of(Channel.values()), none.channelsOrAll());
    assertEquals(Simulations.DEFAULT_SAMPLE, none.sampleOrDefault());
  }

  @Test
  void aNewUserIsCheckedWhole() {
    Map<String, String> errors =
        refused(
            NewUserBody.class,
            "{\"username\": \"Ana Silva\", \"roles\": [\"business\", \"root\"], \"password\": \"x\"}");
    assertEquals("[password, roles[1], username]", errors.keySet().toString(), errors.toString());
    assertEquals("must be at least 12 characters", errors.get("password"));
    assertEquals("must be one of " + UserDirectory.ROLES, errors.get("roles[1]"));
    assertEquals(
        Map.of("roles", "must not be empty"),
        refused(NewUserBody.class, "{\"username\": \"ana\", \"roles\": []}"));
    assertTrue(
        refused(NewUserBody.class, "{\"username\": \"parcours\", \"roles\": [\"admin\"]}")
            .get("username")
            .contains("not 'parcours'"),
        "the name of Parcours' own changes is refused with the body's other problems");
    NewUserBody ana =
        JsonRecords.read(
            NewUserBody.class, "{\"username\": \"ana.silva\", \"roles\": [\"admin\"]}");
    assertNull(ana.password());
  }

  @Test
  void theRoleCountDeclaredIsTheNumberOfRoles() {
    assertEquals(UserDirectory.ROLES.size(), RequestBodies.ROLE_COUNT);
  }

  private static Schema schema(Class<?> type, String member) throws NoSuchFieldException {
    return type.getDeclaredField(member).getAnnotation(Schema.class);
  }
}
