package io.ostflow.local.support;

/** Sleeping in the local stack's polling loops, with the interrupt flag kept. */
public final class Pause {
    private Pause() {}

    /**
     * Sleeps {@code millis}; an interrupt is restored and ends the wait with an exception (the
     * callers poll until a deadline and cannot go on meaningfully).
     */
    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
