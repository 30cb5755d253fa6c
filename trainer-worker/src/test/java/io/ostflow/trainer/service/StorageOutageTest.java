package io.ostflow.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.local.testing.FaultProxy;
import io.ostflow.local.testing.LocalStackResource;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The trainer's storage-outage path against the real broker: a job whose object store stays
 * unreachable past {@code storage-attempts} is dead-lettered on {@code ostflow.jobs.dlq} with the
 * reason, publishes no failure (an outage is not a verdict), and trains once it is replayed after
 * the store is back. The trainer reaches the store through a {@link FaultProxy}.
 */
@QuarkusTest
@WithTestResource(StorageOutageTest.ProxiedStore.class)
@TestProfile(StorageOutageTest.ShortRetries.class)
class StorageOutageTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    /** The shared stack, its object store behind a proxy that the test cuts. */
    public static final class ProxiedStore implements QuarkusTestResourceLifecycleManager {
        static volatile FaultProxy proxy;

        @Override
        public Map<String, String> start() {
            var endpoints = SharedLocalStack.get().endpoints();
            proxy = new FaultProxy("127.0.0.1", URI.create(endpoints.s3()).getPort());
            Map<String, String> config = new HashMap<>(LocalStackResource.configFor(endpoints));
            config.put("ostflow.s3.endpoint", proxy.httpEndpoint());
            return config;
        }

        @Override
        public void stop() {
            proxy.close();
        }
    }

    public static final class ShortRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ostflow.trainer.storage-attempts", "2",
                    "ostflow.trainer.storage-backoff", "500ms");
        }
    }

    @Test
    void aJobTheStoreCannotServeIsDeadLetteredWithItsReasonAndTrainsWhenReplayed()
            throws Exception {
        TrainingFixtures data =
                new TrainingFixtures(
                        SharedLocalStack.get(), Files.createTempDirectory("trainer-outage"));
        for (var task : data.tasks.values()) {
            probe().publish(
                            Topics.TASKS,
                            task.task().toString(),
                            Json.mapper().writeValueAsString(task));
        }
        TrainingJob job = data.scratchJob("job-outage-" + System.nanoTime());
        String value = Json.mapper().writeValueAsString(job);

        ProxiedStore.proxy.cut();
        try {
            probe().publish(Topics.JOBS, job.jobId(), value);
            await().atMost(WAIT).until(() -> !dead(job).isEmpty());
        } finally {
            ProxiedStore.proxy.restore();
        }

        String reason =
                new String(
                        dead(job).get(0).headers().lastHeader("dead-letter-reason").value(),
                        StandardCharsets.UTF_8);
        assertThat(reason).as("the outage, named").containsIgnoringCase("store");
        assertThat(probe().records(Topics.TRAINING_RESULTS, job.jobId()::equals))
                .as("an outage is not a verdict: no TrainingFailed")
                .isEmpty();

        probe().publish(Topics.JOBS, job.jobId(), dead(job).get(0).value()); // ostflow replay
        await().atMost(WAIT)
                .until(
                        () ->
                                !probe().records(Topics.TRAINING_RESULTS, job.jobId()::equals)
                                        .isEmpty());
        String result =
                probe().records(Topics.TRAINING_RESULTS, job.jobId()::equals).get(0).value();
        assertThat(Json.mapper().readValue(result, TrainingCompleted.class).kind())
                .isEqualTo(JobKind.SCRATCH);
    }

    private static List<ConsumerRecord<String, String>> dead(TrainingJob job) {
        return probe().records(Topics.deadLetter(Topics.JOBS), job.jobId()::equals);
    }

    private static TopicProbe probe() {
        return new TopicProbe(SharedLocalStack.get().endpoints().kafka());
    }
}
