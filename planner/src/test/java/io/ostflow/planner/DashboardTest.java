package io.ostflow.planner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Topics;
import io.ostflow.common.events.EventTypes;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.PredictionsWritten;
import io.ostflow.common.events.TrainingCompleted;
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

    @Test
    void opensOnTheModelToUsePerTargetAndSaysWhenScratchWins() throws Exception {
        PlannerWorkerTest.Scenario scenario = new PlannerWorkerTest.Scenario();
        scenario.publish();
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                given().get("/api/jobs")
                                                .jsonPath()
                                                .getList(
                                                        "findAll { it.target == '"
                                                                + scenario.target
                                                                + "' && it.kind == 'scratch' }")
                                                .size()
                                        == 1);
        String scratch =
                given().get("/api/jobs")
                        .jsonPath()
                        .getString(
                                "find { it.target == '"
                                        + scenario.target
                                        + "' && it.kind == 'scratch' }.id");
        PlannerWorkerTest.publishResult(
                scratch,
                EventTypes.TRAINING_COMPLETED,
                new TrainingCompleted(
                                scratch,
                                scenario.target,
                                JobKind.SCRATCH,
                                0.61,
                                0.44,
                                "cpu",
                                List.of(1.0),
                                "m",
                                List.of())
                        .withStages(0.7, List.of()));
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                scratch.equals(
                                        given().get("/api/targets/" + scenario.target)
                                                .path("jobId")));

        // event data is text, never markup: a case error that looks like HTML stays text
        PlannerWorkerTest.publish(
                Topics.PREDICTIONS,
                scenario.target,
                new PredictionsWritten(
                        scratch,
                        scenario.target,
                        "m",
                        List.of(
                                new PredictionsWritten.Prediction(
                                        "scan1",
                                        false,
                                        null,
                                        0,
                                        "<img id=\"injected\" src=\"x\">")),
                        java.time.Instant.now()));
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                scratch.equals(
                                        given().get("/api/predictions/" + scenario.target)
                                                .path("jobId")));

        String dom = chromiumAt(dashboard + "?target=" + scenario.target, "--dump-dom");
        assertThat(dom)
                .as("shown, escaped")
                .contains("&lt;img id=\"injected\"")
                .doesNotContain("<img id=\"injected\"");
        int section = dom.indexOf("id=\"targets-section\"");
        assertThat(section)
                .as("the per-target answer comes first")
                .isPositive()
                .isLessThan(dom.indexOf("id=\"graph-section\""));
        int at = dom.indexOf("id=\"targets\"");
        String table = dom.substring(at, dom.indexOf("</table>", at));
        assertThat(table)
                .contains("<td>" + scenario.target + "</td>")
                .contains("class=\"scratch-wins\"")
                .contains("0.700")
                .contains("0.610")
                .contains("only training from scratch has finished");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void aTokenInTheAddressLeavesItAtOnceAndTheRestOfTheAddressStays() throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        String page = dashboard + "?token=test-token&k=2";
        Process browser =
                new ProcessBuilder(
                                CHROMIUM.toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--user-data-dir=" + profile,
                                "--remote-debugging-port=0",
                                page)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        try {
            // what the address bar shows: the page's URL as Chromium's DevTools list it
            Path port = profile.resolve("DevToolsActivePort");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(port));
            String devtools =
                    "http://127.0.0.1:" + Files.readAllLines(port).get(0).trim() + "/json/list";
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> pageUrl(devtools).startsWith(dashboard.toString()));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !pageUrl(devtools).contains("token"));
            assertThat(pageUrl(devtools)).isEqualTo(dashboard + "?k=2");
        } finally {
            browser.destroyForcibly();
            browser.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The URL of the one page Chromium shows, from its DevTools target list. */
    private static String pageUrl(String devtools) throws Exception {
        String body =
                java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(java.net.URI.create(devtools))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body();
        for (var target : io.ostflow.common.Json.mapper().readTree(body)) {
            if (target.path("type").asText().equals("page")) {
                return target.path("url").asText();
            }
        }
        return "";
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
