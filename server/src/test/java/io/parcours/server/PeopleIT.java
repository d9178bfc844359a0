package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person behind every change, on a real Payara Server with a real PostgreSQL: people and channel
 * systems each sign in as themselves, an administrator manages them and every change names who made
 * it, a disabled user or a changed role counts at the very next request, channel systems use bearer
 * tokens, and guessing passwords is slowed down.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class PeopleIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String ISSUER = "https://login.parcours.test";

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  /** A request signed in with {@code authorization} (null: none). */
  private static HttpResponse<String> as(
      String authorization, String method, String path, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(Api.BASE + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> me(String user, String password) {
    return as(Api.basic(user, password), "GET", "api/v1/me", null);
  }

  private static void assertProblem(HttpResponse<String> r, int status, String detailPart) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(
        "application/problem+json",
        r.headers().firstValue("Content-Type").orElse("").split(";")[0],
        r.body());
    JsonObject problem = Api.json(r);
    assertEquals(status, problem.getInt("status"));
    assertTrue(problem.getString("detail").contains(detailPart), problem.toString());
  }

  private static JsonObject created(HttpResponse<String> r) {
    assertEquals(201, r.statusCode(), r.body());
    return Api.json(r);
  }

  @Test
  void peopleSignInAsThemselvesAndADisabledUserOrAChangedRoleCountsAtTheNextRequest() {
    String ana = "ana.silva." + suffix();
    JsonObject made =
        created(
            Api.post(
                "admin",
                "api/v1/users",
                Json.createObjectBuilder()
                    .add("username", ana)
                    .add("displayName", "Ana Silva")
                    .add("roles", Json.createArrayBuilder().add("business"))
                    .add("password", "Ana's own passphrase")
                    .build()
                    .toString()));
    assertFalse(made.containsKey("password"), "a password she chose is not shown back: " + made);
    String bruno = "bruno." + suffix();
    JsonObject generated =
        created(
            Api.post(
                "admin",
                "api/v1/users",
                Json.createObjectBuilder()
                    .add("username", bruno)
                    .add("roles", Json.createArrayBuilder().add("compliance"))
                    .build()
                    .toString()));
    String brunoPassword = generated.getString("password");
    assertTrue(brunoPassword.length() >= 16, "a generated password is returned once: " + generated);

    JsonObject anaMe = Api.json(me(ana, "Ana's own passphrase"));
    assertEquals(ana, anaMe.getString("user"));
    assertEquals(List.of("business"), strings(anaMe.getJsonArray("roles")));
    assertEquals(
        List.of("compliance"), strings(Api.json(me(bruno, brunoPassword)).getJsonArray("roles")));
    assertProblem(me(bruno, "Ana's own passphrase"), 401, "wrong");
    assertProblem(me("channel", Api.password("business")), 401, "wrong");

    HttpResponse<String> listed = Api.get("admin", "api/v1/users");
    assertEquals(200, listed.statusCode());
    assertTrue(
        listed.body().contains("\"" + ana + "\"") && listed.body().contains("\"" + bruno + "\""));
    assertFalse(
        listed.body().contains(brunoPassword) || listed.body().toLowerCase().contains("hash"),
        "reads never show a password");
    assertProblem(Api.get("business", "api/v1/users"), 403, "role");

    assertEquals(
        403,
        as(Api.basic(ana, "Ana's own passphrase"), "GET", "api/v1/audit/verification", null)
            .statusCode());
    assertEquals(
        200,
        Api.put(
                "admin",
                "api/v1/users/" + ana + "/roles",
                "{\"roles\":[\"business\",\"compliance\"]}")
            .statusCode());
    assertEquals(
        200,
        as(Api.basic(ana, "Ana's own passphrase"), "GET", "api/v1/audit/verification", null)
            .statusCode(),
        "the new role counts at once");

    assertEquals(200, Api.post("admin", "api/v1/users/" + ana + "/disable", "").statusCode());
    assertProblem(me(ana, "Ana's own passphrase"), 401, "disabled");
    assertEquals(200, Api.post("admin", "api/v1/users/" + ana + "/enable", "").statusCode());
    assertEquals(200, me(ana, "Ana's own passphrase").statusCode());

    JsonObject reset = Api.json(Api.post("admin", "api/v1/users/" + ana + "/password", ""));
    String newPassword = reset.getString("password");
    assertProblem(me(ana, "Ana's own passphrase"), 401, "wrong");
    assertEquals(200, me(ana, newPassword).statusCode(), "her new password works at once");

    List<JsonObject> changes =
        Api.jsonArray(Api.get("admin", "api/v1/user-changes?username=" + ana))
            .getValuesAs(JsonObject.class);
    assertEquals(
        List.of("password-reset", "enabled", "disabled", "roles-changed", "created"),
        changes.stream().map(c -> c.getString("kind")).toList());
    assertTrue(
        changes.stream().allMatch(c -> c.getString("changedBy").equals("admin")),
        changes.toString());
    assertFalse(changes.toString().contains(newPassword));

    assertProblem(
        Api.post(
            "admin",
            "api/v1/users",
            "{\"username\":\"Ana Silva\",\"roles\":[\"root\"],\"password\":\"x\"}"),
        400,
        "");
    assertProblem(
        Api.post(
            "admin",
            "api/v1/users",
            Json.createObjectBuilder()
                .add("username", ana)
                .add("roles", Json.createArrayBuilder().add("channel"))
                .build()
                .toString()),
        409,
        "exists already");
    assertProblem(
        Api.post("admin", "api/v1/users/nobody-" + suffix() + "/disable", ""), 404, "no user");
  }

  @Test
  void everyChangeRecordNamesThePersonWhoMadeIt() {
    String crm = "crm-app." + suffix();
    String crmPassword =
        created(
                Api.post(
                    "admin",
                    "api/v1/users",
                    Json.createObjectBuilder()
                        .add("username", crm)
                        .add("roles", Json.createArrayBuilder().add("channel"))
                        .build()
                        .toString()))
            .getString("password");
    String customer = Api.customers(950).get(940);
    JsonObject consents =
        Api.json(Api.get("compliance", "api/v1/customers/" + customer + "/consents"));
    List<String> kept =
        strings(consents.getJsonArray("granted")).stream()
            .filter(c -> !c.startsWith("sms:"))
            .toList();
    JsonArrayBuilder granted = Json.createArrayBuilder();
    kept.forEach(granted::add);
    HttpResponse<String> changed =
        as(
            Api.basic(crm, crmPassword),
            "PUT",
            "api/v1/customers/" + customer + "/consents",
            Json.createObjectBuilder()
                .add("granted", granted)
                .add("source", "app settings")
                .add("textVersion", "v3")
                .build()
                .toString());
    assertEquals(200, changed.statusCode(), changed.body());
    List<JsonObject> history =
        Api.json(Api.get("compliance", "api/v1/customers/" + customer + "/consents"))
            .getJsonArray("history")
            .getValuesAs(JsonObject.class);
    assertTrue(
        history.stream().anyMatch(h -> h.getString("recordedBy").equals(crm)), history.toString());

    String eva = "eva." + suffix();
    String evaPassword =
        created(
                Api.post(
                    "admin",
                    "api/v1/users",
                    Json.createObjectBuilder()
                        .add("username", eva)
                        .add("roles", Json.createArrayBuilder().add("business"))
                        .build()
                        .toString()))
            .getString("password");
    JsonObject active = Api.json(Api.get("business", "api/v1/rulesets/active"));
    JsonArrayBuilder files = Json.createArrayBuilder();
    boolean marked = false;
    for (JsonValue v : active.getJsonArray("files")) {
      String name = v.asJsonObject().getString("name");
      HttpResponse<byte[]> content = bytes("api/v1/rulesets/active/files/" + name);
      if (!marked && name.endsWith(".drl")) {
        files.add(
            Json.createObjectBuilder()
                .add("name", name)
                .add(
                    "content",
                    new String(content.body(), StandardCharsets.UTF_8)
                        + "\n// reviewed by "
                        + eva
                        + "\n"));
        marked = true;
      } else if (name.endsWith(".xlsx") || name.endsWith(".xls")) {
        files.add(
            Json.createObjectBuilder()
                .add("name", name)
                .add("contentBase64", Base64.getEncoder().encodeToString(content.body())));
      } else {
        files.add(
            Json.createObjectBuilder()
                .add("name", name)
                .add("content", new String(content.body(), StandardCharsets.UTF_8)));
      }
    }
    HttpResponse<String> upload =
        as(
            Api.basic(eva, evaPassword),
            "POST",
            "api/v1/rulesets",
            Json.createObjectBuilder()
                .add("comment", "reviewed, no change of behaviour")
                .add("files", files)
                .build()
                .toString());
    assertEquals(201, upload.statusCode(), upload.body());
    List<JsonObject> ruleChanges =
        Api.jsonArray(Api.get("compliance", "api/v1/rulesets/changes?limit=20"))
            .getValuesAs(JsonObject.class);
    assertTrue(
        ruleChanges.stream()
            .anyMatch(
                c ->
                    c.getString("actor").equals(eva)
                        && c.getString("comment").equals("reviewed, no change of behaviour")),
        ruleChanges.toString());

    List<JsonObject> userChanges =
        Api.jsonArray(Api.get("admin", "api/v1/user-changes?limit=50"))
            .getValuesAs(JsonObject.class);
    assertTrue(
        userChanges.stream()
            .anyMatch(
                c ->
                    c.getString("username").equals(crm)
                        && c.getString("kind").equals("created")
                        && c.getString("changedBy").equals("admin")),
        userChanges.toString());
  }

  @Test
  void aChannelSystemDecidesWithABearerTokenAndAWrongTokenIsRefused() throws Exception {
    PrivateKey key = privateKey(Path.of(System.getProperty("parcours.it.jwt.private-key")));
    String token =
        token(key, "crm-web", ISSUER, List.of("channel"), Instant.now().plusSeconds(600));
    String customer = Api.customers(10).get(3);
    HttpResponse<String> decided =
        as(
            "Bearer " + token,
            "POST",
            "api/v1/decisions",
            "{\"customerId\":\"" + customer + "\",\"channel\":\"web\",\"limit\":2}");
    assertEquals(200, decided.statusCode(), decided.body());
    assertEquals(
        "crm-web", Api.json(as("Bearer " + token, "GET", "api/v1/me", null)).getString("user"));
    assertProblem(as("Bearer " + token, "GET", "api/v1/audit/verification", null), 403, "role");

    PrivateKey other = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
    HttpResponse<String> forged =
        as(
            "Bearer "
                + token(other, "crm-web", ISSUER, List.of("admin"), Instant.now().plusSeconds(600)),
            "GET",
            "api/v1/users",
            null);
    assertProblem(forged, 401, "signature");
    assertTrue(
        forged.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
        forged.headers().map().toString());
    assertProblem(
        as(
            "Bearer "
                + token(
                    key,
                    "crm-web",
                    "https://elsewhere.test",
                    List.of("channel"),
                    Instant.now().plusSeconds(600)),
            "GET",
            "api/v1/me",
            null),
        401,
        "issuer");
    assertProblem(
        as(
            "Bearer "
                + token(
                    key, "crm-web", ISSUER, List.of("channel"), Instant.now().minusSeconds(600)),
            "GET",
            "api/v1/me",
            null),
        401,
        "expired");
    assertProblem(
        as(
            "Bearer " + token(key, "crm-web", ISSUER, List.of(), Instant.now().plusSeconds(600)),
            "GET",
            "api/v1/me",
            null),
        401,
        "groups");
  }

  @Test
  void repeatedWrongPasswordsGet429WithRetryAfterAndOtherNamesAreNotSlowed() {
    String name = "guessed." + suffix();
    for (int i = 0; i < 5; i++) {
      assertProblem(me(name, "guess number " + i), 401, "wrong");
    }
    HttpResponse<String> throttled = me(name, "guess number 6");
    assertProblem(throttled, 429, "try again in");
    long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1, "Retry-After: " + retryAfter);
    assertEquals(
        200,
        me("compliance", Api.password("compliance")).statusCode(),
        "another name costs nothing more");
  }

  @Test
  void theCreateAdminCommandRefusesWhenAnEnabledAdministratorExists() {
    Map<String, String> env =
        Map.of(
            "PARCOURS_DB_URL",
            "jdbc:postgresql://localhost:"
                + System.getProperty("parcours.it.db.port")
                + "/postgres",
            "PARCOURS_DB_USER",
            "postgres",
            "PARCOURS_DB_PASSWORD",
            "postgres");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        CreateAdministrator.run(
            env,
            "mallory",
            null,
            Clock.systemUTC(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, status);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("an enabled administrator exists already"),
        err.toString());
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertEquals(404, Api.get("admin", "api/v1/users/mallory").statusCode(), "nothing was created");
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static List<String> strings(JsonArray a) {
    return a.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  private static HttpResponse<byte[]> bytes(String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(Api.BASE + path))
              .header("Authorization", Api.basic("business", Api.password("business")))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static PrivateKey privateKey(Path pem) throws Exception {
    String base64 =
        Files.readString(pem)
            .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  /** A JWT signed with RS256, as an identity provider issues one to a channel system. */
  private static String token(
      PrivateKey key, String subject, String issuer, List<String> groups, Instant expires)
      throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    JsonArrayBuilder g = Json.createArrayBuilder();
    groups.forEach(g::add);
    long now = Instant.now().getEpochSecond();
    String header =
        b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims =
        b64.encodeToString(
            Json.createObjectBuilder()
                .add("iss", issuer)
                .add("sub", subject)
                .add("aud", "parcours")
                .add("iat", Math.min(now, expires.getEpochSecond() - 60))
                .add("exp", expires.getEpochSecond())
                .add("groups", g)
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    return header + "." + claims + "." + b64.encodeToString(rsa.sign());
  }
}
