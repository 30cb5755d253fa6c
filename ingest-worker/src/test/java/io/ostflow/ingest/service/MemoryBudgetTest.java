package io.ostflow.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.ingest.domain.DropInspector;
import io.ostflow.ingest.domain.DropStructure;
import io.ostflow.ingest.domain.Reasons;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest's memory budget: cases wait for each other instead of decoding past it together, and a
 * case that needs more than all of it is a verdict with its numbers, before any voxel is decoded.
 */
class MemoryBudgetTest {
    private final ExecutorService io = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    @Test
    void aReservationWaitsUntilTheBytesAreGivenBack() throws Exception {
        MemoryBudget budget = new MemoryBudget(4 << 20);
        MemoryBudget.Lease first = budget.reserve(3 << 20);
        AtomicBoolean second = new AtomicBoolean();
        CountDownLatch reserved = new CountDownLatch(1);
        Thread waiting =
                new Thread(
                        () -> {
                            try (MemoryBudget.Lease lease = budget.reserve(2 << 20)) {
                                second.set(true);
                                reserved.countDown();
                            } catch (MemoryBudget.TooLarge e) {
                                throw new IllegalStateException(e);
                            }
                        });
        waiting.start();

        assertThat(reserved.await(300, TimeUnit.MILLISECONDS))
                .as("3 + 2 MiB do not fit in 4: the second waits")
                .isFalse();
        first.close();
        assertThat(reserved.await(10, TimeUnit.SECONDS)).isTrue();
        waiting.join();
        assertThat(second).isTrue();
        assertThat(budget.available()).isEqualTo(4 << 20);
    }

    @Test
    void moreThanTheWholeBudgetIsRefusedAtOnce() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        assertThatThrownBy(() -> budget.reserve(5L << 20))
                .isInstanceOf(MemoryBudget.TooLarge.class)
                .hasMessageContaining("5 MiB")
                .hasMessageContaining("1 MiB")
                .hasMessageContaining("ostflow.ingest.memory-budget");
        assertThatThrownBy(() -> new MemoryBudget(1000)).hasMessageContaining("1 MiB");
    }

    /** A real case on the real S3 server: its headers decide, its voxels are never decoded. */
    @Test
    void aCaseLargerThanTheBudgetIsRejectedFromItsHeaders(@TempDir Path dir) throws Exception {
        ObjectStore store = SharedLocalStack.get().objectStore();
        String site = "mb" + ProcessHandle.current().pid() + "x" + System.nanoTime() % 100000;
        Path drop =
                new PhantomGenerator(new PhantomSpec(1, 0, 1, 1, 0, new int[] {64, 64, 40}, 5))
                        .writeAll(dir)
                        .get(0);
        LandingUploads.put(store, site, drop);
        DatasetDescriptor descriptor =
                Json.mapper()
                        .readValue(drop.resolve("dataset.json").toFile(), DatasetDescriptor.class)
                        .withOstflow(site, Role.SOURCE);
        DropStructure structure =
                new DropInspector(1L << 30)
                        .inspect(
                                site,
                                store.list(ObjectKeys.LANDING_BUCKET, site + "/"),
                                Json.mapper().writeValueAsBytes(descriptor));

        // four channels and a label of 64 x 64 x 40 float32 voxels: 6.25 MiB as floats
        CaseProcessor.CaseResult tight =
                cases(store, new MemoryBudget(2 << 20))
                        .check(structure.training().get(0), descriptor);
        CaseProcessor.CaseResult roomy =
                cases(store, new MemoryBudget(64 << 20))
                        .check(structure.training().get(0), descriptor);

        assertThat(tight.problems())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.reason()).isEqualTo(Reasons.TOO_LARGE);
                            assertThat(p.message()).contains("memory budget of 2 MiB");
                        });
        assertThat(roomy.problems()).isEmpty();
    }

    private CaseProcessor cases(ObjectStore store, MemoryBudget budget) {
        return LandingUploads.cases(store, io, budget);
    }
}
