package io.ostflow.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.common.Json;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.fingerprint.Fingerprinter;
import io.ostflow.common.fingerprint.StageTimes;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.ObjectStore.StoredObject;
import io.ostflow.common.storage.StorageUnavailableException;
import io.ostflow.ingest.domain.DropInspector;
import io.ostflow.ingest.domain.DropStructure;
import io.ostflow.nifti.NiftiReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store that cannot be reached is an outage, not a verdict on the data: reading a case fails with
 * {@link StorageUnavailableException} (retried, then dead-lettered with the reason) instead of
 * rejecting the drop as unreadable.
 */
class TransientStorageTest {
    private static final String JSON =
            """
            {"channel_names": {"0": "T1"}, "labels": {"background": 0, "ED": 2},
             "numTraining": 1, "file_ending": ".nii.gz", "ostflow": {"site": "07", "role": "source"}}""";

    private final ExecutorService io = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    @Test
    void anUnreachableStoreIsNotAnUnreadableCase() throws IOException {
        ObjectStore unreachable = ObjectStore.connect(closedEndpoint(), "k", "s");
        DropStructure drop =
                new DropInspector(1_000_000)
                        .inspect(
                                "07",
                                List.of(
                                        new StoredObject(
                                                "07/imagesTr/a1_0000.nii.gz", 10, "e1", null),
                                        new StoredObject("07/labelsTr/a1.nii.gz", 10, "e2", null)),
                                JSON.getBytes(StandardCharsets.UTF_8));
        DatasetDescriptor descriptor = Json.mapper().readValue(JSON, DatasetDescriptor.class);
        CaseProcessor cases =
                new CaseProcessor(
                        unreachable,
                        "landing",
                        "features",
                        new NiftiReader(1 << 20, true),
                        new Fingerprinter(8, 0.9),
                        1e-4,
                        new StageTimes(),
                        io,
                        new MemoryBudget(1 << 30));

        assertThat(drop.isReady()).isTrue();
        assertThatThrownBy(() -> cases.check(drop.training().get(0), descriptor))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("07/imagesTr/a1_0000.nii.gz");
    }

    /** A loopback port nothing listens on: every connection is refused. */
    private static String closedEndpoint() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return "http://127.0.0.1:" + port;
    }
}
