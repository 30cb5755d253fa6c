package io.ostflow.ingest;

import static io.ostflow.ingest.IngestFixtures.drop;
import static io.ostflow.ingest.IngestFixtures.received;
import static io.ostflow.ingest.IngestFixtures.registered;
import static io.ostflow.ingest.IngestFixtures.rejected;
import static io.ostflow.ingest.IngestFixtures.stack;
import static io.ostflow.ingest.IngestFixtures.tasks;
import static io.ostflow.ingest.IngestFixtures.uniqueSite;
import static io.ostflow.ingest.IngestFixtures.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.Topics;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.features.FeatureCodec;
import io.ostflow.common.features.ImageFeature;
import io.ostflow.common.features.LabelFeature;
import io.ostflow.common.fingerprint.StageTimes;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.local.testing.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest-worker against the real broker and the real S3 server: the paths that register. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class IngestWorkerTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void isLiveAndReady() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aThreeSiteDropBecomesTheRightTasksWithTheRightSampleSizes(@TempDir Path dir) {
        String a = uniqueSite("src");
        String b = uniqueSite("src");
        String t = uniqueSite("tgt");
        upload(drop(dir.resolve("a"), Role.SOURCE, 3, 1), a);
        upload(drop(dir.resolve("b"), Role.SOURCE, 2, 2), b);
        upload(drop(dir.resolve("t"), Role.TARGET, 2, 3), t);

        await().atMost(WAIT)
                .until(
                        () ->
                                registered(a).size() + registered(b).size() + registered(t).size()
                                        == 3);

        assertTasks(a, Role.SOURCE, 3, 0);
        assertTasks(b, Role.SOURCE, 2, 0);
        assertTasks(t, Role.TARGET, 2, 1);
        DatasetRegistered summary = registered(t).get(0);
        assertThat(summary.tasks()).hasSize(12).isSorted();
        assertThat(summary.heldOutCases()).isEqualTo(1);
        assertThat(rejected(a)).isEmpty();
        // The drop was announced as pending (at least once) before it was decided.
        assertThat(received(t))
                .isNotEmpty()
                .allSatisfy(
                        r -> {
                            assertThat(r.datasetVersion()).isEqualTo(summary.datasetVersion());
                            assertThat(r.cases()).isEqualTo(2);
                            assertThat(r.receivedAt()).isBeforeOrEqualTo(summary.registeredAt());
                        });
    }

    @Test
    void eventsAreBinaryCloudEventsKeyedByTaskId(@TempDir Path dir) {
        String site = uniqueSite("ce");
        upload(drop(dir, Role.SOURCE, 1, 4), site);
        await().atMost(WAIT).until(() -> registered(site).size() == 1);

        ConsumerRecord<String, String> record =
                IngestFixtures.records(Topics.TASKS, k -> k.equals(site + "-T1ce-ET")).get(0);
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_type")).isEqualTo("io.ostflow.task.registered");
        assertThat(header(record, "ce_source")).isEqualTo("urn:ostflow:ingest-worker");
        assertThat(header(record, "ce_id")).isNotBlank();
    }

    @Test
    void fingerprintsAreStoredOncePerVolumeAndDecode(@TempDir Path dir) {
        String site = uniqueSite("fp");
        upload(drop(dir, Role.SOURCE, 2, 5), site);
        await().atMost(WAIT).until(() -> registered(site).size() == 1);
        String version = registered(site).get(0).datasetVersion();

        var store = stack().objectStore();
        List<String> keys =
                store.list(ObjectKeys.FEATURES_BUCKET, site + "/" + version + "/").stream()
                        .map(o -> o.key())
                        .filter(k -> k.endsWith(".feat"))
                        .toList();
        // 2 cases x (4 channels + 3 objectives): per volume, not per task (24 tasks x 2 cases).
        assertThat(keys).hasSize(14);
        ImageFeature image =
                FeatureCodec.decodeImage(
                        store.get(
                                ObjectKeys.FEATURES_BUCKET,
                                ObjectKeys.imageFeature(site, version, "FLAIR", "case002")));
        assertThat(image.grid()).isEqualTo(24);
        assertThat(image.sortedScores()).hasSize(24 * 24 * image.components()).isSorted();
        assertThat(image.boundingBox()[3]).isLessThanOrEqualTo(16);
        LabelFeature label =
                FeatureCodec.decodeLabel(
                        store.get(
                                ObjectKeys.FEATURES_BUCKET,
                                ObjectKeys.labelFeature(site, version, "ED", "case001")));
        assertThat(label.labelValues()).containsExactly(2);
        assertThat(label.resizedMask()).hasSize(24 * 24 * 24);
        assertThat(label.mean()).isBetween(0.0, 1.0);
    }

    @Test
    void casesRunOnTheSizedPoolAndEveryStageIsTimed(@TempDir Path dir) {
        String site = uniqueSite("stages");
        upload(drop(dir, Role.SOURCE, 3, 5), site);
        await().atMost(WAIT).until(() -> registered(site).size() == 1);

        int parallelism =
                ConfigProvider.getConfig().getValue("ostflow.ingest.parallelism", Integer.class);
        int expected = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
        List<String> pool =
                Thread.getAllStackTraces().keySet().stream()
                        .map(Thread::getName)
                        .filter(n -> n.startsWith("fingerprint-"))
                        .toList();
        assertThat(pool).isNotEmpty().hasSizeLessThanOrEqualTo(expected);
        String metrics =
                given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (StageTimes.Stage stage : StageTimes.Stage.values()) {
            String name = stage.name().toLowerCase(Locale.ROOT);
            assertThat(sample(metrics, "ostflow_ingest_stage_cpu_seconds_total", name))
                    .as("cpu of stage %s", name)
                    .isPositive();
            assertThat(sample(metrics, "ostflow_ingest_stage_wall_seconds_total", name))
                    .as("wall of stage %s", name)
                    .isPositive();
        }
    }

    private static double sample(String metrics, String name, String stage) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("stage=\"" + stage + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void duplicateNotificationsRegisterOnce(@TempDir Path dir) {
        String site = uniqueSite("dup");
        Path folder = drop(dir, Role.SOURCE, 1, 6);
        upload(folder, site);
        await().atMost(WAIT).until(() -> registered(site).size() == 1);
        ConsumerRecord<String, String> last =
                IngestFixtures.records(
                                Topics.STORAGE_EVENTS,
                                k ->
                                        k.equals(
                                                ObjectKeys.LANDING_BUCKET
                                                        + "/"
                                                        + site
                                                        + "/dataset.json"))
                        .get(0);

        IngestFixtures.publishRaw(last.key(), last.value());
        IngestFixtures.publishRaw(last.key(), last.value());
        upload(folder, site); // the very same drop again: same version

        await().during(Duration.ofSeconds(5))
                .atMost(WAIT)
                .until(() -> registered(site).size() == 1);
        assertThat(tasks(site)).hasSize(12);
    }

    @Test
    void aDropWhoseNotificationsWereLostIsFoundByReconciliation(@TempDir Path dir)
            throws Exception {
        String site = uniqueSite("lost");
        Path folder = drop(dir, Role.SOURCE, 1, 7);
        var store = stack().objectStore();
        try (var files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String key = site + "/" + folder.relativize(file);
                byte[] bytes = Files.readAllBytes(file);
                if (key.endsWith("dataset.json")) {
                    bytes =
                            new String(bytes, StandardCharsets.UTF_8)
                                    .replace("\"site\" : \"01\"", "\"site\" : \"" + site + "\"")
                                    .getBytes(StandardCharsets.UTF_8);
                }
                store.put(ObjectKeys.LANDING_BUCKET, key, bytes, "application/octet-stream");
            }
        }

        await().atMost(WAIT).until(() -> registered(site).size() == 1);
        await().during(Duration.ofSeconds(4))
                .atMost(WAIT)
                .until(() -> registered(site).size() == 1);
        assertThat(IngestFixtures.records(Topics.STORAGE_EVENTS, k -> k.contains("/" + site + "/")))
                .isEmpty();
    }

    private static void assertTasks(String site, Role role, int samples, int evaluation) {
        List<TaskRegistered> tasks = tasks(site);
        assertThat(tasks).hasSize(12);
        assertThat(tasks)
                .extracting(TaskRegistered::task)
                .extracting(TaskId::toString)
                .contains(site + "-T1-NCR", site + "-T1ce-ET", site + "-T2-ED", site + "-FLAIR-ED");
        assertThat(tasks)
                .allSatisfy(
                        task -> {
                            assertThat(task.role()).isEqualTo(role);
                            assertThat(task.samples()).isEqualTo(samples);
                            assertThat(task.cases()).hasSize(samples);
                            assertThat(task.evaluationCases()).hasSize(evaluation);
                            assertThat(task.imageFeatureKeys()).hasSize(samples);
                            assertThat(task.labelFeatureKeys()).hasSize(samples);
                        });
        TaskRegistered ncr =
                tasks.stream()
                        .filter(x -> x.task().objective().equals("NCR"))
                        .findFirst()
                        .orElseThrow();
        assertThat(ncr.labelValues()).containsExactly(1);
        // every landing object the task is read from is pinned to the ETag it was validated with
        var landing = stack().objectStore().list(ObjectKeys.LANDING_BUCKET, site + "/");
        String descriptor = ObjectKeys.datasetJson(site);
        String label = ObjectKeys.label(site, false, ncr.cases().get(0), ".nii.gz");
        assertThat(ncr.landingEtags())
                .hasSize(1 + 2 * (samples + evaluation))
                .containsKeys(descriptor, label)
                .allSatisfy(
                        (key, etag) ->
                                assertThat(landing)
                                        .filteredOn(o -> o.key().equals(key))
                                        .singleElement()
                                        .extracting(o -> o.etag())
                                        .isEqualTo(etag));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
