package io.ostflow.planner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Topics;
import io.ostflow.local.testing.LocalStackResource;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.testing.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Loads the dashboard in headless Chromium (Debian's {@code chromium}, installed by .ci/run)
 * against the running planner with data, checks that the DOM shows the clusters and a target's
 * path, and saves a screenshot to target/dashboard.png.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class DashboardTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TestHTTPResource("/")
    URL dashboard;

    @Test
    void showsClustersRepresentativesAndThePathOfATarget() throws Exception {
        assertThat(CHROMIUM)
                .as("Debian's chromium must be installed (.ci/run installs it)")
                .isExecutable();
        PlannerWorkerTest.Scenario scenario = new PlannerWorkerTest.Scenario();
        scenario.publish();
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                !new TopicProbe(SharedLocalStack.get().endpoints().kafka())
                                        .records(Topics.PLANS, scenario.target::equals)
                                        .isEmpty());

        String dom = chromium("--dump-dom");
        assertThat(dom).contains("class=\"cluster-chip\"").contains("representative");
        assertThat(dom).contains("class=\"path\"").contains(" → ");
        assertThat(dom).contains("data-id=\"" + scenario.target + "\"");
        assertThat(dom).contains("class=\"node\"");
        assertThat(dom).doesNotContain("API unreachable");
        // the affinity matrix: a cell per connected ordered pair, the target's path outlined
        assertThat(count(dom, "class=\"matrix-cell")).isGreaterThan(10);
        assertThat(count(dom, "class=\"matrix-cell on-path\"")).isGreaterThanOrEqualTo(2);
        assertThat(dom).contains("representative-label").contains("▲ ");
        // the graph draws only each task's k nearest edges (and the path's)
        int nodes = count(dom, "class=\"node\"");
        assertThat(edgesDrawn(dom)).isPositive().isLessThanOrEqualTo(3 * nodes + 3);
        int one = edgesDrawn(chromiumAt(dashboard + "?k=1", "--dump-dom"));
        assertThat(one).isPositive().isLessThan(edgesDrawn(dom)).isLessThanOrEqualTo(nodes + 3);

        Path screenshot = Path.of("target/dashboard.png").toAbsolutePath();
        chromium("--screenshot=" + screenshot, "--window-size=1400,1100");
        assertThat(screenshot).isRegularFile();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    @Test
    void showsAnAuditsTablesAndCharts() throws Exception {
        PlannerWorkerTest.Scenario scenario = new PlannerWorkerTest.Scenario();
        scenario.publish();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/api/plans/" + scenario.target).statusCode() == 200);
        String id =
                given().header("Authorization", "Bearer test-token")
                        .body("{\"targets\": [\"" + scenario.target + "\"], \"seeds\": 1}")
                        .post("/api/audits")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("auditId");

        String dom = chromium("--dump-dom");
        assertThat(dom).contains("<option>" + id + "</option>");
        int at = dom.indexOf("id=\"audit-table\"");
        String table = dom.substring(at, dom.indexOf("</table>", at));
        assertThat(table).contains("<td>" + scenario.target + "</td>").contains("<td>mean</td>");
        assertThat(dom).contains("/api/audits/" + id + "/dice.png");
        assertThat(dom).contains("/api/audits/" + id + "/cost-dice.png");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static int edgesDrawn(String dom) {
        var m = Pattern.compile("data-edges-drawn=\"(\\d+)\"").matcher(dom);
        assertThat(m.find()).as("the graph says how many edges it drew").isTrue();
        return Integer.parseInt(m.group(1));
    }

    private String chromium(String... extra) throws Exception {
        return chromiumAt(dashboard.toString(), extra);
    }

    private String chromiumAt(String page, String... extra) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                CHROMIUM.toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--user-data-dir=" + profile,
                                "--virtual-time-budget=8000"));
        command.addAll(List.of(extra));
        command.add(page);
        Process process =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}
