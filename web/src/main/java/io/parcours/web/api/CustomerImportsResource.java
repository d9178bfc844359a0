package io.parcours.web.api;

import io.parcours.engine.ImportFacade;
import io.parcours.engine.profile.CustomerImport;
import io.parcours.engine.profile.ImportMapping;
import io.parcours.engine.profile.ImportReport;
import io.parcours.web.Roles;
import io.parcours.web.problem.BadRequestBody;
import io.parcours.web.problem.Problem;
import io.parcours.web.security.Allowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Bulk import of customer profiles from CSV, the mappings that read the files, and the imports'
 * progress.
 */
@Path("/v1")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customer import", description = "Customer profiles from CSV files, with a mapping")
public class CustomerImportsResource {

  @Inject ImportFacade facade;

  @POST
  @Path("customers:import")
  @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
  @Allowed(Roles.ADMIN)
  @Operation(
      operationId = "importCustomers",
      summary = "Import customer profiles from a CSV file",
      description =
          "The body is the CSV file (UTF-8, a header line first), read as it arrives and never held"
              + " whole; the mapping named by `mapping` turns each row into a profile (docs/profile.md, \"Bulk"
              + " import\"). Rows are stored in batches of 500, each one transaction: a new customer is created, an"
              + " existing one takes the fields the file sets and its custom attributes are merged. A row with a bad"
              + " value is skipped and reported with its line and reason. The answer comes once the file is read;"
              + " meanwhile GET /api/v1/customer-imports shows the progress. Consents are never imported.")
  @RequestBody(content = @Content(mediaType = "text/csv"))
  @APIResponse(
      responseCode = "200",
      description = "The report: rows read, imported, updated, skipped (with lines)",
      content = @Content(schema = @Schema(implementation = ImportView.class)))
  @APIResponse(responseCode = "400", description = "No mapping, or an unknown one (problem+json)")
  @APIResponse(
      responseCode = "422",
      description =
          "The file cannot be read on (empty, a header without the"
              + " mapped columns, a line that is not CSV): problem+json with the line; the batches before it stay")
  @APIResponse(
      responseCode = "503",
      description = "A batch could not be stored; send the file again")
  public ImportView importCustomers(
      @Parameter(
              description =
                  "The mapping's name: telco, or one saved with PUT /api/v1/customer-import-mappings/{name}")
          @QueryParam("mapping")
          String mapping,
      InputStream csv) {
    if (mapping == null || mapping.isBlank()) {
      throw new BadRequestBody(
          "mapping", "is required: the name of the mapping that reads the file; known: " + known());
    }
    ImportMapping m =
        facade
            .mapping(mapping)
            .orElseThrow(
                () ->
                    new BadRequestBody(
                        "mapping", "'" + mapping + "' is not a mapping; known: " + known()));
    return ImportView.of(facade.run(m, csv));
  }

  private List<String> known() {
    return facade.mappings().stream().map(ImportMapping::name).toList();
  }

  @GET
  @Path("customer-imports")
  @Allowed(Roles.ADMIN)
  @Operation(
      operationId = "listCustomerImports",
      summary = "The imports of this node, newest first",
      description =
          "Running ones with their progress so far; the last 20 are remembered, until a restart")
  public List<ImportView> imports() {
    return facade.recent().stream().map(ImportView::of).toList();
  }

  @GET
  @Path("customer-imports/{importId}")
  @Allowed(Roles.ADMIN)
  @Operation(
      operationId = "getCustomerImport",
      summary = "One import of this node: its progress, or its report")
  @APIResponse(
      responseCode = "200",
      description = "The import",
      content = @Content(schema = @Schema(implementation = ImportView.class)))
  @APIResponse(
      responseCode = "404",
      description = "Not an import this node remembers (problem+json)")
  public Response importOf(@PathParam("importId") String importId) {
    return facade
        .find(importId)
        .map(r -> Response.ok(ImportView.of(r)).build())
        .orElseGet(
            () ->
                Problem.of(
                        "unknown-import",
                        "Unknown import",
                        404,
                        "this node remembers no import '"
                            + importId
                            + "'; GET /api/v1/customer-imports lists them",
                        null)
                    .toResponse());
  }

  @GET
  @Path("customer-import-mappings")
  @Allowed(Roles.ADMIN)
  @Operation(
      operationId = "listImportMappings",
      summary = "The mappings an import can name, and the columns each reads",
      description = "Those shipped with Parcours (telco), then those saved with PUT, by name")
  public List<MappingView> mappings() {
    return facade.mappings().stream().map(MappingView::of).toList();
  }

