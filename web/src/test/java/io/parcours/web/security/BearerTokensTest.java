package io.parcours.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokensTest {

  private final TestTokens issuer = new TestTokens();
  private final BearerTokens tokens = issuer.verifier();

  private String refusal(String token) {
    return assertThrows(BearerTokens.RefusedToken.class, () -> tokens.verify(token)).getMessage();
  }

  @Test
  void aValidTokenNamesItsCallerWithTheRolesOfItsGroups() throws Exception {
    BearerTokens.Caller caller =
        tokens.verify(issuer.sign(TestTokens.claims("crm-web", List.of("channel"))));
    assertEquals(new BearerTokens.Caller("crm-web", Set.of("channel")), caller);
    JwtClaims withUpn = TestTokens.claims("s-123", List.of("channel", "compliance"));
    withUpn.setClaim("upn", "call-centre");
    assertEquals(
        "call-centre",
        tokens.verify(issuer.sign(withUpn)).name(),
        "upn before sub, as MicroProfile JWT");
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    String forged = new TestTokens().sign(TestTokens.claims("crm-web", List.of("admin")));
    assertTrue(refusal(forged).contains("signature does not verify"));
  }

  @Test
  void aTokenOfAnotherIssuerOrForAnotherAudienceIsRefused() {
    JwtClaims otherIssuer = TestTokens.claims("crm-web", List.of("channel"));
    otherIssuer.setIssuer("https://evil.example.test");
    assertTrue(refusal(issuer.sign(otherIssuer)).contains("issuer (iss)"));
    JwtClaims otherAudience = TestTokens.claims("crm-web", List.of("channel"));
    otherAudience.setAudience("billing");
    assertTrue(refusal(issuer.sign(otherAudience)).contains("audience (aud)"));
  }

  @Test
  void anExpiredTokenIsRefusedBeyondTheClockSkewButNotWithinIt() throws Exception {
    String expired =
        issuer.sign(
            TestTokens.expiredMinutesAgo(TestTokens.claims("crm-web", List.of("channel")), 5));
    assertTrue(refusal(expired).contains("expired"));
    JwtClaims justNow = TestTokens.claims("crm-web", List.of("channel"));
    justNow.setIssuedAt(
        org.jose4j.jwt.NumericDate.fromMilliseconds(System.currentTimeMillis() - 600_000));
    justNow.setExpirationTime(
        org.jose4j.jwt.NumericDate.fromMilliseconds(System.currentTimeMillis() - 20_000));
    assertEquals(
        "crm-web",
        tokens.verify(issuer.sign(justNow)).name(),
        "20 s late is within the 60 s of skew");
    JwtClaims noExpiry = TestTokens.claims("crm-web", List.of("channel"));
    noExpiry.unsetClaim("exp");
    assertTrue(refusal(issuer.sign(noExpiry)).contains("no expiry"));
  }

  @Test
  void aTokenWithoutGroupsHasNoRoleAndIsRefused() {
    assertTrue(
        refusal(issuer.sign(TestTokens.claims("crm-web", null))).contains("no groups claim"));
    assertTrue(
        refusal(issuer.sign(TestTokens.claims("crm-web", List.of()))).contains("no groups claim"));
  }

  @Test
  void garbageAndUnsignedTokensAreRefused() {
    assertTrue(refusal("not-a-token").contains("not a JWT"));
    String unsigned =
        java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes())
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(TestTokens.claims("crm-web", List.of("admin")).toJson().getBytes())
            + ".";
    assertTrue(refusal(unsigned).startsWith("the token"), refusal(unsigned));
  }

  @Test
  void withNoKeyConfiguredEveryTokenIsRefusedSayingWhichSettingIsMissing() {
    BearerTokens none =
        BearerTokens.of(
            new BearerTokens.Settings(
                Optional.empty(), Optional.empty(), Optional.of(TestTokens.ISSUER), List.of(), 60));
    String why =
        assertThrows(
                BearerTokens.RefusedToken.class,
                () -> none.verify(issuer.sign(TestTokens.claims("crm-web", List.of("channel")))))
            .getMessage();
    assertTrue(why.contains("mp.jwt.verify.publickey"), why);
  }

  @Test
  void theKeyCanBeAJwksFileNamedByItsLocation(@TempDir Path dir) throws Exception {
    RsaJsonWebKey jwk =
        new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) issuer.keys.getPublic());
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, new JsonWebKeySet(jwk).toJson());
    BearerTokens fromFile =
        BearerTokens.of(
            new BearerTokens.Settings(
                Optional.empty(),
                Optional.of(file.toUri().toString()),
                Optional.of(TestTokens.ISSUER),
                List.of(),
                60));
    assertEquals(
        "crm-web",
        fromFile.verify(issuer.sign(TestTokens.claims("crm-web", List.of("channel")))).name());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BearerTokens.of(
                new BearerTokens.Settings(
                    Optional.empty(),
                    Optional.of(dir.resolve("missing.pem").toString()),
                    Optional.of(TestTokens.ISSUER),
                    List.of(),
                    60)));
  }
}
