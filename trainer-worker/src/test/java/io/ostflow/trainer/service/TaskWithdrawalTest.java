package io.ostflow.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.events.TrainingFailed;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.local.testing.LocalStackResource;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.testing.TopicProbe;
import io.ostflow.trainer.listener.JobListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A site withdraws while a stage on its data is training, on the real broker: the tombstone on the
 * tasks topic stops the job at its next report, with {@code TASK_WITHDRAWN} and no result; the job
 * delivered again fails the same way without training.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(TaskWithdrawalTest.LongStages.class)
class TaskWithdrawalTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    /** A pre-training far longer than the test: only a withdrawal ends it. */
    public static final class LongStages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ostflow.trainer.pretrain-steps", "1000000");
        }
    }

    @Test
    void aWithdrawalDuringAStageStopsTheJobWithItsReasonAndNoResult() throws Exception {
        TrainingFixtures data =
                new TrainingFixtures(SharedLocalStack.get(), Files.createTempDirectory("withdraw"));
        for (var task : data.tasks.values()) {
            probe().publish(
                            Topics.TASKS,
                            task.task().toString(),
                            Json.mapper().writeValueAsString(task));
        }
        TrainingJob job = data.sequentialJob("job-withdrawn-" + System.nanoTime(), 3);
        String json = Json.mapper().writeValueAsString(job);
        probe().publish(Topics.JOBS, job.jobId(), json);
        await().atMost(WAIT)
                .until(
                        () ->
                                !probe().records(Topics.TRAINING_PROGRESS, job.jobId()::equals)
                                        .isEmpty());

        probe().publish(Topics.TASKS, data.source1, null);

        await().atMost(WAIT).until(() -> results(job).size() == 1);
        TrainingFailed failed =
                Json.mapper().readValue(results(job).get(0).value(), TrainingFailed.class);
        assertThat(failed.reason()).isEqualTo(JobListener.TASK_WITHDRAWN);
        assertThat(failed.message()).contains(data.source1);
        int progress = probe().records(Topics.TRAINING_PROGRESS, job.jobId()::equals).size();

        probe().publish(Topics.JOBS, job.jobId(), json);
        await().atMost(WAIT).until(() -> results(job).size() == 2);
        assertThat(
                        Json.mapper()
                                .readValue(results(job).get(1).value(), TrainingFailed.class)
                                .reason())
                .isEqualTo(JobListener.TASK_WITHDRAWN);
        assertThat(probe().records(Topics.TRAINING_PROGRESS, job.jobId()::equals))
                .as("delivered again, nothing trains")
                .hasSize(progress);
    }

    private static List<ConsumerRecord<String, String>> results(TrainingJob job) {
        return probe().records(Topics.TRAINING_RESULTS, job.jobId()::equals);
    }

    private static TopicProbe probe() {
        return new TopicProbe(SharedLocalStack.get().endpoints().kafka());
    }
}
