package io.ostflow.planner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.ostflow.local.testing.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The default, {@code ostflow.planner.auth=token}: every route but health needs a token; the viewer
 * token reads and cannot change anything, the operator token does both.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(AuthTest.Closed.class)
class AuthTest {
    private static final String VIEWER = "Bearer view-secret";
    private static final String OPERATOR = "Bearer test-token";

    public static final class Closed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the default, restored over the %test profile's auth=none
            return Map.of(
                    "ostflow.planner.auth", "token", "ostflow.planner.read-token", "view-secret");
        }
    }

    /** Every GET route of the API, path parameters filled in. */
    static List<String> apiGets() {
        return routes(GET.class);
    }

    static List<String> apiPosts() {
        return routes(POST.class);
    }

    /** Every route of every resource of the web package, read from the classes themselves. */
    private static List<String> routes(Class<? extends Annotation> verb) {
        return new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.ostflow.planner.web")
                        .stream()
                        .filter(c -> c.isAnnotatedWith(Path.class))
                        .map(JavaClass::reflect)
                        .flatMap(AuthTest::routesOf)
                        .filter(r -> r.verb().equals(verb))
                        .map(Route::path)
                        .map(p -> p.replaceAll("\\{[^}]+}", "x"))
                        .sorted()
                        .toList();
    }

    private record Route(Class<? extends Annotation> verb, String path) {}

    private static Stream<Route> routesOf(Class<?> resource) {
        String root = resource.getAnnotation(Path.class).value();
        return Arrays.stream(resource.getMethods())
                .filter(m -> m.isAnnotationPresent(Path.class))
                .flatMap(
                        m ->
                                Stream.of(GET.class, POST.class)
                                        .filter(m::isAnnotationPresent)
                                        .map(
                                                v ->
                                                        new Route(
                                                                v,
                                                                root
                                                                        + m.getAnnotation(
                                                                                        Path.class)
                                                                                .value())));
    }

    @Test
    void everyApiGetWithoutATokenIs401AndHealthStaysOpen() {
        List<String> gets = apiGets();
        assertThat(gets).contains("/api/tasks", "/api/plans/x", "/api/models", "/api/datasets");
        for (String path : gets) {
            given().when().get(path).then().statusCode(401).body("reason", equalTo("UNAUTHORIZED"));
            given().header("Authorization", "Bearer wrong").when().get(path).then().statusCode(401);
        }
        given().when().get("/").then().statusCode(401);
        given().when().get("/q/metrics").then().statusCode(401);
        given().when().get("/q/openapi").then().statusCode(401);
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void theViewerAndTheOperatorRead() {
        for (String token : List.of(VIEWER, OPERATOR)) {
            given().header("Authorization", token).when().get("/api/tasks").then().statusCode(200);
        }
    }

    @Test
    void aViewerOnAMutationIs403AndTheOperatorMayChange() {
        List<String> posts = apiPosts();
        assertThat(posts).contains("/api/replan", "/api/calibrate");
        for (String path : posts) {
            given().when().post(path).then().statusCode(401);
            given().header("Authorization", VIEWER)
                    .when()
                    .post(path)
                    .then()
                    .statusCode(403)
                    .body("reason", equalTo("FORBIDDEN"));
        }
        given().header("Authorization", OPERATOR).when().post("/api/replan").then().statusCode(202);
    }

    @Test
    void aBrowserOpensTheDashboardOnceWithTheTokenAndKeepsItInACookie() {
        String cookie =
                given().redirects()
                        .follow(false)
                        .when()
                        .get("/?token=view-secret")
                        .then()
                        .statusCode(200)
                        .extract()
                        .cookie("ostflow-token");
        given().cookie("ostflow-token", cookie).when().get("/api/plans").then().statusCode(200);
        given().cookie("ostflow-token", "forged").when().get("/api/plans").then().statusCode(401);
    }
}