  @GET
  @Path("customer-import-mappings/{name}")
  @Allowed(Roles.ADMIN)
  @Operation(operationId = "getImportMapping", summary = "One mapping, as its JSON text")
  @APIResponse(responseCode = "404", description = "No mapping of that name (problem+json)")
  public Response mapping(@PathParam("name") String name) {
    return facade
        .mapping(name)
        .map(m -> Response.ok(m.json(), MediaType.APPLICATION_JSON).build())
        .orElseGet(
            () ->
                Problem.of(
                        "unknown-mapping",
                        "Unknown mapping",
                        404,
                        "no mapping '"
                            + name
                            + "'; GET /api/v1/customer-import-mappings lists them",
                        null)
                    .toResponse());
  }

  @PUT
  @Path("customer-import-mappings/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(Roles.ADMIN)
  @Operation(
      operationId = "saveImportMapping",
      summary = "Save a mapping under a name, for imports to use",
      description =
          "The body is the mapping (docs/profile.md, \"The mapping file\"). It is checked before it is"
              + " saved: an unknown field, an undeclared attribute, a missing field, a default or a value of the wrong"
              + " kind is a 422 that says where. A saved mapping of the same name is replaced; the shipped ones cannot"
              + " be.")
  @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON))
  @APIResponse(
      responseCode = "201",
      description = "Saved under a new name",
      content = @Content(schema = @Schema(implementation = MappingView.class)))
  @APIResponse(
      responseCode = "200",
      description = "Replaced the mapping of that name",
      content = @Content(schema = @Schema(implementation = MappingView.class)))
  @APIResponse(
      responseCode = "422",
      description =
          "Not a valid mapping, a bad name, or a shipped mapping's name" + " (problem+json)")
  public Response saveMapping(
      @PathParam("name") String name, String body, @Context SecurityContext security) {
    CustomerImport.Saved saved =
        facade.saveMapping(name, body == null ? "" : body, security.getUserPrincipal().getName());
    return Response.status(saved.created() ? 201 : 200)
        .entity(MappingView.of(saved.mapping()))
        .build();
  }

  @GET
  @Path("customer-attributes")
  @Allowed({
    Roles.CHANNEL,
    Roles.BUSINESS,
    Roles.SCIENTIST,
    Roles.COMPLIANCE,
    Roles.APPROVER,
    Roles.ADMIN
  })
  @Operation(
      operationId = "listCustomerAttributes",
      summary = "The declared custom attributes of the profile",
      description =
          "Each one's name, kind (string, number, boolean), meaning and allowed values; rules read them"
              + " as Customer.attribute(name)")
  public List<AttributeView> attributes() {
    return facade.attributes().stream()
        .map(
            a ->
                new AttributeView(
                    a.name(),
                    a.kind().name().toLowerCase(java.util.Locale.ROOT),
                    a.description(),
                    a.allowed().stream().sorted().toList()))
        .toList();
  }

  /** A declared custom attribute. */
  public record AttributeView(String name, String kind, String description, List<String> allowed) {}

  /**
   * A mapping: its name, what it is for, the columns it reads and the fields it updates on existing
   * profiles.
   */
  public record MappingView(
      String name, String description, List<String> columns, List<String> updatesFields) {
    static MappingView of(ImportMapping m) {
      return new MappingView(
          m.name(), m.description(), List.copyOf(m.columns()), List.copyOf(m.updatedFields()));
    }
  }

  /** A skipped row: its line in the file (1: the header), its customer number if any, and why. */
  public record SkippedRowView(long line, String customerId, String reason) {}

  /** An import's progress or report. */
  @JsonbPropertyOrder({
    "importId",
    "mapping",
    "status",
    "startedAt",
    "finishedAt",
    "rowsRead",
    "imported",
    "updated",
    "skipped",
    "rowsPerSecond",
    "skippedRows",
    "failure"
  })
  public record ImportView(
      String importId,
      String mapping,
      @Schema(description = "running, finished or failed") String status,
      Instant startedAt,
      Instant finishedAt,
      long rowsRead,
      long imported,
      long updated,
      long skipped,
      double rowsPerSecond,
      @Schema(
              type = SchemaType.ARRAY,
              implementation = SkippedRowView.class,
              description = "The first 1,000 skipped rows")
          List<SkippedRowView> skippedRows,
      String failure) {
    static ImportView of(ImportReport r) {
      return new ImportView(
          r.importId(),
          r.mapping(),
          r.status(),
          r.startedAt(),
          r.finishedAt(),
          r.rowsRead(),
          r.imported(),
          r.updated(),
          r.skipped(),
          Math.round(r.rowsPerSecond(Instant.now()) * 10) / 10.0,
          r.skippedRows().stream()
              .map(s -> new SkippedRowView(s.line(), s.customerId(), s.reason()))
              .toList(),
          r.failure());
    }
  }
}
