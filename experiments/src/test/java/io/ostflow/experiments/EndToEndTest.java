package io.ostflow.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.Topics;
import io.ostflow.common.kafka.TraceParent;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.stack.StackEndpoints;
import io.ostflow.local.testing.ListeningSockets;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.testing.TopicProbe;
import io.ostflow.local.upload.DropUploader;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end scenario against the embedded stack (real KRaft broker, real S3 server); the
 * uploader publishes the MinIO notifications that the embedded S3 server cannot.
 */
class EndToEndTest extends PipelineScenario {
    private LocalStack stack;

    @Override
    void startStack() {
        stack = SharedLocalStack.get();
    }

    @Override
    StackEndpoints endpoints() {
        return stack.endpoints();
    }

    /**
     * What the local stack exposes: the broker, the S3 server (both in this JVM) and the four
     * packaged services listen on the loopback interface only, and the planner, packaged with its
     * production defaults, answers reads without a token with 401.
     */
    @Test
    @Order(4)
    void everyPortOfTheLocalStackIsOnLoopbackAndReadsNeedTheToken() throws Exception {
        List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid());
        services().forEach(s -> pids.add(s.pid()));
        assertThat(pids).hasSize(5);
        for (long pid : pids) {
            List<InetSocketAddress> listening = ListeningSockets.of(pid);
            assertThat(listening).as("pid %d listens", pid).isNotEmpty();
            assertThat(listening)
                    .as("pid %d listens on loopback only", pid)
                    .allMatch(a -> a.getAddress().isLoopbackAddress());
        }
        assertThat(plannerStatus("/api/tasks", null)).isEqualTo(401);
        assertThat(plannerStatus("/api/tasks", "Bearer e2e")).isEqualTo(200);
    }

    /**
     * One upload can be followed through every service: the trace context that {@code ostflow
     * upload} put on its notifications is on the target's task (ingest-worker) and on its edges
     * (affinity-worker); its plans and jobs (planner) continue the trace of an upload that caused
     * them, and every result (trainer-worker) continues the trace of its job.
     */
    @Test
    @Order(5)
    void anUploadsTraceReachesItsTaskEdgesPlanJobsAndResults() {
        TopicProbe probe = new TopicProbe(endpoints().kafka());
        String target = uploadTraces.get("e2et");
        assertThat(traceIds(probe.records(Topics.TASKS, "e2et-FLAIR-ED"::equals)))
                .isNotEmpty()
                .containsOnly(target);
        assertThat(traceIds(probe.records(Topics.EDGES, "e2ea-FLAIR-ED|e2et-FLAIR-ED"::equals)))
                .isNotEmpty()
                .containsOnly(target);
        assertThat(traceIds(probe.records(Topics.PLANS, "e2et-FLAIR-ED"::equals)))
                .isNotEmpty()
                .isSubsetOf(uploadTraces.values());

        var jobs =
                probe.records(Topics.JOBS, k -> true).stream()
                        .filter(r -> r.value().contains("\"target\":\"e2et-FLAIR-ED\""))
                        .filter(r -> !r.key().startsWith("job-e2e-resume"))
                        .toList();
        assertThat(jobs).hasSizeGreaterThanOrEqualTo(3);
        for (var job : jobs) {
            String trace = TraceParent.of(job.headers()).orElseThrow().traceId();
            assertThat(uploadTraces.values()).as(job.key()).contains(trace);
            assertThat(traceIds(probe.records(Topics.TRAINING_RESULTS, job.key()::equals)))
                    .as("results of " + job.key())
                    .containsOnly(trace);
        }
    }

    private static List<String> traceIds(List<ConsumerRecord<String, String>> records) {
        return records.stream()
                .map(r -> TraceParent.of(r.headers()).map(TraceParent::traceId).orElse("none"))
                .toList();
    }

    @Override
    DropUploader uploader() {
        return new DropUploader(
                stack.objectStore(),
                stack.endpoints().kafka(),
                stack.endpoints().landingBucket(),
                Clock.systemUTC());
    }
}
