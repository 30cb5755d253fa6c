package io.ostflow.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.affinity.domain.PairSelector;
import io.ostflow.affinity.math.GlobalSsim;
import io.ostflow.affinity.service.AffinityGraph;
import io.ostflow.affinity.service.StoredFeatures;
import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.stack.LocalStackConfig;
import io.ostflow.local.stack.StackEndpoints;
import io.ostflow.local.testing.FaultProxy;
import io.ostflow.local.upload.DropUploader;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end scenario of {@link PipelineScenario} with faults injected, on a stack of its own
 * (real KRaft broker and S3 server, the four packaged services): every service reaches the object
 * store through a {@link FaultProxy}, which is cut for a few seconds while the target's drop is
 * ingested and again while the first job trains; the scenario's trainer is also killed mid-job (its
 * Order 3). The scenario's own checks must hold as they do undisturbed, and then: nothing was
 * rejected, failed or reported unreadable, every job completed with one result (published again,
 * identical, when a job is delivered again after it finished), and every edge equals an undisturbed
 * computation of the same fingerprints in this JVM.
 */
class FaultSuiteTest extends PipelineScenario {
    private static final Duration CUT = Duration.ofSeconds(4);
    private LocalStack stack;
    private FaultProxy s3;
    private final List<String> faults = new CopyOnWriteArrayList<>();

    @Override
    void startStack() throws Exception {
        stack =
                LocalStack.start(
                        LocalStackConfig.ephemeral(Files.createTempDirectory("ostflow-faults")));
        s3 = new FaultProxy("127.0.0.1", URI.create(stack.endpoints().s3()).getPort());
    }

    @Override
    void stopStack() {
        s3.close();
        stack.close();
    }

    /** The services' view: the object store behind the proxy. */
    @Override
    StackEndpoints endpoints() {
        StackEndpoints e = stack.endpoints();
        return new StackEndpoints(
                e.kafka(),
                s3.httpEndpoint(),
                e.s3AccessKey(),
                e.s3SecretKey(),
                e.landingBucket(),
                e.featuresBucket(),
                e.modelsBucket());
    }

    /** The sites upload straight to the store: the faults are the services'. */
    @Override
    DropUploader uploader() {
        return new DropUploader(
                stack.objectStore(),
                stack.endpoints().kafka(),
                stack.endpoints().landingBucket(),
                Clock.systemUTC());
    }

    @BeforeAll
    void injectFaults() {
        Thread chaos =
                new Thread(
                        () -> {
                            cutWhen("ingest of e2et", Topics.DATASETS_RECEIVED, "e2et"::equals);
                            cutWhen("training", Topics.TRAINING_PROGRESS, k -> true);
                        },
                        "fault-injector");
        chaos.setDaemon(true);
        chaos.start();
    }

