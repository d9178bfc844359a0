package io.parcours.web.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BareErrorAnswerTest {

  private static final String CODEC_REFUSAL =
      "HTTP/1.1 400 Bad Request\r\nServer: Payara Server\r\nConnection: close\r\n"
          + "Content-Length: 0\r\nX-Frame-Options: SAMEORIGIN\r\n\r\n";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String[] split(byte[] answer) {
    return new String(answer, StandardCharsets.UTF_8).split("\r\n\r\n", 2);
  }

  @Test
  void theCodecsBareRefusalGetsAProblemDocumentAndKeepsItsOtherHeaders() {
    BareErrorAnswer bare = BareErrorAnswer.of(bytes(CODEC_REFUSAL));
    assertNotNull(bare);
    String[] answer = split(bare.asProblem("a GET request takes no body", false));
    assertTrue(answer[0].startsWith("HTTP/1.1 400 Bad Request\r\n"), answer[0]);
    assertTrue(answer[0].contains("\r\nServer: Payara Server\r\n"), answer[0]);
    assertTrue(answer[0].contains("\r\nX-Frame-Options: SAMEORIGIN"), answer[0]);
    assertTrue(answer[0].contains("\r\nConnection: close\r\n"), answer[0]);
    assertTrue(
        answer[0].contains("\r\nContent-Type: application/problem+json;charset=UTF-8\r\n"),
        answer[0]);
    int length = answer[1].getBytes(StandardCharsets.UTF_8).length;
    assertTrue(answer[0].contains("\r\nContent-Length: " + length + "\r\n"), answer[0]);
    JsonObject problem = Json.createReader(new StringReader(answer[1])).readObject();
    assertEquals("https://parcours.io/problems/http-400", problem.getString("type"));
    assertEquals("Bad Request", problem.getString("title"));
    assertEquals(400, problem.getInt("status"));
    assertEquals("a GET request takes no body", problem.getString("detail"));
  }

  @Test
  void aPathTheContainerCannotReadIsSaidFromItsReasonPhrase() {
    BareErrorAnswer bare =
        BareErrorAnswer.of(
            bytes("HTTP/1.1 400 Invalid URI\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    assertNotNull(bare);
    assertEquals("Invalid URI", bare.reason());
    String[] answer = split(bare.asProblem(null, false));
    assertTrue(answer[0].startsWith("HTTP/1.1 400 Invalid URI\r\n"), answer[0]);
    JsonObject problem = Json.createReader(new StringReader(answer[1])).readObject();
    assertTrue(problem.getString("detail").contains("encoded NUL (%00)"), problem.toString());
  }

  @Test
  void theAnswerToAHeadRequestHasTheHeadersButNoBody() {
    BareErrorAnswer bare = BareErrorAnswer.of(bytes(CODEC_REFUSAL));
    String withBody = new String(bare.asProblem(null, false), StandardCharsets.UTF_8);
    String head = new String(bare.asProblem(null, true), StandardCharsets.UTF_8);
    assertEquals(withBody.substring(0, withBody.indexOf("\r\n\r\n") + 4), head);
  }

  @Test
  void everyOtherAnswerIsLeftAlone() {
    assertNull(
        BareErrorAnswer.of(
            bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")),
        "a success");
    assertNull(
        BareErrorAnswer.of(
            bytes(
                "HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n")),
        "an answer with a content type");
    assertNull(
        BareErrorAnswer.of(
            bytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 12\r\nConnection: close\r\n\r\n")),
        "an answer whose body follows");
    assertNull(
        BareErrorAnswer.of(
            bytes(
                "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")),
        "a chunked answer");
    assertNull(
        BareErrorAnswer.of(bytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")),
        "an answer the connection outlives");
    assertNull(
        BareErrorAnswer.of(bytes(CODEC_REFUSAL.substring(0, CODEC_REFUSAL.length() - 2))),
        "a part of a head");
    assertNull(BareErrorAnswer.of(bytes("{\"status\":400,\"detail\":\"HTTP/1.1 400\"}\r\n\r\n")));
  }
}
