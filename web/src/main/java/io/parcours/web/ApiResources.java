package io.parcours.web;

import io.parcours.web.api.ActionsResource;
import io.parcours.web.api.AuditResource;
import io.parcours.web.api.CustomerImportsResource;
import io.parcours.web.api.CustomersResource;
import io.parcours.web.api.DecisionLogResource;
import io.parcours.web.api.DecisionsResource;
import io.parcours.web.api.EventsResource;
import io.parcours.web.api.IdentitiesResource;
import io.parcours.web.api.JourneysResource;
import io.parcours.web.api.MeResource;
import io.parcours.web.api.ModelsResource;
import io.parcours.web.api.OutboundResource;
import io.parcours.web.api.ResponsesResource;
import io.parcours.web.api.RuleSetsResource;
import io.parcours.web.api.SimulationsResource;
import io.parcours.web.api.TrainingDataResource;
import io.parcours.web.api.UsersResource;
import io.parcours.web.api.VocabularyResource;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The API's resource classes, and what their operations answer when they succeed. */
public final class ApiResources {

  /** Every resource class of the API (a test checks that none is missing). */
  public static final List<Class<?>> CLASSES =
      List.of(
          ActionsResource.class,
          AuditResource.class,
          CustomerImportsResource.class,
          CustomersResource.class,
          DecisionLogResource.class,
          DecisionsResource.class,
          EventsResource.class,
          IdentitiesResource.class,
          JourneysResource.class,
          MeResource.class,
          ModelsResource.class,
          OutboundResource.class,
          ResponsesResource.class,
          RuleSetsResource.class,
          SimulationsResource.class,
          TrainingDataResource.class,
          UsersResource.class,
          VocabularyResource.class);

  private ApiResources() {}

  /** Each operation's method, by its operationId. */
  public static Map<String, Method> operations() {
    Map<String, Method> methods = new HashMap<>();
    for (Class<?> c : CLASSES) {
      for (Method m : c.getMethods()) {
        Operation operation = m.getAnnotation(Operation.class);
        if (operation != null && !operation.operationId().isEmpty()) {
          methods.put(operation.operationId(), m);
        }
      }
    }
    return methods;
  }

  /**
   * The type of the entity of each successful answer of {@code method}, by status: the {@code
   * implementation} an {@code @APIResponse} names, else the method's return type.
   */
  public static Map<String, Type> successes(Method method) {
    Map<String, Type> answers = new LinkedHashMap<>();
    for (APIResponse r : method.getAnnotationsByType(APIResponse.class)) {
      if (!r.responseCode().startsWith("2")) {
        continue;
      }
      Class<?> named = null;
      for (var content : r.content()) {
        if (content.schema().implementation() != Void.class) {
          named = content.schema().implementation();
        }
      }
      answers.put(r.responseCode(), named != null ? named : method.getGenericReturnType());
    }
    if (answers.isEmpty()) {
      answers.put("200", method.getGenericReturnType());
    }
    return answers;
  }

  /** Whether {@code type} is an entity a client reads, not a stream, a bare answer or nothing. */
  public static boolean isEntity(Type type) {
    return type != void.class
        && type != Void.class
        && type != Response.class
        && type != StreamingOutput.class
        && type != String.class;
  }

  /** The media type {@code method} produces first, JSON when it does not say. */
  public static String produces(Method method) {
    Produces p = method.getAnnotation(Produces.class);
    if (p == null) {
      p = method.getDeclaringClass().getAnnotation(Produces.class);
    }
    return p == null || p.value().length == 0 ? MediaType.APPLICATION_JSON : p.value()[0];
  }
}
