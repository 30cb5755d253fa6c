package io.ostflow.ingest.service;

import io.ostflow.common.events.Problem;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.ingest.domain.Reasons;
import java.nio.charset.StandardCharsets;

/**
 * Counts, in the features bucket ({@code SITE/VERSION/_started}), the starts of a drop version's
 * registration that never ended: a start writes the count + 1, any end (a decision, an outage, an
 * exception) deletes it, so only a worker that was killed while registering (out of memory, a
 * native crash) leaves it behind. A version that did so {@code max-crashes} times is rejected with
 * the reason instead of killing every worker that picks up its record again. The count is a hint
 * shared by every instance; two instances never register one site at once (one site per partition,
 * a lock per site), so the read-then-write needs no condition.
 */
public final class CrashCounter {
    private final ObjectStore store;
    private final String bucket;
    private final int limit;

    /**
     * @param limit starts that never ended before the version is rejected (>= 1)
     */
    public CrashCounter(ObjectStore store, String bucket, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException(
                    "ostflow.ingest.max-crashes must be >= 1, was " + limit);
        }
        this.store = store;
        this.bucket = bucket;
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /** Records a start; returns how many earlier starts never ended. */
    public int started(String site, String version) {
        String key = key(site, version);
        int earlier =
                store.stat(bucket, key).isEmpty()
                        ? 0
                        : Integer.parseInt(
                                new String(store.get(bucket, key), StandardCharsets.UTF_8).trim());
        store.put(
                bucket,
                key,
                String.valueOf(earlier + 1).getBytes(StandardCharsets.UTF_8),
                "text/plain");
        return earlier;
    }

    /** The registration ended, whichever way. */
    public void ended(String site, String version) {
        store.delete(bucket, key(site, version));
    }

    /** Why a version that keeps crashing the worker is rejected. */
    Problem problem(String site, int crashed) {
        return new Problem(
                ObjectKeys.datasetJson(site),
                Reasons.CRASHED_REPEATEDLY,
                "registering this drop version stopped the ingest-worker "
                        + crashed
                        + " times without a decision (killed: out of memory or a native crash);"
                        + " rejected so that the other drops keep flowing"
                        + " (ostflow.ingest.max-crashes = "
                        + limit
                        + "; see ostflow.ingest.memory-budget)");
    }

    static String key(String site, String version) {
        return site + "/" + version + "/_started";
    }
}
