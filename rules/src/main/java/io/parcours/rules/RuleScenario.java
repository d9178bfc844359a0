package io.parcours.rules;

import io.parcours.domain.Channel;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.domain.Impression;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One business-readable test of a rule set, read from a {@code .scenarios} file: given a customer,
 * a channel's question and a contact history, the outcome the rules must reach.
 *
 * @param file the scenario file
 * @param line the line of its {@code scenario:} header
 * @param name what the scenario checks, in the business's words
 * @param profile the customer
 * @param features the values of the customer's derived features at the decision (a feature not
 *     given is 0)
 * @param request the question (channel, direction, context, time)
 * @param history what was shown and answered before
 * @param expectations what must hold, each with its line
 */
public record RuleScenario(
    String file,
    int line,
    String name,
    CustomerProfile profile,
    Map<String, Double> features,
    DecisionRequest request,
    ContactHistory history,
    List<Expectation> expectations) {

  public RuleScenario {
    features = Map.copyOf(features);
    expectations = List.copyOf(expectations);
  }

  /** What the rules must conclude; {@link #describe()} says it back in the file's words. */
  public sealed interface Expectation {
    int line();

    String describe();
  }

  /** The action is offered (no rule excluded it). */
  public record Eligible(int line, String actionId) implements Expectation {
    public String describe() {
      return "eligible: " + actionId;
    }
  }

  /** The action is excluded, by the named rule when {@code rule} is not null. */
  public record Excluded(int line, String actionId, String rule) implements Expectation {
    public String describe() {
      return "excluded: " + actionId + (rule == null ? "" : " by " + rule);
    }
  }

  /** The customer is at {@code stage} of {@code journey}; a null stage means not in the journey. */
  public record Stage(int line, String journey, String stage) implements Expectation {
    public String describe() {
      return stage == null ? "no stage: " + journey : "stage: " + journey + " = " + stage;
    }
  }

  /** The rules suppress every commercial action ({@code doNothing} true) or do not. */
  public record DoNothing(int line, boolean doNothing) implements Expectation {
    public String describe() {
      return doNothing ? "do nothing" : "not do nothing";
    }
  }

  /** The action's context weight is {@code weight} (within 1e-9). */
  public record Weight(int line, String actionId, double weight) implements Expectation {
    public String describe() {
      return "weight: " + actionId + " = " + weight;
    }
  }

  /** Convenience for the history builder of the parser. */
  static ContactHistory history(
      String customerId,
      List<Impression> impressions,
      List<ContactHistory.ResponseEvent> responses) {
    return new ContactHistory(customerId, impressions, responses);
  }

  /** Convenience for the request builder of the parser. */
  static DecisionRequest request(
      String customerId,
      Channel channel,
      Direction direction,
      Map<String, String> context,
      Instant at) {
    return new DecisionRequest(
        customerId, channel, direction, context, DecisionRequest.MAX_LIMIT, at);
  }
}
