package io.parcours.web.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The shapes of request bodies, for the OpenAPI description (bodies are read field by field). */
public final class RequestBodies {

  private RequestBodies() {}

  /** A channel's question. */
  @Schema(name = "DecisionRequest", description = "Which actions, if any, for this customer now, here")
  public record DecisionRequestBody(
      @Schema(required = true, example = "C000042", maxLength = 64) String customerId,
      @Schema(required = true, enumeration = {"web", "app", "email", "sms", "call-centre"}) String channel,
      @Schema(enumeration = {"inbound", "outbound"}, defaultValue = "inbound") String direction,
      @Schema(description = "What the channel knows of the situation: names to strings, numbers or booleans",
              example = "{\"page\": \"cards\", \"intent\": \"travel\"}")
          Map<String, Object> context,
      @Schema(minimum = "1", maximum = "20", defaultValue = "3") Integer limit) {}

  /** A customer's response to an action a decision proposed. */
  @Schema(name = "ResponseRequest", description = "The customer's reaction to an action shown by a decision")
  public record ResponseBody(
      @Schema(required = true, format = "uuid") String decisionId,
      @Schema(required = true, example = "travel-card-abroad") String actionId,
      @Schema(required = true, enumeration = {"accepted", "clicked", "rejected", "ignored"}) String outcome) {}
}
