package io.parcours.web.security;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers the container's own errors (authentication required, forbidden, not found outside the API)
 * with a problem document instead of an HTML page.
 */
@WebServlet("/problem")
public class ProblemErrorServlet extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object code = request.getAttribute("jakarta.servlet.error.status_code");
    int status = code instanceof Integer i ? i : response.getStatus();
    Object uri = request.getAttribute("jakarta.servlet.error.request_uri");
    String detail =
        switch (status) {
          case 401 -> "authenticate with HTTP Basic as a Parcours user";
          case 403 -> "your user's role does not allow this request";
          case 404 -> "there is no resource at this path; the API is described at /openapi";
          default -> "the request was not accepted (HTTP " + status + ")";
        };
    String title =
        switch (status) {
          case 401 -> "Unauthorized";
          case 403 -> "Forbidden";
          case 404 -> "Not Found";
          default -> "HTTP " + status;
        };
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    response
        .getWriter()
        .write(
            "{\"type\":\"https://parcours.io/problems/http-"
                + status
                + "\",\"title\":\""
                + title
                + "\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail
                + "\",\"instance\":\""
                + (uri == null ? "" : uri.toString().replace("\\", "\\\\").replace("\"", "\\\""))
                + "\"}");
  }
}
