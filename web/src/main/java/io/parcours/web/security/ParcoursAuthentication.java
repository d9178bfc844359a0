package io.parcours.web.security;

import io.parcours.engine.EngineUnavailableException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The application's one authentication mechanism: {@code Authorization: Bearer} for channel systems
 * (a JWT verified as MicroProfile JWT verifies it, see {@link BearerTokens}) and {@code Basic} for
 * people (checked by the identity store against the users in PostgreSQL, behind the {@link
 * SignInThrottle}). One mechanism of Parcours' own, because Jakarta Security allows an application
 * a single {@code HttpAuthenticationMechanism}: Payara's MP-JWT mechanism would replace HTTP Basic.
 *
 * <p>A refusal is sent as an error (401, or 429 with {@code Retry-After}) that the {@link
 * ProblemErrorServlet} answers as a problem document, with the reason this class leaves in the
 * request.
 */
@ApplicationScoped
public class ParcoursAuthentication implements HttpAuthenticationMechanism {

  /** The request attribute holding what the problem document should say was wrong. */
  static final String DETAIL = "io.parcours.web.security.detail";

  /** The request attribute holding the seconds a throttled sign-in must wait. */
  static final String RETRY_AFTER = "io.parcours.web.security.retry-after";

  static final int TOO_MANY_REQUESTS = 429;

  private static final Logger LOG = Logger.getLogger(ParcoursAuthentication.class.getName());

  @Inject IdentityStoreHandler identityStores;

  private BearerTokens tokens;
  private SignInThrottle throttle;

  @PostConstruct
  void configure() {
    Config config = ConfigProvider.getConfig();
    try {
      tokens =
          BearerTokens.of(
              new BearerTokens.Settings(
                  config.getOptionalValue("mp.jwt.verify.publickey", String.class),
                  config.getOptionalValue("mp.jwt.verify.publickey.location", String.class),
                  config.getOptionalValue("mp.jwt.verify.issuer", String.class),
                  config
                      .getOptionalValue("mp.jwt.verify.audiences", String.class)
                      .map(
                          a ->
                              Arrays.stream(a.split(","))
                                  .map(String::trim)
                                  .filter(s -> !s.isEmpty())
                                  .toList())
                      .orElse(List.of()),
                  config.getOptionalValue("mp.jwt.verify.clock.skew", Integer.class).orElse(60)));
    } catch (IllegalArgumentException e) {
      // a key that cannot be read refuses tokens, saying why, and leaves people's sign-in working
      LOG.warning("bearer tokens are refused: " + e.getMessage());
      tokens =
          BearerTokens.refusingAll(
              "bearer tokens are not accepted here: the server's token settings cannot be"
                  + " used ("
                  + e.getMessage()
                  + "); its log says more");
    }
    throttle = new SignInThrottle(SignInThrottle.Policy.DEFAULT, Clock.systemUTC());
  }

  /** For tests: a mechanism with these parts. */
  static ParcoursAuthentication of(
      IdentityStoreHandler stores, BearerTokens tokens, SignInThrottle throttle) {
    ParcoursAuthentication m = new ParcoursAuthentication();
    m.identityStores = stores;
    m.tokens = tokens;
    m.throttle = throttle;
    return m;
  }

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    String authorization = request.getHeader("Authorization");
    if (authorization == null || authorization.isBlank()) {
      return context.isProtected()
          ? refuse(
              request,
              response,
              context,
              "Basic realm=\"Parcours\"",
              "sign in: HTTP Basic with your Parcours user, or a bearer token for a channel system")
          : context.doNothing();
    }
    int space = authorization.indexOf(' ');
    String scheme = space < 0 ? authorization : authorization.substring(0, space);
    String value = space < 0 ? "" : authorization.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Bearer")) {
      return bearer(value, request, response, context);
    }
    if (scheme.equalsIgnoreCase("Basic")) {
      return basic(value, request, response, context);
    }
    return refuse(
        request,
        response,
        context,
        "Basic realm=\"Parcours\"",
        "the Authorization scheme '" + scheme + "' is not accepted; use Basic or Bearer");
  }

  private AuthenticationStatus bearer(
      String token,
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context) {
    try {
      BearerTokens.Caller caller = tokens.verify(token);
      return context.notifyContainerAboutLogin(caller.name(), caller.groups());
    } catch (BearerTokens.RefusedToken e) {
      return context.isProtected()
          ? refuse(
              request,
              response,
              context,
              "Bearer realm=\"Parcours\", error=\"invalid_token\"",
              e.getMessage())
          : context.doNothing();
    }
  }

  private AuthenticationStatus basic(
      String encoded,
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context) {
    Optional<String[]> credentials = decode(encoded);
    if (credentials.isEmpty()) {
      return refuse(
          request,
          response,
          context,
          "Basic realm=\"Parcours\"",
          "the Basic credentials are not base64 of user:password");
    }
    String name = credentials.get()[0];
    String address = request.getRemoteAddr();
    Optional<Duration> wait = throttle.wait(name, address);
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      request.setAttribute(
          DETAIL,
          "too many failed sign-ins for '"
              + name
              + "' or from your address; try again in "
              + seconds
              + " s (each further failure doubles the wait; a successful sign-in resets it)");
      request.setAttribute(RETRY_AFTER, seconds);
      response.setHeader("Retry-After", Long.toString(seconds));
      sendError(response, TOO_MANY_REQUESTS);
      return AuthenticationStatus.SEND_FAILURE;
    }
    CredentialValidationResult result;
    try {
      result = identityStores.validate(new UsernamePasswordCredential(name, credentials.get()[1]));
    } catch (RuntimeException e) {
      // the users are in PostgreSQL and read through the engine: while the database is away, or
      // while
      // the engine is still starting, the sign-in cannot be checked; say so and when to retry
      LOG.log(Level.FINE, "a sign-in could not be checked", e);
      request.setAttribute(
          DETAIL,
          EngineUnavailableException.databaseUnreachable(e)
              ? "the database is not answering right now, so the sign-in cannot be checked and nothing was done;"
                  + " retry in a second"
              : "the sign-in cannot be checked right now (the server is starting), so nothing was done; retry in"
                  + " a second");
      request.setAttribute(RETRY_AFTER, 1L);
      response.setHeader("Retry-After", "1");
      sendError(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      return AuthenticationStatus.SEND_FAILURE;
    }
    if (result.getStatus() == CredentialValidationResult.Status.VALID) {
      throttle.succeeded(name);
      return context.notifyContainerAboutLogin(
          result.getCallerPrincipal(), result.getCallerGroups());
    }
    throttle.failed(name, address);
    return context.isProtected()
        ? refuse(
            request,
            response,
            context,
            "Basic realm=\"Parcours\"",
            "the user name or password is wrong, or the user is disabled")
        : context.doNothing();
  }

  private static Optional<String[]> decode(String encoded) {
    try {
      String text = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      return colon <= 0
          ? Optional.empty()
          : Optional.of(new String[] {text.substring(0, colon), text.substring(colon + 1)});
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static AuthenticationStatus refuse(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context,
      String challenge,
      String detail) {
    request.setAttribute(DETAIL, detail);
    response.setHeader("WWW-Authenticate", challenge);
    return context.responseUnauthorized();
  }

  private static void sendError(HttpServletResponse response, int status) {
    try {
      response.sendError(status);
    } catch (IOException e) {
      // the client went away: there is no one left to answer
    }
  }
}
