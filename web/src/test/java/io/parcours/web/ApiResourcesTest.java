package io.parcours.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.web.api.DecisionsResource;
import io.parcours.web.api.Views;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;

/**
 * The list of resource classes the OpenAPI filter reads is the API's whole list, and what it reads
 * of an operation is what the operation answers.
 */
class ApiResourcesTest {

  @Test
  void everyResourceClassOfTheApiIsListed() throws IOException, URISyntaxException {
    var classes =
        Paths.get(ApiResources.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/parcours/web/api");
    Set<String> resources = new TreeSet<>();
    try (Stream<java.nio.file.Path> files = Files.list(classes)) {
      for (var f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".class") && !name.contains("$")) {
          try {
            Class<?> c = Class.forName("io.parcours.web.api." + name.replace(".class", ""));
            if (c.isAnnotationPresent(Path.class)) {
              resources.add(c.getName());
            }
          } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
          }
        }
      }
    }
    assertTrue(resources.size() > 10, resources.toString());
    assertEquals(
        resources, new TreeSet<>(ApiResources.CLASSES.stream().map(Class::getName).toList()));
  }

  @Test
  void eachOperationIdIsOneMethods() {
    Set<String> seen = new HashSet<>();
    for (Class<?> c : ApiResources.CLASSES) {
      for (Method m : c.getMethods()) {
        Operation o = m.getAnnotation(Operation.class);
        if (o != null) {
          assertTrue(seen.add(o.operationId()), o.operationId() + " twice");
        }
      }
    }
    assertEquals(seen, ApiResources.operations().keySet());
  }

  @Test
  void anAnswerIsTheRecordItsAnnotationNamesElseWhatTheMethodReturns() throws Exception {
    Method decide = ApiResources.operations().get("decide");
    assertEquals(DecisionsResource.class, decide.getDeclaringClass());
    assertEquals(Views.DecisionView.class, ApiResources.successes(decide).get("200"));
    Method respond = ApiResources.operations().get("recordResponse");
    assertEquals(List.of("201", "200"), List.copyOf(ApiResources.successes(respond).keySet()));
    assertEquals(Views.ResponseView.class, ApiResources.successes(respond).get("201"));
  }
}
