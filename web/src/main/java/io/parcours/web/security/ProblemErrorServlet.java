package io.parcours.web.security;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers the container's own errors (authentication required or refused, too many failed sign-ins,
 * forbidden, not found outside the API) with a problem document instead of an HTML page; when the
 * authentication mechanism said why it refused, the document says it.
 */
@WebServlet("/problem")
public class ProblemErrorServlet extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute("jakarta.servlet.error.status_code");
    int status = code instanceof Integer i ? i : response.getStatus();
    Object uri = request.getAttribute("jakarta.servlet.error.request_uri");
    Object reason = request.getAttribute(ParcoursAuthentication.DETAIL);
    String detail =
        reason != null
            ? reason.toString()
            : switch (status) {
              case 400 ->
                  "the request could not be read: check its path, its headers (ASCII only) and its body";
              case 401 ->
                  "sign in: HTTP Basic with your Parcours user, or a bearer token for a channel system";
              case 403 -> "your user's role does not allow this request";
              case 404 -> "there is no resource at this path; the API is described at /openapi";
              case 405 ->
                  "this path does not take this method; the API at /openapi lists the methods of each path";
              case 411 -> "the request has a body without a length; send Content-Length";
              case 413 -> "the request body is too large";
              case 414 -> "the request's address is too long";
              case 415 ->
                  "the request body is not of a type this path reads; the API at /openapi says which";
              case 431 -> "the request's headers are too large";
              case 429 -> "too many failed sign-ins; wait before trying again";
              case 500 ->
                  "the server failed to answer; the failure is logged on the server. Retry, and report it if it lasts";
              case 503 -> "the service cannot answer right now; retry in a second";
              default -> "the request was not accepted (HTTP " + status + ")";
            };
    String title =
        switch (status) {
          case 400 -> "Bad Request";
          case 401 -> "Unauthorized";
          case 403 -> "Forbidden";
          case 404 -> "Not Found";
          case 405 -> "Method Not Allowed";
          case 411 -> "Length Required";
          case 413 -> "Content Too Large";
          case 414 -> "URI Too Long";
          case 415 -> "Unsupported Media Type";
          case 431 -> "Request Header Fields Too Large";
          case 429 -> "Too Many Requests";
          case 500 -> "Internal error";
          case 503 -> "Try again";
          default -> "HTTP " + status;
        };
    Object retryAfter = request.getAttribute(ParcoursAuthentication.RETRY_AFTER);
    if (retryAfter != null) {
      response.setHeader("Retry-After", retryAfter.toString());
    }
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    response
        .getWriter()
        .write(
            "{\"type\":\"https://parcours.io/problems/"
                + (status == 429
                    ? "too-many-sign-ins"
                    : status == 503 ? "service-unavailable" : "http-" + status)
                + "\",\"title\":"
                + json(title)
                + ",\"status\":"
                + status
                + ",\"detail\":"
                + json(detail)
                + ",\"instance\":"
                + json(uri == null ? "" : uri.toString())
                + "}");
  }

  /** {@code s} as a JSON string. */
  static String json(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
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
