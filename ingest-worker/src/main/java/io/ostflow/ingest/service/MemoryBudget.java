package io.ostflow.ingest.service;

import java.util.concurrent.Semaphore;

/**
 * The decoded bytes that the cases being read may hold at once ({@code
 * ostflow.ingest.memory-budget}). A case reserves what its volumes declare before any voxel is
 * decoded and gives it back when it is done; a case waits while others hold the budget, so parallel
 * cases never hold more than the budget together, and a case that needs more than the whole budget
 * is refused at once (a verdict with its numbers, not an out-of-memory kill that would redeliver
 * the same drop for ever). Reservations are all-or-nothing, so two cases never hold parts each
 * while waiting for the rest. Counted in KiB so that budgets up to 2 TiB fit. Thread-safe.
 */
public final class MemoryBudget {
    private static final long KIB = 1024;

    private final long bytes;
    private final Semaphore kib;

    /**
     * @param bytes the budget, at least 1 MiB
     */
    public MemoryBudget(long bytes) {
        if (bytes < (1 << 20) || bytes / KIB > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "ostflow.ingest.memory-budget must be 1 MiB .. 2 TiB, was " + bytes);
        }
        this.bytes = bytes;
        this.kib = new Semaphore((int) (bytes / KIB), true);
    }

    /** A reservation; closing it gives the bytes back. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** More than the whole budget: the case cannot be read here. */
    public static final class TooLarge extends Exception {
        TooLarge(String message) {
            super(message);
        }
    }

    public long bytes() {
        return bytes;
    }

    /** Waits until {@code need} bytes are free and holds them. */
    public Lease reserve(long need) throws TooLarge {
        if (need > bytes) {
            throw new TooLarge(
                    String.format(
                            "the case declares %d MiB of decoded voxels, more than the ingest's"
                                    + " whole memory budget of %d MiB"
                                    + " (ostflow.ingest.memory-budget)",
                            need >> 20, bytes >> 20));
        }
        int permits = (int) Math.max(1, (need + KIB - 1) / KIB);
        kib.acquireUninterruptibly(permits);
        return () -> kib.release(permits);
    }

    /** Free bytes now (for tests and metrics). */
    public long available() {
        return kib.availablePermits() * KIB;
    }
}
