package io.ostflow.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.stack.StackEndpoints;
import io.ostflow.local.testing.ListeningSockets;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.upload.DropUploader;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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

    @Override
    DropUploader uploader() {
        return new DropUploader(
                stack.objectStore(),
                stack.endpoints().kafka(),
                stack.endpoints().landingBucket(),
                Clock.systemUTC());
    }
}
