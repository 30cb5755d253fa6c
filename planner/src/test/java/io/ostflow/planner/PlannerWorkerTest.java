package io.ostflow.planner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.Topics;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.DatasetReceived;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.EventTypes;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.PredictionsWritten;
import io.ostflow.common.events.Problem;
import io.ostflow.common.events.StageResult;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingFailed;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.weights.EdgeWeighting;
import io.ostflow.local.testing.LocalStackResource;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.testing.TopicProbe;
import io.ostflow.planner.messaging.ReplanScheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The planner against the real broker: edges in, plans and jobs out, and its REST API. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlannerWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Test
    void isLiveAndReady() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void edgesInPlansAndJobsOutAndAChangedEdgeReplans() {
        Scenario s = new Scenario();
        s.publish();

        await().atMost(WAIT).until(() -> plans(s.target).size() == 1 && jobs(s.target).size() == 3);
        Plan plan = plans(s.target).get(0);
        assertThat(plan.version()).isEqualTo(1);
        assertThat(plan.path()).hasSize(2).allSatisfy(p -> assertThat(s.sources).contains(p));
        assertThat(jobs(s.target))
                .extracting(TrainingJob::kind)
                .containsExactlyInAnyOrder(JobKind.SEQUENTIAL, JobKind.DIRECT, JobKind.SCRATCH);
        given().when()
                .get("/api/plans/" + s.target)
                .then()
                .statusCode(200)
                .body("target", equalTo(s.target))
                .body("version", equalTo(1))
                .body("path.size()", equalTo(2));
        given().when()
                .get("/api/graph")
                .then()
                .statusCode(200)
                .body("nodes.id", hasItem(s.target))
                .body("clusters.size()", Matchers.greaterThan(0));
        given().when()
                .get("/api/edges?task=" + s.target)
                .then()
                .statusCode(200)
                .body("size()", equalTo(7));

        String last = plan.path().get(1);
        AffinityEdge old = s.edge(last, s.target);
        publish(
                Topics.EDGES,
                old.key(),
                new AffinityEdge(
                        old.a(),
                        old.b(),
                        old.h(),
                        old.r(),
                        old.weight() + 7,
                        true,
                        0,
                        "v",
                        "v",
                        4));

        await().atMost(WAIT).until(() -> plans(s.target).stream().anyMatch(p -> p.version() == 2));
        await().atMost(WAIT).until(() -> jobs(s.target).size() == 6);
        given().when()
                .get("/api/jobs")
                .then()
                .statusCode(200)
                .body("findAll { it.target == '" + s.target + "' }.size()", equalTo(6));
    }

    @Test
    void redeliveredEdgesEnqueueNoDuplicateJobs() {
        Scenario s = new Scenario();
        s.publish();
        await().atMost(WAIT).until(() -> jobs(s.target).size() == 3);

        s.edges.forEach(e -> publish(Topics.EDGES, e.key(), e));
        s.tasks.forEach(t -> publish(Topics.TASKS, t.task().toString(), t));

        await().during(Duration.ofSeconds(3))
                .atMost(WAIT)
                .until(() -> jobs(s.target).size() == 3 && plans(s.target).size() == 1);
    }

    @Test
    void theApiSaysWhatIsWrong() {
        given().when()
                .get("/api/plans/no-such-task-id")
                .then()
                .statusCode(400)
                .body("reason", equalTo("BAD_TASK_ID"));
        given().when()
                .get("/api/plans/zz-T1-ED")
                .then()
                .statusCode(404)
                .body("reason", equalTo("UNKNOWN_PLAN"));
        given().when()
                .get("/api/jobs/job-nope")
                .then()
                .statusCode(404)
                .body("reason", equalTo("UNKNOWN_JOB"));
        given().when()
                .get("/api/edges?task=zz-T1-ED")
                .then()
                .statusCode(404)
                .body("reason", equalTo("UNKNOWN_TASK"));
        given().when()
                .post("/api/replan")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong")
                .when()
                .post("/api/replan")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer test-token")
                .when()
                .post("/api/replan")
                .then()
                .statusCode(202);
        given().when().get("/api/weights").then().statusCode(200).body("alpha", equalTo(0.0044f));
        given().when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void rejectedDropsAreListedWithTheirProblems() {
        String site = "rej" + RUNS.incrementAndGet();
        publish(
                Topics.DATASETS_REJECTED,
                site,
                new DatasetRejected(
                        site,
                        "abc123",
                        List.of(
                                new Problem(
                                        site + "/imagesTr/c_0001.nii.gz",
                                        "MISSING_CHANNEL",
                                        "case c has no channel 1")),
                        List.of(
                                new Problem(
                                        site + "/README.md",
                                        "IGNORED_FILE",
                                        "not part of the dataset")),
                        Instant.now()));
        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                given().when()
                                        .get("/api/datasets")
                                        .then()
                                        .statusCode(200)
                                        .body(
                                                "find { it.site == '" + site + "' }.state",
                                                equalTo("rejected"))
                                        .body(
                                                "find { it.site == '"
                                                        + site
                                                        + "' }.problems[0].reason",
                                                equalTo("MISSING_CHANNEL"))
                                        .body(
                                                "find { it.site == '"
                                                        + site
                                                        + "' }.warnings[0].key",
                                                equalTo(site + "/README.md")));
        given().when()
                .get("/api/datasets?site=" + site)
                .then()
                .statusCode(200)
                .body("site", equalTo(List.of(site)));
    }

    @Test
    void theLatestMasksAreServedWhileNoModelIsValidated() {
        String target = "pred" + RUNS.incrementAndGet() + "-T1-ED";
        String site = target.substring(0, target.indexOf('-'));
        for (String job : List.of("job-old", "job-new")) {
            publish(
                    Topics.PREDICTIONS,
                    target,
                    new PredictionsWritten(
                            job,
                            target,
                            job + "/stage-3.params",
                            List.of(
                                    new PredictionsWritten.Prediction(
                                            "scan1",
                                            false,
                                            ObjectKeys.prediction(site, target, job, "scan1"),
                                            12,
                                            null)),
                            Instant.now()));
        }

        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                given().when()
                                        .get("/api/predictions/" + target)
                                        .then()
                                        .statusCode(200)
                                        .body("jobId", equalTo("job-new"))
                                        .body("recommended", equalTo(false))
                                        .body(
                                                "predictions[0].key",
                                                equalTo(
                                                        "predictions/"
                                                                + site
                                                                + "/"
                                                                + target
                                                                + "/job-new/scan1.nii.gz")));
        given().when()
                .get("/api/predictions/nowhere-T1-ED")
                .then()
                .statusCode(404)
                .body("reason", equalTo("NO_PREDICTIONS"));
    }

    @Test
    void aDropIsPendingUntilDecidedAndALateReceiptDoesNotUndoTheDecision() {
        String site = "pend" + RUNS.incrementAndGet();
        publish(
                Topics.DATASETS_RECEIVED,
                site,
                new DatasetReceived(site, "v1", Role.SOURCE, 4, 0, Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> assertDatasetState(site, "pending"));

        publish(
                Topics.DATASETS_REGISTERED,
                site,
                new DatasetRegistered(
                                site,
                                "v1",
                                Role.SOURCE,
                                4,
                                0,
                                0,
                                List.of(),
                                List.of(),
                                Instant.now())
                        .withImported(
                                new DatasetRegistered.Imported(
                                        "msd",
                                        "Task01_BrainTumour",
                                        Map.of("case000", "BRATS_001"))));
        await().atMost(WAIT).untilAsserted(() -> assertDatasetState(site, "registered"));
        given().when()
                .get("/api/datasets")
                .then()
                .body(
                        "find { it.site == '" + site + "' }.imported.subjects.case000",
                        equalTo("BRATS_001"))
                .body("find { it.site == '" + site + "' }.imported.format", equalTo("msd"));

        // A redelivered receipt, then a marker on the same topic: once the marker shows, the
        // receipt has been applied, and it must not have turned the drop back to pending.
        String marker = site + "m";
        publish(
                Topics.DATASETS_RECEIVED,
                site,
                new DatasetReceived(site, "v1", Role.SOURCE, 4, 0, Instant.now()));
        publish(
                Topics.DATASETS_RECEIVED,
                marker,
                new DatasetReceived(marker, "v1", Role.SOURCE, 1, 0, Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> assertDatasetState(marker, "pending"));
        assertDatasetState(site, "registered");
    }

    private static void assertDatasetState(String site, String state) {
        given().when()
                .get("/api/datasets")
                .then()
                .statusCode(200)
                .body("findAll { it.site == '" + site + "' }.state", equalTo(List.of(state)));
    }

    /**
     * Last in this class: the weights it publishes would change what the others read. Other tests
     * on the shared planner finish transfers too (hence no "too few results" check here, and fits
     * on fewer results before this one's may be too weak to publish).
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void finishedJobsCalibrateTheWeightsOnceEnoughExist() {
        List<Scenario> scenarios = new ArrayList<>();
        // ten targets, so that their signal outweighs the transfers other test classes on this
        // shared planner finished with Dice unrelated to H and R
        for (int i = 0; i < 10; i++) {
            Scenario s = new Scenario();
            s.publish();
            scenarios.add(s);
        }
        // Six scenarios arrive one after the other, so a target may be planned more than once
        // (clusters change as sources arrive): use the jobs of each target's latest plan.
        for (Scenario s : scenarios) {
            await().atMost(WAIT).until(() -> currentJobs(s.target).size() == 3);
        }
        // Dice falls, within each target, with a cost of the form the calibration fits (alpha 1,
        // beta 2 on H and R min-max scaled over every edge the planner knows, all published by
        // now): the path's terms (eq. 8) and the direct transfer's one term w(r, t).
        EdgeWeighting.Ranges ranges = EdgeWeighting.Ranges.EMPTY;
        List<Map<String, Object>> known = given().get("/api/edges").then().extract().path("");
        for (Map<String, Object> e : known) {
            ranges =
                    ranges.with(
                            ((Number) e.get("h")).doubleValue(),
                            ((Number) e.get("r")).doubleValue());
        }
        TrainingJob trained = null;
        for (Scenario s : scenarios) {
            TrainingJob sequential =
                    currentJobs(s.target).stream()
                            .filter(j -> j.kind() == JobKind.SEQUENTIAL)
                            .findFirst()
                            .orElseThrow();
            trained = sequential;
            Plan plan = latestPlan(s.target).orElseThrow();
            double pathCost = 0;
            for (Plan.Term t : plan.terms()) {
                pathCost += modelCost(s.edge(t.from(), t.to()), ranges);
            }
            double directCost = modelCost(s.edge(plan.path().get(0), s.target), ranges);
            TrainingJob direct =
                    currentJobs(s.target).stream()
                            .filter(j -> j.kind() == JobKind.DIRECT)
                            .findFirst()
                            .orElseThrow();
            for (TrainingJob job : List.of(sequential, direct)) {
                double dice = 0.95 - 0.1 * (job == direct ? directCost : pathCost);
                publishResult(
                        job.jobId(),
                        EventTypes.TRAINING_COMPLETED,
                        new TrainingCompleted(
                                job.jobId(),
                                s.target,
                                job.kind(),
                                dice,
                                dice * 0.8,
                                "cpu",
                                List.of(1.0),
                                "m",
                                List.of()));
            }
        }

        String model = trained.jobId();
        int stages = trained.stages().size();
        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                given().when()
                                        .get("/api/models")
                                        .then()
                                        .statusCode(200)
                                        .body(
                                                "find { it.jobId == '" + model + "' }.card",
                                                equalTo(model + "/model-card.json"))
                                        .body(
                                                "find { it.jobId == '"
                                                        + model
                                                        + "' }.stages.size()",
                                                equalTo(stages))
                                        .body(
                                                "find { it.jobId == '" + model + "' }.kind",
                                                equalTo("sequential")));
        // every result is in before the weights are asked for: the automatic calibrations ran
        // on the way (at every min-results new ones), each recorded, published or said why not
        await().atMost(WAIT)
                .until(
                        () ->
                                scenarios.stream()
                                        .allMatch(
                                                s ->
                                                        currentJobs(s.target).stream()
                                                                .filter(
                                                                        j ->
                                                                                j.kind()
                                                                                        != JobKind
                                                                                                .SCRATCH)
                                                                .allMatch(
                                                                        PlannerWorkerTest
                                                                                ::completed)));
        await().atMost(WAIT)
                .until(
                        () ->
                                given().when()
                                                .get("/api/weights/history")
                                                .then()
                                                .extract()
                                                .<List<?>>path("")
                                                .size()
                                        > 0);
        List<Map<String, Object>> history =
                given().when()
                        .get("/api/weights/history")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("");
        assertThat(history)
                .allSatisfy(
                        h -> {
                            if (!Boolean.TRUE.equals(h.get("published"))) {
                                assertThat((String) h.get("reason"))
                                        .contains("do not predict Dice within targets");
                            }
                        });
        given().header("Authorization", "Bearer test-token")
                .when()
                .post("/api/calibrate")
                .then()
                .statusCode(200)
                .body("published", equalTo(true));
        await().atMost(WAIT)
                .until(() -> !probe().records(Topics.WEIGHTS, "current"::equals).isEmpty());
        List<EdgeWeights> published =
                probe().records(Topics.WEIGHTS, "current"::equals).stream()
                        .map(r -> parse(r.value(), EdgeWeights.class))
                        .toList();
        EdgeWeights weights = published.get(published.size() - 1);
        assertThat(weights.version()).isEqualTo(published.size());
        assertThat(weights.normalisation())
                .as("fitted on min-max scaled H and R, applied to them")
                .isEqualTo(EdgeWeights.MINMAX);
        assertThat(weights.alpha()).isBetween(0.001, 10.0);
        assertThat(weights.beta()).isBetween(-10.0, -0.001);
        assertThat(weights.c())
                .as("c refit to -beta, the least constant with no negative edge")
                .isEqualTo(-weights.beta());
        assertThat(EdgeWeighting.lowestWeight(weights)).isGreaterThanOrEqualTo(0);
    }

    /** The cost of one term under alpha 1, beta 2 on scaled H and R: {@code Hs + 2 (1 - Rs)}. */
    private static double modelCost(AffinityEdge edge, EdgeWeighting.Ranges ranges) {
        return ranges.scaleH(edge.h()) + 2 * (1 - ranges.scaleR(edge.r()));
    }

    @Test
    void aTargetIsRecommendedItsBestValidatedModelNotItsBestHeldOutOne() {
        Scenario s = new Scenario();
        s.publish();
        await().atMost(WAIT).until(() -> jobs(s.target).size() == 3);
        TrainingJob scratch = job(s.target, JobKind.SCRATCH);
        TrainingJob direct = job(s.target, JobKind.DIRECT);
        given().when()
                .get("/api/targets/" + s.target)
                .then()
                .statusCode(200)
                .body("jobId", nullValue())
                .body("reason", equalTo("no job of this target has finished yet"));
        StageResult stage =
                new StageResult(
                        1,
                        StageType.FINETUNE,
                        s.target,
                        2,
                        1,
                        150,
                        "decoder",
                        242721,
                        false,
                        false,
                        List.of(50, 100, 150),
                        List.of(0.6, 0.4, 0.3),
                        List.of(0.2, 0.5, 0.7, 0.65),
                        0.2,
                        0.7,
                        100,
                        0);
        // scratch validates better, direct does better on the held-out cases: scratch is chosen
        publishResult(
                scratch.jobId(),
                EventTypes.TRAINING_COMPLETED,
                new TrainingCompleted(
                                scratch.jobId(),
                                s.target,
                                JobKind.SCRATCH,
                                0.6,
                                0.4,
                                "cpu",
                                List.of(1.0),
                                "m",
                                List.of())
                        .withStages(0.8, List.of()));
        publishResult(
                direct.jobId(),
                EventTypes.TRAINING_COMPLETED,
                new TrainingCompleted(
                                direct.jobId(),
                                s.target,
                                JobKind.DIRECT,
                                0.9,
                                0.8,
                                "cpu",
                                List.of(1.5, 2.0),
                                "m",
                                List.of(0))
                        .withStages(0.7, List.of(stage)));

        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                given().when()
                                        .get("/api/targets/" + s.target)
                                        .then()
                                        .statusCode(200)
                                        .body("candidates", equalTo(2))
                                        .body("jobId", equalTo(scratch.jobId()))
                                        .body("scratchWins", equalTo(true))
                                        .body("heldOutDice", equalTo(0.6f))
                                        .body("reason", containsString("no source helps")));
        given().when()
                .get("/api/targets")
                .then()
                .statusCode(200)
                .body("find { it.target == '" + s.target + "' }.kind", equalTo("scratch"));
        given().when()
                .get("/api/jobs/" + direct.jobId())
                .then()
                .statusCode(200)
                .body("validationDice", equalTo(0.7f))
                .body("outcomes[0].bestStep", equalTo(100))
                .body("outcomes[0].trained", equalTo("decoder"))
                .body("seconds", equalTo(3.5f))
                .body("reusedStages", equalTo(List.of(0)));
        given().when()
                .get("/api/targets/" + s.sources.get(0))
                .then()
                .statusCode(409)
                .body("reason", equalTo("NOT_A_TARGET"));
        given().when().get("/api/targets/99-T1-ED").then().statusCode(404);
        given().when().get("/api/targets/not a task").then().statusCode(400);
    }

    @Test
    void aFailedResultFailsItsJobAndAResultWithoutACloudEventTypeIsDeadLettered() {
        Scenario s = new Scenario();
        s.publish();
        await().atMost(WAIT).until(() -> jobs(s.target).size() == 3);
        TrainingJob scratch = job(s.target, JobKind.SCRATCH);
        TrainingJob direct = job(s.target, JobKind.DIRECT);

        // a failure whose message happens to say "dice": the type decides, not the payload
        publishResult(
                scratch.jobId(),
                EventTypes.TRAINING_FAILED,
                new TrainingFailed(scratch.jobId(), "DATA_MISSING", "no dice: case002 is missing"));
        publish(
                Topics.TRAINING_RESULTS,
                direct.jobId(),
                new TrainingCompleted(
                        direct.jobId(),
                        s.target,
                        JobKind.DIRECT,
                        0.5,
                        0.4,
                        "cpu",
                        List.of(1.0),
                        "m",
                        List.of()));

        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                given().when()
                                        .get("/api/jobs/" + scratch.jobId())
                                        .then()
                                        .statusCode(200)
                                        .body("state", equalTo("failed")));
        await().atMost(WAIT)
                .until(
                        () ->
                                !probe().records(
                                                Topics.deadLetter(Topics.TRAINING_RESULTS),
                                                direct.jobId()::equals)
                                        .isEmpty());
        var dead =
                probe().records(Topics.deadLetter(Topics.TRAINING_RESULTS), direct.jobId()::equals)
                        .get(0);
        assertThat(
                        new String(
                                dead.headers().lastHeader("dead-letter-reason").value(),
                                StandardCharsets.UTF_8))
                .contains("has ce_type (none)");
        given().when()
                .get("/api/jobs/" + direct.jobId())
                .then()
                .statusCode(200)
                .body("state", equalTo("queued"));
    }

    @jakarta.inject.Inject ReplanScheduler scheduler;

    @Test
    void aBurstOfAHundredEdgeUpdatesReclustersOnce() throws Exception {
        Scenario s = new Scenario();
        s.publish();
        await().atMost(WAIT).until(() -> jobs(s.target).size() == 3);
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        long runs = scheduler.runs();
        int graphs = probe().records(Topics.GRAPH, k -> true).size();

        List<AffinityEdge> sourceEdges =
                s.edges.stream()
                        .filter(
                                e ->
                                        e.connected()
                                                && !e.b().equals(s.target)
                                                && !e.a().equals(s.target))
                        .toList();
        try (var producer =
                new KafkaProducer<>(
                        Map.<String, Object>of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                SharedLocalStack.get().endpoints().kafka(),
                                ProducerConfig.LINGER_MS_CONFIG,
                                5),
                        new StringSerializer(),
                        new StringSerializer())) {
            for (int i = 0; i < 100; i++) {
                AffinityEdge e = sourceEdges.get(i % sourceEdges.size());
                AffinityEdge updated =
                        new AffinityEdge(
                                e.a(),
                                e.b(),
                                e.h(),
                                e.r(),
                                e.weight() + 0.001 * (i + 1),
                                true,
                                0,
                                "v",
                                "v",
                                4);
                producer.send(
                        new ProducerRecord<>(
                                Topics.EDGES,
                                updated.key(),
                                Json.mapper().writeValueAsString(updated)));
            }
            producer.flush();
        }

        await().atMost(WAIT).until(() -> scheduler.runs() > runs);
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() -> scheduler.runs() == runs + 1);
        assertThat(probe().records(Topics.GRAPH, k -> true)).hasSize(graphs + 1);
    }

    /** Seven sources over three sites and one target, all edges published. */
    static final class Scenario {
        final String prefix = "pw" + ProcessHandle.current().pid() + "r" + RUNS.incrementAndGet();
        final List<String> sources = new ArrayList<>();
        final String target = prefix + "t-T1-ED";
        final List<TaskRegistered> tasks = new ArrayList<>();
        final List<AffinityEdge> edges = new ArrayList<>();

        Scenario() {
            for (String id :
                    List.of(
                            "a-T1-ED",
                            "a-T1-ET",
                            "b-T1-ED",
                            "b-T1-ET",
                            "c-T1-ED",
                            "c-T1-ET",
                            "c-T2-NCR")) {
                sources.add(prefix + id);
            }
            Random random = new Random(RUNS.get());
            for (String s : sources) {
                tasks.add(task(s, Role.SOURCE, 8));
            }
            tasks.add(task(target, Role.TARGET, 3));
            List<String> all = new ArrayList<>(sources);
            all.add(target);
            for (int i = 0; i < all.size(); i++) {
                for (int j = i + 1; j < all.size(); j++) {
                    TaskId a = TaskId.parse(all.get(i));
                    TaskId b = TaskId.parse(all.get(j));
                    boolean connected =
                            a.modality().equals(b.modality())
                                    || a.objective().equals(b.objective());
                    String x =
                            a.toString().compareTo(b.toString()) < 0 ? a.toString() : b.toString();
                    String y = x.equals(a.toString()) ? b.toString() : a.toString();
                    edges.add(
                            new AffinityEdge(
                                    x,
                                    y,
                                    20 * random.nextDouble(),
                                    random.nextDouble() * 1.5 - 0.5,
                                    connected ? 0.5 + random.nextDouble() : null,
                                    connected,
                                    0,
                                    "v",
                                    "v",
                                    4));
                }
            }
        }

        void publish() {
            tasks.forEach(t -> PlannerWorkerTest.publish(Topics.TASKS, t.task().toString(), t));
            edges.forEach(e -> PlannerWorkerTest.publish(Topics.EDGES, e.key(), e));
        }

        AffinityEdge edge(String a, String b) {
            return edges.stream()
                    .filter(e -> e.key().equals(AffinityEdge.key(a, b)))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static TaskRegistered task(String id, Role role, int samples) {
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            cases.add("case" + i);
        }
        return new TaskRegistered(
                TaskId.parse(id), role, samples, "v", 1, cases, List.of(), List.of(), List.of());
    }

    /** Every plan published for the target, tombstones left out. */
    static List<Plan> plans(String target) {
        return probe().records(Topics.PLANS, target::equals).stream()
                .filter(r -> r.value() != null)
                .map(r -> parse(r.value(), Plan.class))
                .toList();
    }

    static Optional<Plan> latestPlan(String target) {
        List<Plan> all = plans(target);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The jobs of the target's latest plan. */
    /** Whether the planner has recorded the job's result. */
    private static boolean completed(TrainingJob job) {
        String state =
                given().when()
                        .get("/api/jobs")
                        .then()
                        .extract()
                        .path("find { it.id == '" + job.jobId() + "' }.state");
        return "completed".equals(state);
    }

    private static List<TrainingJob> currentJobs(String target) {
        long version = latestPlan(target).map(Plan::version).orElse(-1L);
        return jobs(target).stream().filter(j -> j.planVersion() == version).toList();
    }

    /** The target's job of that kind (one plan, so one of each). */
    private static TrainingJob job(String target, JobKind kind) {
        return jobs(target).stream().filter(j -> j.kind() == kind).findFirst().orElseThrow();
    }

    private static List<TrainingJob> jobs(String target) {
        return probe().records(Topics.JOBS, k -> true).stream()
                .map(r -> parse(r.value(), TrainingJob.class))
                .filter(j -> j.target().equals(target))
                .toList();
    }

    static TopicProbe probe() {
        return new TopicProbe(SharedLocalStack.get().endpoints().kafka());
    }

    /** A training result as the trainer-worker sends it: the CloudEvent type in {@code ce_type}. */
    static void publishResult(String jobId, String ceType, Object value) {
        try {
            probe().publish(
                            Topics.TRAINING_RESULTS,
                            jobId,
                            Json.mapper().writeValueAsString(value),
                            Map.of("ce_type", ceType));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void publish(String topic, String key, Object value) {
        try {
            probe().publish(topic, key, Json.mapper().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T parse(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
