package io.parcours.web.api;

import io.parcours.domain.Channel;
import io.parcours.domain.EventType;
import io.parcours.domain.Issue;
import io.parcours.domain.Outcome;
import io.parcours.domain.Purpose;
import io.parcours.engine.runtime.UserDirectory;
import io.parcours.rules.RuleFile;
import io.parcours.web.Roles;
import io.parcours.web.api.Views.CustomerView;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The codes the API accepts and answers (roles, channels, issues, purposes, outcomes, the kinds of
 * an attribute, the files of a rule set, the fields of a profile), read from the types that define
 * them, so that a client such as the console never keeps a copy of its own that could drift.
 */
@Path("/v1/vocabulary")
@ApplicationScoped
@Tag(
    name = "Vocabulary",
    description = "The codes the API accepts and answers, as the server defines them")
@Produces(MediaType.APPLICATION_JSON)
public class VocabularyResource {

  /** The codes of the API, each list in the order the server defines it. */
  @Schema(name = "Vocabulary")
  @JsonbPropertyOrder({
    "roles",
    "channels",
    "issues",
    "purposes",
    "outcomes",
    "attributeKinds",
    "ruleFileTypes",
    "strategyFiles",
    "profileFields"
  })
  public record Vocabulary(
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              description = "The roles a user may have")
          List<String> roles,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              description = "The channels of decisions, treatments and consents")
          List<String> channels,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              description = "The issues an action serves, in the order the library lists them")
          List<String> issues,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              description = "The purposes a customer consents to on a channel")
          List<String> purposes,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = VocabularyOutcome.class,
              description = "The outcomes of a response")
          List<VocabularyOutcome> outcomes,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              description = "The kinds of value of an event's or a profile's attribute")
          List<String> attributeKinds,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              description = "The file name endings of the rules of a rule set")
          List<String> ruleFileTypes,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              description = "The reserved names of the strategy's data files in a rule set")
          List<String> strategyFiles,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              description =
                  "The fixed fields of a customer profile, in the order the API writes them;"
                      + " custom attributes and derived features come apart")
          List<String> profileFields) {}

  /** An outcome of a response, and whether the adaptive models count it as a success. */
  @Schema(name = "VocabularyOutcome")
  @JsonbPropertyOrder({"code", "positive"})
  public record VocabularyOutcome(String code, boolean positive) {}

  private static final Vocabulary VOCABULARY =
      new Vocabulary(
          UserDirectory.ROLES,
          Arrays.stream(Channel.values()).map(Channel::code).toList(),
          Arrays.stream(Issue.values()).map(Issue::code).toList(),
          Arrays.stream(Purpose.values()).map(Purpose::code).toList(),
          Arrays.stream(Outcome.values())
              .map(o -> new VocabularyOutcome(o.code(), o.isPositive()))
              .toList(),
          Arrays.stream(EventType.Kind.values())
              .map(k -> k.name().toLowerCase(Locale.ROOT))
              .toList(),
          RuleFile.EXTENSIONS,
          RuleFile.STRATEGY_FILES,
          Arrays.stream(CustomerView.class.getRecordComponents())
              .filter(c -> c.getType() != Map.class)
              .map(RecordComponent::getName)
              .toList());

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
      operationId = "getVocabulary",
      summary = "The codes the API accepts and answers",
      description =
          "Roles, channels, issues, purposes, outcomes, attribute kinds, rule file types and"
              + " profile fields, as the server defines them; the same for every user.")
  @APIResponse(
      responseCode = "200",
      description = "The vocabulary",
      content = @Content(schema = @Schema(implementation = Vocabulary.class)))
  public Vocabulary vocabulary() {
    return VOCABULARY;
  }
}
