package io.parcours.web.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Verifies the bearer tokens of channel systems with the semantics of MicroProfile JWT: a JWS
 * signed with the configured public key (RS256 or ES256), the configured issuer, one of the
 * configured audiences, not expired (with a small allowance for clocks that differ), and the
 * caller's roles in its {@code groups} claim. The caller is named by {@code upn}, else {@code
 * preferred_username}, else {@code sub}, as MicroProfile JWT names it.
 */
public final class BearerTokens {

  /** The signing algorithms accepted: MicroProfile JWT's RS256, and ES256. */
  private static final String[] ALGORITHMS = {"RS256", "ES256"};

  /**
   * The configuration, under MicroProfile JWT's own names.
   *
   * @param publicKey {@code mp.jwt.verify.publickey}: a PEM public key, its base64 alone, a JWK or
   *     a JWKS
   * @param publicKeyLocation {@code mp.jwt.verify.publickey.location}: a file (a path, {@code
   *     file:} or {@code classpath:}) holding one of those
   * @param issuer {@code mp.jwt.verify.issuer}: the {@code iss} a token must have
   * @param audiences {@code mp.jwt.verify.audiences}: the {@code aud} of a token must name one of
   *     them; empty to accept any audience
   * @param clockSkewSeconds {@code mp.jwt.verify.clock.skew}: how far past {@code exp} a token is
   *     still accepted
   */
  public record Settings(
      Optional<String> publicKey,
      Optional<String> publicKeyLocation,
      Optional<String> issuer,
      List<String> audiences,
      int clockSkewSeconds) {

    public Settings {
      audiences = List.copyOf(audiences);
    }
  }

  /** A caller whose token verified: its name and roles. */
  public record Caller(String name, Set<String> groups) {}

  /** A token that was refused, and why, in words for the system that sent it. */
  public static final class RefusedToken extends Exception {
    RefusedToken(String message) {
      super(message);
    }
  }

  private final JwtConsumer consumer;
  private final String unusable;

  private BearerTokens(JwtConsumer consumer, String unusable) {
    this.consumer = consumer;
    this.unusable = unusable;
  }

  /**
   * No token accepted, each refused with {@code why}: for a server whose token settings cannot be
   * used.
   */
  public static BearerTokens refusingAll(String why) {
    return new BearerTokens(null, why);
  }

  /**
   * Tokens verified with {@code settings}; when they name no key or no issuer, every token is
   * refused, saying which setting is missing.
   *
   * @throws IllegalArgumentException when the key is configured but cannot be read, naming the
   *     setting
   */
  public static BearerTokens of(Settings settings) {
    Optional<String> keyText =
        settings
            .publicKey()
            .filter(k -> !k.isBlank())
            .or(
                () ->
                    settings.publicKeyLocation().filter(l -> !l.isBlank()).map(BearerTokens::read));
    if (keyText.isEmpty()) {
      return new BearerTokens(
          null,
          "bearer tokens are not accepted here: no public key is configured"
              + " (mp.jwt.verify.publickey or mp.jwt.verify.publickey.location); sign in with HTTP Basic");
    }
    Optional<String> issuer = settings.issuer().filter(i -> !i.isBlank());
    if (issuer.isEmpty()) {
      return new BearerTokens(
          null,
          "bearer tokens are not accepted here: no issuer is configured"
              + " (mp.jwt.verify.issuer); sign in with HTTP Basic");
    }
    JwtConsumerBuilder builder =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setAllowedClockSkewInSeconds(settings.clockSkewSeconds())
            .setExpectedIssuer(issuer.get())
            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, ALGORITHMS);
    if (settings.audiences().isEmpty()) {
      builder.setSkipDefaultAudienceValidation();
    } else {
      builder.setExpectedAudience(settings.audiences().toArray(new String[0]));
    }
    String key = keyText.get().trim();
    if (key.startsWith("{")) {
      builder.setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks(key)));
    } else {
      builder.setVerificationKey(pem(key));
    }
    return new BearerTokens(builder.build(), null);
  }

  /**
   * The caller a token names.
   *
   * @throws RefusedToken when the token does not verify, saying why
   */
  public Caller verify(String token) throws RefusedToken {
    if (consumer == null) {
      throw new RefusedToken(unusable);
    }
    JwtClaims claims;
    try {
      claims = consumer.processToClaims(token);
    } catch (InvalidJwtException e) {
      throw new RefusedToken(why(e));
    }
    try {
      String name =
          Optional.ofNullable(claims.getClaimValueAsString("upn"))
              .or(() -> Optional.ofNullable(claims.getClaimValueAsString("preferred_username")))
              .orElse(claims.getSubject());
      if (name == null || name.isBlank()) {
        throw new RefusedToken(
            "the token names no caller: give it a upn, preferred_username or sub claim");
      }
      List<String> groups =
          claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : List.of();
      if (groups.isEmpty()) {
        throw new RefusedToken(
            "the token has no groups claim, so no role: list the caller's roles in groups"
                + " (channel, business, scientist, compliance, approver, admin)");
      }
      return new Caller(name, Set.copyOf(groups));
    } catch (MalformedClaimException e) {
      throw new RefusedToken("the token's claims cannot be read: " + e.getMessage());
    }
  }

  private static String why(InvalidJwtException e) {
    if (e.hasExpired()) {
      try {
        return "the token expired at "
            + e.getJwtContext().getJwtClaims().getExpirationTime()
            + "; ask its issuer for a new one";
      } catch (MalformedClaimException | RuntimeException ignored) {
        return "the token expired; ask its issuer for a new one";
      }
    }
    if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)
        || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
      return "the token's signature does not verify with the public key this server trusts";
    }
    if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
      return "the token's issuer (iss) is not the one this server trusts";
    }
    if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)
        || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
      return "the token's audience (aud) names none of the audiences this server accepts";
    }
    if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
      return "the token has no expiry (exp); only tokens that expire are accepted";
    }
    if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
      return "the token is not valid yet (nbf)";
    }
    return "the token is not a JWT signed with RS256 or ES256 that this server can read"
        + (e.getErrorDetails().isEmpty()
            ? ""
            : " (" + e.getErrorDetails().get(0).getErrorMessage() + ")");
  }

  private static String read(String location) {
    try {
      if (location.startsWith("classpath:")) {
        String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
        try (InputStream in =
            Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalArgumentException(
                "mp.jwt.verify.publickey.location: no resource " + resource);
          }
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      Path file =
          location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location);
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "mp.jwt.verify.publickey.location: cannot read " + location + ": " + e.getMessage(), e);
    }
  }

  private static List<JsonWebKey> jwks(String json) {
    try {
      return json.contains("\"keys\"")
          ? new JsonWebKeySet(json).getJsonWebKeys()
          : List.of(JsonWebKey.Factory.newJwk(json));
    } catch (JoseException e) {
      throw new IllegalArgumentException(
          "the configured public key is not a JWK or JWKS: " + e.getMessage(), e);
    }
  }

  private static PublicKey pem(String text) {
    String base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the configured public key is neither PEM, base64 nor a JWK", e);
    }
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next kind of key
      }
    }
    throw new IllegalArgumentException(
        "the configured public key is neither an RSA nor an EC public key");
  }
}
