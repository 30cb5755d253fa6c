package io.ostflow.ingest;

import static io.ostflow.ingest.IngestFixtures.drop;
import static io.ostflow.ingest.IngestFixtures.registered;
import static io.ostflow.ingest.IngestFixtures.rejected;
import static io.ostflow.ingest.IngestFixtures.tasks;
import static io.ostflow.ingest.IngestFixtures.uniqueSite;
import static io.ostflow.ingest.IngestFixtures.upload;
import static io.ostflow.ingest.IngestFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.events.Problem;
import io.ostflow.common.storage.MinioNotification;
import io.ostflow.local.testing.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site fixes a rejected drop by deleting the bad object: the removal notification alone (the
 * reconciler is off in this profile) makes the ingest-worker decide the new version.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(RemovalNotificationTest.NoReconciliation.class)
class RemovalNotificationTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Notifications only: the first reconciliation would come after the test. */
    public static final class NoReconciliation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ostflow.ingest.reconcile-every", "1h", "ostflow.ingest.reconcile-delay", "1h");
        }
    }

    @TempDir Path dir;

    @AfterEach
    void aGoodDropStillRegisters() {
        String good = uniqueSite("good");
        upload(drop(dir.resolve("good"), Role.SOURCE, 1, 97), good);
        await().atMost(WAIT).until(() -> registered(good).size() == 1);
    }

    @Test
    void aRejectedDropFixedByDeletingItsBadObjectRegistersAsANewVersion() {
        String site = uniqueSite("fixdel");
        Path folder = drop(dir.resolve("d"), Role.SOURCE, 1, 12);
        write(folder.resolve("imagesTr/case001_0000.nii.gz.bak"), new byte[] {1, 2, 3});
        upload(folder, site);
        await().atMost(WAIT).until(() -> rejected(site).size() == 1);
        assertThat(rejected(site).get(0).problems())
                .extracting(Problem::reason)
                .containsExactly("UNEXPECTED_FILE");

        String bad = site + "/imagesTr/case001_0000.nii.gz.bak";
        IngestFixtures.stack().objectStore().delete(IngestFixtures.landing(), bad);
        publish(
                MinioNotification.objectRemoved(
                        IngestFixtures.landing(), bad, "00A1", Instant.now()));

        await().atMost(WAIT).until(() -> registered(site).size() == 1);
        assertThat(registered(site).get(0).datasetVersion())
                .isNotEqualTo(rejected(site).get(0).datasetVersion());
        assertThat(tasks(site)).hasSize(12);
    }

    private static void publish(MinioNotification notification) {
        try {
            IngestFixtures.publishRaw(
                    notification.key(), Json.mapper().writeValueAsString(notification));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
