package io.ostflow.affinity.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.common.features.FeatureCodec;
import io.ostflow.common.features.ImageFeature;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.StorageRetry;
import io.ostflow.common.storage.StorageUnavailableException;
import io.ostflow.local.stack.StackEndpoints;
import io.ostflow.local.testing.FaultProxy;
import io.ostflow.local.testing.SharedLocalStack;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An object store that cannot answer is an outage, not a verdict on the task's fingerprints: the
 * read is retried and, once the store is back, the edges are computed; only a definite answer (no
 * such object) makes {@code FEATURES_MISSING}. Through a TCP proxy in front of the real S3 server.
 */
class StoredFeaturesOutageTest {

    @Test
    void aStoreThatCannotAnswerIsRetriedNotJudged() throws Exception {
        StackEndpoints e = SharedLocalStack.get().endpoints();
        String key = "outage" + System.nanoTime() + "/v/images/FLAIR/case001.feat";
        SharedLocalStack.get()
                .objectStore()
                .put(
                        ObjectKeys.FEATURES_BUCKET,
                        key,
                        FeatureCodec.encode(
                                new ImageFeature(
                                        key,
                                        "etag",
                                        new int[] {2, 2, 1},
                                        1,
                                        1,
                                        java.util.List.of(1.0),
                                        new int[] {0, 0, 0, 2, 2, 1},
                                        new ImageFeature.IntensityStats(3, 0.3, 0.1, 0.1, 0.5),
                                        new double[] {0.1, 0.3, 0.5})),
                        "application/octet-stream");
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", URI.create(e.s3()).getPort())) {
            StoredFeatures features =
                    new StoredFeatures(
                            ObjectStore.connect(
                                    proxy.httpEndpoint(), e.s3AccessKey(), e.s3SecretKey()),
                            ObjectKeys.FEATURES_BUCKET);
            proxy.cut();
            assertThatThrownBy(() -> features.imageScores(key))
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining(key);

            CompletableFuture.runAsync(
                    proxy::restore, CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));
            double[] scores =
                    new StorageRetry(5, Duration.ofMillis(500))
                            .run("features of " + key, () -> features.imageScores(key));
            assertThat(scores).containsExactly(0.1, 0.3, 0.5);

            assertThatThrownBy(() -> features.mask(key + ".gone"))
                    .isInstanceOf(FeatureSource.FeatureUnavailableException.class)
                    .extracting(x -> ((FeatureSource.FeatureUnavailableException) x).reason())
                    .isEqualTo(StoredFeatures.MISSING);
        }
    }
}
