package io.ostflow.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.events.DatasetReceived;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.DatasetWithdrawn;
import io.ostflow.common.events.SiteChanged;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.ingest.domain.DropInspector;
import io.ostflow.ingest.domain.ProblemCap;
import io.ostflow.ingest.domain.Reasons;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drop version whose registration keeps killing the worker is rejected with the reason, on the
 * real S3 server; a registration that ends leaves no count behind.
 */
class CrashCounterTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ExecutorService io = Executors.newFixedThreadPool(2);
    private final ObjectStore store = SharedLocalStack.get().objectStore();
    private final List<Object> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        io.shutdownNow();
    }

    @Test
    void aVersionThatStoppedTheWorkerThreeTimesIsRejectedWithTheReason(@TempDir Path dir)
            throws Exception {
        String site = upload(dir);
        String version = version(site);
        CrashCounter crashes = new CrashCounter(store, ObjectKeys.FEATURES_BUCKET, 3);
        for (int killed = 0; killed < 3; killed++) {
            assertThat(crashes.started(site, version)).isEqualTo(killed); // and never ended
        }
        int uploaded = store.list(ObjectKeys.LANDING_BUCKET, site + "/").size();

        DropProcessor.Outcome outcome = processor(crashes).process(site);

        assertThat(outcome).isEqualTo(DropProcessor.Outcome.REJECTED);
        DatasetRejected rejected =
                events.stream()
                        .filter(DatasetRejected.class::isInstance)
                        .map(DatasetRejected.class::cast)
                        .findFirst()
                        .orElseThrow();
        assertThat(rejected.problems())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.reason()).isEqualTo(Reasons.CRASHED_REPEATEDLY);
                            assertThat(p.message()).contains("3 times", "max-crashes");
                        });
        assertThat(events).noneMatch(DatasetRegistered.class::isInstance);
        assertThat(store.list(ObjectKeys.LANDING_BUCKET, site + "/"))
                .as("nothing the site uploaded is touched")
                .hasSize(uploaded);
        assertThat(store.stat(ObjectKeys.FEATURES_BUCKET, CrashCounter.key(site, version)))
                .isEmpty();
    }

    @Test
    void aRegistrationThatEndsLeavesNoCount(@TempDir Path dir) throws Exception {
        String site = upload(dir);
        CrashCounter crashes = new CrashCounter(store, ObjectKeys.FEATURES_BUCKET, 3);

        assertThat(processor(crashes).process(site)).isEqualTo(DropProcessor.Outcome.REGISTERED);

        assertThat(store.stat(ObjectKeys.FEATURES_BUCKET, CrashCounter.key(site, version(site))))
                .isEmpty();
    }

    private String upload(Path dir) throws Exception {
        String site = "cc" + ProcessHandle.current().pid() + "x" + System.nanoTime() % 1000000;
        Path drop =
                new PhantomGenerator(new PhantomSpec(1, 0, 2, 1, 0, new int[] {16, 16, 12}, 9))
                        .writeAll(dir)
                        .get(0);
        String json =
                Files.readString(drop.resolve("dataset.json"))
                        .replaceFirst("\"site\"\\s*:\\s*\"[^\"]*\"", "\"site\": \"" + site + "\"");
        Files.writeString(drop.resolve("dataset.json"), json);
        LandingUploads.put(store, site, drop);
        return site;
    }

    private String version(String site) {
        var objects = store.list(ObjectKeys.LANDING_BUCKET, site + "/");
        return new DropInspector(1L << 30)
                .inspect(site, objects, key -> store.get(ObjectKeys.LANDING_BUCKET, key))
                .version();
    }

    private DropProcessor processor(CrashCounter crashes) {
        return new DropProcessor(
                store,
                ObjectKeys.LANDING_BUCKET,
                new DropInspector(1L << 30),
                LandingUploads.cases(store, io, new MemoryBudget(256 << 20)),
                new ProblemCap(20),
                new RegistrationLedger(store, ObjectKeys.FEATURES_BUCKET),
                new Recording(),
                pool,
                0,
                Duration.ZERO,
                Clock.systemUTC(),
                crashes);
    }

    /** Every event, in order, instead of the broker (what is published is not under test). */
    private final class Recording implements IngestEvents {
        @Override
        public void siteChanged(SiteChanged event) {
            events.add(event);
        }

        @Override
        public void datasetReceived(DatasetReceived event) {
            events.add(event);
        }

        @Override
        public void tasksRegistered(List<TaskRegistered> tasks) {
            events.addAll(tasks);
        }

        @Override
        public void datasetRegistered(DatasetRegistered event) {
            events.add(event);
        }

        @Override
        public void datasetRejected(DatasetRejected event) {
            events.add(event);
        }

        @Override
        public void tasksWithdrawn(List<String> tasks) {
            events.addAll(tasks);
        }

        @Override
        public void datasetWithdrawn(DatasetWithdrawn event) {
            events.add(event);
        }
    }
}
