package io.ostflow.planner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.ostflow.local.testing.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ostflow.planner.auth=oidc}: the planner verifies bearer tokens as access tokens of an
 * OpenID Connect provider, through quarkus-oidc, and takes the caller's role from the token's
 * Keycloak realm roles. The provider here is a key pair in the test resources (quarkus.oidc's
 * public-key option; a Keycloak adds only the key discovery over HTTP), and the tokens are signed
 * as Keycloak signs them (RS256, {@code realm_access.roles}).
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(OidcAuthTest.Oidc.class)
class OidcAuthTest {
    private static final String ISSUER = "https://keycloak.test/realms/ostflow";
    private static final String AUDIENCE = "ostflow-planner";

    public static final class Oidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ostflow.planner.auth",
                    "oidc",
                    "quarkus.oidc.tenant-enabled",
                    "true",
                    "quarkus.oidc.public-key",
                    pemBody("oidc/test-signer.pub.pem"),
                    "quarkus.oidc.token.issuer",
                    ISSUER,
                    "quarkus.oidc.token.audience",
                    AUDIENCE);
        }
    }

    @Test
    void everyApiGetNeedsAVerifiedTokenAndHealthStaysOpen() {
        List<String> gets = AuthTest.apiGets();
        assertThat(gets).contains("/api/tasks", "/api/plans/x");
        for (String path : gets) {
            given().when()
                    .get(path)
                    .then()
                    .statusCode(401)
                    .body("message", containsString("OpenID Connect"));
        }
        given().when().get("/").then().statusCode(401);
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void theConfiguredTokensAreNotAcceptedInOidcMode() {
        // the %test profile's api-token
        given().auth().oauth2("test-token").when().get("/api/tasks").then().statusCode(401);
    }

    @Test
    void aViewerReadsAndMayNotChange() {
        String viewer = token(List.of("viewer"), ISSUER, Instant.now().plusSeconds(300));
        given().auth().oauth2(viewer).when().get("/api/tasks").then().statusCode(200);
        for (String path : AuthTest.apiPosts()) {
            given().auth()
                    .oauth2(viewer)
                    .when()
                    .post(path)
                    .then()
                    .statusCode(403)
                    .body("reason", equalTo("FORBIDDEN"))
                    .body("message", containsString("operator role"));
        }
    }

    @Test
    void anOperatorChanges() {
        String operator =
                token(
                        List.of("offline_access", "operator"),
                        ISSUER,
                        Instant.now().plusSeconds(300));
        given().auth().oauth2(operator).when().post("/api/replan").then().statusCode(202);
    }

    @Test
    void aTokenWithoutEitherRoleIsForbidden() {
        String nobody = token(List.of("uma_authorization"), ISSUER, Instant.now().plusSeconds(300));
        given().auth()
                .oauth2(nobody)
                .when()
                .get("/api/tasks")
                .then()
                .statusCode(403)
                .body("message", containsString("neither the role viewer nor operator"));
    }

    @Test
    void expiredForgedAndForeignTokensAreRefused() throws GeneralSecurityException {
        String expired = token(List.of("operator"), ISSUER, Instant.now().minusSeconds(600));
        String foreign =
                token(
                        List.of("operator"),
                        "https://elsewhere.test",
                        Instant.now().plusSeconds(300));
        var stranger = KeyPairGenerator.getInstance("RSA");
        stranger.initialize(2048);
        String forged =
                claims(List.of("operator"), ISSUER, Instant.now().plusSeconds(300))
                        .sign(stranger.generateKeyPair().getPrivate());
        String otherClient =
                claims(List.of("operator"), ISSUER, Instant.now().plusSeconds(300))
                        .audience("another-app")
                        .sign(signer());
        for (String token : List.of(expired, foreign, forged, otherClient, "not-a-jwt")) {
            given().auth()
                    .oauth2(token)
                    .when()
                    .get("/api/tasks")
                    .then()
                    .statusCode(401)
                    .body("message", containsString("do not verify the token"));
            given().auth().oauth2(token).when().post("/api/replan").then().statusCode(401);
        }
    }

    @Test
    void aBrowserOpensTheDashboardOnceWithAnAccessToken() {
        String viewer = token(List.of("viewer"), ISSUER, Instant.now().plusSeconds(300));
        String cookie =
                given().when()
                        .get("/?token=" + viewer)
                        .then()
                        .statusCode(200)
                        .extract()
                        .cookie("ostflow-token");
        given().cookie("ostflow-token", cookie).when().get("/api/plans").then().statusCode(200);
        // a mutation takes the bearer header only
        given().cookie("ostflow-token", cookie).when().post("/api/replan").then().statusCode(401);
    }

    private static String token(List<String> roles, String issuer, Instant expires) {
        return claims(roles, issuer, expires).sign(signer());
    }

    private static io.smallrye.jwt.build.JwtClaimsBuilder claims(
            List<String> roles, String issuer, Instant expires) {
        return Jwt.issuer(issuer)
                .audience(AUDIENCE)
                .subject("someone")
                .claim("realm_access", Map.of("roles", roles))
                .issuedAt(expires.minusSeconds(900))
                .expiresAt(expires);
    }

    private static PrivateKey signer() {
        try {
            byte[] der = Base64.getDecoder().decode(pemBody("oidc/test-signer.pem"));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PEM file's base64 body, without its armour lines. */
    private static String pemBody(String resource) {
        try (InputStream in = OidcAuthTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
