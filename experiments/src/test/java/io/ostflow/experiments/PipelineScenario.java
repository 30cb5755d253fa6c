package io.ostflow.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.Topics;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.dataset.LabelValues;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.AffinityUpdated;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.local.cli.PlannerClient;
import io.ostflow.local.services.LocalService;
import io.ostflow.local.services.ServiceLauncher;
import io.ostflow.local.stack.StackEndpoints;
import io.ostflow.local.testing.TopicProbe;
import io.ostflow.local.upload.DropUploader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.nifti.NiftiWriter;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import io.ostflow.planner.planning.PlannerSettings;
import io.ostflow.planner.planning.PlanningEngine;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The end-to-end scenario, for any Kafka and S3 server: the four services as packaged applications
 * in separate JVMs; a tiny drop of two source sites and one target site (FLAIR, oedema only)
 * becomes a plan and three finished training jobs; a third source site adds only its own edges; a
 * trainer killed in the middle of a job and started again finishes the job once. Subclasses bring
 * the stack: {@link EndToEndTest} the embedded one, {@link ContainersEndToEndTest} Kafka and MinIO
 * containers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PipelineScenario {
    static final Duration WAIT = Duration.ofMinutes(4);
    private static final Map<String, String> TINY =
            Map.ofEntries(
                    Map.entry("OSTFLOW_INGEST_GRID", "24"),
                    Map.entry("OSTFLOW_INGEST_RECONCILE_EVERY", "3s"),
                    Map.entry("OSTFLOW_TRAINER_PROFILE", "quick"),
                    Map.entry("OSTFLOW_TRAINER_PATCH_SIZE", "32,32"),
                    Map.entry("OSTFLOW_TRAINER_LEVELS", "3"),
                    Map.entry("OSTFLOW_TRAINER_BASE_CHANNELS", "8"),
                    Map.entry("OSTFLOW_TRAINER_PRETRAIN_STEPS", "5"),
                    // Long enough that the trainer can be killed while it runs stage 1.
                    Map.entry("OSTFLOW_TRAINER_FINETUNE_STEPS", "1000"),
                    Map.entry("OSTFLOW_TRAINER_REPORT_EVERY", "10"),
                    Map.entry("OSTFLOW_TRAINER_PROGRESS_INTERVAL", "0s"),
                    Map.entry("OSTFLOW_TRAINER_DEVICE", "cpu"),
                    // The restarted trainer takes the killed one's job over once its lease is
                    // stale.
                    Map.entry("OSTFLOW_TRAINER_JOB_LEASE", "5s"),
                    Map.entry("OSTFLOW_PLANNER_API_TOKEN", "e2e"));

    private Path home;
    private Path data;
    private final Map<String, Integer> ports = new HashMap<>();

    /** Starts (or finds) the broker and the object store, with topics and buckets created. */
    abstract void startStack() throws Exception;

    abstract StackEndpoints endpoints();

    /** Uploads like a site would, with the notifications its stack needs. */
    abstract DropUploader uploader();

    void stopStack() {}

    @BeforeAll
    void start() throws Exception {
        System.setProperty("ostflow.repo", Path.of("..").toAbsolutePath().normalize().toString());
        startStack();
        home = Files.createTempDirectory("ostflow-e2e");
        data = Files.createTempDirectory("ostflow-e2e-data");
        for (LocalService service : LocalService.values()) {
            ports.put(service.module(), freePort());
            launch(service.module());
        }
    }

    @AfterAll
    void stop() {
        if (home != null) {
            ServiceLauncher.stop(home);
        }
        stopStack();
    }

    @Test
    @Order(1)
    void aTinyDropBecomesThePlanTheAlgorithmGivesAndThreeFinishedJobs() throws Exception {
        upload("e2ea", Role.SOURCE, 11);
        upload("e2eb", Role.SOURCE, 12);
        upload("e2et", Role.TARGET, 13);

        await().atMost(WAIT)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> finishedJobs("e2et-FLAIR-ED") == 3);

        JsonNode plan = api("/api/plans/e2et-FLAIR-ED");
        PlanningEngine engine = new PlanningEngine(PlannerSettings.defaults(), Clock.systemUTC());
        for (JsonNode t : api("/api/tasks")) {
            engine.putTask(
                    new TaskRegistered(
                            TaskId.parse(t.get("id").asText()),
                            Role.parse(t.get("role").asText()),
                            t.get("samples").asInt(),
                            "v",
                            2,
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of()));
        }
        for (JsonNode e : api("/api/edges")) {
            engine.putEdge(
                    new AffinityEdge(
                            e.get("a").asText(),
                            e.get("b").asText(),
                            e.get("h").asDouble(),
                            e.get("r").asDouble(),
                            e.get("weight").isNull() ? null : e.get("weight").asDouble(),
                            e.get("connected").asBoolean(),
                            0,
                            "v",
                            "v",
                            1));
        }
        var expected =
                engine.replan().plans().stream()
                        .filter(p -> p.target().equals("e2et-FLAIR-ED"))
                        .findFirst()
                        .orElseThrow();
        List<String> path = new ArrayList<>();
        plan.get("path").forEach(p -> path.add(p.asText()));
        assertThat(path).isEqualTo(expected.path());
        assertThat(plan.get("cost").asDouble()).isEqualTo(expected.cost());
        for (JsonNode job : api("/api/jobs")) {
            assertThat(job.get("metrics").get("dice").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(api("/api/models").findValuesAsText("target"))
                .filteredOn("e2et-FLAIR-ED"::equals)
                .hasSize(3);
        // Every plan job segments the target's two held-out cases into the models bucket; the
        // planner serves the recommended model's.
        JsonNode recommendation = api("/api/targets/e2et-FLAIR-ED");
        assertThat(recommendation.get("jobId").isTextual())
                .as("a recommendation: %s", recommendation)
                .isTrue();
        String recommended = recommendation.get("jobId").asText();
        await().atMost(WAIT)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> hasPredictionsOf("e2et-FLAIR-ED", recommended));
        JsonNode served = api("/api/predictions/e2et-FLAIR-ED");
        assertThat(served.get("recommended").asBoolean()).isTrue();
        for (JsonNode p : served.get("predictions")) {
            assertThat(p.get("key").asText()).contains("/" + recommended + "/");
            assertThat(store().stat(endpoints().modelsBucket(), p.get("key").asText())).isPresent();
        }
    }

    private boolean hasPredictionsOf(String target, String jobId) {
        try {
            JsonNode served = api("/api/predictions/" + target);
            return served.get("jobId").asText().equals(jobId)
                    && served.get("predictions").size() == 2;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private ObjectStore store() {
        StackEndpoints e = endpoints();
        return ObjectStore.connect(e.s3(), e.s3AccessKey(), e.s3SecretKey());
    }

    @Test
    @Order(2)
    void anotherSourceSiteComputesOnlyItsOwnPairs() throws Exception {
        int before = affinityUpdates().size();
        upload("e2ec", Role.SOURCE, 14);

        await().atMost(WAIT)
                .until(
                        () ->
                                affinityUpdates().stream()
                                        .anyMatch(u -> u.task().equals("e2ec-FLAIR-ED")));
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
        List<AffinityUpdated> after = affinityUpdates().subList(before, affinityUpdates().size());
        assertThat(after).extracting(AffinityUpdated::task).containsExactly("e2ec-FLAIR-ED");
        assertThat(after.get(0).pairsComputed()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void aTrainerKilledMidJobResumesAndFinishesTheJobOnce() throws Exception {
        String id = publishOwnTrainingJob("job-e2e-resume-", 7);

        await().atMost(WAIT)
                .until(
                        () ->
                                probe().records(Topics.TRAINING_PROGRESS, id::equals).stream()
                                        .anyMatch(r -> r.value().contains("\"stage\":1")));
        var trainer =
                ServiceLauncher.readLive(home).stream()
                        .filter(s -> s.name().equals("trainer-worker"))
                        .findFirst()
                        .orElseThrow();
        long killedAt = System.currentTimeMillis();
        ProcessHandle.of(trainer.pid()).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.of(trainer.pid()).map(p -> !p.isAlive()).orElse(true));
        assertThat(probe().records(Topics.TRAINING_RESULTS, id::equals)).isEmpty();

        launch("trainer-worker");

        await().atMost(WAIT)
                .until(() -> !probe().records(Topics.TRAINING_RESULTS, id::equals).isEmpty());
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
        assertThat(probe().records(Topics.TRAINING_RESULTS, id::equals)).hasSize(1);
        assertThat(
                        probe().records(Topics.TRAINING_PROGRESS, id::equals).stream()
                                .filter(r -> r.value().contains("\"stage\":0"))
                                .filter(r -> r.timestamp() > killedAt))
                .as("stage 0 is not trained again after the restart")
                .isEmpty();
    }

    /**
     * A copy of the plan's sequential job that trains stages of its own: it pre-trains on 2 of the
     * representative's 3 cases (the plan's own stages are trained and shared already, and a job
     * meant to be interrupted must train; another {@code seed} trains other stages than an earlier
     * call's). Published on the jobs topic; its id.
     */
    String publishOwnTrainingJob(String idPrefix, long seed) throws Exception {
        JsonNode sequential = null;
        for (JsonNode job : api("/api/jobs")) {
            if (job.get("kind").asText().equals("sequential")) {
                sequential = job;
            }
        }
        List<TrainingJob.Stage> stages = new ArrayList<>();
        sequential
                .get("stages")
                .forEach(
                        s ->
                                stages.add(
                                        new TrainingJob.Stage(
                                                StageType.fromWire(s.get("type").asText()),
                                                s.get("task").asText(),
                                                s.get("cases").asInt())));
        TrainingJob.Stage first = stages.get(0);
        stages.set(0, new TrainingJob.Stage(first.type(), first.task(), 2));
        String id = idPrefix + System.nanoTime();
        publish(
                Topics.JOBS,
                id,
                Json.mapper()
                        .writeValueAsString(
                                new TrainingJob(
                                        id,
                                        "e2et-FLAIR-ED",
                                        JobKind.SEQUENTIAL,
                                        99,
                                        stages,
                                        seed,
                                        Instant.now())));
        return id;
    }

    // --- helpers ------------------------------------------------------------------------------

    /** The trace id each site's upload put on its notifications, by site. */
    final Map<String, String> uploadTraces = new ConcurrentHashMap<>();

    /** The running services of the scenario. */
    List<ServiceLauncher.Service> services() {
        return ServiceLauncher.readLive(home);
    }

    /** A GET of the planner's API with {@code authorization} (null: none); its status code. */
    int plannerStatus(String path, String authorization) throws Exception {
        return plannerGet(path, authorization).statusCode();
    }

    /** The body of a GET of the planner (e.g. its metrics), with the scenario's token. */
    String plannerText(String path) throws Exception {
        return plannerGet(path, "Bearer " + TINY.get("OSTFLOW_PLANNER_API_TOKEN")).body();
    }

    private HttpResponse<String> plannerGet(String path, String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports.get("planner") + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A service's settings: tiny models, quick training, short leases; and a trainer killed here
     * leaves its consumer group after 10 s instead of Kafka's 45 s, so that the trainer started in
     * its place is given the jobs sooner (a property of the channel, hence a JVM option).
     */
    Map<String, String> environment(String service) {
        if (!service.equals("trainer-worker")) {
            return TINY;
        }
        Map<String, String> env = new HashMap<>(TINY);
        env.put("JAVA_TOOL_OPTIONS", "-Dmp.messaging.incoming.jobs.session.timeout.ms=10000");
        return env;
    }

    void launch(String service) {
        List<ServiceLauncher.Service> running = new ArrayList<>(ServiceLauncher.readLive(home));
        ServiceLauncher.Service started =
                ServiceLauncher.start(
                        home,
                        LocalService.of(service),
                        ports.get(service),
                        endpoints(),
                        environment(service));
        running.removeIf(s -> s.name().equals(service));
        running.add(started);
        write(running);
        ServiceLauncher.awaitReady(home, started);
    }

    private void write(List<ServiceLauncher.Service> services) {
        try {
            Json.mapper().writeValue(home.resolve("services.json").toFile(), services);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A one-task drop: only the FLAIR channel and the oedema label of a generated site. */
    private void upload(String site, Role role, long seed) throws Exception {
        PhantomSpec spec =
                role == Role.SOURCE
                        ? new PhantomSpec(1, 0, 3, 1, 0, new int[] {24, 24, 16}, seed)
                        : new PhantomSpec(0, 1, 1, 3, 2, new int[] {24, 24, 16}, seed);
        Path folder = new PhantomGenerator(spec).writeAll(data.resolve(site)).get(0);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            if (file.getFileName().toString().matches(".*_000[012]\\.nii\\.gz")) {
                Files.delete(file);
            }
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith("_0003.nii.gz")) {
                Files.move(file, file.resolveSibling(name.replace("_0003", "_0000")));
            } else if (file.getParent().getFileName().toString().startsWith("labels")) {
                NiftiImage labels = new NiftiReader().read(file);
                for (int i = 0; i < labels.voxels().size(); i++) {
                    labels.voxels().set(i, labels.voxels().get(i) == 2 ? 2 : 0);
                }
                NiftiWriter.write(labels, file);
            }
        }
        DatasetDescriptor d =
                Json.mapper()
                        .readValue(
                                folder.resolve("dataset.json").toFile(), DatasetDescriptor.class);
        DatasetDescriptor reduced =
                new DatasetDescriptor(
                        d.name(),
                        Map.of("0", "FLAIR"),
                        Map.of("background", LabelValues.of(0), "ED", LabelValues.of(2)),
                        d.numTraining(),
                        d.fileEnding(),
                        new DatasetDescriptor.Ostflow(site, role, d.ostflow().numTest()));
        Json.mapper().writeValue(folder.resolve("dataset.json").toFile(), reduced);
        try (DropUploader uploader = uploader()) {
            uploadTraces.put(site, uploader.upload(folder, site, role, line -> {}).traceId());
        }
    }

    private int finishedJobs(String target) throws Exception {
        int done = 0;
        for (JsonNode job : api("/api/jobs")) {
            if (job.get("target").asText().equals(target)
                    && job.get("state").asText().equals("completed")) {
                done++;
            }
        }
        return done;
    }

    private List<AffinityUpdated> affinityUpdates() {
        return probe().records(Topics.AFFINITY_EVENTS, k -> k.startsWith("e2e")).stream()
                .filter(r -> r.value().contains("pairsComputed"))
                .map(r -> parse(r.value()))
                .toList();
    }

    private static AffinityUpdated parse(String json) {
        try {
            return Json.mapper().readValue(json, AffinityUpdated.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode api(String path) {
        return new PlannerClient(
                        "http://127.0.0.1:" + ports.get("planner"),
                        Optional.of(TINY.get("OSTFLOW_PLANNER_API_TOKEN")))
                .get(path);
    }

    TopicProbe probe() {
        return new TopicProbe(endpoints().kafka());
    }

    private void publish(String topic, String key, String value) {
        probe().publish(topic, key, value);
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
