package io.parcours.web.grizzly;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpPacket;
import org.glassfish.grizzly.http.HttpProbe;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;

/**
 * A probe on the HTTP codec: when the codec refuses a request it tells its probes why before it
 * answers; this one keeps a sentence for the person who sent it on the connection, for {@link
 * ProblemAnswerFilter} to put in the problem document.
 */
final class RefusalProbe extends HttpProbe.Adapter {

  @Override
  public void onErrorEvent(Connection connection, HttpPacket packet, Throwable error) {
    String why = why(packet, error);
    if (why != null) {
      ProblemAnswerFilter.WHY.set(connection, why);
    }
  }

  /** What was wrong with the request of {@code packet}, or null when it cannot be told. */
  static String why(HttpPacket packet, Throwable error) {
    String message = error == null || error.getMessage() == null ? "" : error.getMessage();
    if (message.startsWith("An invalid character")) {
      return "a header of the request has a character this server does not take in a header"
          + (message.contains("header name") ? " name" : " value")
          + ": send printable ASCII only (a byte above 0x7F, such as one of a UTF-8 letter, or a"
          + " control character is refused); percent-encode such text or send it in the body";
    }
    HttpHeader header =
        packet instanceof HttpContent content ? content.getHttpHeader() : (HttpHeader) packet;
    if (!(header instanceof HttpRequestPacket request)) {
      return null;
    }
    try {
      Method method = request.getMethod();
      if (method.getPayloadExpectation() == Method.PayloadExpectation.UNDEFINED
          && (request.getContentLength() > 0 || request.isChunked())) {
        return "a "
            + method.getMethodString()
            + " request takes no body: send it without a body (no Content-Length above 0, no"
            + " Transfer-Encoding), or use the method of the API that takes one";
      }
      if (request.getProtocol() == Protocol.HTTP_1_1 && request.getHeader("Host") == null) {
        return "an HTTP/1.1 request needs a Host header";
      }
    } catch (RuntimeException e) {
      // an unparsable method or protocol: the general detail says enough
    }
    return null;
  }
}
