package io.parcours.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.Direction;
import io.parcours.domain.IdentityType;
import io.parcours.domain.Purpose;
import io.parcours.web.api.RequestBodies.ConsentsBody;
import io.parcours.web.api.RequestBodies.DecisionRequestBody;
import io.parcours.web.api.RequestBodies.EventBatchBody;
import io.parcours.web.api.RequestBodies.EventBody;
import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.problem.Problem;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;

/**
 * A body is read into its record and checked against the constraints its record declares for the
 * OpenAPI document: every wrong member is named at once, by its path in the body.
 */
class JsonRecordsTest {

  private static Map<String, String> refused(Class<? extends Record> type, String body) {
    BadRequestBody bad = assertThrows(BadRequestBody.class, () -> JsonRecords.read(type, body));
    return bad.errors().stream()
        .collect(
            Collectors.toMap(
                Problem.FieldError::field, Problem.FieldError::message, (a, b) -> a, TreeMap::new));
  }

  @Test
  void aDecisionRequestReadsWithItsDefaultsAndItsContextAsText() {
    DecisionRequestBody body =
        JsonRecords.read(
            DecisionRequestBody.class,
            "{\"customerId\": \"C1\", \"channel\": \"web\","
                + " \"context\": {\"page\": \"cards\", \"items\": 3, \"amount\": 2.5, \"vip\": true}}");
    assertEquals("C1", body.customerId());
    assertEquals("web", body.channel());
    assertNull(body.limit());
    assertEquals(Direction.INBOUND, body.directionOrDefault());
    assertEquals(
        Map.of("page", "cards", "items", "3", "amount", "2.5", "vip", "true"), body.contextText());
  }

  @Test
  void everyWrongMemberIsNamedAtOnce() {
    Map<String, String> errors =
        refused(
            DecisionRequestBody.class,
            "{\"channel\": \"fax\", \"direction\": 1, \"limit\": 21, \"context\": {\"a\": [1]},"
                + " \"colour\": \"red\"}");
    assertEquals(
        "[channel, colour, context.a, customerId, direction, limit]",
        errors.keySet().toString(),
        errors.toString());
    assertTrue(errors.get("colour").contains("is not a member"), errors.toString());
    assertTrue(errors.get("limit").contains("at most 20"), errors.toString());
    assertTrue(errors.get("direction").contains("must be a string"), errors.toString());
    assertTrue(errors.get("channel").startsWith("must be one of [web, app"), errors.toString());
    assertEquals("is required, unless the customer is named by identity", errors.get("customerId"));
  }

  @Test
  void aBodyChecksWhatSpansItsMembersOnceTheyRead() {
    Map<String, String> both =
        refused(
            DecisionRequestBody.class,
            "{\"customerId\": \"C1\", \"identity\": {\"type\": \"cookie\", \"value\": \"k\"},"
                + " \"channel\": \"web\"}");
    assertEquals(
        Map.of("identity", "name the customer by customerId or by identity, not both"), both);
    Map<String, String> nested =
        refused(
            DecisionRequestBody.class,
            "{\"identity\": {\"type\": \"pigeon\", \"value\": \"\"}, \"channel\": \"web\"}");
    assertTrue(nested.get("identity.type").startsWith("must be one of"), nested.toString());
    assertEquals("must not be blank", nested.get("identity.value"));
  }

  @Test
  void itemsOfAListAreNamedByTheirPlace() {
    Map<String, String> errors =
        refused(
            EventBatchBody.class,
            "{\"events\": [{\"customerId\": \"C1\", \"type\": \"login\","
                + " \"occurredAt\": \"2026-12-07T09:30:00Z\", \"idempotencyKey\": \"k1\"},"
                + " {\"customerId\": \"C1\", \"type\": \"login\", \"occurredAt\": \"yesterday\"},"
                + " 7]}");
    assertEquals("[events[1].occurredAt, events[2]]", errors.keySet().toString());
    assertTrue(errors.get("events[1].occurredAt").contains("instant"), errors.toString());
    assertEquals("must be an object, not a number", errors.get("events[2]"));
    assertEquals(
        Map.of("events", "must not be empty"), refused(EventBatchBody.class, "{\"events\": []}"));
    assertEquals(
        Map.of("events[0].idempotencyKey", "is required: a key unique to this event"),
        refused(
            EventBatchBody.class,
            "{\"events\": [{\"customerId\": \"C1\", \"type\": \"login\","
                + " \"occurredAt\": \"2026-12-07T09:30:00Z\"}]}"));
  }

