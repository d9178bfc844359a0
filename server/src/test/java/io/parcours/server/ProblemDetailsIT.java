package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input gets a clear RFC 9457 answer, a 4xx that names what was wrong, and never a stack trace.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class ProblemDetailsIT {

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  private static JsonObject problem(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(
        "application/problem+json",
        r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    assertFalse(r.body().contains("Exception"), "no stack trace or exception name: " + r.body());
    assertFalse(r.body().contains("\tat "), r.body());
    JsonObject p = Api.json(r);
    assertEquals(status, p.getInt("status"));
    assertFalse(p.getString("detail").isBlank());
    assertTrue(
        p.getString("instance").startsWith("/api/v1/"), "instance is the request path: " + p);
    return p;
  }

  private static boolean names(JsonObject problem, String field) {
    return problem.getJsonArray("errors").stream()
        .anyMatch(e -> e.asJsonObject().getString("field").equals(field));
  }

  @Test
  void malformedJsonIsABadRequest() {
    JsonObject p = problem(Api.post("channel", "api/v1/decisions", "{\"customerId\": "), 400);
    assertTrue(names(p, "body"));
  }

  @Test
  void missingAndInvalidFieldsAreEachNamed() {
    JsonObject p =
        problem(Api.post("channel", "api/v1/decisions", "{\"channel\":\"fax\",\"limit\":0}"), 400);
    assertTrue(names(p, "customerId"), p.toString());
    assertTrue(names(p, "channel"), p.toString());
    assertTrue(names(p, "limit"), p.toString());
    assertTrue(p.toString().contains("call-centre"), "the accepted channels are listed");
  }

  @Test
  void aWrongTypeIsNamed() {
    JsonObject p =
        problem(
            Api.post(
                "channel",
                "api/v1/decisions",
                "{\"customerId\":7,\"channel\":\"web\",\"limit\":\"3\"}"),
            400);
    assertTrue(names(p, "customerId"));
    assertTrue(names(p, "limit"));
  }

  @Test
  void anUnknownCustomerIsNotFound() {
    problem(
        Api.post("channel", "api/v1/decisions", "{\"customerId\":\"NOBODY\",\"channel\":\"web\"}"),
        404);
    problem(Api.get("channel", "api/v1/customers/NOBODY"), 404);
  }

  @Test
  void aResponseToAnActionTheDecisionDidNotShowIsUnprocessable() {
    JsonObject decision = Api.decide("C000002", "web", 3);
    JsonObject p =
        problem(
            Api.respond(
                decision.getString("decisionId"),
                "no-such-action",
                "accepted",
                UUID.randomUUID().toString()),
            422);
    assertTrue(names(p, "actionId"));
    JsonObject unknownDecision =
        problem(
            Api.respond(
                UUID.randomUUID().toString(),
                "no-such-action",
                "accepted",
                UUID.randomUUID().toString()),
            422);
    assertTrue(names(unknownDecision, "decisionId"));
  }

  @Test
  void aResponseWithoutIdempotencyKeyOrWithABadOutcomeIsABadRequest() {
    HttpResponse<String> r =
        Api.post(
            "channel",
            "api/v1/responses",
            "{\"decisionId\":\""
                + UUID.randomUUID()
                + "\",\"actionId\":\"a\",\"outcome\":\"loved\"}");
    JsonObject p = problem(r, 400);
    assertTrue(names(p, "Idempotency-Key"));
    assertTrue(names(p, "outcome"));
  }

  @Test
  void aDecisionIdThatIsNotAUuidIsABadRequest() {
    problem(Api.get("compliance", "api/v1/decisions/not-a-uuid"), 400);
    problem(Api.get("compliance", "api/v1/decisions/" + UUID.randomUUID()), 404);
  }

  @Test
  void strangersAndWrongRolesAreTurnedAway() {
    problem(Api.get(null, "api/v1/actions"), 401);
    problem(
        Api.post(
            "compliance", "api/v1/decisions", "{\"customerId\":\"C000001\",\"channel\":\"web\"}"),
        403);
    problem(Api.get("business", "api/v1/audit/verification"), 403);
  }

  @Test
  void badPagingIsABadRequest() {
    problem(Api.get("channel", "api/v1/customers?limit=0"), 400);
    problem(Api.get("channel", "api/v1/customers?offset=x"), 400);
  }

  /**
   * Sends {@code request} as raw bytes, for what no HTTP client lets through; returns status,
   * headers, body.
   */
  private static String raw(byte[] request) throws java.io.IOException {
    URI base = URI.create(Api.BASE);
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static void isProblem(String response, String what) {
    String head = response.split("\r\n\r\n", 2)[0];
    assertTrue(head.matches("(?s)HTTP/1\\.1 4\\d\\d .*"), what + ": " + head);
    assertTrue(
        head.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json"),
        what + ": " + response);
    assertTrue(response.contains("\"status\":4"), what + ": " + response);
  }

  @Test
  void whatTheContainerRefusesItselfIsAProblemToo() throws Exception {
    String auth = "Authorization: " + Api.basic("channel", Api.password("channel")) + "\r\n";
    URI base = URI.create(Api.BASE);
    String host = "Host: " + base.getHost() + ":" + base.getPort() + "\r\n";
    isProblem(
        raw(
            ("PUT /api/v1/actions HTTP/1.1\r\n"
                    + host
                    + auth
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
        "a method the path does not take");
    isProblem(
        raw(
            ("POST /api/v1/decisions HTTP/1.1\r\n"
                    + host
                    + auth
                    + "Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
        "a body of a type the path does not read");
  }

  /**
   * Sends {@code request} as raw bytes, without {@code Connection: close}, and asserts that the
   * server refused it with a 400 problem document and closed the connection; returns the document.
   */
  private static JsonObject refused(byte[] request, String what) throws java.io.IOException {
    String response = raw(request);
    String[] parts = response.split("\r\n\r\n", 2);
    String head = parts[0];
    assertTrue(head.startsWith("HTTP/1.1 400 "), what + ": " + response);
    assertTrue(
        head.toLowerCase(java.util.Locale.ROOT)
            .contains("\r\ncontent-type: application/problem+json"),
        what + ": " + response);
    assertTrue(parts.length == 2 && !parts[1].isEmpty(), what + " has a body: " + response);
    assertFalse(parts[1].contains("Exception"), what + ": " + response);
    JsonObject problem;
    try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(parts[1]))) {
      problem = reader.readObject();
    }
    assertEquals(400, problem.getInt("status"), what + ": " + problem);
    assertEquals("https://parcours.io/problems/http-400", problem.getString("type"));
    assertEquals("Bad Request", problem.getString("title"));
    return problem;
  }

  private static String requestHead(String requestLine) {
    URI base = URI.create(Api.BASE);
    return requestLine
        + "\r\nHost: "
        + base.getHost()
        + ":"
        + base.getPort()
        + "\r\nAuthorization: "
        + Api.basic("channel", Api.password("channel"))
        + "\r\n";
  }

  @Test
  void aGetWithABodyIsAProblemThatSaysGetTakesNoBody() throws Exception {
    JsonObject p =
        refused(
            (requestHead("GET /api/v1/customers HTTP/1.1") + "Content-Length: 5\r\n\r\nhello")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
            "a GET with Content-Length");
    assertTrue(p.getString("detail").contains("a GET request takes no body"), p.toString());
    JsonObject chunked =
        refused(
            (requestHead("GET /api/v1/customers HTTP/1.1")
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
            "a GET with a chunked body");
    assertTrue(
        chunked.getString("detail").contains("a GET request takes no body"), chunked.toString());
  }

  @Test
  void aNulInAPathSegmentIsStillRefusedWithAProblemThatSaysSo() throws Exception {
    JsonObject p =
        refused(
            (requestHead("GET /api/v1/customers/a%00b HTTP/1.1") + "\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
            "an encoded NUL in the path");
    assertTrue(p.getString("detail").contains("NUL (%00)"), p.toString());
  }

  @Test
  void aHeaderValueBeyondAsciiIsAProblemThatSaysAsciiOnly() throws Exception {
    byte[] head =
        (requestHead("GET /api/v1/customers HTTP/1.1") + "X-Test: ")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] value = "\u00e9\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] request = java.util.Arrays.copyOf(head, head.length + value.length);
    System.arraycopy(value, 0, request, head.length, value.length);
    JsonObject p = refused(request, "a header value in UTF-8");
    assertTrue(p.getString("detail").contains("printable ASCII only"), p.toString());
  }
}
