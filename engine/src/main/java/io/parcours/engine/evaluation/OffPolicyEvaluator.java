package io.parcours.engine.evaluation;

import io.parcours.db.PostgresDecisionLog;
import io.parcours.db.PostgresTrainingData;
import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.engine.decision.ActionLibrary;
import io.parcours.models.offline.CandidateScorer;
import io.parcours.models.offline.LoggedDecision;
import io.parcours.models.offline.OffPolicyEstimate;
import io.parcours.models.offline.OffPolicyEvaluation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Estimates a candidate model's response rate on the decisions logged over a period, reading them
 * from PostgreSQL in constant memory: each decision's candidates are ranked again on the
 * candidate's mean propensities ({@link io.parcours.models.offline.GreedyPolicy}) and the matches
 * with what the engine showed first are weighted by the logged first-place probabilities.
 *
 * <p>An action no longer in the library keeps its id, with an unknown group and issue, as {@link
 * ActionLibrary#modelFeatures} scores it.
 */
public final class OffPolicyEvaluator {

  /** What an evaluation found, with the period and channel it covered. */
  public record Result(
      Instant from,
      Instant to,
      String channel,
      double threshold,
      OffPolicyEstimate estimate,
      long skipped) {}

  private final PostgresTrainingData log;
  private final ActionLibrary library;

  public OffPolicyEvaluator(PostgresTrainingData log, ActionLibrary library) {
    this.log = Objects.requireNonNull(log, "log");
    this.library = Objects.requireNonNull(library, "library");
  }

  /**
   * Evaluates {@code candidate} on the decisions made in [{@code from}, {@code to}) on {@code
   * channel}.
   *
   * @param threshold the least priority the candidate would show, as arbitration has it
   * @param clip the largest weight, {@link Double#POSITIVE_INFINITY} for none
   */
  public Result evaluate(
      Instant from,
      Instant to,
      Channel channel,
      CandidateScorer candidate,
      double threshold,
      double clip)
      throws Exception {
    OffPolicyEvaluation evaluation = new OffPolicyEvaluation(candidate, threshold, clip);
    log.streamLoggedDecisions(from, to, channel.code(), d -> evaluation.add(replayable(d)));
    return new Result(
        from, to, channel.code(), threshold, evaluation.estimate(), evaluation.skipped());
  }

  /**
   * The stored decision as off-policy evaluation reads it, with each candidate's group and issue.
   */
  LoggedDecision replayable(PostgresTrainingData.LoggedDecision d) {
    List<LoggedDecision.Candidate> candidates = new ArrayList<>(d.candidates().size());
    for (PostgresDecisionLog.Candidate c : d.candidates()) {
      Optional<Action> a = library.find(c.actionId());
      candidates.add(
          new LoggedDecision.Candidate(
              c.actionId(),
              a.map(Action::group).orElse("unknown"),
              a.map(x -> x.issue().code()).orElse("unknown"),
              c.contextWeight(),
              c.value(),
              c.lever()));
    }
    return new LoggedDecision(
        d.decisionId(),
        d.decidedAt(),
        d.channel(),
        d.features(),
        candidates,
        d.firstAction(),
        d.firstPlaceProbability(),
        d.positive());
  }
}
