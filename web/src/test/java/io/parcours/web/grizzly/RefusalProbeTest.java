package io.parcours.web.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;
import org.junit.jupiter.api.Test;

class RefusalProbeTest {

  private static HttpRequestPacket.Builder get() {
    return HttpRequestPacket.builder()
        .method(Method.GET)
        .uri("/api/v1/customers")
        .protocol(Protocol.HTTP_1_1)
        .header("Host", "localhost");
  }

  private static final IllegalStateException BAD_HEADERS =
      new IllegalStateException("Bad HTTP headers");

  @Test
  void aGetWithABodyIsToldItTakesNone() {
    String length = RefusalProbe.why(get().contentLength(5).build(), BAD_HEADERS);
    assertTrue(length.startsWith("a GET request takes no body"), length);
    String chunked = RefusalProbe.why(get().chunked(true).build(), BAD_HEADERS);
    assertTrue(chunked.startsWith("a GET request takes no body"), chunked);
  }

  @Test
  void aHeaderWithACharacterBeyondAsciiIsToldToSendAsciiOnly() {
    String why =
        RefusalProbe.why(
            get().build(),
            new IllegalStateException(
                "An invalid character 0xffffffc3 was found in the header value"));
    assertTrue(why.contains("in a header value: send printable ASCII only"), why);
  }

  @Test
  void anHttp11RequestWithoutHostIsToldItNeedsOne() {
    HttpRequestPacket request =
        HttpRequestPacket.builder().method(Method.GET).uri("/").protocol(Protocol.HTTP_1_1).build();
    assertEquals("an HTTP/1.1 request needs a Host header", RefusalProbe.why(request, BAD_HEADERS));
  }

  @Test
  void whatTheProbeCannotTellIsLeftToTheGeneralDetail() {
    assertNull(
        RefusalProbe.why(
            HttpRequestPacket.builder()
                .method(Method.POST)
                .uri("/api/v1/decisions")
                .protocol(Protocol.HTTP_1_1)
                .header("Host", "localhost")
                .contentLength(5)
                .build(),
            BAD_HEADERS));
    assertNull(RefusalProbe.why(get().build(), null));
  }
}
