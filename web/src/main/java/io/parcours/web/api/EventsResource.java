package io.parcours.web.api;

import io.parcours.domain.CustomerEvent;
import io.parcours.domain.DerivedFeature;
import io.parcours.domain.EventType;
import io.parcours.engine.EventFacade;
import io.parcours.engine.events.EventIngestion;
import io.parcours.web.Roles;
import io.parcours.web.metrics.ParcoursMetrics;
import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Customer events: something happened (a payment missed, a trip booked); the profile follows. */
@Path("/v1")
@ApplicationScoped
@Tag(
    name = "Events",
    description = "Tell the engine what happened to a customer; the profile follows at once")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

  /** The most attributes one event may carry. */
  @Inject EventFacade facade;

  @Inject ParcoursMetrics metrics;

  @Inject
  @ConfigProperty(name = "parcours.events.batch-max", defaultValue = "1000")
  int batchMax;

  /** What became of an event, and the profile it was stored for. */
  public record EventView(long eventId, boolean replayed, String customerId) {}

  /** What became of each event of a batch, in the order sent. */
  public record BatchView(int events, int created, int replayed, List<EventView> results) {}

  @POST
  @Path("events")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed({Roles.CHANNEL, Roles.ADMIN})
  @Operation(
      operationId = "sendEvent",
      summary = "Report an event",
      description =
          "Checks it against its declared type (GET /api/v1/event-types), stores it with the profile"
              + " change it makes, then answers; the next decision for the customer sees the change. The same"
              + " Idempotency-Key twice has one effect: the second answer is 200 with replayed true. The customer"
              + " is named by `customerId`, by `identity` (`{\"type\": \"device\", \"value\": \"…\"}`; an"
              + " identifier nobody knew gets an anonymous profile) or by both, which links the identifier to the"
              + " customer and merges an anonymous profile it belonged to into theirs.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "Event"),
              examples =
                  @ExampleObject(
                      name = "payment missed",
                      summary = "A loan instalment not paid on its due date",
                      value =
                          "{\"customerId\": \"C000042\", \"type\": \"payment.missed\","
                              + " \"occurredAt\": \"2026-12-07T09:30:00Z\","
                              + " \"attributes\": {\"product\": \"loan\", \"amount\": 420}}")))
  @APIResponse(
      responseCode = "201",
      description = "Stored now",
      content = @Content(schema = @Schema(implementation = EventView.class)))
  @APIResponse(
      responseCode = "200",
      description = "Stored before: nothing changed",
      content = @Content(schema = @Schema(implementation = EventView.class)))
  @APIResponse(
      responseCode = "400",
      description = "A field or the Idempotency-Key is missing or invalid")
  @APIResponse(responseCode = "404", description = "No customer has this id")
  @APIResponse(
      responseCode = "422",
      description = "An undeclared type, or attributes its declaration refuses (named)")
  public Response event(
      @Parameter(
              in = ParameterIn.HEADER,
              required = true,
              description = "A key unique to this event, 1 to 200 characters")
          @HeaderParam("Idempotency-Key")
          String idempotencyKey,
      @RequestBodyReader.Keyed("event") RequestBodies.EventBody body) {
    if (body.idempotencyKey() != null) {
      throw new BadRequestBody(
          "idempotencyKey", "is for events in a batch; send the Idempotency-Key header instead");
    }
    CustomerEvent event = body.event(idempotencyKey);
    List<EventIngestion.Receipt> stored = facade.ingest(List.of(event), "");
    metrics.stored(stored);
    EventIngestion.Receipt r = stored.get(0);
    return Response.status(r.replayed() ? 200 : 201)
        .entity(new EventView(r.eventId(), r.replayed(), r.customerId()))
        .build();
  }

  @POST
  @Path("events:batch")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed({Roles.CHANNEL, Roles.ADMIN})
  @Operation(
      operationId = "sendEvents",
      summary = "Report a batch of events",
      description =
          "`{\"events\": [...]}`, each event as in POST /api/v1/events with its own `idempotencyKey`;"
              + " at most `parcours.events.batch-max` (1,000 unless configured). All or nothing: when one event is"
              + " refused, none is stored and every problem is named (`events[i].…`). Answers once every event is"
              + " stored.")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "EventBatch")))
  @APIResponse(responseCode = "200", description = "Every event stored, or stored before")
  @APIResponse(
      responseCode = "400",
      description = "A field is missing or invalid, or the batch is too large")
  @APIResponse(responseCode = "404", description = "An event names a customer who has no profile")
  @APIResponse(
      responseCode = "422",
      description = "An undeclared type, or attributes a declaration refuses")
  public BatchView batch(RequestBodies.EventBatchBody body) {
    if (body.events().size() > batchMax) {
      throw new BadRequestBody("events", "must have at most " + batchMax + " items");
    }
    List<CustomerEvent> events =
        body.events().stream().map(e -> e.event(e.idempotencyKey())).toList();
    List<EventIngestion.Receipt> receipts = facade.ingest(events, "events[%d].");
    metrics.stored(receipts);
    List<EventView> results =
        receipts.stream()
            .map(r -> new EventView(r.eventId(), r.replayed(), r.customerId()))
            .toList();
    int replayed = (int) receipts.stream().filter(EventIngestion.Receipt::replayed).count();
    return new BatchView(events.size(), events.size() - replayed, replayed, results);
  }

  @GET
  @Path("event-types")
  @Allowed({
    Roles.CHANNEL,
    Roles.BUSINESS,
    Roles.SCIENTIST,
    Roles.COMPLIANCE,
    Roles.APPROVER,
    Roles.ADMIN
  })
  @Operation(
      operationId = "listEventTypes",
      summary = "The declared event types",
      description =
          "Each type's attributes (kind, required, allowed values, range) and the profile changes its"
              + " events make (field, operation, a value or the attribute it is read from), and the outbound channels"
              + " on which such an event is followed by a decision")
  public List<EventTypeView> types() {
    return facade.types().stream().map(EventTypeView::of).toList();
  }

  @GET
  @Path("derived-features")
  @Allowed({
    Roles.CHANNEL,
    Roles.BUSINESS,
    Roles.SCIENTIST,
    Roles.COMPLIANCE,
    Roles.APPROVER,
    Roles.ADMIN
  })
  @Operation(
      operationId = "listDerivedFeatures",
      summary = "The declared derived features",
      description =
          "Features computed from each customer's events over a window of whole UTC days, that rules"
              + " read as Customer.feature(name) and the adaptive models as features: kind count (events), sum (of a"
              + " number attribute), frequency (days with an event) or recency (days since the last event, at most"
              + " the window); the event types that count; the window in days")
  public List<DerivedFeatureView> features() {
    return facade.features().stream().map(DerivedFeatureView::of).toList();
  }

  /** A declared derived feature as the API shows it. */
  public record DerivedFeatureView(
      String name,
      String description,
      String kind,
      List<String> events,
      String attribute,
      int days) {
    static DerivedFeatureView of(DerivedFeature f) {
      return new DerivedFeatureView(
          f.name(),
          f.description(),
          f.kind().code(),
          f.eventTypes().stream().sorted().toList(),
          f.attribute(),
          f.days());
    }
  }

  /** A declared event type as the API shows it. */
  public record EventTypeView(
      String name,
      String description,
      java.util.Map<String, AttributeView> attributes,
      List<UpdateView> updates,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              description =
                  "The outbound channels on which an event of this type is followed by a decision")
          List<String> triggers) {
    static EventTypeView of(EventType t) {
      java.util.Map<String, AttributeView> attributes = new java.util.TreeMap<>();
      t.attributes()
          .forEach(
              (k, r) ->
                  attributes.put(
                      k,
                      new AttributeView(
                          r.kind().name().toLowerCase(java.util.Locale.ROOT),
                          r.required(),
                          r.allowed().stream().sorted().toList(),
                          r.min(),
                          r.max())));
      return new EventTypeView(
          t.name(),
          t.description(),
          attributes,
          t.updates().stream()
              .map(
                  u ->
                      new UpdateView(
                          u.field().code(), u.operation().code(), u.value(), u.fromAttribute()))
              .toList(),
          t.triggers().stream().map(io.parcours.domain.Channel::code).toList());
    }
  }

  /** What an attribute must be: kind (string, number, boolean), required, allowed values, range. */
  public record AttributeView(
      String kind, boolean required, List<String> allowed, Double min, Double max) {}

  /** A profile change: the field, the operation, and the constant or the attribute it takes. */
  public record UpdateView(String field, String operation, Object value, String attribute) {}
}
