package io.ostflow.ingest.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * Drop processing time ({@code ostflow_ingest_drop_seconds}) and outcomes ({@code
 * ostflow_ingest_drops_total}).
 */
@ApplicationScoped
public class IngestMetrics {
    @Inject MeterRegistry registry;

    public DropProcessor.Outcome timeDrop(Supplier<DropProcessor.Outcome> processing) {
        Timer.Sample sample = Timer.start(registry);
        DropProcessor.Outcome outcome = processing.get();
        if (outcome != DropProcessor.Outcome.ALREADY_DONE
                && outcome != DropProcessor.Outcome.NO_DESCRIPTOR) {
            sample.stop(
                    registry.timer("ostflow.ingest.drop", "outcome", outcome.name().toLowerCase()));
        }
        count(outcome);
        return outcome;
    }

    /** A drop rejected before any listing (unsafe key, malformed notification). */
    public void rejectedEarly() {
        count(DropProcessor.Outcome.REJECTED);
    }

    private void count(DropProcessor.Outcome outcome) {
        registry.counter("ostflow.ingest.drops", "outcome", outcome.name().toLowerCase())
                .increment();
    }
}
