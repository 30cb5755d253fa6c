package io.ostflow.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.local.testing.LocalStackResource;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.testing.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * With {@code ostflow.trainer.concurrency=2} one worker runs two jobs at the same time: each job
 * starts (first progress record) before the other has its result. With one at a time the second
 * would start only after the first's result, and this test fails.
 */
@QuarkusTest
@TestProfile(ConcurrentJobsTest.TwoAtATime.class)
@WithTestResource(LocalStackResource.class)
class ConcurrentJobsTest {
    private static final Duration WAIT = Duration.ofSeconds(180);

    public static final class TwoAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ostflow.trainer.concurrency", "2",
                    "ostflow.trainer.pretrain-steps", "200",
                    "ostflow.trainer.progress-interval", "100ms");
        }
    }

    @Test
    void twoJobsRunAtTheSameTime() throws Exception {
        TrainingFixtures data =
                new TrainingFixtures(SharedLocalStack.get(), Files.createTempDirectory("conc"));
        for (var task : data.tasks.values()) {
            probe().publish(
                            Topics.TASKS,
                            task.task().toString(),
                            Json.mapper().writeValueAsString(task));
        }
        List<String> ids =
                List.of("job-conc-a-" + System.nanoTime(), "job-conc-b-" + System.nanoTime());
        for (String id : ids) {
            // Two different pre-trainings (4 and 3 cases): two jobs of one stage key would not
            // run side by side but one after the other, the second reusing the first's stage.
            int cases = id.equals(ids.get(0)) ? 60 : 3;
            TrainingJob job =
                    new TrainingJob(
                            id,
                            data.target,
                            JobKind.DIRECT,
                            1,
                            List.of(
                                    new TrainingJob.Stage(StageType.PRETRAIN, data.source1, cases),
                                    new TrainingJob.Stage(StageType.EVALUATE, data.target, 0)),
                            7,
                            Instant.now());
            probe().publish(Topics.JOBS, id, Json.mapper().writeValueAsString(job));
        }

        await().atMost(WAIT)
                .until(
                        () ->
                                ids.stream()
                                        .allMatch(
                                                id ->
                                                        !records(Topics.TRAINING_RESULTS, id)
                                                                .isEmpty()));

        long startA = first(Topics.TRAINING_PROGRESS, ids.get(0));
        long startB = first(Topics.TRAINING_PROGRESS, ids.get(1));
        long endA = first(Topics.TRAINING_RESULTS, ids.get(0));
        long endB = first(Topics.TRAINING_RESULTS, ids.get(1));
        assertThat(startB).as("b started before a finished").isLessThan(endA);
        assertThat(startA).as("a started before b finished").isLessThan(endB);
    }

    private static long first(String topic, String id) {
        return records(topic, id).stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
    }

    private static List<ConsumerRecord<String, String>> records(String topic, String id) {
        return probe().records(topic, id::equals);
    }

    private static TopicProbe probe() {
        return new TopicProbe(SharedLocalStack.get().endpoints().kafka());
    }
}
