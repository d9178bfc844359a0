package io.parcours.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * The interaction history as training data: one row per impression, with the features the models
 * saw at the decision and the best outcome the customer gave it, read with a server-side cursor so
 * that any date range streams in constant memory.
 */
public final class PostgresTrainingData {

  /**
   * One impression.
   *
   * @param outcome the best response (accepted, clicked, rejected, ignored in that order), or
   *     {@code null} when the customer did not respond
   * @param features the context features the models saw at the decision
   */
  public record Row(
      String decisionId,
      Instant decidedAt,
      String customerId,
      String channel,
      String direction,
      String actionId,
      String group,
      String issue,
      int rank,
      double propensity,
      double sampled,
      String modelId,
      long modelVersion,
      String outcome,
      List<String> features) {}

  /** What receives the rows; may throw to stop the export. */
  @FunctionalInterface
  public interface Sink {
    void accept(Row row) throws Exception;
  }

  private final DataSource dataSource;

  public PostgresTrainingData(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Streams the impressions of decisions made in [{@code from}, {@code to}) in time order.
   *
   * @return how many rows were streamed
   */
  public long stream(Instant from, Instant to, Sink sink) throws Exception {
    String sql =
        "select d.decision_id, d.decided_at, d.customer_id, d.channel, d.direction, i.action_id,"
            + " coalesce(a.action_group, 'unknown'), coalesce(a.issue, 'unknown'), i.rank, i.propensity,"
            + " i.sampled, i.model_id, i.model_version,"
            + " (select r.outcome from responses r where r.decision_id = i.decision_id"
            + "    and r.action_id = i.action_id order by case r.outcome when 'accepted' then 0"
            + "    when 'clicked' then 1 when 'rejected' then 2 else 3 end limit 1),"
            + " d.model_features"
            + " from decisions d join impressions i on i.decision_id = d.decision_id"
            + " left join actions a on a.action_id = i.action_id"
            + " where d.decided_at >= ? and d.decided_at < ?"
            + " order by d.decided_at, d.decision_id, i.rank";
    return Cursors.stream(
        dataSource,
        sql,
        s -> {
          s.setTimestamp(1, Timestamp.from(from));
          s.setTimestamp(2, Timestamp.from(to));
        },
        r -> {
          Array features = r.getArray(15);
          sink.accept(
              new Row(
                  r.getObject(1).toString(),
                  r.getTimestamp(2).toInstant(),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7),
                  r.getString(8),
                  r.getInt(9),
                  r.getDouble(10),
                  r.getDouble(11),
                  r.getString(12),
                  r.getLong(13),
                  r.getString(14),
                  features == null ? List.of() : List.of((String[]) features.getArray())));
        },
        "exporting training data");
  }

  /**
   * A logged decision as off-policy evaluation replays it.
   *
   * @param features the context features the models saw
   * @param candidates the optional actions arbitration ranked, with their weight, value, lever and
   *     the logging model's mean propensity
   * @param firstAction the action shown first, or null when nothing was shown
   * @param firstPlaceProbability the probability that the engine's policy would have put it first
   * @param positive whether the customer accepted or clicked the action shown first
   */
  public record LoggedDecision(
      String decisionId,
      Instant decidedAt,
      String channel,
      String policy,
      List<String> features,
      List<PostgresDecisionLog.Candidate> candidates,
      String firstAction,
      Double firstPlaceProbability,
      boolean positive) {}

  /** What receives the logged decisions; may throw to stop the stream. */
  @FunctionalInterface
  public interface DecisionSink {
    void accept(LoggedDecision decision) throws Exception;
  }

  /**
   * Streams, in time order, the decisions made in [{@code from}, {@code to}) on {@code channel}
   * (every channel when null) that off-policy evaluation can replay: those stored with their
   * candidates (V6), with the action shown first and whether the customer responded positively to
   * it.
   *
   * @return how many decisions were streamed
   */
  public long streamLoggedDecisions(Instant from, Instant to, String channel, DecisionSink sink)
      throws Exception {
    String sql =
        "select d.decision_id, d.decided_at, d.channel, d.policy, d.model_features, d.candidate_actions,"
            + " d.candidate_context_weights, d.candidate_values, d.candidate_levers, d.candidate_propensities,"
            + " d.first_place_probability, i.action_id,"
            + " exists (select 1 from responses r where r.decision_id = i.decision_id"
            + "   and r.action_id = i.action_id and r.outcome in ('accepted', 'clicked'))"
            + " from decisions d left join impressions i on i.decision_id = d.decision_id and i.rank = 1"
            + " where d.decided_at >= ? and d.decided_at < ? and d.candidate_actions is not null"
            + (channel == null ? "" : " and d.channel = ?")
            + " order by d.decided_at, d.decision_id";
    return Cursors.stream(
        dataSource,
        sql,
        s -> {
          s.setTimestamp(1, Timestamp.from(from));
          s.setTimestamp(2, Timestamp.from(to));
          if (channel != null) {
            s.setString(3, channel);
          }
        },
        r -> {
          Array features = r.getArray(5);
          String[] actions = (String[]) r.getArray(6).getArray();
          Double[] weights = (Double[]) r.getArray(7).getArray();
          Double[] values = (Double[]) r.getArray(8).getArray();
          Double[] levers = (Double[]) r.getArray(9).getArray();
          Double[] propensities = (Double[]) r.getArray(10).getArray();
          List<PostgresDecisionLog.Candidate> candidates =
              new java.util.ArrayList<>(actions.length);
          for (int i = 0; i < actions.length; i++) {
            candidates.add(
                new PostgresDecisionLog.Candidate(
                    actions[i], weights[i], values[i], levers[i], propensities[i]));
          }
          double p = r.getDouble(11);
          Double probability = r.wasNull() ? null : p;
          String first = r.getString(12);
          sink.accept(
              new LoggedDecision(
                  r.getObject(1).toString(),
                  r.getTimestamp(2).toInstant(),
                  r.getString(3),
                  r.getString(4),
                  features == null ? List.of() : List.of((String[]) features.getArray()),
                  candidates,
                  first,
                  probability,
                  first != null && r.getBoolean(13)));
        },
        "reading the logged decisions");
  }

  /**
   * What the decisions of one policy got: how many decisions, impressions, and impressions the
   * customer accepted or clicked.
   */
  public record PolicyOutcome(String policy, long decisions, long impressions, long positives) {}

  /** The outcomes per policy of the decisions made in [{@code from}, {@code to}). */
  public List<PolicyOutcome> outcomesByPolicy(Instant from, Instant to) {
    String sql =
        "select d.policy, count(distinct d.decision_id), count(i.action_id),"
            + " count(i.action_id) filter (where exists (select 1 from responses r"
            + "   where r.decision_id = i.decision_id and r.action_id = i.action_id"
            + "   and r.outcome in ('accepted', 'clicked')))"
            + " from decisions d left join impressions i on i.decision_id = d.decision_id"
            + " where d.decided_at >= ? and d.decided_at < ? group by d.policy order by d.policy";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setTimestamp(1, Timestamp.from(from));
      s.setTimestamp(2, Timestamp.from(to));
      List<PolicyOutcome> outcomes = new java.util.ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          outcomes.add(new PolicyOutcome(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4)));
        }
      }
      return outcomes;
    } catch (SQLException e) {
      throw new PersistenceException("counting the outcomes per policy", e);
    }
  }
}
