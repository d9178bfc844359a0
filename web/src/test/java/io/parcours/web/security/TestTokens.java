package io.parcours.web.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/** A test issuer: an RSA key pair of its own, and tokens signed with it. */
final class TestTokens {

  static final String ISSUER = "https://login.example.test";
  static final String AUDIENCE = "parcours";

  final KeyPair keys = generate();

  /** The public key as PEM, as mp.jwt.verify.publickey takes it. */
  String publicKeyPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** Claims of a channel system's token valid for ten minutes. */
  static JwtClaims claims(String subject, List<String> groups) {
    JwtClaims c = new JwtClaims();
    c.setIssuer(ISSUER);
    c.setAudience(AUDIENCE);
    c.setSubject(subject);
    c.setIssuedAtToNow();
    c.setExpirationTimeMinutesInTheFuture(10);
    if (groups != null) {
      c.setStringListClaim("groups", groups);
    }
    return c;
  }

  String sign(JwtClaims claims) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(keys.getPrivate());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new AssertionError(e);
    }
  }

  static JwtClaims expiredMinutesAgo(JwtClaims c, int minutes) {
    c.setIssuedAt(
        NumericDate.fromMilliseconds(System.currentTimeMillis() - (minutes + 10) * 60_000L));
    c.setExpirationTime(
        NumericDate.fromMilliseconds(System.currentTimeMillis() - minutes * 60_000L));
    return c;
  }

  BearerTokens verifier() {
    return BearerTokens.of(
        new BearerTokens.Settings(
            java.util.Optional.of(publicKeyPem()),
            java.util.Optional.empty(),
            java.util.Optional.of(ISSUER),
            List.of(AUDIENCE, "other"),
            60));
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
