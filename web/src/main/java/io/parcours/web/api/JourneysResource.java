package io.parcours.web.api;

import io.parcours.domain.Journey;
import io.parcours.domain.StageCount;
import io.parcours.engine.RuleSetFacade;
import io.parcours.web.Roles;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The journeys, their stages in order, and how many customers stand at each stage now. */
@Path("/v1/journeys")
@ApplicationScoped
@Tag(name = "Journeys", description = "Journeys, their stages, and where customers stand")
@Produces(MediaType.APPLICATION_JSON)
public class JourneysResource {

  @Inject RuleSetFacade facade;

  /** One stage and how many customers the rules last placed there. */
  public record StageView(String stage, long customers) {}

  /** A journey with its stages in their usual order. */
  @JsonbPropertyOrder({"journeyId", "name", "description", "stages"})
  public record JourneyView(
      String journeyId, String name, String description, List<StageView> stages) {}

  @GET
  @Allowed({
    Roles.CHANNEL,
    Roles.BUSINESS,
    Roles.SCIENTIST,
    Roles.COMPLIANCE,
    Roles.APPROVER,
    Roles.ADMIN
  })
  @Operation(
      operationId = "listJourneys",
      summary = "The journeys",
      description =
          "Each journey's stages in their usual order, with how many customers the rules last placed"
              + " at each (customers skip, go back and stall: the order is for reading, not a rule)")
  public List<JourneyView> journeys() {
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    for (StageCount c : facade.population()) {
      counts.computeIfAbsent(c.journey(), k -> new LinkedHashMap<>()).put(c.stage(), c.customers());
    }
    return facade.journeys().stream()
        .map(j -> view(j, counts.getOrDefault(j.id(), Map.of())))
        .toList();
  }

  private static JourneyView view(Journey j, Map<String, Long> counts) {
    return new JourneyView(
        j.id(),
        j.name(),
        j.description(),
        j.stages().stream().map(s -> new StageView(s, counts.getOrDefault(s, 0L))).toList());
  }
}
