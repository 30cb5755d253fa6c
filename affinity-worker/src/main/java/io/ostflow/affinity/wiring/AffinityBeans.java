package io.ostflow.affinity.wiring;

import io.ostflow.affinity.config.AffinityConfig;
import io.ostflow.affinity.domain.PairSelector;
import io.ostflow.affinity.math.GlobalSsim;
import io.ostflow.affinity.service.AffinityGraph;
import io.ostflow.affinity.service.EdgeHistory;
import io.ostflow.affinity.service.StoredFeatures;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.kafka.KafkaConnection;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.StorageRetry;
import io.ostflow.common.weights.EdgeWeighting;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Instant;
import java.util.Map;

/** Wires the framework-free classes of the affinity-worker from its configuration. */
@ApplicationScoped
public class AffinityBeans {

    @Produces
    @ApplicationScoped
    AffinityGraph graph(AffinityConfig config) {
        var s3 = config.s3();
        var affinity = config.affinity();
        ObjectStore store = ObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
        return new AffinityGraph(
                new StoredFeatures(store, s3.featuresBucket()),
                new PairSelector(affinity.pairs().maxPerSide(), affinity.pairs().seed()),
                new GlobalSsim(affinity.ssim().k1(), affinity.ssim().k2(), affinity.ssim().range()),
                defaultWeights(config));
    }

    @Produces
    @ApplicationScoped
    EdgeHistory edgeHistory(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        return new EdgeHistory(KafkaConnection.from(kafka));
    }

    @Produces
    @ApplicationScoped
    StorageRetry storageRetry(AffinityConfig config) {
        return new StorageRetry(
                config.affinity().storageAttempts(), config.affinity().storageBackoff());
    }

    /** Version 0: the configured weights, until the planner publishes calibrated ones. */
    static EdgeWeights defaultWeights(AffinityConfig config) {
        var a = config.affinity();
        String normalisation = a.normalisation();
        if (!EdgeWeights.NONE.equals(normalisation) && !EdgeWeights.MINMAX.equals(normalisation)) {
            throw new IllegalArgumentException(
                    "ostflow.affinity.normalisation must be none or minmax, was " + normalisation);
        }
        EdgeWeights configured =
                new EdgeWeights(0, a.alpha(), a.beta(), a.c(), normalisation, Instant.EPOCH);
        EdgeWeighting.requireNonNegative(configured);
        return configured;
    }
}
