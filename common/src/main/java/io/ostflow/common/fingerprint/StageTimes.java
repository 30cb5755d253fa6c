package io.ostflow.common.fingerprint;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * CPU and wall time spent in each stage of turning a drop's volumes into features, summed over
 * threads. Thread-safe; one instance per service (exported as metrics) or per benchmark run. CPU
 * time is the calling thread's, so that stages running on several workers add up to the CPU the
 * process spent on them.
 */
public final class StageTimes {
    /** The stages, in the order a case goes through them. */
    public enum Stage {
        /** GET of a volume and its NIfTI decoding. */
        READ,
        /** Shape, geometry and label-value checks. */
        CHECK,
        /** Anti-aliased resize of an image channel to G^3. */
        RESIZE,
        /** Slice PCA of a resized channel: centring, Gram matrix, eigen-solve, scores. */
        PCA,
        /** Sorting a channel's scores into its distribution. */
        SORT,
        /** A label objective's mask, resized to G^3. */
        MASK,
        /** Encoding a feature in the features bucket's format. */
        ENCODE,
        /** PUT of a feature. */
        STORE
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Stage, LongAdder> cpu = new EnumMap<>(Stage.class);
    private final Map<Stage, LongAdder> wall = new EnumMap<>(Stage.class);
    private final Map<Stage, LongAdder> count = new EnumMap<>(Stage.class);

    public StageTimes() {
        for (Stage stage : Stage.values()) {
            cpu.put(stage, new LongAdder());
            wall.put(stage, new LongAdder());
            count.put(stage, new LongAdder());
        }
    }

    /** Runs {@code work} and adds its time to {@code stage}. */
    public <T> T time(Stage stage, Supplier<T> work) {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        try {
            return work.get();
        } finally {
            wall.get(stage).add(System.nanoTime() - wallStart);
            cpu.get(stage).add(THREADS.getCurrentThreadCpuTime() - cpuStart);
            count.get(stage).increment();
        }
    }

    /** Runs {@code work} and adds its time to {@code stage}. */
    public void time(Stage stage, Runnable work) {
        time(
                stage,
                () -> {
                    work.run();
                    return null;
                });
    }

    /** CPU seconds spent in {@code stage} so far, over all threads. */
    public double cpuSeconds(Stage stage) {
        return cpu.get(stage).sum() / 1e9;
    }

    /** Wall seconds spent in {@code stage} so far, summed over threads. */
    public double wallSeconds(Stage stage) {
        return wall.get(stage).sum() / 1e9;
    }

    /** How many times {@code stage} ran. */
    public long count(Stage stage) {
        return count.get(stage).sum();
    }
}
