package io.ostflow.planner.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.JobState;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.kafka.KafkaConnection;
import io.ostflow.common.kafka.TopicSnapshot;
import io.ostflow.planner.config.PlannerConfig;
import io.ostflow.planner.planning.PlanningEngine;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Debounces replanning: every update asks for a replan; it runs once the updates have been quiet
 * for {@code debounce}, or at the latest {@code max-delay} after the first, so a burst of 100 edge
 * updates causes one recluster. The first run restores what earlier runs published.
 */
@ApplicationScoped
public class ReplanScheduler {
    private static final Logger LOG = Logger.getLogger(ReplanScheduler.class);

    @Inject PlanningEngine engine;

    @Inject PlannerPublisher publisher;

    @Inject PlannerConfig config;

    @Inject MeterRegistry registry;

    @jakarta.annotation.PostConstruct
    void registerGauges() {
        for (JobState state : JobState.values()) {
            registry.gauge(
                    "ostflow.planner.jobs",
                    Tags.of("state", state.wire()),
                    engine,
                    e -> e.jobs().stream().filter(j -> j.state() == state).count());
        }
    }

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "replan");
                        t.setDaemon(true);
                        return t;
                    });

    /** Held from prepare to commit: two replans never interleave their publish and commit. */
    private final Object replanning = new Object();

    private long firstRequest = -1;

    /**
     * The trace of the update that opened the current burst: the replan it causes continues it, so
     * an upload's trace reaches its plans and jobs (the timer thread has no trace of its own).
     */
    private Context burstTrace = Context.root();

    private long lastRequest;
    private boolean scheduled;
    private boolean restored;
    private long runs;

    /** Something changed; plan on it soon. */
    public synchronized void request() {
        long now = System.nanoTime();
        if (firstRequest < 0) {
            firstRequest = now;
            burstTrace = Context.current();
        }
        lastRequest = now;
        if (!scheduled) {
            scheduled = true;
            timer.schedule(this::tick, config.debounce().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Replans now, on the caller's thread (the REST endpoint): prepare, publish, then commit, so
     * that nothing is recorded that did not reach the topics; one replan at a time.
     */
    public PlanningEngine.Result replanNow() {
        synchronized (this) {
            ensureRestored();
        }
        long started = System.nanoTime();
        PlanningEngine.Result result;
        synchronized (replanning) {
            PlanningEngine.PreparedReplan prepared = engine.prepareReplan();
            publisher.publish(prepared.result());
            result = engine.commitReplan(prepared);
        }
        registry.timer("ostflow.planner.replan")
                .record(Duration.ofNanos(System.nanoTime() - started));
        synchronized (this) {
            runs++;
        }
        return result;
    }

    public synchronized long runs() {
        return runs;
    }

    private void tick() {
        long wait;
        Context trace;
        synchronized (this) {
            long now = System.nanoTime();
            long quiet = config.debounce().toNanos() - (now - lastRequest);
            long overdue = now - firstRequest - config.maxDelay().toNanos();
            wait = quiet > 0 && overdue < 0 ? quiet : 0;
            if (wait > 0) {
                timer.schedule(this::tick, wait, TimeUnit.NANOSECONDS);
                return;
            }
            scheduled = false;
            firstRequest = -1;
            trace = burstTrace;
            burstTrace = Context.root();
        }
        try (Scope continued = trace.makeCurrent()) {
            PlanningEngine.Result result = replanNow();
            if (result.graph().isPresent() || !result.plans().isEmpty()) {
                LOG.infof(
                        "replanned: %s, %d plans changed, %d jobs enqueued",
                        result.graph()
                                .map(
                                        g ->
                                                "graph v"
                                                        + g.version()
                                                        + " with "
                                                        + g.clusters().size()
                                                        + " clusters")
                                .orElse("graph unchanged"),
                        result.plans().size(),
                        result.jobs().size());
            }
        } catch (RuntimeException e) {
            // nothing was recorded: the same replan is prepared again after the debounce
            LOG.error("replan failed; nothing recorded, retrying after the debounce", e);
            request();
        }
    }

    private void ensureRestored() {
        if (restored) {
            return;
        }
        for (String json :
                TopicSnapshot.latest(KafkaConnection.from(kafka), Topics.PLANS).values()) {
            read(json, Plan.class, engine::restorePlan);
        }
        for (String json :
                TopicSnapshot.latest(KafkaConnection.from(kafka), Topics.JOBS).values()) {
            read(json, TrainingJob.class, engine::restoreJob);
        }
        for (String json :
                TopicSnapshot.latest(KafkaConnection.from(kafka), Topics.AUDITS).values()) {
            read(json, AuditScheduled.class, engine::restoreAudit);
        }
        restored = true;
    }

    private static <T> void read(String json, Class<T> type, Consumer<T> sink) {
        try {
            sink.accept(Json.mapper().readValue(json, type));
        } catch (IOException e) {
            LOG.warnf("ignoring an unreadable %s record: %s", type.getSimpleName(), e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
