package io.parcours.server;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/**
 * A small HTTP client of the Parcours API as a channel, a compliance officer or a stranger calls
 * it.
 */
final class Api {

  static final String BASE = "http://localhost:8080/";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Properties DEMO_USERS = demoUsers();

  private Api() {}

  /** The EAR the build produced, as Arquillian deploys it. */
  static EnterpriseArchive ear() {
    return ShrinkWrap.createFromZipFile(
        EnterpriseArchive.class, new File(System.getProperty("parcours.ear")));
  }

  static HttpResponse<String> post(String user, String path, String body, String... headers) {
    HttpRequest.Builder b =
        request(user, path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  /**
   * Sends a file's content (streamed from {@code body}) as {@code contentType}; waits up to five
   * minutes.
   */
  static HttpResponse<String> upload(
      String user, String path, String contentType, HttpRequest.BodyPublisher body) {
    return send(
        request(user, path)
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", contentType)
            .POST(body)
            .build());
  }

  static HttpResponse<String> put(String user, String path, String body) {
    return send(
        request(user, path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static HttpResponse<String> delete(String user, String path) {
    return send(request(user, path).DELETE().build());
  }

  static HttpResponse<String> get(String user, String path) {
    return send(request(user, path).GET().build());
  }

  /**
   * The password of a demo user of the test server: each has its own, in the file the server was
   * given ({@code parcours.it.users-file}).
   */
  static String password(String user) {
    String password = DEMO_USERS.getProperty(user);
    if (password == null) {
      throw new AssertionError(
          "no demo user '" + user + "' in " + System.getProperty("parcours.it.users-file"));
    }
    return password;
  }

  /** The {@code Authorization} header of HTTP Basic for this user and password. */
  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static Properties demoUsers() {
    Properties users = new Properties();
    String file = System.getProperty("parcours.it.users-file");
    if (file != null) {
      try (var in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        users.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read the demo users of the test server from " + file, e);
      }
    }
    return users;
  }

  private static HttpRequest.Builder request(String user, String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30));
    if (user != null) {
      b.header("Authorization", basic(user, password(user)));
    }
    return b;
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("no answer from " + request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static JsonObject json(HttpResponse<String> response) {
    try (var reader = Json.createReader(new StringReader(response.body()))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      throw new AssertionError(
          "not a JSON object (HTTP " + response.statusCode() + "): " + response.body(), e);
    }
  }

  static JsonArray jsonArray(HttpResponse<String> response) {
    try (var reader = Json.createReader(new StringReader(response.body()))) {
      return reader.readArray();
    } catch (RuntimeException e) {
      throw new AssertionError(
          "not a JSON array (HTTP " + response.statusCode() + "): " + response.body(), e);
    }
  }

  /** Asks for a decision as the channel user. */
  static JsonObject decide(String customerId, String channel, int limit) {
    HttpResponse<String> r =
        post(
            "channel",
            "api/v1/decisions",
            "{\"customerId\":\""
                + customerId
                + "\",\"channel\":\""
                + channel
                + "\",\"limit\":"
                + limit
                + ",\"context\":{\"page\":\"home\"}}");
    if (r.statusCode() != 200) {
      throw new AssertionError("decision failed with HTTP " + r.statusCode() + ": " + r.body());
    }
    return json(r);
  }

  /** Sends a response as the channel user. */
  static HttpResponse<String> respond(
      String decisionId, String actionId, String outcome, String key) {
    return post(
        "channel",
        "api/v1/responses",
        "{\"decisionId\":\""
            + decisionId
            + "\",\"actionId\":\""
            + actionId
            + "\",\"outcome\":\""
            + outcome
            + "\"}",
        "Idempotency-Key",
        key);
  }

  /**
   * The audit record's score of {@code actionId} in decision {@code decisionId}, or null if not
   * scored.
   */
  static JsonObject score(String decisionId, String actionId) {
    JsonObject audit = json(get("compliance", "api/v1/decisions/" + decisionId));
    for (JsonValue v : audit.getJsonObject("record").getJsonArray("scores")) {
      if (v.asJsonObject().getString("actionId").equals(actionId)) {
        return v.asJsonObject();
      }
    }
    return null;
  }

  /** The first {@code n} demo customer ids. */
  static java.util.List<String> customers(int n) {
    JsonObject page = json(get("channel", "api/v1/customers?limit=" + n));
    return page.getJsonArray("customers").stream()
        .map(v -> v.asJsonObject().getString("customerId"))
        .toList();
  }
}
