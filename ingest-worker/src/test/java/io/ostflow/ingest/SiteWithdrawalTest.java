package io.ostflow.ingest;

import static io.ostflow.ingest.IngestFixtures.drop;
import static io.ostflow.ingest.IngestFixtures.records;
import static io.ostflow.ingest.IngestFixtures.registered;
import static io.ostflow.ingest.IngestFixtures.uniqueSite;
import static io.ostflow.ingest.IngestFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.Topics;
import io.ostflow.common.events.DatasetWithdrawn;
import io.ostflow.common.events.SiteChanged;
import io.ostflow.common.storage.MinioNotification;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.ingest.service.Reconciler;
import io.ostflow.local.testing.LocalStackResource;
import io.ostflow.local.testing.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site takes its data back, on the real broker and S3 server: by removing its {@code
 * dataset.json}, or by an operator's request. Its tasks get tombstones, one {@code
 * DatasetWithdrawn} says what went, the features derived from its images are deleted and its
 * landing files are not; it comes back only when it writes its descriptor again.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(RemovalNotificationTest.NoReconciliation.class)
class SiteWithdrawalTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir Path dir;

    @Inject Reconciler reconciler;

    @Test
    void aSiteThatRemovesItsDescriptorIsWithdrawnAndComesBackWhenItWritesItAgain() {
        String site = uniqueSite("gone");
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 2, 31);
        upload(folder, site);
        await().atMost(WAIT).until(() -> registered(site).size() == 1);
        List<String> taskIds =
                registered(site).get(0).tasks().stream().map(Object::toString).toList();
        assertThat(features(site)).isNotEmpty();

        String descriptor = ObjectKeys.datasetJson(site);
        store().delete(IngestFixtures.landing(), descriptor);
        publishStorageEvent(
                MinioNotification.objectRemoved(
                        IngestFixtures.landing(), descriptor, "00B1", Instant.now()));

        DatasetWithdrawn withdrawn = awaitWithdrawal(site);
        assertThat(withdrawn.cause()).isEqualTo(DatasetWithdrawn.Cause.DESCRIPTOR_REMOVED);
        assertThat(withdrawn.tasks()).containsExactlyElementsOf(taskIds);
        assertThat(withdrawn.datasetVersions())
                .containsExactly(registered(site).get(0).datasetVersion());
        assertRetired(site, taskIds);
        assertThat(store().list(IngestFixtures.landing(), site + "/imagesTr/"))
                .as("the site's own files are not the ingest's to delete")
                .isNotEmpty();

        upload(folder, site);
        await().atMost(WAIT).until(() -> registered(site).size() == 2);
        assertThat(latestTasks(site).values()).doesNotContainNull().hasSize(taskIds.size());
        assertThat(features(site)).noneMatch(k -> k.endsWith("_withdrawn.json")).isNotEmpty();
    }

    @Test
    void aSyncThatRemovesTheDescriptorWhileItChangesFilesWithdrawsNothing() throws IOException {
        String site = uniqueSite("syncs");
        Path folder = drop(dir.resolve("s"), Role.SOURCE, 2, 34);
        upload(folder, site);
        await().atMost(WAIT).until(() -> registered(site).size() == 1);

        java.nio.file.Files.delete(folder.resolve("labelsTr/case002.nii.gz"));
        for (int c = 0; c < 4; c++) {
            java.nio.file.Files.delete(
                    folder.resolve(String.format("imagesTr/case002_%04d.nii.gz", c)));
        }
        IngestFixtures.upload(folder, site, true);

        await().atMost(WAIT)
                .until(() -> registered(site).size() + IngestFixtures.rejected(site).size() == 2);
        assertThat(withdrawals(site)).as("back within the grace period: not withdrawn").isEmpty();
        assertThat(latestTasks(site).values()).doesNotContainNull();
    }

    @Test
    void anOperatorWithdrawalHoldsUntilTheSiteWritesItsDescriptorAgain() {
        String site = uniqueSite("op");
        Path folder = drop(dir.resolve("o"), Role.TARGET, 2, 32);
        upload(folder, site);
        await().atMost(WAIT).until(() -> registered(site).size() == 1);
        List<String> taskIds =
                registered(site).get(0).tasks().stream().map(Object::toString).toList();

        publishSiteChange(site, SiteChanged.Cause.WITHDRAWAL_REQUESTED);
        DatasetWithdrawn withdrawn = awaitWithdrawal(site);
        assertThat(withdrawn.cause()).isEqualTo(DatasetWithdrawn.Cause.OPERATOR_REQUEST);
        assertRetired(site, taskIds);

        // its descriptor is still in the landing bucket: a listing must not bring it back
        assertThat(reconciler.reconcileNow()).doesNotContain(site);
        publishSiteChange(site, SiteChanged.Cause.RECONCILIATION);
        publishSiteChange(site, SiteChanged.Cause.WITHDRAWAL_REQUESTED);
        String later = uniqueSite("afterop");
        upload(drop(dir.resolve("later"), Role.SOURCE, 1, 33), later);
        await().atMost(WAIT).until(() -> registered(later).size() == 1);
        assertThat(registered(site)).hasSize(1);
        assertThat(withdrawals(site)).as("a repeated request is idempotent").hasSize(1);
        assertRetired(site, taskIds);

        upload(folder, site);
        await().atMost(WAIT).until(() -> registered(site).size() == 2);
        assertThat(latestTasks(site).values()).doesNotContainNull().hasSize(taskIds.size());
    }

    private static DatasetWithdrawn awaitWithdrawal(String site) {
        await().atMost(WAIT).until(() -> withdrawals(site).size() == 1);
        return withdrawals(site).get(0);
    }

    private static void assertRetired(String site, List<String> taskIds) {
        Map<String, String> latest = latestTasks(site);
        assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(taskIds);
        assertThat(latest.values()).as("a tombstone per task").containsOnlyNulls();
        assertThat(features(site))
                .as("nothing derived from its images is left, only the withdrawal itself")
                .containsExactly(site + "/_withdrawn.json");
    }

    private static List<DatasetWithdrawn> withdrawals(String site) {
        return records(Topics.DATASETS_WITHDRAWN, site::equals).stream()
                .map(r -> parse(r.value()))
                .toList();
    }

    @Test
    void aNewVersionWithoutAModalityRetiresThatModalitysTasksAndKeepsTheOthers() throws Exception {
        String site = uniqueSite("fewer");
        Path folder = drop(dir.resolve("f"), Role.SOURCE, 2, 41);
        upload(folder, site);
        await().atMost(WAIT).until(() -> registered(site).size() == 1);
        List<String> before =
                registered(site).get(0).tasks().stream().map(Object::toString).toList();

        // the site stops sharing FLAIR (channel 3): its images and its channel go
        try (var files = java.nio.file.Files.list(folder.resolve("imagesTr"))) {
            for (Path image : files.filter(f -> f.toString().endsWith("_0003.nii.gz")).toList()) {
                java.nio.file.Files.delete(image);
            }
        }
        var descriptor =
                (com.fasterxml.jackson.databind.node.ObjectNode)
                        Json.mapper().readTree(folder.resolve("dataset.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) descriptor.get("channel_names"))
                .remove("3");
        Json.mapper().writeValue(folder.resolve("dataset.json").toFile(), descriptor);
        upload(folder, site, true);

        await().atMost(WAIT).until(() -> registered(site).size() == 2);
        List<String> after =
                registered(site).get(1).tasks().stream().map(Object::toString).toList();
        List<String> dropped = before.stream().filter(t -> t.contains("-FLAIR-")).toList();
        assertThat(dropped).isNotEmpty();
        assertThat(after)
                .doesNotContainAnyElementsOf(dropped)
                .hasSize(before.size() - dropped.size());
        await().atMost(WAIT)
                .untilAsserted(
                        () -> {
                            Map<String, String> latest = latestTasks(site);
                            dropped.forEach(t -> assertThat(latest.get(t)).as(t).isNull());
                            after.forEach(t -> assertThat(latest.get(t)).as(t).isNotNull());
                        });
        assertThat(withdrawals(site)).as("a smaller drop is not a withdrawal").isEmpty();
    }

    /** The latest value of each of the site's task ids (null for a tombstone). */
    private static Map<String, String> latestTasks(String site) {
        Map<String, String> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r :
                records(Topics.TASKS, k -> k.startsWith(site + "-"))) {
            latest.put(r.key(), r.value());
        }
        return latest;
    }

    private static List<String> features(String site) {
        return store().list(ObjectKeys.FEATURES_BUCKET, site + "/").stream()
                .map(ObjectStore.StoredObject::key)
                .toList();
    }

    private static ObjectStore store() {
        return IngestFixtures.stack().objectStore();
    }

    private static void publishSiteChange(String site, SiteChanged.Cause cause) {
        try {
            new TopicProbe(IngestFixtures.stack().endpoints().kafka())
                    .publish(
                            Topics.SITE_CHANGES,
                            site,
                            Json.mapper()
                                    .writeValueAsString(
                                            new SiteChanged(
                                                    site,
                                                    ObjectKeys.datasetJson(site),
                                                    cause,
                                                    Instant.now())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void publishStorageEvent(MinioNotification notification) {
        try {
            IngestFixtures.publishRaw(
                    notification.key(), Json.mapper().writeValueAsString(notification));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DatasetWithdrawn parse(String json) {
        try {
            return Json.mapper().readValue(json, DatasetWithdrawn.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
