package io.parcours.web.grizzly;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A bodiless error answer of the HTTP layer ({@code 4xx} or {@code 5xx}, {@code Content-Length: 0},
 * no {@code Content-Type}, {@code Connection: close}), and the problem document that replaces it.
 *
 * <p>Only answers after which the server closes the connection are rewritten, so that a body it
 * adds can never be taken for the start of the next answer on the connection.
 */
final class BareErrorAnswer {

  /** Longer answers are never bare error heads: they are left alone without being read. */
  static final int MAX_HEAD = 2048;

  private final String statusLine;
  private final int status;
  private final String reason;
  private final String headers;

  private BareErrorAnswer(String statusLine, int status, String reason, String headers) {
    this.statusLine = statusLine;
    this.status = status;
    this.reason = reason;
    this.headers = headers;
  }

  /**
   * The bare error answer that {@code head} is, or null when it is anything else (an answer with a
   * body or a content type, a success, a head the connection outlives, or not a whole head).
   */
  static BareErrorAnswer of(byte[] head) {
    if (head.length < 16 || head.length > MAX_HEAD) {
      return null;
    }
    String text = new String(head, StandardCharsets.ISO_8859_1);
    if (!text.startsWith("HTTP/1.") || !text.endsWith("\r\n\r\n")) {
      return null;
    }
    int endOfStatusLine = text.indexOf("\r\n");
    String statusLine = text.substring(0, endOfStatusLine);
    if (statusLine.length() < 12
        || statusLine.charAt(8) != ' '
        || (statusLine.charAt(9) != '4' && statusLine.charAt(9) != '5')) {
      return null;
    }
    int status;
    try {
      status = Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      return null;
    }
    String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
    String headers = text.substring(endOfStatusLine + 2, text.length() - 2);
    boolean empty = false;
    boolean closes = false;
    for (String line : headers.split("\r\n")) {
      String field = line.toLowerCase(Locale.ROOT);
      if (field.startsWith("content-type:") || field.startsWith("transfer-encoding:")) {
        return null;
      }
      if (field.startsWith("content-length:")) {
        if (!field.substring("content-length:".length()).strip().equals("0")) {
          return null;
        }
        empty = true;
      }
      if (field.startsWith("connection:") && field.contains("close")) {
        closes = true;
      }
    }
    return empty && closes ? new BareErrorAnswer(statusLine, status, reason, headers) : null;
  }

  int status() {
    return status;
  }

  /** The reason phrase the layer gave (for a path it cannot read, {@code Invalid URI}). */
  String reason() {
    return reason;
  }

  /**
   * The answer with the same status and headers and, as its body, a problem document saying {@code
   * detail} (or, when null, what the status and reason phrase tell); to a {@code HEAD} request
   * ({@code head}) the headers of that answer without its body.
   */
  byte[] asProblem(String detail, boolean head) {
    byte[] body =
        ("{\"type\":\"https://parcours.io/problems/http-"
                + status
                + "\",\"title\":"
                + json(title(status))
                + ",\"status\":"
                + status
                + ",\"detail\":"
                + json(detail != null ? detail : detailOf(status, reason))
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    StringBuilder answer = new StringBuilder(statusLine).append("\r\n");
    for (String line : headers.split("\r\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        answer.append("Content-Type: application/problem+json;charset=UTF-8\r\n");
        answer.append("Content-Length: ").append(body.length).append("\r\n");
      } else {
        answer.append(line).append("\r\n");
      }
    }
    answer.append("\r\n");
    byte[] headers = answer.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (head) {
      return headers;
    }
    byte[] all = new byte[headers.length + body.length];
    System.arraycopy(headers, 0, all, 0, headers.length);
    System.arraycopy(body, 0, all, headers.length, body.length);
    return all;
  }

  /** What an answer of {@code status} with {@code reason} tells, when nothing more is known. */
  static String detailOf(int status, String reason) {
    if (status == 400 && reason.startsWith("Invalid URI")) {
      return "the request's path cannot be read: it has an encoded NUL (%00), a malformed"
          + " percent-escape, a backslash or a segment that leaves the application; send each"
          + " path segment as UTF-8 percent-escapes, without control characters";
    }
    return switch (status) {
      case 400 ->
          "the request could not be read: check its request line, its headers (printable ASCII"
              + " only, and a Host) and the framing of its body";
      case 408 -> "the request was not received in time";
      case 413 -> "the request body is too large";
      case 414 -> "the request's address is too long";
      case 431 -> "the request's headers are too large";
      case 501 -> "the request uses a transfer coding the server does not implement";
      case 505 -> "the request's HTTP version is not supported; use HTTP/1.1";
      default -> "the request was not accepted (HTTP " + status + ")";
    };
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 408 -> "Request Timeout";
      case 411 -> "Length Required";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal error";
      case 501 -> "Not Implemented";
      case 503 -> "Try again";
      case 505 -> "HTTP Version Not Supported";
      default -> "HTTP " + status;
    };
  }

  /** {@code s} as a JSON string. */
  static String json(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
