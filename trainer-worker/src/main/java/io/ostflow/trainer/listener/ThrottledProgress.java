package io.ostflow.trainer.listener;

import io.ostflow.common.events.TrainingProgress;
import java.util.function.Consumer;

/** Lets through at most one progress event per interval. */
final class ThrottledProgress {
    private final long interval;
    private long last = Long.MIN_VALUE;

    ThrottledProgress(long interval) {
        this.interval = interval;
    }

    void offer(TrainingProgress p, Consumer<TrainingProgress> sink) {
        long now = System.nanoTime();
        if (last == Long.MIN_VALUE || now - last >= interval) {
            last = now;
            sink.accept(p);
        }
    }
}
