package io.parcours.db;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * Everything PostgreSQL holds about one customer's interactions, read in time order with
 * server-side cursors so that a long history streams in constant memory: decisions with their audit
 * records, impressions, responses, events and outbound contacts. The profile, consents and journeys
 * have their own adapters.
 */
public final class PostgresCustomerRecords {

  /** A decision about the customer, with its audit record exactly as stored. */
  public record DecisionRow(
      String decisionId,
      Instant decidedAt,
      String channel,
      String direction,
      String ruleSetVersion,
      boolean doNothing,
      String policy,
      List<String> modelFeatures,
      String auditJson) {}

  /** An action shown to the customer. */
  public record ImpressionRow(
      String decisionId,
      String actionId,
      String channel,
      int rank,
      double propensity,
      String modelId,
      long modelVersion,
      Instant shownAt) {}

  /** A response of the customer. */
  public record ResponseRow(
      long responseId,
      String decisionId,
      String actionId,
      String channel,
      String outcome,
      Instant receivedAt) {}

  /** An event reported about the customer, its attributes as the JSON stored. */
  public record EventRow(
      long eventId,
      String type,
      Instant occurredAt,
      Instant receivedAt,
      String attributesJson,
      Instant triggeredAt) {}

  /** An outbound contact decided for the customer. */
  public record ContactRow(
      long contactId,
      String channel,
      String actionId,
      String decisionId,
      Long eventId,
      Instant sendAfter,
      String status,
      Instant queuedAt,
      Instant closedAt,
      String reason) {}

  /** Receives rows; may throw to stop. */
  @FunctionalInterface
  public interface Sink<T> {
    void accept(T row) throws Exception;
  }

  private final DataSource dataSource;

  public PostgresCustomerRecords(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The customer's decisions, oldest first. */
  public void decisions(String customerId, Sink<DecisionRow> sink) throws Exception {
    stream(
        "select d.decision_id, d.decided_at, d.channel, d.direction, d.rule_set_version, d.do_nothing,"
            + " d.policy, d.model_features, a.record from decisions d"
            + " left join audit_records a on a.decision_id = d.decision_id"
            + " where d.customer_id = ? order by d.decided_at, d.decision_id",
        customerId,
        r ->
            sink.accept(
                new DecisionRow(
                    r.getObject(1).toString(),
                    r.getTimestamp(2).toInstant(),
                    r.getString(3),
                    r.getString(4),
                    r.getString(5),
                    r.getBoolean(6),
                    r.getString(7),
                    List.of(PostgresCustomers.strings(r.getArray(8))),
                    r.getString(9))));
  }

  /** The actions shown to the customer, oldest first. */
  public void impressions(String customerId, Sink<ImpressionRow> sink) throws Exception {
    stream(
        "select decision_id, action_id, channel, rank, propensity, model_id, model_version, shown_at"
            + " from impressions where customer_id = ? order by shown_at, decision_id, rank",
        customerId,
        r ->
            sink.accept(
                new ImpressionRow(
                    r.getObject(1).toString(),
                    r.getString(2),
                    r.getString(3),
                    r.getInt(4),
                    r.getDouble(5),
                    r.getString(6),
                    r.getLong(7),
                    r.getTimestamp(8).toInstant())));
  }

  /** The customer's responses, oldest first. */
  public void responses(String customerId, Sink<ResponseRow> sink) throws Exception {
    stream(
        "select response_id, decision_id, action_id, channel, outcome, received_at"
            + " from responses where customer_id = ? order by response_id",
        customerId,
        r ->
            sink.accept(
                new ResponseRow(
                    r.getLong(1),
                    r.getObject(2).toString(),
                    r.getString(3),
                    r.getString(4),
                    r.getString(5),
                    r.getTimestamp(6).toInstant())));
  }

  /** The events reported about the customer, oldest first. */
  public void events(String customerId, Sink<EventRow> sink) throws Exception {
    stream(
        "select event_id, type, occurred_at, received_at, attributes::text, triggered_at from events"
            + " where customer_id = ? order by occurred_at, event_id",
        customerId,
        r -> {
          java.sql.Timestamp triggered = r.getTimestamp(6);
          sink.accept(
              new EventRow(
                  r.getLong(1),
                  r.getString(2),
                  r.getTimestamp(3).toInstant(),
                  r.getTimestamp(4).toInstant(),
                  r.getString(5),
                  triggered == null ? null : triggered.toInstant()));
        });
  }

  /** The outbound contacts decided for the customer, queued or not, oldest first. */
  public void contacts(String customerId, Sink<ContactRow> sink) throws Exception {
    stream(
        "select contact_id, channel, action_id, decision_id::text, event_id, send_after, status, queued_at,"
            + " closed_at, reason from outbound_contacts where customer_id = ? order by contact_id",
        customerId,
        r -> {
          long event = r.getLong(5);
          Long eventId = r.wasNull() ? null : event;
          java.sql.Timestamp closed = r.getTimestamp(9);
          sink.accept(
              new ContactRow(
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  eventId,
                  r.getTimestamp(6).toInstant(),
                  r.getString(7),
                  r.getTimestamp(8).toInstant(),
                  closed == null ? null : closed.toInstant(),
                  r.getString(10)));
        });
  }

  private void stream(String sql, String customerId, Cursors.RowReader reader) throws Exception {
    Cursors.stream(
        dataSource,
        sql,
        s -> s.setString(1, customerId),
        reader,
        "reading the records of " + customerId);
  }
}
