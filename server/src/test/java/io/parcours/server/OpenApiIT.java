package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openapitools.codegen.validations.oas.OpenApiEvaluator;
import org.openapitools.codegen.validations.oas.RuleConfiguration;

/**
 * The API's OpenAPI document, as the server publishes it at {@code /openapi}, is valid to two
 * validators written apart from each other, so that clients can be generated from it and its tools
 * can read it.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class OpenApiIT {

  private static final String OAS_SCHEMA = "https://spec.openapis.org/oas/3.0/schema/2021-09-28";
  private static final String OAS_SCHEMA_RESOURCE = "spec.openapis.org/oas/3.0/schema/2021-09-28";

  private static String document;
  private static Path file;

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  /** The document as JSON, kept in target/ too so that a failure can be read whole. */
  @BeforeAll
  static void fetch() throws IOException {
    HttpResponse<String> r = Api.get(null, "openapi?format=JSON");
    assertEquals(200, r.statusCode(), r.body());
    document = r.body();
    file = Path.of("target", "openapi.json").toAbsolutePath();
    Files.writeString(file, document, StandardCharsets.UTF_8);
  }

  /**
   * What openapi-generator's {@code validate} command reports: its parser's messages, then its
   * evaluator's errors.
   */
  @Test
  void openApiGeneratorFindsNoError() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIParser().readContents(document, null, options);
    List<String> errors = new ArrayList<>();
    if (parsed.getMessages() != null) {
      errors.addAll(parsed.getMessages());
    }
    if (parsed.getOpenAPI() != null) {
      new OpenApiEvaluator(new RuleConfiguration())
          .validate(parsed.getOpenAPI())
          .getErrors()
          .forEach(e -> errors.add(e.getMessage() + ": " + e.getDetails()));
    }
    assertTrue(
        errors.isEmpty(), errors.size() + " errors in " + file + ":\n" + String.join("\n", errors));
  }

  /**
   * The OpenAPI 3.0 specification's own JSON schema (its 2021-09-28 edition, as Vert.x OpenAPI
   * ships it) finds no member out of place, written apart from openapi-generator's rules.
   */
  @Test
  void theOpenApiSchemaFindsNoError() throws IOException {
    JsonObject oas;
    try (InputStream in =
        OpenApiIT.class.getClassLoader().getResourceAsStream(OAS_SCHEMA_RESOURCE)) {
      assertTrue(in != null, "no " + OAS_SCHEMA_RESOURCE + " on the class path");
      oas = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    SchemaRepository schemas =
        SchemaRepository.create(
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT4)
                .setBaseUri(OAS_SCHEMA)
                .setOutputFormat(OutputFormat.Basic));
    schemas.dereference(OAS_SCHEMA, JsonSchema.of(oas));
    OutputUnit result = schemas.validator(OAS_SCHEMA).validate(new JsonObject(document));
    List<String> errors =
        result.getErrors() == null
            ? List.of()
            : result.getErrors().stream()
                .map(
                    e ->
                        e.getInstanceLocation()
                            + ": "
                            + e.getError()
                            + " ("
                            + e.getKeywordLocation()
                            + ")")
                .toList();
    assertTrue(
        result.getValid() && errors.isEmpty(),
        errors.size() + " errors in " + file + ":\n" + String.join("\n", errors));
  }

  /**
   * Every error answer of every operation is an RFC 9457 problem, as ProblemDetailsIT finds the
   * answers are.
   */
  @Test
  void everyErrorAnswerIsAProblem() {
    JsonObject paths = new JsonObject(document).getJsonObject("paths");
    List<String> others = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject responses = item.getJsonObject(method).getJsonObject("responses");
        for (String status : responses.fieldNames()) {
          if (status.startsWith("4") || status.startsWith("5")) {
            JsonObject content = responses.getJsonObject(status).getJsonObject("content");
            JsonObject problem =
                content == null ? null : content.getJsonObject("application/problem+json");
            if (problem == null
                || content.size() != 1
                || !"#/components/schemas/Problem"
                    .equals(problem.getJsonObject("schema").getString("$ref"))) {
              others.add(method + " " + path + " " + status + ": " + content);
            }
          }
        }
      }
    }
    assertTrue(others.isEmpty(), String.join("\n", others));
  }

  /**
   * A schema never forbids the members it lists, and instants are described as the strings they
   * are.
   */
  @Test
  void schemasSayWhatTheAnswersHold() {
    assertTrue(
        !document.contains("\"maxProperties\":0") && !document.contains("\"maxProperties\" : 0"),
        "a schema with maxProperties 0 in " + file);
    JsonObject schemas =
        new JsonObject(document).getJsonObject("components").getJsonObject("schemas");
    JsonObject decidedAt =
        schemas
            .getJsonObject("DecisionView")
            .getJsonObject("properties")
            .getJsonObject("decidedAt");
    if (decidedAt.containsKey("$ref")) {
      decidedAt =
          schemas.getJsonObject(
              decidedAt.getString("$ref").substring("#/components/schemas/".length()));
    }
    assertEquals("date-time", decidedAt.getString("format"), decidedAt.toString());
  }

  /** The main operations show a client what to send. */
  @Test
  void theMainOperationsHaveAnExampleBody() {
    JsonObject paths = new JsonObject(document).getJsonObject("paths");
    for (String path : List.of("/api/v1/decisions", "/api/v1/responses", "/api/v1/events")) {
      JsonObject content =
          paths
              .getJsonObject(path)
              .getJsonObject("post")
              .getJsonObject("requestBody")
              .getJsonObject("content")
              .getJsonObject("application/json");
      assertTrue(
          content.containsKey("example") || content.containsKey("examples"), path + ": " + content);
    }
  }

  /**
   * The contract in the repository ({@code docs/openapi.json}), from which channel teams and
   * ChannelClientIT generate their clients, is the document the server serves (less its {@code
   * servers}, which name the host it runs on).
   */
  @Test
  void theContractInTheRepositoryIsTheServedDocument() throws IOException {
    JsonObject served = new JsonObject(document);
    served.remove("servers");
    Path contract = Path.of("..", "docs", "openapi.json").toAbsolutePath().normalize();
    Path updated = Path.of("target", "openapi-contract.json").toAbsolutePath();
    Files.writeString(updated, sorted(served).encodePrettily() + "\n", StandardCharsets.UTF_8);
    JsonObject kept = new JsonObject(Files.readString(contract, StandardCharsets.UTF_8));
    assertTrue(
        kept.equals(served), // members compared by name, whatever their order
        "the API changed: review the difference (diff "
            + contract
            + " "
            + updated
            + "), then copy the one to the other");
  }

  /**
   * Every successful JSON answer is described by a named schema, so that a generated client reads
   * it into a type of its own with the record's name.
   */
  @Test
  void everySuccessfulAnswerHasANamedSchema() {
    JsonObject paths = new JsonObject(document).getJsonObject("paths");
    List<String> unnamed = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject operation = item.getJsonObject(method);
        JsonObject responses = operation.getJsonObject("responses");
        for (String status : responses.fieldNames()) {
          if (!status.startsWith("2")) {
            continue;
          }
          JsonObject content = responses.getJsonObject(status).getJsonObject("content");
          JsonObject json = content == null ? null : content.getJsonObject("application/json");
          if (json == null) {
            if (content == null) {
              unnamed.add(operation.getString("operationId") + " " + status + ": no content");
            }
            continue; // a download: CSV, a file
          }
          JsonObject schema = json.getJsonObject("schema");
          if (schema != null && "binary".equals(schema.getString("format"))) {
            continue; // a download
          }
          boolean named =
              schema != null
                  && (schema.containsKey("$ref")
                      || ("array".equals(schema.getString("type"))
                          && schema.getJsonObject("items").containsKey("$ref")));
          if (!named) {
            unnamed.add(operation.getString("operationId") + " " + status + ": " + schema);
          }
        }
      }
    }
    assertTrue(unnamed.isEmpty(), unnamed.size() + " answers:\n" + String.join("\n", unnamed));
  }

  /** {@code o} with the members of every object in the order of their names. */
  private static JsonObject sorted(JsonObject o) {
    JsonObject s = new JsonObject(new java.util.TreeMap<>());
    for (String k : new java.util.TreeSet<>(o.fieldNames())) {
      s.put(k, sorted(o.getValue(k)));
    }
    return s;
  }

  private static Object sorted(Object v) {
    if (v instanceof JsonObject o) {
      return sorted(o);
    }
    if (v instanceof io.vertx.core.json.JsonArray a) {
      io.vertx.core.json.JsonArray s = new io.vertx.core.json.JsonArray();
      a.forEach(e -> s.add(sorted(e)));
      return s;
    }
    return v;
  }
}
