package io.parcours.web.api;

import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerEvent;
import io.parcours.domain.Direction;
import io.parcours.domain.Identity;
import io.parcours.domain.IdentityType;
import io.parcours.engine.models.ModelVersions;
import io.parcours.engine.runtime.UserAdministration;
import io.parcours.engine.runtime.UserDirectory;
import io.parcours.engine.strategy.Simulations;
import io.parcours.engine.strategy.StrategyEdit;
import io.parcours.rules.RuleFile;
import io.parcours.web.problem.BadRequestBody;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Every JSON request body, declared once: the resource methods take these records, {@link
 * RequestBodyReader} reads and checks them against their {@code @Schema} constraints, and the
 * OpenAPI document describes them from the same annotations.
 */
public final class RequestBodies {

  private RequestBodies() {}

  /** A channel's question. */
  @Schema(
      name = "DecisionRequest",
      description = "Which actions, if any, for this customer now, here")
  public record DecisionRequestBody(
      @Schema(
              example = "C000042",
              maxLength = 64,
              description = "The customer's id; or name them by identity instead")
          String customerId,
      @Schema(
              description =
                  "An identifier of the customer instead of the id: a visitor known by a cookie"
                      + " only gets an anonymous profile")
          IdentityBody identity,
      @Schema(
              required = true,
              enumeration = {"web", "app", "email", "sms", "call-centre"})
          String channel,
      @Schema(
              enumeration = {"inbound", "outbound"},
              defaultValue = "inbound")
          String direction,
      @Schema(
              maxProperties = 50,
              description =
                  "What the channel knows of the situation: names to strings, numbers or booleans",
              example = "{\"page\": \"cards\", \"intent\": \"travel\"}")
          Map<String, Object> context,
      @Schema(minimum = "1", maximum = "20", defaultValue = "3") Integer limit)
      implements JsonRecords.Checked {

    @Override
    public void check(JsonRecords.Problems problems) {
      if (!problems.sent("customerId") && !problems.sent("identity")) {
        problems.reject("customerId", "is required, unless the customer is named by identity");
      } else if (problems.sent("customerId") && problems.sent("identity")) {
        problems.reject("identity", "name the customer by customerId or by identity, not both");
      }
    }

    /** The direction asked, inbound when absent. */
    public Direction directionOrDefault() {
      return direction == null ? Direction.INBOUND : Direction.fromCode(direction);
    }

    /** The context with numbers and booleans as the JSON text they were sent as. */
    public Map<String, String> contextText() {
      if (context == null || context.isEmpty()) {
        return Map.of();
      }
      Map<String, String> text = new LinkedHashMap<>();
      context.forEach((k, v) -> text.put(k, scalarText(v)));
      return text;
    }
  }

  /** One identifier of a customer. */
  @Schema(name = "Identity", description = "An identifier of a customer")
  public record IdentityBody(
      @Schema(
              required = true,
              enumeration = {"customer-number", "email", "phone", "device", "cookie"})
          String type,
      @Schema(required = true, maxLength = Identity.MAX_VALUE, example = "d-6f1c2a") String value,
      @Schema(
              maxLength = 200,
              description = "Where it was seen; on a link only",
              example = "mobile-app-login")
          String source)
      implements JsonRecords.Checked {

    @Override
    public void check(JsonRecords.Problems problems) {
      if (type == null || value == null) {
        return;
      }
      try {
        identity();
      } catch (IllegalArgumentException e) {
        problems.reject("value", e.getMessage());
      }
    }

    /** The identifier. */
    public Identity identity() {
      return new Identity(IdentityType.fromCode(type), value);
    }
  }

