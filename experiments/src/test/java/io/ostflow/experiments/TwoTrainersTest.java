package io.ostflow.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.Topics;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.local.services.LocalService;
import io.ostflow.local.services.ServiceLauncher;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.stack.Provisioning;
import io.ostflow.local.testing.PhantomTasks;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.testing.TopicProbe;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two packaged trainer-workers in one consumer group on the real broker, the second started while
 * the first is training: the rebalance hands jobs the first has taken (one of them running) to the
 * second as well. Jobs that share their pre-training train it once, jobs that share a fine-tuning
 * too, and every job completes exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoTrainersTest {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final int[] SHAPE = {32, 32, 24};
    private static final Map<String, String> SMALL =
            Map.ofEntries(
                    Map.entry("OSTFLOW_TRAINER_PROFILE", "quick"),
                    Map.entry("OSTFLOW_TRAINER_PATCH_SIZE", "32,32"),
                    Map.entry("OSTFLOW_TRAINER_LEVELS", "3"),
                    Map.entry("OSTFLOW_TRAINER_BASE_CHANNELS", "8"),
                    // The shared pre-training runs while the second trainer starts and joins.
                    Map.entry("OSTFLOW_TRAINER_PRETRAIN_STEPS", "1500"),
                    Map.entry("OSTFLOW_TRAINER_FINETUNE_STEPS", "150"),
                    // the fine-tunings here are on the target: short, and on exactly their 1, 2
                    // or 3 cases (no validation case carved out), so that they differ
                    Map.entry("OSTFLOW_TRAINER_TARGET_STEPS", "150"),
                    Map.entry("OSTFLOW_TRAINER_TARGET_VALIDATION_CASES", "0"),
                    Map.entry("OSTFLOW_TRAINER_REPORT_EVERY", "50"),
                    Map.entry("OSTFLOW_TRAINER_PROGRESS_INTERVAL", "0s"),
                    Map.entry("OSTFLOW_TRAINER_DEVICE", "cpu"),
                    Map.entry("OSTFLOW_TRAINER_PREDICT", "false"),
                    Map.entry("OSTFLOW_TRAINER_JOB_LEASE", "6s"));

    private LocalStack stack;
    private Path home;
    private String source;
    private String target;
    private final List<ServiceLauncher.Service> trainers = new ArrayList<>();

    @BeforeAll
    void registerTasksAndStartTheFirstTrainer() throws Exception {
        System.setProperty("ostflow.repo", Path.of("..").toAbsolutePath().normalize().toString());
        stack = SharedLocalStack.get();
        home = Files.createTempDirectory("ostflow-two-trainers");
        Path data = Files.createTempDirectory("ostflow-two-trainers-data");
        String prefix = "two" + ProcessHandle.current().pid();
        source =
                publish(
                        PhantomTasks.register(
                                stack, data.resolve("s"), prefix + "s", Role.SOURCE, 21, SHAPE));
        target =
                publish(
                        PhantomTasks.register(
                                stack, data.resolve("t"), prefix + "t", Role.TARGET, 22, SHAPE));
        launch("trainer-worker-a");
    }

    @AfterAll
    void stopTrainers() {
        for (ServiceLauncher.Service t : trainers) {
            ProcessHandle.of(t.pid()).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void overlappingJobsOnTwoTrainersTrainEachStageOnceAndCompleteOnce() throws Exception {
        // One job on each of the topic's partitions, so that whatever the second trainer is
        // assigned holds jobs the first has taken; fine-tunings on 1, 2, 3 and again 1 case.
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < Provisioning.JOB_PARTITIONS; p++) {
            ids.add(idOnPartition(p));
        }
        for (int i = 0; i < ids.size(); i++) {
            probe().publish(
                            Topics.JOBS,
                            ids.get(i),
                            Json.mapper().writeValueAsString(job(ids.get(i), i % 3 + 1)));
        }
        await().atMost(WAIT)
                .until(() -> !probe().records(Topics.TRAINING_PROGRESS, ids::contains).isEmpty());
        launch("trainer-worker-b");

        await().atMost(WAIT).until(() -> completed(ids).keySet().containsAll(ids));
        // longer than a lease: a copy still waiting would have taken over and completed by now
        Thread.sleep(15_000);

        Map<String, List<TrainingCompleted>> results = completed(ids);
        for (String id : ids) {
            // a record the other trainer is handed again after the job finished re-publishes the
            // stored result (at least once, docs/trainer.md): copies, never a second training
            assertThat(results.get(id)).as("results of %s", id).isNotEmpty();
            assertThat(results.get(id))
                    .as("every result of %s is the stored one", id)
                    .allSatisfy(r -> assertThat(r).isEqualTo(results.get(id).get(0)));
        }
        List<TrainingCompleted> all = results.values().stream().map(l -> l.get(0)).toList();
        assertThat(all.stream().filter(r -> !r.reusedStages().contains(0)))
                .as("jobs that trained the shared pre-training")
                .hasSize(1);
        Map<Integer, Long> fineTunings =
                ids.stream()
                        .filter(id -> !results.get(id).get(0).reusedStages().contains(1))
                        .collect(
                                Collectors.groupingBy(
                                        id -> ids.indexOf(id) % 3 + 1, Collectors.counting()));
        assertThat(fineTunings)
                .as("trainings of each fine-tuning, by its number of cases")
                .isEqualTo(Map.of(1, 1L, 2, 1L, 3, 1L));
        assertThat(all).extracting(TrainingCompleted::worker).doesNotContainNull();
        String secondLog =
                Files.readString(
                        ServiceLauncher.log(home, "trainer-worker-b"), StandardCharsets.UTF_8);
        assertThat(ids.stream().filter(secondLog::contains))
                .as("jobs the second trainer was handed")
                .isNotEmpty();
    }

    private TrainingJob job(String id, int fineTuneCases) {
        return new TrainingJob(
                id,
                target,
                JobKind.SEQUENTIAL,
                1,
                List.of(
                        new TrainingJob.Stage(
                                StageType.PRETRAIN, source, PhantomTasks.SOURCE_CASES),
                        new TrainingJob.Stage(StageType.FINETUNE, target, fineTuneCases),
                        new TrainingJob.Stage(StageType.EVALUATE, target, 0)),
                9,
                Instant.now());
    }

    /** Completed results by job id (failures left out). */
    private Map<String, List<TrainingCompleted>> completed(List<String> ids) {
        return probe().records(Topics.TRAINING_RESULTS, ids::contains).stream()
                .filter(r -> r.value().contains("\"dice\""))
                .map(r -> Json.readRecord(r.key(), r.value(), TrainingCompleted.class))
                .collect(Collectors.groupingBy(TrainingCompleted::jobId));
    }

    /** A fresh job id that the default partitioner puts on {@code partition} of the job topic. */
    private static String idOnPartition(int partition) {
        for (long n = 0; ; n++) {
            String id = "job-two-" + System.nanoTime() + "-" + n;
            byte[] key = id.getBytes(StandardCharsets.UTF_8);
            if (Utils.toPositive(Utils.murmur2(key)) % Provisioning.JOB_PARTITIONS == partition) {
                return id;
            }
        }
    }

    private String publish(TaskRegistered task) throws Exception {
        probe().publish(
                        Topics.TASKS,
                        task.task().toString(),
                        Json.mapper().writeValueAsString(task));
        return task.task().toString();
    }

    private void launch(String name) throws Exception {
        ServiceLauncher.Service started =
                ServiceLauncher.start(
                        home,
                        LocalService.TRAINER_WORKER,
                        name,
                        freePort(),
                        stack.endpoints(),
                        SMALL);
        trainers.add(started);
        ServiceLauncher.awaitReady(home, started);
    }

    private TopicProbe probe() {
        return new TopicProbe(stack.endpoints().kafka());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