  @Test
  void anEventCarriesItsAttributesWithTheirJsonTypes() {
    EventBody body =
        JsonRecords.read(
            EventBody.class,
            "{\"customerId\": \"C1\", \"type\": \"payment.missed\","
                + " \"occurredAt\": \"2026-12-07T09:30:00Z\", \"attributes\": {\"amount\": 420, \"late\": true}}");
    var event = body.event("key-1");
    assertEquals(Map.of("amount", 420.0, "late", true), event.attributes());
    assertEquals("key-1", event.idempotencyKey());
  }

  @Test
  void notJsonAndNotAnObjectAreSaidAsSuch() {
    assertEquals(
        "the request body is not valid JSON (line 1, column 2)",
        refused(ConsentsBody.class, "{x").get("body"));
    assertTrue(refused(ConsentsBody.class, "[1]").get("body").contains("must be a JSON object"));
    assertTrue(refused(ConsentsBody.class, "").get("body").contains("empty"));
  }

  @Test
  void aConsentCodeIsCheckedByTheDomain() {
    Map<String, String> errors =
        refused(
            ConsentsBody.class,
            "{\"granted\": [\"sms:marketing\", \"sms:gossip\"], \"source\": \"\","
                + " \"textVersion\": \"2026-10\"}");
    assertEquals("[granted[1], source]", errors.keySet().toString(), "the codes with the members");
    Map<String, String> codes =
        refused(
            ConsentsBody.class,
            "{\"granted\": [\"sms:marketing\", \"sms:gossip\"], \"source\": \"web\","
                + " \"textVersion\": \"2026-10\"}");
    assertEquals("[granted[1]]", codes.keySet().toString());
    ConsentsBody ok =
        JsonRecords.read(
            ConsentsBody.class,
            "{\"granted\": [\"sms:marketing\"], \"source\": \"web\", \"textVersion\": \"2026-10\"}");
    assertEquals(
        java.util.Set.of(Consent.fromCode("sms:marketing")), ok.consents(), Purpose.class + "");
  }

  @Test
  void aWrongMemberThatWasSentIsNotAlsoSaidToBeMissing() {
    Map<String, String> errors =
        refused(DecisionRequestBody.class, "{\"identity\": \"cookie\", \"channel\": \"web\"}");
    assertEquals(Map.of("identity", "must be an object, not a string"), errors);
  }

  @Test
  void aProblemOfTheRestOfTheRequestIsAnsweredWithTheBodys() {
    BadRequestBody bad =
        assertThrows(
            BadRequestBody.class,
            () ->
                JsonRecords.read(
                    RequestBodies.ResponseBody.class,
                    "{\"decisionId\": \"x\", \"actionId\": \"a\", \"outcome\": \"loved\"}",
                    java.util.List.of(new Problem.FieldError("Idempotency-Key", "is required"))));
    assertEquals(
        "[Idempotency-Key, decisionId, outcome]",
        bad.errors().stream().map(Problem.FieldError::field).toList().toString());
  }

  @Test
  void theAllowedCodesDeclaredAreTheDomainsCodes() throws Exception {
    assertEquals(
        Arrays.stream(Channel.values()).map(Channel::code).toList(),
        enumeration(DecisionRequestBody.class, "channel"));
    assertEquals(
        Arrays.stream(Direction.values()).map(Direction::code).toList(),
        enumeration(DecisionRequestBody.class, "direction"));
    assertEquals(
        Arrays.stream(IdentityType.values()).map(IdentityType::code).toList(),
        enumeration(RequestBodies.IdentityBody.class, "type"));
    assertEquals(
        Arrays.stream(io.parcours.domain.Outcome.values())
            .map(io.parcours.domain.Outcome::code)
            .toList(),
        enumeration(RequestBodies.ResponseBody.class, "outcome"));
  }

  @Test
  void theLargestLimitDeclaredIsTheEngines() throws Exception {
    assertEquals(
        String.valueOf(io.parcours.domain.DecisionRequest.MAX_LIMIT),
        DecisionRequestBody.class.getDeclaredField("limit").getAnnotation(Schema.class).maximum());
  }

  private static java.util.List<String> enumeration(Class<?> type, String member)
      throws NoSuchFieldException {
    return Arrays.asList(type.getDeclaredField(member).getAnnotation(Schema.class).enumeration());
  }
}
