package io.ostflow.ingest.wiring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ostflow.common.fingerprint.Fingerprinter;
import io.ostflow.common.fingerprint.StageTimes;
import io.ostflow.common.fingerprint.StageTimes.Stage;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.StorageRetry;
import io.ostflow.ingest.config.IngestConfig;
import io.ostflow.ingest.domain.DropInspector;
import io.ostflow.ingest.domain.ProblemCap;
import io.ostflow.ingest.service.CaseProcessor;
import io.ostflow.ingest.service.CrashCounter;
import io.ostflow.ingest.service.DropProcessor;
import io.ostflow.ingest.service.IngestEvents;
import io.ostflow.ingest.service.MemoryBudget;
import io.ostflow.ingest.service.RegistrationLedger;
import io.ostflow.ingest.service.SiteChangeHandler;
import io.ostflow.ingest.service.SiteWithdrawals;
import io.ostflow.nifti.NiftiReader;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the framework-free classes of the ingest-worker from its configuration. */
@ApplicationScoped
public class IngestBeans {

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(IngestConfig config) {
        return ObjectStore.connect(
                config.s3().endpoint(), config.s3().accessKey(), config.s3().secretKey());
    }

    /** Threads that fingerprint cases; owned here, not shared with Quarkus' own executor. */
    private ExecutorService workers;

    /** GETs and PUTs of the workers' cases (waiting, not computing: a few per worker). */
    private ExecutorService io;

    @PreDestroy
    void closeWorkers() {
        if (workers != null) {
            workers.shutdownNow();
        }
        if (io != null) {
            io.shutdownNow();
        }
    }

    private static int parallelism(IngestConfig config) {
        return config.ingest().parallelism() > 0
                ? config.ingest().parallelism()
                : Runtime.getRuntime().availableProcessors();
    }

    private static ExecutorService pool(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(
                threads,
                r -> {
                    Thread t = new Thread(r, name + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Time spent per stage of the ingest, shared by the fingerprints and the metrics. */
    @Produces
    @ApplicationScoped
    StageTimes stageTimes(MeterRegistry registry) {
        StageTimes times = new StageTimes();
        for (Stage stage : Stage.values()) {
            String name = stage.name().toLowerCase(Locale.ROOT);
            FunctionCounter.builder("ostflow.ingest.stage.cpu", times, t -> t.cpuSeconds(stage))
                    .baseUnit("seconds")
                    .description("CPU time of the ingest's stage, summed over threads")
                    .tag("stage", name)
                    .register(registry);
            FunctionCounter.builder("ostflow.ingest.stage.wall", times, t -> t.wallSeconds(stage))
                    .baseUnit("seconds")
                    .description("wall time of the ingest's stage, summed over threads")
                    .tag("stage", name)
                    .register(registry);
        }
        return times;
    }

    /** Attempts at a drop while the object store cannot answer. */
    @Produces
    @ApplicationScoped
    StorageRetry storageRetry(IngestConfig config) {
        return new StorageRetry(
                config.ingest().storageAttempts(), config.ingest().storageBackoff());
    }

    /** The wall clock of the events' timestamps. */
    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    DropProcessor dropProcessor(
            IngestConfig config,
            ObjectStore store,
            IngestEvents events,
            StageTimes times,
            Clock clock) {
        // the service's own pool, sized by ostflow.ingest.parallelism: an injected
        // ExecutorService is Quarkus' shared executor, which ran every case of a drop at once
        // (ten cases' volumes in memory on two cores) and ignored the setting
        workers = pool("fingerprint", parallelism(config));
        io = pool("feature-io", 4 * parallelism(config));
        return dropProcessor(config, store, events, times, clock, workers, io);
    }

    @Produces
    @ApplicationScoped
    SiteWithdrawals siteWithdrawals(
            IngestConfig config, ObjectStore store, IngestEvents events, Clock clock) {
        return new SiteWithdrawals(store, config.s3().featuresBucket(), events, clock);
    }

    @Produces
    @ApplicationScoped
    SiteChangeHandler siteChangeHandler(
            IngestConfig config, DropProcessor drops, SiteWithdrawals withdrawals) {
        return new SiteChangeHandler(drops, withdrawals, config.ingest().withdrawalGrace());
    }

    /**
     * A drop processor as the service builds it, on the given pools: also what a test uses to run a
     * second instance of the ingest-worker beside the service.
     */
    public static DropProcessor dropProcessor(
            IngestConfig config,
            ObjectStore store,
            IngestEvents events,
            StageTimes times,
            Clock clock,
            ExecutorService workers,
            ExecutorService io) {
        var s3 = config.s3();
        var ingest = config.ingest();
        CaseProcessor cases =
                new CaseProcessor(
                        store,
                        s3.landingBucket(),
                        s3.featuresBucket(),
                        new NiftiReader(ingest.maxVoxelBytes(), true),
                        new Fingerprinter(ingest.grid(), ingest.varianceFraction(), times),
                        ingest.geometryTolerance(),
                        times,
                        io,
                        new MemoryBudget(ingest.memoryBudget()));
        return new DropProcessor(
                store,
                s3.landingBucket(),
                new DropInspector(ingest.maxObjectBytes()),
                cases,
                new ProblemCap(ingest.maxProblemsPerReason()),
                new RegistrationLedger(store, s3.featuresBucket()),
                events,
                workers,
                ingest.completionRetries(),
                ingest.completionDelay(),
                clock,
                new CrashCounter(store, s3.featuresBucket(), ingest.maxCrashes()));
    }
}
