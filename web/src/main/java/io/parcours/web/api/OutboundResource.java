package io.parcours.web.api;

import io.parcours.domain.Channel;
import io.parcours.domain.OutboundContact;
import io.parcours.engine.OutboundFacade;
import io.parcours.engine.outbound.OutboundQueue;
import io.parcours.web.Roles;
import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.problem.Problem;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The outbound queue of a channel: what a delivery system should send now, and its acknowledgement.
 */
@Path("/v1/outbound")
@ApplicationScoped
@Tag(
    name = "Outbound",
    description = "Contacts decided on a trigger, waiting for the channel's delivery system")
@Produces(MediaType.APPLICATION_JSON)
public class OutboundResource {

  @Inject OutboundFacade facade;

  /** A contact to deliver, or delivered, or cancelled with the reason. */
  public record ContactView(
      long contactId,
      String channel,
      String customerId,
      String actionId,
      String decisionId,
      Long eventId,
      Instant sendAfter,
      String status,
      Instant queuedAt,
      Instant closedAt,
      String reason) {
    static ContactView of(OutboundContact c) {
      return new ContactView(
          c.contactId(),
          c.channel(),
          c.customerId(),
          c.actionId(),
          c.decisionId(),
          c.eventId(),
          c.sendAfter(),
          c.status(),
          c.queuedAt(),
          c.closedAt(),
          c.reason());
    }
  }

  @GET
  @Path("{channel}")
  @Allowed({Roles.CHANNEL, Roles.ADMIN})
  @Operation(
      operationId = "listDueContacts",
      summary = "The contacts due on a channel",
      description =
          "Queued contacts whose time has come (quiet hours respected), the oldest first, at most"
              + " `limit` (100). A contact stays here until it is acknowledged or cancelled (the customer accepted"
              + " the action or its product line elsewhere, or withdrew the consent it needs). With `customerId`:"
              + " that customer's queued contacts on the channel, due or still waiting for the end of quiet hours.")
  @APIResponse(responseCode = "200", description = "The contacts due")
  @APIResponse(responseCode = "400", description = "Unknown channel or a bad limit")
  public List<ContactView> due(
      @PathParam("channel") String channel,
      @QueryParam("limit") String limit,
      @QueryParam("customerId") String customerId) {
    if (customerId != null && !customerId.isBlank()) {
      return facade.queuedFor(channel(channel), customerId).stream().map(ContactView::of).toList();
    }
    return facade.due(channel(channel), limit(limit)).stream().map(ContactView::of).toList();
  }

  @POST
  @Path("{channel}/{contactId}/delivered")
  @Allowed({Roles.CHANNEL, Roles.ADMIN})
  @Operation(
      operationId = "confirmDelivery",
      summary = "Acknowledge a delivery",
      description =
          "The contact leaves the queue. Acknowledging it again is harmless (200 with its state).")
  @APIResponse(
      responseCode = "200",
      description = "Delivered (now or before)",
      content = @Content(schema = @Schema(implementation = ContactView.class)))
  @APIResponse(responseCode = "404", description = "No such contact on this channel")
  @APIResponse(responseCode = "409", description = "The contact was cancelled: it must not be sent")
  public Response delivered(
      @PathParam("channel") String channel, @PathParam("contactId") String contactId) {
    Channel c = channel(channel);
    long id;
    try {
      id = Long.parseLong(contactId);
    } catch (NumberFormatException e) {
      return unknownContact(contactId, channel);
    }
    OutboundQueue.Delivery d = facade.deliver(c, id);
    if (d == OutboundQueue.Delivery.UNKNOWN) {
      return unknownContact(contactId, channel);
    }
    OutboundContact contact = facade.find(c, id).orElseThrow();
    if (d == OutboundQueue.Delivery.CANCELLED) {
      return Problem.of(
              "contact-cancelled",
              "The contact was cancelled",
              409,
              "contact " + id + " was cancelled (" + contact.reason() + "): it must not be sent",
              null)
          .toResponse();
    }
    return Response.ok(ContactView.of(contact)).build();
  }

  private static Response unknownContact(String contactId, String channel) {
    return Problem.of(
            "unknown-contact",
            "Unknown contact",
            404,
            "no outbound contact '"
                + contactId
                + "' on "
                + channel
                + "; GET /api/v1/outbound/"
                + channel
                + " lists the contacts due",
            null)
        .toResponse();
  }

  private static Channel channel(String code) {
    try {
      return Channel.fromCode(code);
    } catch (IllegalArgumentException e) {
      throw new BadRequestBody(List.of(new Problem.FieldError("channel", e.getMessage())));
    }
  }

  private static int limit(String limit) {
    if (limit == null) {
      return 100;
    }
    try {
      int n = Integer.parseInt(limit);
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequestBody(
        List.of(new Problem.FieldError("limit", "must be a whole number from 1 to 1000")));
  }
}