  /** Something that happened to a customer, of a declared event type. */
  @Schema(
      name = "Event",
      description =
          "Something that happened to a customer; its type says which attributes it"
              + " carries and how it changes the profile")
  public record EventBody(
      @Schema(
              example = "C000042",
              maxLength = 128,
              description =
                  "The customer's id; or name them by identity, or both to link the identifier to them")
          String customerId,
      @Schema(
              description =
                  "An identifier of the customer: one nobody knew gets an anonymous profile")
          IdentityBody identity,
      @Schema(
              required = true,
              example = "payment.missed",
              maxLength = 100,
              description = "A declared event type (GET /api/v1/event-types)")
          String type,
      @Schema(required = true, format = "date-time", example = "2026-12-07T09:30:00Z")
          String occurredAt,
      @Schema(
              maxProperties = MAX_ATTRIBUTES,
              description =
                  "The attributes its type declares: names to strings, numbers or booleans",
              example = "{\"product\": \"loan\", \"amount\": 420}")
          Map<String, Object> attributes,
      @Schema(
              maxLength = 200,
              description =
                  "In a batch only, instead of the Idempotency-Key header: a key"
                      + " unique to this event")
          String idempotencyKey)
      implements JsonRecords.Checked {

    /** The most attributes an event may carry. */
    public static final int MAX_ATTRIBUTES = 50;

    @Override
    public void check(JsonRecords.Problems problems) {
      if (customerId == null && identity == null) {
        problems.reject("customerId", "is required, unless the customer is named by identity");
      }
    }

    /** The event, under {@code key}; its identity checked already. */
    public CustomerEvent event(String key) {
      return new CustomerEvent(
          customerId,
          type,
          Instant.parse(occurredAt),
          attributes == null ? Map.of() : attributes,
          key,
          identity == null ? null : identity.identity());
    }
  }

  /** Events sent together, stored all or none. */
  @Schema(name = "EventBatch")
  public record EventBatchBody(
      @Schema(
              type = SchemaType.ARRAY,
              implementation = EventBody.class,
              required = true,
              minItems = 1,
              description =
                  "The events, each with its own idempotencyKey; at most parcours.events.batch-max")
          List<EventBody> events)
      implements JsonRecords.Checked {

    @Override
    public void check(JsonRecords.Problems problems) {
      for (int i = 0; events != null && i < events.size(); i++) {
        EventBody e = events.get(i);
        if (e != null && (e.idempotencyKey() == null || e.idempotencyKey().isBlank())) {
          problems.reject(
              "events[" + i + "].idempotencyKey", "is required: a key unique to this event");
        }
      }
    }
  }

  /** A customer's response to an action a decision proposed. */
  @Schema(
      name = "ResponseRequest",
      description = "The customer's reaction to an action shown by a decision")
  public record ResponseBody(
      @Schema(required = true, format = "uuid") String decisionId,
      @Schema(required = true, maxLength = 64, example = "travel-card-abroad") String actionId,
      @Schema(
              required = true,
              enumeration = {"accepted", "clicked", "rejected", "ignored"})
          String outcome) {}