    /** Cuts the store for {@link #CUT} as soon as {@code topic} has a record whose key matches. */
    private void cutWhen(String phase, String topic, Predicate<String> key) {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (probe().records(topic, key).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return;
            }
            pause(Duration.ofMillis(100));
        }
        s3.cut();
        faults.add(phase + " at " + java.time.Instant.now());
        pause(CUT);
        s3.restore();
    }

    @Test
    @Order(10)
    void theFaultsLeftNoVerdictNoDuplicateAndNoGap() throws Exception {
        assertThat(faults).as("both cuts happened").hasSize(2);
        System.out.println("faults injected: " + faults);
        assertThat(probe().records(Topics.DATASETS_REJECTED, k -> k.startsWith("e2e"))).isEmpty();
        assertThat(probe().records(Topics.AFFINITY_EVENTS, k -> true))
                .noneMatch(r -> r.value().contains("\"reason\""));
        assertThat(probe().records(Topics.DATASETS_REGISTERED, k -> k.startsWith("e2e")))
                .as("four sites, each registered once")
                .hasSize(4);
        for (JsonNode job : api("/api/jobs")) {
            String id = job.get("id").asText();
            List<ConsumerRecord<String, String>> results =
                    probe().records(Topics.TRAINING_RESULTS, id::equals);
            assertThat(job.get("state").asText())
                    .as("%s; its results: %s; jobs: %s", id, results, api("/api/jobs"))
                    .isEqualTo("completed");
            // a job delivered again after it finished publishes its stored result again (the
            // trainer killed in Order 3 had not committed its last offsets): the same result
            assertThat(results.stream().map(ConsumerRecord::value).distinct())
                    .as("one result of " + id)
                    .hasSize(1)
                    .allMatch(v -> !v.contains("\"reason\""));
        }
        assertThat(servedEdges()).isEqualTo(undisturbedEdges());
    }

    @Test
    @Order(11)
    void aTrainerStoppedWithAJobWaitingDeadLettersNothingAndTrainsItAfterItsRestart()
            throws Exception {
        // the second job waits for the trainer's one worker while the first trains (seeds of
        // their own: stages no earlier job trained); a graceful stop (SIGTERM: ostflow down, a
        // Kubernetes rollout or scale-down) finishes the first
        String first = publishOwnTrainingJob("job-e2e-stop-first-", 11);
        String waiting = publishOwnTrainingJob("job-e2e-stop-waiting-", 13);
        await().atMost(WAIT)
                .until(() -> !probe().records(Topics.TRAINING_PROGRESS, first::equals).isEmpty());
        var trainer =
                services().stream()
                        .filter(s -> s.name().equals("trainer-worker"))
                        .findFirst()
                        .orElseThrow();
        ProcessHandle.of(trainer.pid()).ifPresent(ProcessHandle::destroy);
        await().atMost(WAIT)
                .until(() -> ProcessHandle.of(trainer.pid()).map(p -> !p.isAlive()).orElse(true));
        assertThat(probe().records(Topics.deadLetter(Topics.JOBS), k -> true))
                .as("a job the stopping trainer never started is not dead-lettered")
                .isEmpty();

        launch("trainer-worker");

        for (String id : List.of(first, waiting)) {
            await().atMost(WAIT)
                    .until(() -> !probe().records(Topics.TRAINING_RESULTS, id::equals).isEmpty());
        }
        assertThat(probe().records(Topics.TRAINING_RESULTS, waiting::equals))
                .singleElement()
                .satisfies(r -> assertThat(r.value()).doesNotContain("\"reason\""));
    }

    /** Every edge the planner serves: a|b -> h, r, weight. */
    private Map<String, List<Double>> servedEdges() {
        Map<String, List<Double>> edges = new TreeMap<>();
        for (JsonNode e : api("/api/edges")) {
            edges.put(
                    e.get("a").asText() + "|" + e.get("b").asText(),
                    List.of(
                            e.get("h").asDouble(),
                            e.get("r").asDouble(),
                            e.get("weight").isNull() ? Double.NaN : e.get("weight").asDouble()));
        }
        return edges;
    }

    /** The same tasks' edges computed here, from the stored fingerprints, with no fault. */
    private Map<String, List<Double>> undisturbedEdges() throws Exception {
        AffinityGraph graph =
                new AffinityGraph(
                        new StoredFeatures(stack.objectStore(), stack.endpoints().featuresBucket()),
                        new PairSelector(OptionalInt.empty(), 42),
                        GlobalSsim.AUTHORS,
                        EdgeWeights.AUTHORS);
        Map<String, TaskRegistered> tasks = new TreeMap<>();
        for (var r : probe().records(Topics.TASKS, k -> true)) {
            tasks.put(r.key(), Json.mapper().readValue(r.value(), TaskRegistered.class));
        }
        tasks.values().forEach(graph::add);
        Map<String, List<Double>> edges = new TreeMap<>();
        for (String task : tasks.keySet()) {
            for (AffinityEdge e : graph.edgesOf(task)) {
                edges.put(
                        e.key(),
                        List.of(e.h(), e.r(), e.weight() == null ? Double.NaN : e.weight()));
            }
        }
        return edges;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
