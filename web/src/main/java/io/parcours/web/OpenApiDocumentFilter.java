package io.parcours.web;

import io.parcours.web.problem.Problem;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * Finishes the OpenAPI document the annotations describe with what holds for every operation, so
 * that no annotation has to repeat it: each error answer (4xx, 5xx) is an RFC 9457 problem, {@code
 * application/problem+json} of the {@code Problem} schema, which is read from the {@link Problem}
 * record itself so that the two cannot drift apart; and each operation may answer 401 and 403,
 * since every one is allowed to some roles only.
 *
 * <p>It also mends two things Payara does that validators and client generators refuse: it declares
 * a tag again for each resource class that carries it (each is declared once here, the one with a
 * description kept), and it lists the application's paths under a top-level {@code endpoints} key,
 * which OpenAPI 3.0 does not allow (dropped here; Payara has no setting for it).
 *
 * <p>Named by {@code mp.openapi.filter} in the engine module's {@code
 * META-INF/microprofile-config.properties}.
 */
public class OpenApiDocumentFilter implements OASFilter {

  private static final Logger LOG = Logger.getLogger(OpenApiDocumentFilter.class.getName());
  private static final String SCHEMAS = "#/components/schemas/";
  private static final String PROBLEM = "Problem";

  @Override
  public Operation filterOperation(Operation operation) {
    if (operation.getResponses() == null) {
      return operation;
    }
    // Every operation is allowed to some roles only (@RolesAllowed), so each can be refused.
    addIfAbsent(operation, "401", "Not signed in, or with credentials Parcours does not accept");
    addIfAbsent(operation, "403", "The user's roles do not allow this operation");
    for (Map.Entry<String, APIResponse> e : operation.getResponses().getAPIResponses().entrySet()) {
      if (isError(e.getKey()) && e.getValue().getRef() == null) {
        e.getValue()
            .setContent(
                OASFactory.createContent()
                    .addMediaType(
                        Problem.MEDIA_TYPE,
                        OASFactory.createMediaType()
                            .schema(OASFactory.createSchema().ref(SCHEMAS + PROBLEM))));
      }
    }
    return operation;
  }

  /**
   * Payara writes maxProperties 0 into each schema made from an annotation, which would forbid
   * every member.
   */
  @Override
  public Schema filterSchema(Schema schema) {
    if (Integer.valueOf(0).equals(schema.getMaxProperties())) {
      schema.setMaxProperties(null);
    }
    return schema;
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    Components components = openAPI.getComponents();
    if (components == null) {
      components = OASFactory.createComponents();
      openAPI.setComponents(components);
    }
    addRecordSchema(
        components,
        PROBLEM,
        Problem.class,
        "An RFC 9457 problem: what was wrong with the request, and how to fix it");
    declareTagsOnce(openAPI);
    dropPayaraEndpoints(openAPI);
  }

  private static void addIfAbsent(Operation operation, String status, String description) {
    if (!operation.getResponses().hasAPIResponse(status)) {
      operation
          .getResponses()
          .addAPIResponse(status, OASFactory.createAPIResponse().description(description));
    }
  }

  private static boolean isError(String status) {
    return status.startsWith("4") || status.startsWith("5");
  }

  /**
   * The schema of a record, its components as properties; the records it holds get schemas of their
   * own.
   */
  private static void addRecordSchema(
      Components components, String name, Class<?> record, String description) {
    Schema schema =
        OASFactory.createSchema().type(Schema.SchemaType.OBJECT).description(description);
    for (RecordComponent c : record.getRecordComponents()) {
      schema.addProperty(c.getName(), schemaOf(components, c.getGenericType()));
      if (c.getType().isPrimitive()) {
        schema.addRequired(c.getName());
      }
    }
    components.addSchema(name, schema);
  }

  private static Schema schemaOf(Components components, Type type) {
    if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
      return OASFactory.createSchema()
          .type(Schema.SchemaType.ARRAY)
          .items(schemaOf(components, list.getActualTypeArguments()[0]));
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return OASFactory.createSchema().type(Schema.SchemaType.STRING);
    } else if (c == int.class || c == Integer.class) {
      return OASFactory.createSchema().type(Schema.SchemaType.INTEGER).format("int32");
    } else if (c == long.class || c == Long.class) {
      return OASFactory.createSchema().type(Schema.SchemaType.INTEGER).format("int64");
    } else if (c.isRecord()) {
      String name = PROBLEM + c.getSimpleName();
      if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
        addRecordSchema(components, name, c, null);
      }
      return OASFactory.createSchema().ref(SCHEMAS + name);
    }
    throw new IllegalArgumentException(
        "no OpenAPI schema for " + c + ", a member of the problem document");
  }

  private static void declareTagsOnce(OpenAPI openAPI) {
    if (openAPI.getTags() == null) {
      return;
    }
    Map<String, Tag> tags = new LinkedHashMap<>();
    for (Tag tag : openAPI.getTags()) {
      tags.merge(tag.getName(), tag, (kept, again) -> kept.getDescription() == null ? again : kept);
    }
    openAPI.setTags(new ArrayList<>(tags.values()));
  }

  /**
   * Payara's document writer leaves empty maps out, so emptying its list of endpoints removes the
   * key.
   */
  private static void dropPayaraEndpoints(OpenAPI openAPI) {
    try {
      Method endpoints = openAPI.getClass().getMethod("getEndpoints");
      if (endpoints.invoke(openAPI) instanceof Map<?, ?> map) {
        map.clear();
      }
    } catch (NoSuchMethodException e) {
      // Not Payara's model: there is no such list to drop.
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.WARNING, "cannot drop Payara's list of endpoints from the OpenAPI document", e);
    }
  }
}
