package io.parcours.models.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringEscapeUtils;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Uploads a retrained model to the engine as a challenger of a channel's model, over the REST API
 * ({@code POST /api/v1/models/probit:<channel>/challengers}).
 */
final class ChallengerUpload {

  /** The engine refused the upload, or could not be reached; the message says what it answered. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private final URI endpoint;
  private final String user;
  private final String password;
  private final double share;
  private final String description;

  private ChallengerUpload(
      URI endpoint, String user, String password, double share, String description) {
    this.endpoint = endpoint;
    this.user = user;
    this.password = password;
    this.share = share;
    this.description = description;
  }

  /**
   * The upload the options ask for.
   *
   * @throws IllegalArgumentException naming the option that is missing or wrong
   */
  static ChallengerUpload of(Map<String, String> options, String channel) {
    if (channel == null) {
      throw new IllegalArgumentException(
          "--upload needs --channel: each channel has its own model");
    }
    String user = options.get("user");
    if (user == null) {
      throw new IllegalArgumentException("--upload needs --user (a user with the scientist role)");
    }
    String password = password(options.get("password-file"));
    String shareText = options.get("share");
    if (shareText == null) {
      throw new IllegalArgumentException(
          "--upload needs --share: the challenger's share of the decisions, such as 0.1");
    }
    double share;
    try {
      share = Double.parseDouble(shareText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--share must be a number such as 0.1; got '" + shareText + "'");
    }
    if (!(share > 0 && share <= 0.5)) {
      throw new IllegalArgumentException(
          "--share must be above 0 and at most 0.5; got " + shareText);
    }
    URI base;
    try {
      base = URI.create(options.get("upload").replaceAll("/+$", "") + "/");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--upload must be the engine's URL, such as http://localhost:8080");
    }
    if (base.getScheme() == null || !base.getScheme().startsWith("http")) {
      throw new IllegalArgumentException(
          "--upload must be the engine's URL, such as http://localhost:8080");
    }
    String description =
        options.getOrDefault("description", "retrained offline on the " + channel + " history");
    return new ChallengerUpload(
        base.resolve("api/v1/models/probit:" + channel + "/challengers"),
        user,
        password,
        share,
        description);
  }

  /** The password from {@code --password-file} (its first line), else from PARCOURS_PASSWORD. */
  private static String password(String file) {
    if (file != null) {
      try {
        String text =
            java.nio.file.Files.readString(java.nio.file.Path.of(file), StandardCharsets.UTF_8);
        String first = text.lines().findFirst().orElse("").strip();
        if (first.isEmpty()) {
          throw new IllegalArgumentException("--password-file " + file + " is empty");
        }
        return first;
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read --password-file " + file + ": " + e.getMessage());
      }
    }
    String password = System.getenv("PARCOURS_PASSWORD");
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException(
          "--upload needs the password of --user: in --password-file or in PARCOURS_PASSWORD");
    }
    return password;
  }

  /**
   * Sends the model; returns the new version's id.
   *
   * @throws Refused when the engine answers anything but 201, with its problem detail
   */
  String send(Model<Label> model) throws IOException {
    String body =
        String.format(
            Locale.ROOT,
            "{\"modelBase64\":\"%s\",\"trafficShare\":%s,\"description\":\"%s\",\"reason\":\"%s\"}",
            Base64.getEncoder().encodeToString(model.serialize().toByteArray()),
            Double.toString(share),
            StringEscapeUtils.escapeJson(description),
            "uploaded by the retrain command");
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofMinutes(2))
            .header("Content-Type", "application/json")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response;
    try {
      response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused("the upload to " + endpoint + " was interrupted");
    } catch (IOException e) {
      throw new Refused("the engine at " + endpoint + " cannot be reached: " + e.getMessage());
    }
    if (response.statusCode() != 201) {
      throw new Refused(
          "the engine refused the challenger (HTTP "
              + response.statusCode()
              + "): "
              + detail(response.body()));
    }
    String location = response.headers().firstValue("Location").orElse("");
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static final Pattern DETAIL =
      Pattern.compile("\"detail\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** The problem's detail, or the start of the body when it is not a problem. */
  private static String detail(String body) {
    Matcher m = DETAIL.matcher(body);
    if (m.find()) {
      return StringEscapeUtils.unescapeJson(m.group(1));
    }
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
