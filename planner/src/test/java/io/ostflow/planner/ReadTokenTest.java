package io.ostflow.planner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.ostflow.local.testing.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With ostflow.planner.read-token set, the API, the dashboard and metrics need the token. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(ReadTokenTest.Guarded.class)
class ReadTokenTest {
    public static final class Guarded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ostflow.planner.read-token", "read-secret");
        }
    }

    @Test
    void readsNeedTheTokenAndHealthDoesNot() {
        given().when()
                .get("/api/tasks")
                .then()
                .statusCode(401)
                .body("reason", equalTo("UNAUTHORIZED"));
        given().when().get("/").then().statusCode(401);
        given().when().get("/q/metrics").then().statusCode(401);
        given().when().get("/q/health/live").then().statusCode(200);
        given().header("Authorization", "Bearer read-secret")
                .when()
                .get("/api/tasks")
                .then()
                .statusCode(200);
        // the mutation token reads too
        given().header("Authorization", "Bearer test-token")
                .when()
                .get("/api/tasks")
                .then()
                .statusCode(200);
    }

    @Test
    void aBrowserOpensTheDashboardOnceWithTheTokenAndKeepsItInACookie() {
        String cookie =
                given().redirects()
                        .follow(false)
                        .when()
                        .get("/?token=read-secret")
                        .then()
                        .statusCode(200)
                        .extract()
                        .cookie("ostflow-token");
        given().cookie("ostflow-token", cookie).when().get("/api/plans").then().statusCode(200);
        given().cookie("ostflow-token", "forged").when().get("/api/plans").then().statusCode(401);
    }
}
