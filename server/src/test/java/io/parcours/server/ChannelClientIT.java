package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.client.ApiClient;
import io.parcours.client.ApiException;
import io.parcours.client.api.DecisionsApi;
import io.parcours.client.api.EventsApi;
import io.parcours.client.api.ResponsesApi;
import io.parcours.client.model.AuditView;
import io.parcours.client.model.DecisionRequest;
import io.parcours.client.model.DecisionView;
import io.parcours.client.model.Event;
import io.parcours.client.model.EventView;
import io.parcours.client.model.ProposalView;
import io.parcours.client.model.ResponseRequest;
import io.parcours.client.model.ResponseView;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A channel team's day, through the Java client openapi-generator makes from the API's contract
 * ({@code docs/openapi.json}, kept equal to the served document by OpenApiIT) at build time:
 * decide, record the customer's response, send an event, and read the decision's audit record.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class ChannelClientIT {

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  /** A client of the test server, signed in as {@code user}. */
  private static ApiClient client(String user) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(Api.BASE.substring(0, Api.BASE.length() - 1));
    client.setRequestInterceptor(
        r -> r.header("Authorization", Api.basic(user, Api.password(user))));
    return client;
  }

  @Test
  void aChannelDecidesRespondsSendsAnEventAndReadsTheAuditRecord() throws ApiException {
    DecisionsApi decisions = new DecisionsApi(client("channel"));
    DecisionView decision = null;
    for (int i = 1; i <= 20 && (decision == null || decision.getActions().isEmpty()); i++) {
      decision =
          decisions.decide(
              new DecisionRequest()
                  .customerId(String.format("C%06d", i))
                  .channel(DecisionRequest.ChannelEnum.WEB)
                  .limit(3)
                  .context(Map.of("page", "cards")));
    }
    assertNotNull(decision);
    assertFalse(decision.getActions().isEmpty(), "a demo customer with an action on the web");
    assertNotNull(UUID.fromString(decision.getDecisionId()));
    ProposalView first = decision.getActions().get(0);

    ResponsesApi responses = new ResponsesApi(client("channel"));
    String key = UUID.randomUUID().toString();
    ResponseRequest accepted =
        new ResponseRequest()
            .decisionId(UUID.fromString(decision.getDecisionId()))
            .actionId(first.getActionId())
            .outcome(ResponseRequest.OutcomeEnum.ACCEPTED);
    ResponseView stored = responses.recordResponse(key, accepted);
    assertEquals(first.getActionId(), stored.getActionId());
    assertFalse(stored.getReplayed());
    assertTrue(responses.recordResponse(key, accepted).getReplayed(), "the same key, one effect");

    EventView event =
        new EventsApi(client("channel"))
            .sendEvent(
                UUID.randomUUID().toString(),
                new Event()
                    .customerId(decision.getCustomerId())
                    .type("payment.missed")
                    .occurredAt(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1))
                    .attributes(Map.of("product", "loan")));
    assertEquals(decision.getCustomerId(), event.getCustomerId());
    assertFalse(event.getReplayed());

    AuditView audit =
        new DecisionsApi(client("compliance")).explainDecision(decision.getDecisionId());
    assertEquals(decision.getDecisionId(), audit.getDecisionId());
    assertEquals(64, audit.getHash().length(), "a SHA-256 in hex");
  }

  @Test
  void aMistakeComesBackAsAProblemTheClientCanRead() {
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                new DecisionsApi(client("channel"))
                    .decide(
                        new DecisionRequest()
                            .customerId("C000001")
                            .channel(DecisionRequest.ChannelEnum.WEB)
                            .limit(21)));
    assertEquals(400, e.getCode());
    assertTrue(
        e.getResponseHeaders()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/problem+json"),
        e.getResponseHeaders().map().toString());
    assertTrue(e.getResponseBody().contains("\"field\":\"limit\""), e.getResponseBody());
  }
}
