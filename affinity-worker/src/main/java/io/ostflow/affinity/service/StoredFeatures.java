package io.ostflow.affinity.service;

import io.ostflow.affinity.math.SparseMask;
import io.ostflow.common.features.FeatureCodec;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.ObjectStoreException;
import io.ostflow.common.storage.StorageUnavailableException;
import java.lang.ref.SoftReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Fingerprints read from the features bucket, decoded once and kept while memory allows (soft
 * references: the JVM drops them under pressure, and they are read again when needed).
 */
public final class StoredFeatures implements FeatureSource {
    public static final String MISSING = "FEATURES_MISSING";
    public static final String UNREADABLE = "FEATURES_UNREADABLE";

    private final ObjectStore store;
    private final String bucket;
    private final Map<String, SoftReference<Object>> cache = new ConcurrentHashMap<>();

    public StoredFeatures(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    @Override
    public double[] imageScores(String key) {
        return cached(key, bytes -> FeatureCodec.decodeImage(bytes).sortedScores(), double[].class);
    }

    @Override
    public SparseMask mask(String key) {
        return cached(
                key,
                bytes -> SparseMask.of(FeatureCodec.decodeSparseLabel(bytes)),
                SparseMask.class);
    }

    @Override
    public void forget(String key) {
        cache.remove(key);
    }

    private <T> T cached(String key, Function<byte[], T> decode, Class<T> type) {
        SoftReference<Object> ref = cache.get(key);
        Object value = ref == null ? null : ref.get();
        if (value == null) {
            byte[] bytes = read(key);
            try {
                value = decode.apply(bytes);
            } catch (IllegalArgumentException e) {
                throw new FeatureUnavailableException(
                        UNREADABLE,
                        "s3://" + bucket + "/" + key + " is not a feature file: " + e.getMessage(),
                        e);
            }
            cache.put(key, new SoftReference<>(value));
        }
        return type.cast(value);
    }

    private byte[] read(String key) {
        try {
            return store.get(bucket, key);
        } catch (ObjectStoreException e) {
            String message = "cannot read s3://" + bucket + "/" + key + ": " + e.getMessage();
            if (!e.isNotFound()) {
                // the store did not answer: an outage, retried, never a verdict on the task
                throw new StorageUnavailableException(message, e);
            }
            throw new FeatureUnavailableException(MISSING, message, e);
        }
    }
}
