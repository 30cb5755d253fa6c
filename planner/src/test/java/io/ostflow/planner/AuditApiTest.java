package io.ostflow.planner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.EventTypes;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingFailed;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.local.testing.LocalStackResource;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.testing.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Audits through the planner on the real broker: the audit and its jobs reach their topics before
 * the 202, a repeated request schedules nothing, bad requests say why, and results fill the report.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class AuditApiTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String OPERATOR = "Bearer test-token";

    @Test
    void anAuditPublishesItsJobsOnceAndItsReportFillsWithTheirResults() throws Exception {
        PlannerWorkerTest.Scenario s = plannedScenario();
        String body =
                "{\"targets\": [\""
                        + s.target
                        + "\"], \"seeds\": 2, \"gridLimit\": 2,"
                        + " \"randomDraws\": 3, \"rankings\": [\"affinity\"]}";

        given().body(body).post("/api/audits").then().statusCode(401);
        String id =
                given().header("Authorization", OPERATOR)
                        .body(body)
                        .post("/api/audits")
                        .then()
                        .statusCode(202)
                        .body("created", equalTo(true))
                        .header("Location", containsString("/api/audits/audit-"))
                        .extract()
                        .path("auditId");

        // durable before the answer: the audit and every job of it are on their topics
        List<AuditScheduled> audits = auditRecords(id);
        assertThat(audits).hasSize(1);
        AuditScheduled audit = audits.get(0);
        assertThat(audit.seeds()).hasSize(2);
        List<String> ids =
                audit.targets().get(0).candidates().stream()
                        .flatMap(c -> c.jobIds().stream())
                        .filter(java.util.Objects::nonNull) // a draw of another seed only
                        .toList();
        assertThat(ids).isNotEmpty().doesNotHaveDuplicates();
        assertThat(auditJobs(id))
                .extracting(TrainingJob::jobId)
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(audit.targets().get(0).selection().directGrid()).hasSizeLessThanOrEqualTo(2);
        assertThat(audit.rankings())
                .as("affinity alone: the grid limit stands (transferability would raise it)")
                .containsExactly(io.ostflow.common.events.PlanRanking.AFFINITY);

        given().header("Authorization", OPERATOR)
                .body(body)
                .post("/api/audits")
                .then()
                .statusCode(200)
                .body("auditId", equalTo(id))
                .body("created", equalTo(false));
        assertThat(auditJobs(id)).as("nothing enqueued twice").hasSize(ids.size());
        given().get("/api/audits/" + id).then().statusCode(200).body("state", equalTo("running"));

        // The sequential jobs fail: finished sequential results would feed the calibration,
        // which the planner's other tests on this broker expect untouched.
        long sequential = 0;
        for (TrainingJob job : auditJobs(id)) {
            if (job.kind() == JobKind.SEQUENTIAL) {
                sequential++;
                PlannerWorkerTest.publishResult(
                        job.jobId(),
                        EventTypes.TRAINING_FAILED,
                        new TrainingFailed(job.jobId(), "OUT_OF_MEMORY", "test"));
                continue;
            }
            double dice = 0.1 + 0.05 * (job.jobId().hashCode() & 7) + 0.01 * (job.seed() % 2);
            PlannerWorkerTest.publishResult(
                    job.jobId(),
                    EventTypes.TRAINING_COMPLETED,
                    new TrainingCompleted(
                                    job.jobId(),
                                    job.target(),
                                    job.kind(),
                                    dice,
                                    dice / 2,
                                    "cpu",
                                    List.of(1.0),
                                    "m",
                                    List.of())
                            .withLeep(job.kind() == JobKind.DIRECT ? -dice : null));
        }
        int failed = (int) sequential;
        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                given().get("/api/audits/" + id)
                                        .then()
                                        .statusCode(200)
                                        .body("state", equalTo("completed"))
                                        .body("jobs.failed", equalTo(failed))
                                        .body("jobs.completed", equalTo(ids.size() - failed))
                                        .body("targets[0].rows.scratch.seeds", equalTo(2))
                                        .body("targets[0].rows.leepDirect.seeds", equalTo(2)));
        given().get("/api/audits/" + id + "/report.md")
                .then()
                .statusCode(200)
                .body(containsString("## Table 1"))
                .body(containsString("| " + s.target + " | "))
                .body(containsString("## Calibration, held out by target target"))
                .body(containsString("## The planner's rankings on the trained grid"))
                .body(containsString("| affinity |"))
                .body(org.hamcrest.Matchers.not(containsString("| transferability |")));
        // no sequential job succeeded: no trained path to choose among (directs are fitted on)
        given().get("/api/audits/" + id + "/calibration")
                .then()
                .statusCode(200)
                .body("foldsBy", equalTo("target"))
                .body("targets.size()", equalTo(0))
                .body("meanRegretAfter", org.hamcrest.Matchers.nullValue());
        given().get("/api/audits/" + id + "/dice.png")
                .then()
                .statusCode(200)
                .contentType("image/png");
        given().get("/api/audits/" + id + "/cost-dice.png").then().statusCode(200);
        given().get("/api/audits")
                .then()
                .statusCode(200)
                .body("auditId", org.hamcrest.Matchers.hasItem(id));
    }

    @Test
    void badAuditRequestsSayWhatIsWrong() {
        PlannerWorkerTest.Scenario s = plannedScenario();
        record Case(String body, int status, String reason) {}
        for (Case c :
                List.of(
                        new Case("", 400, "BAD_AUDIT"),
                        new Case("{not json", 400, "BAD_AUDIT"),
                        new Case("{\"targets\": []}", 400, "BAD_AUDIT"),
                        new Case(
                                "{\"targets\": [\"" + s.target + "\"], \"seed\": 3}",
                                400,
                                "BAD_AUDIT"),
                        new Case(
                                "{\"targets\": [\"" + s.target + "\"], \"seeds\": 0}",
                                400,
                                "BAD_AUDIT"),
                        new Case("{\"targets\": [\"not a task\"]}", 400, "BAD_TASK_ID"),
                        new Case("{\"targets\": [\"zz-T1-ED\"]}", 404, "UNKNOWN_TARGET"),
                        new Case(
                                "{\"targets\": [\"" + s.sources.get(0) + "\"]}",
                                404,
                                "UNKNOWN_TARGET"))) {
            given().header("Authorization", OPERATOR)
                    .body(c.body())
                    .post("/api/audits")
                    .then()
                    .statusCode(c.status())
                    .body("reason", equalTo(c.reason()));
        }
        given().get("/api/audits/audit-nope")
                .then()
                .statusCode(404)
                .body("reason", equalTo("UNKNOWN_AUDIT"));
    }

    /** A scenario's tasks and edges published, once its target has a plan. */
    private static PlannerWorkerTest.Scenario plannedScenario() {
        PlannerWorkerTest.Scenario s = new PlannerWorkerTest.Scenario();
        s.publish();
        await().atMost(WAIT)
                .until(
                        () ->
                                given().get("/api/plans/" + s.target).then().extract().statusCode()
                                        == 200);
        return s;
    }

    private static List<AuditScheduled> auditRecords(String id) {
        return probe().records(Topics.AUDITS, id::equals).stream()
                .map(r -> parse(r.value(), AuditScheduled.class))
                .toList();
    }

    private static List<TrainingJob> auditJobs(String id) {
        return probe().records(Topics.JOBS, k -> true).stream()
                .map(r -> parse(r.value(), TrainingJob.class))
                .filter(j -> id.equals(j.audit()))
                .toList();
    }

    private static TopicProbe probe() {
        return new TopicProbe(SharedLocalStack.get().endpoints().kafka());
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
