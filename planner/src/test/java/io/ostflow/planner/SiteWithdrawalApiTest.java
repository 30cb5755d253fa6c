package io.ostflow.planner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.ostflow.common.Topics;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.DatasetWithdrawn;
import io.ostflow.common.events.SiteChanged;
import io.ostflow.local.testing.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The planner on the real broker when a site withdraws: the ingest's tombstones for its tasks and
 * the affinity-worker's for its edges take them out of the graph, plans that used them are
 * replanned, its own target's plan gets a tombstone, and the withdrawal API says what is left. An
 * operator's request reaches the ingest's topic with its reason.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class SiteWithdrawalApiTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aWithdrawnSiteLeavesNoTaskEdgeOrPlanBehind() {
        PlannerWorkerTest.Scenario s = new PlannerWorkerTest.Scenario();
        s.publish();
        await().atMost(WAIT).until(() -> PlannerWorkerTest.latestPlan(s.target).isPresent());
        String site = s.prefix + "a";
        List<String> siteTasks = s.sources.stream().filter(t -> t.startsWith(site + "-")).toList();

        withdraw(s, site, siteTasks);

        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                given().when()
                                        .get("/api/sites/" + site + "/withdrawal")
                                        .then()
                                        .statusCode(200)
                                        .body("cause", equalTo("descriptor-removed"))
                                        .body("tasks.size()", equalTo(siteTasks.size()))
                                        .body("tasksLeft.size()", equalTo(0))
                                        .body("plansLeft.size()", equalTo(0)));
        assertThat(taskIds()).doesNotContainAnyElementsOf(siteTasks);
        assertThat(edgeKeys())
                .noneMatch(k -> k.startsWith(site + "-") || k.contains("|" + site + "-"));
        await().atMost(WAIT)
                .until(
                        () ->
                                PlannerWorkerTest.latestPlan(s.target)
                                        .map(p -> p.path().stream().noneMatch(siteTasks::contains))
                                        .orElse(false));

        withdraw(s, s.prefix + "t", List.of(s.target));
        await().atMost(WAIT).until(() -> latestRecord(s.target).value() == null);
        given().when().get("/api/plans/" + s.target).then().statusCode(404);
        given().when()
                .get("/api/withdrawals")
                .then()
                .statusCode(200)
                .body("find { it.site == '" + site + "' }.tasks.size()", equalTo(siteTasks.size()));
    }

    @Test
    void anOperatorRequestGoesToTheIngestWithItsCauseAndNeedsTheToken() {
        PlannerWorkerTest.Scenario s = new PlannerWorkerTest.Scenario();
        s.publish();
        String site = s.prefix + "b";
        // the ledger knows a site from its drops: the withdrawal of another of its sites will do
        withdraw(s, site, List.of());
        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                given().when()
                                        .get("/api/sites/" + site + "/withdrawal")
                                        .then()
                                        .statusCode(200));

        given().when().post("/api/sites/" + site + "/withdrawal").then().statusCode(401);
        given().header("Authorization", "Bearer test-token")
                .when()
                .post("/api/sites/never_seen/withdrawal")
                .then()
                .statusCode(404)
                .body("reason", equalTo("UNKNOWN_SITE"));
        given().header("Authorization", "Bearer test-token")
                .when()
                .post("/api/sites/a-b/withdrawal")
                .then()
                .statusCode(400)
                .body("reason", equalTo("BAD_SITE"));
        given().header("Authorization", "Bearer test-token")
                .when()
                .post("/api/sites/" + site + "/withdrawal")
                .then()
                .statusCode(202)
                .body("cause", equalTo("withdrawal-requested"));

        List<ConsumerRecord<String, String>> requests =
                PlannerWorkerTest.probe().records(Topics.SITE_CHANGES, site::equals);
        assertThat(requests).singleElement();
        SiteChanged request = PlannerWorkerTest.parse(requests.get(0).value(), SiteChanged.class);
        assertThat(request.cause()).isEqualTo(SiteChanged.Cause.WITHDRAWAL_REQUESTED);
        assertThat(request.object()).isEqualTo(site + "/dataset.json");
    }

    /** What the ingest-worker and the affinity-worker publish when a site withdraws. */
    private static void withdraw(PlannerWorkerTest.Scenario s, String site, List<String> tasks) {
        PlannerWorkerTest.publish(
                Topics.DATASETS_WITHDRAWN,
                site,
                new DatasetWithdrawn(
                        site,
                        DatasetWithdrawn.Cause.DESCRIPTOR_REMOVED,
                        List.of("v"),
                        tasks,
                        Instant.now()));
        for (String task : tasks) {
            PlannerWorkerTest.probe().publish(Topics.TASKS, task, null);
        }
        for (AffinityEdge e : s.edges) {
            if (tasks.contains(e.a()) || tasks.contains(e.b())) {
                PlannerWorkerTest.probe().publish(Topics.EDGES, e.key(), null);
            }
        }
    }

    private static List<String> taskIds() {
        return given().when().get("/api/tasks").then().statusCode(200).extract().path("id");
    }

    private static List<String> edgeKeys() {
        List<java.util.Map<String, Object>> edges =
                given().when().get("/api/edges").then().statusCode(200).extract().path("$");
        return edges.stream().map(e -> e.get("a") + "|" + e.get("b")).toList();
    }

    private static ConsumerRecord<String, String> latestRecord(String target) {
        List<ConsumerRecord<String, String>> all =
                PlannerWorkerTest.probe().records(Topics.PLANS, target::equals);
        return all.get(all.size() - 1);
    }
}