  /** The consents a customer grants; every other consent is withdrawn. */
  @Schema(name = "ConsentsReplacement")
  public record ConsentsBody(
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              required = true,
              maxItems = 50,
              description = "Codes channel:purpose such as sms:marketing; may be empty",
              example = "[\"email:service\", \"sms:service\"]")
          List<String> granted,
      @Schema(
              required = true,
              maxLength = 200,
              example = "preference-centre",
              description = "Where the customer gave them")
          String source,
      @Schema(
              required = true,
              maxLength = 100,
              example = "2026-10",
              description = "The version of the consent text the customer saw")
          String textVersion)
      implements JsonRecords.Checked {

    @Override
    public void check(JsonRecords.Problems problems) {
      for (int i = 0; granted != null && i < granted.size(); i++) {
        if (granted.get(i) == null) {
          continue;
        }
        try {
          Consent.fromCode(granted.get(i));
        } catch (IllegalArgumentException e) {
          problems.reject("granted[" + i + "]", e.getMessage());
        }
      }
    }

    /** The consents granted. */
    public Set<Consent> consents() {
      Set<Consent> consents = new HashSet<>();
      granted.forEach(code -> consents.add(Consent.fromCode(code)));
      return consents;
    }
  }

  /** The JSON text of a scalar read by {@link JsonRecords}: 3 for the number 3, not 3.0. */
  static String scalarText(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(v);
  }

  /** The longest comment or reason of a change, kept in its audit. */
  static final int MAX_COMMENT = 2000;

  /** Records that {@code member} was sent blank: an optional text is left out, never sent empty. */
  static void notBlank(JsonRecords.Problems problems, String member, String value) {
    if (value != null && value.isBlank()) {
      problems.reject(member, "must not be blank");
    }
  }

  /**
   * One file of an uploaded rule set: text in {@code content}, or any file in {@code
   * contentBase64}.
   */
  @Schema(name = "RuleFile")
  public record RuleFileBody(
      @Schema(
              required = true,
              maxLength = 200,
              example = "retention.drl",
              description =
                  "A .drl file, a decision table (.xlsx, .xls, .csv) or scenarios (.scenarios)")
          String name,
      @Schema(
              maxLength = MAX_BYTES,
              description =
                  "The text of a .drl, .csv or .scenarios file (UTF-8); give this or contentBase64")
          String content,
      @Schema(
              maxLength = MAX_BYTES * 4 / 3 + 4,
              description = "The bytes of the file in base64; required for .xlsx and .xls")
          String contentBase64)
      implements JsonRecords.Checked {

    /** The largest file, in bytes, once decoded. */
    public static final int MAX_BYTES = 5 * 1024 * 1024;

    @Override
    public void check(JsonRecords.Problems problems) {
      boolean text = problems.sent("content");
      if (text == problems.sent("contentBase64")) {
        problems.reject(
            "content", "give the file's text in content, or its bytes in contentBase64 (not both)");
        return;
      }
      if (name == null || (text ? content : contentBase64) == null) {
        return;
      }
      if (text && content.isBlank()) {
        problems.reject("content", "must not be blank");
        return;
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (text && (lower.endsWith(".xlsx") || lower.endsWith(".xls"))) {
        problems.reject("content", "an Excel file is binary: send it in contentBase64");
        return;
      }
      byte[] bytes;
      try {
        bytes = bytes();
      } catch (IllegalArgumentException e) {
        problems.reject("contentBase64", "is not valid base64: " + e.getMessage());
        return;
      }
      try {
        if (!new RuleFile(name, bytes).hasAcceptedType()) {
          problems.reject(
              "name",
              "'" + name + "' is not a rule file; a rule set accepts " + RuleFile.ACCEPTED_TYPES);
        }
      } catch (IllegalArgumentException e) {
        problems.reject("name", e.getMessage());
      }
    }

    /** The file; its body checked already. */
    public RuleFile file() {
      return new RuleFile(name, bytes());
    }

    private byte[] bytes() {
      return content != null
          ? content.getBytes(StandardCharsets.UTF_8)
          : Base64.getMimeDecoder().decode(contentBase64);
    }
  }

  /** A new rule-set version. */
  @Schema(name = "RuleSetUpload")
  public record RuleSetUploadBody(
      @Schema(
              required = true,
              maxLength = MAX_COMMENT,
              example = "SMS cap lowered to 2 a week after complaints",
              description = "Why this version: kept in the audit of rule changes")
          String comment,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = RuleFileBody.class,
              required = true,
              minItems = 1,
              maxItems = MAX_FILES,
              description = "Every file of the version (a version is complete, not a patch)")
          List<RuleFileBody> files)
      implements JsonRecords.Checked {

    /** The most files a version may have. */
    public static final int MAX_FILES = 200;

    @Override
    public void check(JsonRecords.Problems problems) {
      Set<String> names = new HashSet<>();
      for (int i = 0; files != null && i < files.size(); i++) {
        RuleFileBody f = files.get(i);
        if (f != null && !names.add(f.name())) {
          problems.reject(
              "files[" + i + "].name",
              "'" + f.name() + "' appears twice; each file name must be unique");
        }
      }
    }

    /** The files; the body checked already. */
    public List<RuleFile> ruleFiles() {
      return files.stream().map(RuleFileBody::file).toList();
    }
  }

  /** Items of one kind put and removed by an edit of a version's strategy. */
  @Schema(name = "StrategyEditPart")
  public record StrategyEditPartBody(
      @Schema(
              type = SchemaType.ARRAY,
              implementation = Object.class,
              maxItems = MAX_ITEMS,
              description =
                  "Items written exactly as in the data file (an action as in actions.json, a"
                      + " journey as in journeys.json, an event type as in event-types.json): each replaces the item"
                      + " with the same id (name for an event type) in its place, or is appended")
          List<JsonObject> put,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              maxItems = MAX_ITEMS,
              description =
                  "The ids (names for event types) of the items to remove; each must exist",
              example = "[\"travel-fees-info\"]")
          List<String> remove) {

    /** The most items an edit may put, and remove, of each kind. */
    public static final int MAX_ITEMS = 1000;

    /** The items put and removed. */
    public StrategyEdit.Part part() {
      return new StrategyEdit.Part(put, remove);
    }

    /** Records each id to remove that is blank; {@code noun} names the kind of item. */
    void checkIds(JsonRecords.Problems problems, String member, String noun) {
      for (int i = 0; remove != null && i < remove.size(); i++) {
        if (remove.get(i) != null && remove.get(i).isBlank()) {
          problems.reject(
              member + ".remove[" + i + "]",
              "must be the "
                  + (noun.equals("event type") ? "name" : "id")
                  + " of a "
                  + noun
                  + " to remove");
        }
      }
    }

    boolean changes() {
      return (put != null && !put.isEmpty()) || (remove != null && !remove.isEmpty());
    }
  }

  /** A new version made from another by putting and removing actions, journeys and event types. */
  @Schema(name = "StrategyEdit")
  public record StrategyEditBody(
      @Schema(
              required = true,
              maxLength = MAX_COMMENT,
              example = "savings banner for balances from 30,000",
              description = "Why this version: kept in the audit of rule changes")
          String comment,
      @Schema(description = "The actions put and removed") StrategyEditPartBody actions,
      @Schema(description = "The journeys put and removed") StrategyEditPartBody journeys,
      @Schema(
              description =
                  "The event types put and removed; the derived features are kept as they are")
          StrategyEditPartBody eventTypes)
      implements JsonRecords.Checked {

    @Override
    public void check(JsonRecords.Problems problems) {
      boolean changes = false;
      boolean unread = false;
      String[] members = {"actions", "journeys", "eventTypes"};
      String[] nouns = {"action", "journey", "event type"};
      StrategyEditPartBody[] parts = {actions, journeys, eventTypes};
      for (int i = 0; i < parts.length; i++) {
        if (parts[i] != null) {
          parts[i].checkIds(problems, members[i], nouns[i]);
          changes |= parts[i].changes();
        } else {
          unread |= problems.sent(members[i]);
        }
      }
      if (!changes && !unread) {
        problems.reject(
            "body",
            "the edit changes nothing: put or remove at least one action, journey or event type");
      }
    }

    /** The edit; a kind the body does not name is left as it is. */
    public StrategyEdit edit() {
      return new StrategyEdit(part(actions), part(journeys), part(eventTypes));
    }

    private static StrategyEdit.Part part(StrategyEditPartBody body) {
      return body == null ? null : body.part();
    }
  }

  /** Why an activation or rollback is made. */
  @Schema(name = "RuleSetChangeComment")
  public record CommentBody(
      @Schema(
              maxLength = MAX_COMMENT,
              example = "campaign starts today",
              description = "Why; kept in the audit of rule changes")
          String comment)
      implements JsonRecords.Checked {

    @Override
    public void check(JsonRecords.Problems problems) {
      notBlank(problems, "comment", comment);
    }

    /** The comment of {@code body}, or {@code fallback} when the body or its comment is absent. */
    public static String or(CommentBody body, String fallback) {
      return body == null || body.comment == null ? fallback : body.comment;
    }
  }

  /** An approver's review of a rule-set version. */
  @Schema(name = "RuleSetReview")
  public record ReviewBody(
      @Schema(
              required = true,
              enumeration = {"approved", "rejected"},
              description = "The approver's verdict")
          String verdict,
      @Schema(
              required = true,
              maxLength = MAX_COMMENT,
              example = "checked the new retention caps with the campaign team",
              description = "Why; kept with the review and in the audit of rule changes")
          String comment) {

    /** Whether the verdict approves the version. */
    public boolean approves() {
      return verdict.equals("approved");
    }
  }

  /** A simulation of a version against the one in force. */
  @Schema(name = "SimulationRequest")
  public record SimulationBody(
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              minItems = 1,
              description = "Channel codes to simulate; default: all five")
          List<String> channels,
      @Schema(
              implementation = Object.class,
              description = "How many stored customers, or \"all\"; default 10000",
              oneOf = {Integer.class, String.class})
          JsonValue sample,
      @Schema(
              minimum = "-2147483648",
              maximum = "2147483647",
              description =
                  "Seed of the sample and of the model scores; the same seed gives the same sample")
          Long seed)
      implements JsonRecords.Checked {

    /** The largest sample a number may ask for; "all" takes every stored customer. */
    public static final int MAX_SAMPLE = 10_000_000;

    @Override
    public void check(JsonRecords.Problems problems) {
      for (int i = 0; channels != null && i < channels.size(); i++) {
        if (channels.get(i) == null) {
          continue;
        }
        try {
          Channel.fromCode(channels.get(i));
        } catch (IllegalArgumentException e) {
          problems.reject("channels[" + i + "]", e.getMessage());
        }
      }
      if (sample != null && sampleOrDefault() == 0) {
        problems.reject(
            "sample",
            "must be a whole number of customers from 1 to " + MAX_SAMPLE + ", or \"all\"");
      }
    }

    /** The channels asked, each once, in order; every channel when the body names none. */
    public List<Channel> channelsOrAll() {
      return channels == null
          ? List.of(Channel.values())
          : channels.stream().map(Channel::fromCode).distinct().toList();
    }

    /** The sample asked: {@link Integer#MAX_VALUE} for all, 0 when it is no sample. */
    public int sampleOrDefault() {
      if (sample == null) {
        return Simulations.DEFAULT_SAMPLE;
      }
      if (sample instanceof JsonString s && s.getString().equals("all")) {
        return Integer.MAX_VALUE;
      }
      if (sample instanceof JsonNumber n
          && n.isIntegral()
          && n.longValue() >= 1
          && n.longValue() <= MAX_SAMPLE) {
        return n.intValue();
      }
      return 0;
    }

    /** The seed, 1 when absent. */
    public long seedOrDefault() {
      return seed == null ? 1 : seed;
    }
  }

  /** The most a challenger, and all challengers together, may serve of a channel's decisions. */
  static final String MAX_SHARE = "0.5";

  /** An offline-trained model uploaded as a challenger. */
  @Schema(name = "ChallengerUpload")
  public record ChallengerBody(
      @Schema(
              required = true,
              maxLength = MAX_MODEL_BASE64,
              description =
                  "The Tribuo model file (protobuf) the retrain command wrote with"
                      + " --model, base64-encoded: a logistic regression or an online probit")
          String modelBase64,
      @Schema(
              required = true,
              minimum = "0",
              exclusiveMinimum = true,
              maximum = MAX_SHARE,
              example = "0.1",
              description =
                  "The share of the channel's decisions the challenger serves, above 0 and at most 0.5"
                      + " (all challengers together)")
          double trafficShare,
      @Schema(
              minimum = "0",
              exclusiveMinimum = true,
              maximum = "10",
              example = "0.01",
              description =
                  "The prior variance of each weight the offline model gives"
                      + " (default 0.01; smaller trusts the offline model more)")
          Double priorVariance,
      @Schema(
              required = true,
              maxLength = 500,
              example = "logistic regression on October's web responses",
              description = "What this version is")
          String description,
      @Schema(
              maxLength = MAX_COMMENT,
              example = "monthly retraining",
              description = "Why; kept in the model changes")
          String reason)
      implements JsonRecords.Checked {

    /** The largest model file accepted, base64-encoded (about 48 MB decoded). */
    public static final int MAX_MODEL_BASE64 = 64 * 1024 * 1024;

    @Override
    public void check(JsonRecords.Problems problems) {
      if (modelBase64 != null) {
        try {
          model();
        } catch (IllegalArgumentException e) {
          problems.reject("modelBase64", "is not base64: " + e.getMessage());
        }
      }
      notBlank(problems, "reason", reason);
    }

    /** The model file. */
    public byte[] model() {
      return Base64.getMimeDecoder().decode(modelBase64);
    }

    /** The prior variance asked, or the default. */
    public double priorVarianceOrDefault() {
      return priorVariance == null ? ModelVersions.DEFAULT_WARM_VARIANCE : priorVariance;
    }

    /** The reason, or the default. */
    public String reasonOrDefault() {
      return reason == null ? "uploaded as a challenger" : reason;
    }
  }

  /** A change of a challenger's traffic share. */
  @Schema(name = "TrafficShare")
  public record TrafficShareBody(
      @Schema(
              required = true,
              minimum = "0",
              exclusiveMinimum = true,
              maximum = MAX_SHARE,
              example = "0.25",
              description = "Above 0 and at most 0.5")
          double trafficShare,
      @Schema(
              maxLength = MAX_COMMENT,
              example = "more traffic after a good week",
              description = "Why; kept in the model changes")
          String reason)
      implements JsonRecords.Checked {

    @Override
    public void check(JsonRecords.Problems problems) {
      notBlank(problems, "reason", reason);
    }

    /** The reason, or the default. */
    public String reasonOrDefault() {
      return reason == null ? "traffic share changed" : reason;
    }
  }

  /** Why a model change (promote, roll back, drop) is made. */
  @Schema(name = "ModelChangeReason")
  public record ReasonBody(
      @Schema(
              maxLength = MAX_COMMENT,
              example = "challenger converts 12 % better over 3 weeks",
              description = "Why; kept in the model changes")
          String reason)
      implements JsonRecords.Checked {

    @Override
    public void check(JsonRecords.Problems problems) {
      notBlank(problems, "reason", reason);
    }

    /** The reason of {@code body}, or {@code fallback} when the body or its reason is absent. */
    public static String or(ReasonBody body, String fallback) {
      return body == null || body.reason == null ? fallback : body.reason;
    }
  }

  /** A period of logged decisions to evaluate a model on. */
  @Schema(name = "OfflineEvaluationRequest")
  public record OfflineEvaluationBody(
      @Schema(
              required = true,
              maxLength = 40,
              example = "2026-11-01",
              description =
                  "Start of the decisions, inclusive: a date (midnight UTC) or an instant")
          String from,
      @Schema(
              required = true,
              maxLength = 40,
              example = "2026-12-01",
              description = "End, exclusive: a date or an instant")
          String to,
      @Schema(
              minimum = "1",
              exclusiveMinimum = true,
              maximum = "1000000000000",
              description =
                  "The largest importance weight (1/p); none when absent."
                      + " Clipping lowers the variance and biases the estimates down")
          Double clip)
      implements JsonRecords.Checked {

    @Override
    public void check(JsonRecords.Problems problems) {
      if (from != null && to != null) {
        try {
          range();
        } catch (BadRequestBody e) {
          e.errors().forEach(error -> problems.reject(error.field(), error.message()));
        }
      }
    }

    /** The period; the body checked already. */
    DateRange range() {
      return DateRange.parse(from, to);
    }

    /** The largest weight, or none. */
    public double clipOrNone() {
      return clip == null ? Double.POSITIVE_INFINITY : clip;
    }
  }

  /** The pattern of a user's name. */
  static final String USERNAME = "[a-z0-9][a-z0-9._-]{0,63}";

  /** How many roles there are: the most a user can have. */
  static final int ROLE_COUNT = 6;

  /** Records each of {@code roles} that is not a role. */
  private static void checkRoles(JsonRecords.Problems problems, List<String> roles) {
    for (int i = 0; roles != null && i < roles.size(); i++) {
      if (roles.get(i) != null && !UserDirectory.ROLES.contains(roles.get(i))) {
        problems.reject("roles[" + i + "]", "must be one of " + UserDirectory.ROLES);
      }
    }
  }

  /** A new user. */
  @Schema(name = "NewUser")
  public record NewUserBody(
      @Schema(required = true, example = "ana.silva", maxLength = 64, pattern = USERNAME)
          String username,
      @Schema(example = "Ana Silva", maxLength = 200) String displayName,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              required = true,
              minItems = 1,
              maxItems = ROLE_COUNT,
              example = "[\"business\"]")
          List<String> roles,
      @Schema(
              minLength = UserAdministration.MIN_PASSWORD_LENGTH,
              maxLength = UserAdministration.MAX_PASSWORD_LENGTH,
              description =
                  "12 to 200 characters; leave it out and Parcours chooses one, shown once")
          String password)
      implements JsonRecords.Checked {

    @Override
    public void check(JsonRecords.Problems problems) {
      if (username != null && !UserAdministration.acceptableName(username)) {
        problems.reject(
            "username",
            "must be lower-case letters, digits, dots, dashes or underscores, starting with a"
                + " letter or digit, and not '"
                + UserAdministration.PARCOURS_ITSELF
                + "' (the name of Parcours' own changes)");
      }
      notBlank(problems, "displayName", displayName);
      checkRoles(problems, roles);
      notBlank(problems, "password", password);
    }
  }

  /** The roles a user should have. */
  @Schema(name = "UserRoles")
  public record RolesBody(
      @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              required = true,
              minItems = 1,
              maxItems = ROLE_COUNT,
              example = "[\"business\", \"compliance\"]")
          List<String> roles)
      implements JsonRecords.Checked {

    @Override
    public void check(JsonRecords.Problems problems) {
      checkRoles(problems, roles);
    }
  }

  /** A new password, or none to have Parcours choose one. */
  @Schema(name = "NewPassword")
  public record PasswordBody(
      @Schema(
              minLength = UserAdministration.MIN_PASSWORD_LENGTH,
              maxLength = UserAdministration.MAX_PASSWORD_LENGTH,
              description =
                  "12 to 200 characters; leave it out (or send no body) and Parcours chooses one")
          String password)
      implements JsonRecords.Checked {

    @Override
    public void check(JsonRecords.Problems problems) {
      notBlank(problems, "password", password);
    }
  }
}
