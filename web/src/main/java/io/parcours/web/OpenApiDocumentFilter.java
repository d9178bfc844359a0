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
    // Every operation is allowed to some roles only (@Allowed), so each can be refused.
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
        "An RFC 9457 problem: what was wrong with the request, and how to fix it",
        PROBLEM);
    declareTagsOnce(openAPI);
    dropPayaraEndpoints(openAPI);
    nameAnswerSchemas(openAPI, components);
  }

  /**
   * Gives each successful answer the named schema of the record the operation answers with: Payara
   * leaves out the content of an answer an {@code @APIResponse} describes without one, copies the
   * schema of one it describes by {@code implementation}, and knows nothing of the entity in a
   * {@code Response}. The record is the one the {@code @APIResponse} names, else the method's
   * return type; it must be a schema of the document (a record whose type carries
   * {@code @Schema(name)} is one), or the answer is left as it is and a warning says which.
   */
  private static void nameAnswerSchemas(OpenAPI openAPI, Components components) {
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    Map<String, Method> methods = ApiResources.operations();
    for (var item : openAPI.getPaths().getPathItems().values()) {
      for (Operation operation : item.getOperations().values()) {
        Method method = methods.get(operation.getOperationId());
        if (method == null || operation.getResponses() == null) {
          continue;
        }
        for (var answer : ApiResources.successes(method).entrySet()) {
          APIResponse response = operation.getResponses().getAPIResponse(answer.getKey());
          if (response != null) {
            cleanDownloads(response);
          }
          Schema schema = namedSchema(components, answer.getValue());
          if (response == null || schema == null) {
            if (response != null && ApiResources.isEntity(answer.getValue())) {
              LOG.warning(
                  () ->
                      "no schema named for "
                          + answer.getValue().getTypeName()
                          + ", the answer "
                          + answer.getKey()
                          + " of "
                          + operation.getOperationId());
            }
            continue;
          }
          var content = response.getContent();
          if (content == null
              || content.getMediaTypes() == null
              || content.getMediaTypes().isEmpty()) {
            response.setContent(
                OASFactory.createContent()
                    .addMediaType(
                        ApiResources.produces(method),
                        OASFactory.createMediaType().schema(schema)));
          } else {
            content.getMediaTypes().values().forEach(m -> m.setSchema(schema));
          }
        }
      }
    }
  }

  /**
   * Payara gives a download's schema ({@code type: string, format: binary}) the properties of
   * another schema of the document; a download has none.
   */
  private static void cleanDownloads(APIResponse response) {
    if (response.getContent() == null || response.getContent().getMediaTypes() == null) {
      return;
    }
    for (var media : response.getContent().getMediaTypes().values()) {
      Schema s = media.getSchema();
      if (s != null && "binary".equals(s.getFormat())) {
        media.setSchema(OASFactory.createSchema().type(Schema.SchemaType.STRING).format("binary"));
      }
    }
  }

  /** A reference to the schema of {@code type} (or an array of them), or null when it has none. */
  private static Schema namedSchema(Components components, Type type) {
    if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
      Schema items = namedSchema(components, list.getActualTypeArguments()[0]);
      return items == null
          ? null
          : OASFactory.createSchema().type(Schema.SchemaType.ARRAY).items(items);
    }
    if (!(type instanceof Class<?> c) || !c.isRecord()) {
      return null;
    }
    var declared = c.getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class);
    String name =
        declared != null && !declared.name().isEmpty() ? declared.name() : c.getSimpleName();
    if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
      // Payara describes a record only where it meets it as a return type or a named schema.
      addRecordSchema(components, name, c, null, "");
    }
    return OASFactory.createSchema().ref(SCHEMAS + name);
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
   * own, named {@code prefix} and their simple name.
   */
  private static void addRecordSchema(
      Components components, String name, Class<?> record, String description, String prefix) {
    Schema schema =
        OASFactory.createSchema().type(Schema.SchemaType.OBJECT).description(description);
    components.addSchema(name, schema); // first, so that a record holding itself ends
    for (RecordComponent c : record.getRecordComponents()) {
      schema.addProperty(c.getName(), schemaOf(components, c.getGenericType(), prefix));
      if (c.getType().isPrimitive()) {
        schema.addRequired(c.getName());
      }
    }
  }

  private static Schema schemaOf(Components components, Type type, String prefix) {
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      if (java.util.Collection.class.isAssignableFrom(raw)) {
        return OASFactory.createSchema()
            .type(Schema.SchemaType.ARRAY)
            .items(schemaOf(components, p.getActualTypeArguments()[0], prefix));
      }
      if (Map.class.isAssignableFrom(raw)) {
        return OASFactory.createSchema()
            .type(Schema.SchemaType.OBJECT)
            .additionalPropertiesSchema(
                schemaOf(components, p.getActualTypeArguments()[1], prefix));
      }
      return OASFactory.createSchema();
    }
    if (!(type instanceof Class<?> c)) {
      return OASFactory.createSchema();
    }
    if (c == String.class || c.isEnum()) {
      return OASFactory.createSchema().type(Schema.SchemaType.STRING);
    } else if (c == int.class || c == Integer.class) {
      return OASFactory.createSchema().type(Schema.SchemaType.INTEGER).format("int32");
    } else if (c == long.class || c == Long.class) {
      return OASFactory.createSchema().type(Schema.SchemaType.INTEGER).format("int64");
    } else if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
      return OASFactory.createSchema().type(Schema.SchemaType.NUMBER).format("double");
    } else if (c == boolean.class || c == Boolean.class) {
      return OASFactory.createSchema().type(Schema.SchemaType.BOOLEAN);
    } else if (c == java.time.Instant.class || c == java.time.OffsetDateTime.class) {
      return OASFactory.createSchema().type(Schema.SchemaType.STRING).format("date-time");
    } else if (c == java.time.LocalDate.class) {
      return OASFactory.createSchema().type(Schema.SchemaType.STRING).format("date");
    } else if (c.isRecord()) {
      String name = prefix + c.getSimpleName();
      if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
        addRecordSchema(components, name, c, null, prefix);
      }
      return OASFactory.createSchema().ref(SCHEMAS + name);
    }
    return OASFactory.createSchema(); // any JSON value
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
