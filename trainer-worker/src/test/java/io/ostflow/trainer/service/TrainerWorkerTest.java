package io.ostflow.trainer.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.PredictionsWritten;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingFailed;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.local.testing.LocalStackResource;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.testing.TopicProbe;
import io.ostflow.trainer.listener.JobListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer-worker against the real broker and S3 server: jobs in, progress and results out. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class TrainerWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void isLiveAndReady() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aJobFromTheTopicTrainsAndPublishesProgressAndItsResult() throws Exception {
        TrainingFixtures data = fixtures();
        TrainingJob job =
                new TrainingJob(
                        "job-kafka-" + System.nanoTime(),
                        data.target,
                        JobKind.SEQUENTIAL,
                        1,
                        List.of(
                                new TrainingJob.Stage(StageType.PRETRAIN, data.source1, 60),
                                new TrainingJob.Stage(StageType.FINETUNE, data.target, 3),
                                new TrainingJob.Stage(StageType.EVALUATE, data.target, 0)),
                        42,
                        Instant.now());
        publish(Topics.JOBS, job.jobId(), Json.mapper().writeValueAsString(job));

        await().atMost(WAIT).until(() -> !results(job.jobId()).isEmpty());
        TrainingCompleted result =
                Json.mapper().readValue(results(job.jobId()).get(0), TrainingCompleted.class);
        assertThat(result.dice()).isBetween(0.0, 1.0);
        assertThat(result.kind()).isEqualTo(JobKind.SEQUENTIAL);
        assertThat(probe().records(Topics.TRAINING_PROGRESS, job.jobId()::equals)).isNotEmpty();
        // its card is indexed under every task of its lineage, for a withdrawal to find it
        var stack = SharedLocalStack.get();
        CardLineage lineage =
                new CardLineage(stack.objectStore(), stack.endpoints().modelsBucket());
        for (String task : List.of(data.source1, data.target)) {
            assertThat(lineage.jobsTrainedOn(task)).contains(job.jobId());
        }
    }

    @Test
    void aFinishedJobDeliveredAgainRepublishesItsStoredResultWithoutTraining() throws Exception {
        TrainingFixtures data = fixtures();
        TrainingJob job =
                new TrainingJob(
                        "job-again-" + System.nanoTime(),
                        data.target,
                        JobKind.SCRATCH,
                        1,
                        List.of(
                                new TrainingJob.Stage(StageType.PRETRAIN, data.target, 3),
                                new TrainingJob.Stage(StageType.EVALUATE, data.target, 0)),
                        42,
                        Instant.now());
        publish(Topics.JOBS, job.jobId(), Json.mapper().writeValueAsString(job));
        await().atMost(WAIT).until(() -> !results(job.jobId()).isEmpty());
        int progressBefore = probe().records(Topics.TRAINING_PROGRESS, job.jobId()::equals).size();

        // a crash or a send timeout after state.json, or `ostflow replay`: the job comes again
        publish(Topics.JOBS, job.jobId(), Json.mapper().writeValueAsString(job));

        await().atMost(WAIT).until(() -> results(job.jobId()).size() == 2);
        TrainingCompleted first =
                Json.mapper().readValue(results(job.jobId()).get(0), TrainingCompleted.class);
        TrainingCompleted again =
                Json.mapper().readValue(results(job.jobId()).get(1), TrainingCompleted.class);
        assertThat(again).isEqualTo(first);
        assertThat(probe().records(Topics.TRAINING_PROGRESS, job.jobId()::equals))
                .as("not trained again")
                .hasSize(progressBefore);
        // the masks come after the result: a trainer that died in between never wrote them, so a
        // finished job delivered again segments the target again (the same masks)
        await().atMost(WAIT)
                .until(() -> probe().records(Topics.PREDICTIONS, job.jobId()::equals).size() == 2);
        List<PredictionsWritten> masks = new java.util.ArrayList<>();
        for (var r : probe().records(Topics.PREDICTIONS, job.jobId()::equals)) {
            masks.add(Json.mapper().readValue(r.value(), PredictionsWritten.class));
        }
        assertThat(masks.get(1).predictions()).isNotEmpty().isEqualTo(masks.get(0).predictions());
    }

    @Test
    void badJobsGiveTrainingFailedAndTheNextJobRuns() throws Exception {
        TrainingFixtures data = fixtures();
        publish(Topics.JOBS, "job-garbled", "{not a job");
        TrainingJob unknown =
                new TrainingJob(
                        "job-unknown-" + System.nanoTime(),
                        "nowhere-T1-ED",
                        JobKind.SCRATCH,
                        1,
                        List.of(
                                new TrainingJob.Stage(StageType.PRETRAIN, "nowhere-T1-ED", 3),
                                new TrainingJob.Stage(StageType.EVALUATE, "nowhere-T1-ED", 0)),
                        1,
                        Instant.now());
        publish(Topics.JOBS, unknown.jobId(), Json.mapper().writeValueAsString(unknown));
        String traversal = "../" + data.target + "-escape";
        TrainingJob escaping =
                new TrainingJob(
                        traversal,
                        data.target,
                        JobKind.SCRATCH,
                        1,
                        List.of(
                                new TrainingJob.Stage(StageType.PRETRAIN, data.target, 3),
                                new TrainingJob.Stage(StageType.EVALUATE, data.target, 0)),
                        1,
                        Instant.now());
        publish(Topics.JOBS, traversal, Json.mapper().writeValueAsString(escaping));
        TrainingJob good = data.scratchJob("job-good-" + System.nanoTime());
        publish(Topics.JOBS, good.jobId(), Json.mapper().writeValueAsString(good));

        await().atMost(WAIT)
                .until(
                        () ->
                                !results("job-garbled").isEmpty()
                                        && !results(unknown.jobId()).isEmpty()
                                        && !results(traversal).isEmpty()
                                        && !results(good.jobId()).isEmpty());
        assertThat(
                        Json.mapper()
                                .readValue(results("job-garbled").get(0), TrainingFailed.class)
                                .reason())
                .isEqualTo("BAD_JOB");
        TrainingFailed failed =
                Json.mapper().readValue(results(unknown.jobId()).get(0), TrainingFailed.class);
        assertThat(failed.reason()).isEqualTo("BAD_JOB");
        assertThat(failed.message()).contains("nowhere-T1-ED");
        TrainingFailed unsafe =
                Json.mapper().readValue(results(traversal).get(0), TrainingFailed.class);
        assertThat(unsafe.reason()).isEqualTo("BAD_JOB");
        assertThat(unsafe.message()).contains("not one safe object-key segment");
        assertThat(
                        SharedLocalStack.get()
                                .objectStore()
                                .list(ObjectKeys.MODELS_BUCKET, data.target + "-escape"))
                .as("nothing written outside the job's own folder")
                .isEmpty();
        assertThat(
                        Json.mapper()
                                .readValue(results(good.jobId()).get(0), TrainingCompleted.class)
                                .kind())
                .isEqualTo(JobKind.SCRATCH);
    }

    @Inject PlanVersions planVersions;

    @Test
    void aPlansJobWhosePlanWasReplacedIsSkippedAndReportedButAnAuditsJobRuns() throws Exception {
        String target =
                "skip"
                        + ProcessHandle.current().pid()
                        + "x"
                        + System.nanoTime() % 100000
                        + "-T1-ED";
        Plan replacing =
                new Plan(
                        target,
                        2,
                        List.of("src-T1-ED"),
                        0.1,
                        List.of(),
                        List.of(),
                        null,
                        1,
                        0,
                        Instant.now());
        publish(Topics.PLANS, target, Json.mapper().writeValueAsString(replacing));
        await().atMost(WAIT).until(() -> planVersions.latest(target).orElse(0L) == 2L);
        List<TrainingJob.Stage> stages =
                List.of(
                        new TrainingJob.Stage(StageType.PRETRAIN, target, 3),
                        new TrainingJob.Stage(StageType.EVALUATE, target, 0));
        TrainingJob planned =
                new TrainingJob(
                        "job-old-" + System.nanoTime(),
                        target,
                        JobKind.SCRATCH,
                        1,
                        stages,
                        1,
                        Instant.now());
        TrainingJob audited =
                new TrainingJob(
                        "job-audit-" + System.nanoTime(),
                        target,
                        JobKind.SCRATCH,
                        1,
                        stages,
                        1,
                        Instant.now(),
                        "audit-1");
        publish(Topics.JOBS, planned.jobId(), Json.mapper().writeValueAsString(planned));
        publish(Topics.JOBS, audited.jobId(), Json.mapper().writeValueAsString(audited));

        await().atMost(WAIT)
                .until(
                        () ->
                                !results(planned.jobId()).isEmpty()
                                        && !results(audited.jobId()).isEmpty());
        TrainingFailed skipped =
                Json.mapper().readValue(results(planned.jobId()).get(0), TrainingFailed.class);
        assertThat(skipped.reason()).isEqualTo(JobListener.SUPERSEDED);
        assertThat(skipped.message()).contains("replaced by version 2");
        // the audit's job was not skipped: it went on to wait for its (unknown) task
        TrainingFailed ran =
                Json.mapper().readValue(results(audited.jobId()).get(0), TrainingFailed.class);
        assertThat(ran.reason()).isEqualTo("BAD_JOB");
    }

    @Test
    void aWithdrawnTaskIsWrittenOnTheCardsOfTheModelsTrainedOnItAndNoOther() throws Exception {
        // cards of a withdrawn site's task (made up, so that no other test's task goes)
        String withdrawn = "wd" + System.nanoTime() + "-T1-ED";
        var store = SharedLocalStack.get().objectStore();
        String bucket = SharedLocalStack.get().endpoints().modelsBucket();
        String onIt = "job-card-on-" + System.nanoTime();
        String notOnIt = "job-card-off-" + System.nanoTime();
        TestCards.write(store, bucket, TestCards.card(onIt, withdrawn));
        TestCards.write(store, bucket, TestCards.card(notOnIt, "other-T1-ED"));

        probe().publish(Topics.TASKS, withdrawn, null);

        await().atMost(WAIT)
                .until(() -> readCard(onIt).withdrawnTasks().equals(List.of(withdrawn)));
        assertThat(readCard(notOnIt).withdrawnTasks()).isEmpty();
        assertThat(readCard(onIt).dice()).as("the rest of the card is kept").isEqualTo(0.5);
    }

    private static ModelCard readCard(String jobId) throws Exception {
        var stack = SharedLocalStack.get();
        return Json.mapper()
                .readValue(
                        stack.objectStore()
                                .get(stack.endpoints().modelsBucket(), ModelCard.key(jobId)),
                        ModelCard.class);
    }

    private static TrainingFixtures fixtures() throws Exception {
        TrainingFixtures data =
                new TrainingFixtures(
                        SharedLocalStack.get(), Files.createTempDirectory("trainer-test"));
        for (var task : data.tasks.values()) {
            publish(Topics.TASKS, task.task().toString(), Json.mapper().writeValueAsString(task));
        }
        return data;
    }

    private static List<String> results(String jobId) {
        return probe().records(Topics.TRAINING_RESULTS, jobId::equals).stream()
                .map(r -> r.value())
                .toList();
    }

    private static TopicProbe probe() {
        return new TopicProbe(SharedLocalStack.get().endpoints().kafka());
    }

    private static void publish(String topic, String key, String value) {
        probe().publish(topic, key, value);
    }
}
