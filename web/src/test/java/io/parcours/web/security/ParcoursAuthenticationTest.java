package io.parcours.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The mechanism as the container calls it, with the request, the response and the message context
 * played by this test, and the refusals rendered by the {@link ProblemErrorServlet} as the error
 * page.
 */
class ParcoursAuthenticationTest {

  private final TestTokens issuer = new TestTokens();
  private final AtomicInteger passwordChecks = new AtomicInteger();
  private final IdentityStoreHandler store =
      credential -> {
        passwordChecks.incrementAndGet();
        UsernamePasswordCredential login = (UsernamePasswordCredential) credential;
        return login.getCaller().equals("ana")
                && login.getPasswordAsString().equals("ana's own password")
            ? new CredentialValidationResult("ana", Set.of("business"))
            : CredentialValidationResult.INVALID_RESULT;
      };
  private final ParcoursAuthentication mechanism =
      ParcoursAuthentication.of(
          store,
          issuer.verifier(),
          new SignInThrottle(SignInThrottle.Policy.DEFAULT, Clock.systemUTC()));

  /** One exchange: what the mechanism did, and the problem document the error page answered. */
  private static final class Exchange {
    final Map<String, Object> attributes = new HashMap<>();
    final Map<String, String> headers = new HashMap<>();
    int status = 200;
    String caller;
    Set<String> groups;
    AuthenticationStatus outcome;
    final StringWriter body = new StringWriter();

    JsonObject problem() {
      return Json.createReader(new StringReader(body.toString())).readObject();
    }
  }

  private Exchange call(String authorization) throws Exception {
    Exchange x = new Exchange();
    HttpServletRequest request =
        (HttpServletRequest)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (p, m, a) ->
                    switch (m.getName()) {
                      case "getHeader" ->
                          "Authorization".equalsIgnoreCase((String) a[0]) ? authorization : null;
                      case "getRemoteAddr" -> "10.0.0.1";
                      case "setAttribute" -> x.attributes.put((String) a[0], a[1]);
                      case "getAttribute" ->
                          "jakarta.servlet.error.status_code".equals(a[0])
                              ? (Object) x.status
                              : "jakarta.servlet.error.request_uri".equals(a[0])
                                  ? "/api/v1/decisions"
                                  : x.attributes.get(a[0]);
                      default -> throw new UnsupportedOperationException(m.getName());
                    });
    HttpServletResponse response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (p, m, a) ->
                    switch (m.getName()) {
                      case "setHeader" -> x.headers.put((String) a[0], (String) a[1]);
                      case "sendError", "setStatus" -> {
                        x.status = (Integer) a[0];
                        yield null;
                      }
                      case "getStatus" -> x.status;
                      case "setContentType" -> x.headers.put("Content-Type", (String) a[0]);
                      case "setCharacterEncoding" -> null;
                      case "getWriter" -> new PrintWriter(x.body, true);
                      default -> throw new UnsupportedOperationException(m.getName());
                    });
    HttpMessageContext context =
        (HttpMessageContext)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpMessageContext.class},
                (p, m, a) ->
                    switch (m.getName()) {
                      case "isProtected" -> true;
                      case "doNothing" -> AuthenticationStatus.NOT_DONE;
                      case "responseUnauthorized" -> {
                        x.status = 401;
                        yield AuthenticationStatus.SEND_FAILURE;
                      }
                      case "notifyContainerAboutLogin" -> {
                        x.caller = a[0] instanceof Principal pr ? pr.getName() : (String) a[0];
                        @SuppressWarnings("unchecked")
                        Set<String> g = (Set<String>) a[1];
                        x.groups = g;
                        yield AuthenticationStatus.SUCCESS;
                      }
                      default -> throw new UnsupportedOperationException(m.getName());
                    });
    x.outcome = mechanism.validateRequest(request, response, context);
    if (x.outcome == AuthenticationStatus.SEND_FAILURE) {
      new ProblemErrorServlet().service(request, response);
    }
    return x;
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aValidBearerTokenSignsInItsCallerWithTheRolesOfItsGroups() throws Exception {
    Exchange x = call("Bearer " + issuer.sign(TestTokens.claims("crm-web", List.of("channel"))));
    assertEquals(AuthenticationStatus.SUCCESS, x.outcome);
    assertEquals("crm-web", x.caller);
    assertEquals(Set.of("channel"), x.groups);
  }

  @Test
  void aWrongTokenGets401AsAProblemSayingWhy() throws Exception {
    for (String[] wrong :
        new String[][] {
          {new TestTokens().sign(TestTokens.claims("crm-web", List.of("admin"))), "signature"},
          {
            issuer.sign(
                TestTokens.expiredMinutesAgo(TestTokens.claims("crm-web", List.of("channel")), 5)),
            "expired"
          },
          {issuer.sign(TestTokens.claims("crm-web", null)), "groups"}
        }) {
      Exchange x = call("Bearer " + wrong[0]);
      assertEquals(401, x.status);
      assertEquals("application/problem+json", x.headers.get("Content-Type"));
      assertTrue(x.headers.get("WWW-Authenticate").startsWith("Bearer "), x.headers.toString());
      JsonObject problem = x.problem();
      assertEquals(401, problem.getInt("status"));
      assertTrue(problem.getString("detail").contains(wrong[1]), problem.toString());
    }
  }

  @Test
  void basicSignsAPersonInAndRepeatedWrongPasswordsGet429WithRetryAfterWithoutAPasswordCheck()
      throws Exception {
    Exchange ok = call(basic("ana", "ana's own password"));
    assertEquals(AuthenticationStatus.SUCCESS, ok.outcome);
    assertEquals(Set.of("business"), ok.groups);
    for (int i = 0; i < 5; i++) {
      Exchange wrong = call(basic("bob", "guess " + i));
      assertEquals(401, wrong.status);
      assertTrue(wrong.problem().getString("detail").contains("wrong"), wrong.body.toString());
      assertTrue(wrong.headers.get("WWW-Authenticate").startsWith("Basic "));
    }
    int checks = passwordChecks.get();
    Exchange throttled = call(basic("bob", "guess 6"));
    assertEquals(429, throttled.status);
    assertEquals(checks, passwordChecks.get(), "the password was not checked");
    assertEquals("1", throttled.headers.get("Retry-After"));
    assertEquals("application/problem+json", throttled.headers.get("Content-Type"));
    assertEquals(
        "https://parcours.io/problems/too-many-sign-ins", throttled.problem().getString("type"));
    assertEquals(
        AuthenticationStatus.SUCCESS,
        call(basic("ana", "ana's own password")).outcome,
        "another name costs nothing more");
  }

  @Test
  void noCredentialsOnTheApiAsksForThem() throws Exception {
    Exchange x = call(null);
    assertEquals(401, x.status);
    assertEquals("Basic realm=\"Parcours\"", x.headers.get("WWW-Authenticate"));
    assertTrue(x.problem().getString("detail").contains("bearer token"));
  }
}
