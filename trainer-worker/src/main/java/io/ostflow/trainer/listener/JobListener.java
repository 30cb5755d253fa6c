package io.ostflow.trainer.listener;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.ostflow.common.events.PredictionsWritten;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingFailed;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.storage.StorageRetry;
import io.ostflow.common.storage.StorageUnavailableException;
import io.ostflow.trainer.config.Channels;
import io.ostflow.trainer.config.TrainerConfig;
import io.ostflow.trainer.inference.Predictor;
import io.ostflow.trainer.service.JobFailedException;
import io.ostflow.trainer.service.JobLeases;
import io.ostflow.trainer.service.JobRunner;
import io.ostflow.trainer.service.LeaseLostException;
import io.ostflow.trainer.service.PlanVersions;
import io.ostflow.trainer.service.TaskDirectory;
import io.ostflow.trainer.service.TrainingPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Runs training jobs off the polling thread (the consumer keeps its partitions while a job runs for
 * minutes), {@code ostflow.trainer.concurrency} at a time (default one) on the {@value #JOB_POOL}
 * worker pool. A job's offset is committed only after its result is stored and published (the
 * throttled strategy commits up to the oldest job still running); a job picked up again after a
 * crash resumes from its last finished stage; a copy delivered to a second trainer after a
 * rebalance waits on the job's lease ({@link JobLeases}) instead of running it too. A bad job
 * (unreadable, unknown task, missing data) yields {@code TrainingFailed} and the next job runs.
 */
@ApplicationScoped
public class JobListener {
    private static final Logger LOG = Logger.getLogger(JobListener.class);

    /** Worker pool of the jobs; its size is {@code ostflow.trainer.concurrency}. */
    public static final String JOB_POOL = "trainer-jobs";

    /** {@code TrainingFailed.reason} of a plan's job skipped because its plan was replaced. */
    public static final String SUPERSEDED = "SUPERSEDED";

    /** The failure reason of a job one of whose tasks its site withdrew. */
    public static final String TASK_WITHDRAWN = "TASK_WITHDRAWN";

    /** Jobs running in this worker: a redelivered copy of one of them is not started twice. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    @Inject JobRunner runner;

    @Inject TaskDirectory tasks;

    @Inject TrainingPublisher publisher;

    @Inject Predictor predictor;

    @Inject JobLeases leases;

    @Inject PlanVersions planVersions;

    @Inject TrainerConfig config;

    @Inject MeterRegistry registry;

    private final Map<String, AtomicReference<Double>> dice = new ConcurrentHashMap<>();

    @Incoming(Channels.JOBS)
    @io.smallrye.reactive.messaging.annotations.Blocking(value = JOB_POOL, ordered = false)
    public void onJob(ConsumerRecord<String, String> record) {
        JobRecord read = JobRecord.read(record.value());
        if (read.job() == null) {
            String jobId = record.key() == null ? "unknown" : record.key();
            LOG.warnf("job %s rejected: %s", jobId, read.problem());
            publisher.failed(new TrainingFailed(jobId, "BAD_JOB", read.problem()));
            return;
        }
        TrainingJob job = read.job();
        Optional<Long> newer = planVersions.supersededBy(job);
        if (newer.isPresent()) {
            LOG.infof(
                    "job %s (%s, plan version %d) skipped: the plan of %s is at version %d",
                    job.jobId(), job.kind(), job.planVersion(), job.target(), newer.get());
            registry.counter("ostflow.trainer.skipped").increment();
            publisher.failed(
                    new TrainingFailed(
                            job.jobId(),
                            SUPERSEDED,
                            "plan version "
                                    + job.planVersion()
                                    + " of "
                                    + job.target()
                                    + " was replaced by version "
                                    + newer.get()
                                    + " before the job ran; that version's jobs train instead"));
            return;
        }
        if (!running.add(job.jobId())) {
            LOG.infof("job %s is already running here; this copy is dropped", job.jobId());
            return;
        }
        try {
            Optional<TrainingCompleted> stored = runner.storedResult(job.jobId());
            if (stored.isPresent()) {
                // delivered again after it finished (a crash or a send timeout after the result
                // was kept, a replay): the planner may never have heard of it, so it goes out
                // again, and so do the masks, which come after the result and may never have
                // been written (segmenting again writes the same masks)
                publisher.completed(stored.get());
                LOG.infof(
                        "job %s already finished; its stored result is published again",
                        job.jobId());
                predictFor(job, stored.get());
                return;
            }
            StorageRetry retry =
                    new StorageRetry(
                            config.trainer().storageAttempts(), config.trainer().storageBackoff());
            Optional<JobLeases.Lease> lease =
                    retry.run(
                            "the lease of job " + job.jobId(),
                            () -> leases.acquire(job.jobId(), () -> finished(job)));
            if (lease.isEmpty()) {
                LOG.infof(
                        "job %s finished on another trainer while this copy waited; it published"
                                + " the result",
                        job.jobId());
                return;
            }
            try (JobLeases.Lease held = lease.get()) {
                retry.run(
                        "job " + job.jobId(),
                        () -> {
                            run(job, held);
                            return null;
                        });
            }
        } finally {
            running.remove(job.jobId());
        }
    }

    /**
     * A job is finished once its result is kept; one whose stages all finished without it (a crash
     * in between, or an older trainer) runs again, which trains nothing and rebuilds the result.
     */
    private boolean finished(TrainingJob job) {
        return runner.storedResult(job.jobId()).isPresent();
    }

    private void run(TrainingJob job, JobLeases.Lease held) {
        long started = System.nanoTime();
        ThrottledProgress throttle =
                new ThrottledProgress(config.trainer().progressInterval().toNanos());
        try {
            job.stages().forEach(s -> tasks.await(s.task(), config.trainer().taskWait()));
            stopIfWithdrawn(job);
            TrainingCompleted result =
                    runner.run(
                                    job,
                                    tasks::get,
                                    p -> {
                                        stopIfLost(job, held);
                                        stopIfWithdrawn(job);
                                        throttle.offer(p, publisher::progress);
                                    })
                            .withWorker(leases.worker());
            stopIfLost(job, held);
            stopIfWithdrawn(job);
            runner.remember(result);
            publisher.completed(result);
            predictFor(job, result);
            registry.timer("ostflow.trainer.job", "kind", job.kind().wire())
                    .record(Duration.ofNanos(System.nanoTime() - started));
            dice.computeIfAbsent(
                            job.target() + "|" + job.kind(),
                            k ->
                                    registry.gauge(
                                            "ostflow.trainer.dice",
                                            Tags.of(
                                                    "target",
                                                    job.target(),
                                                    "kind",
                                                    job.kind().wire()),
                                            new AtomicReference<Double>(Double.NaN),
                                            ref -> ref.get()))
                    .set(result.dice());
            LOG.infof(
                    "job %s (%s, %s) finished in %.0f s on %s: Dice %.4f, IoU %.4f",
                    job.jobId(),
                    job.kind(),
                    job.target(),
                    (System.nanoTime() - started) / 1e9,
                    result.device(),
                    result.dice(),
                    result.iou());
        } catch (JobFailedException e) {
            LOG.warnf("job %s failed: %s %s", job.jobId(), e.reason(), e.getMessage());
            registry.counter("ostflow.trainer.failed", "reason", e.reason()).increment();
            publisher.failed(new TrainingFailed(job.jobId(), e.reason(), e.getMessage()));
        } catch (LeaseLostException e) {
            // another trainer holds the job now and runs it from its last finished stage
            LOG.warnf("job %s: %s; this copy stops", job.jobId(), e.getMessage());
            registry.counter("ostflow.trainer.leases.lost").increment();
        } catch (StorageUnavailableException e) {
            // An outage, not a verdict: no TrainingFailed; retried, then dead-lettered (replayable)
            LOG.warnf("job %s: the object store could not answer: %s", job.jobId(), e.getMessage());
            registry.counter("ostflow.trainer.storage.unavailable").increment();
            throw e;
        } catch (RuntimeException e) {
            // A bug or an outage, not a bad job: tell the planner, and let the record go to the
            // dead-letter topic so that it can be replayed once the cause is fixed.
            LOG.errorf(e, "job %s failed unexpectedly", job.jobId());
            registry.counter("ostflow.trainer.failed", "reason", "INTERNAL_ERROR").increment();
            publisher.failed(new TrainingFailed(job.jobId(), "INTERNAL_ERROR", String.valueOf(e)));
            throw e;
        }
    }

    /**
     * After each of a plan's jobs (not an audit's), segments the target site's own cases with its
     * model: any of them may become the target's recommended model, whose masks the planner serves.
     * The job is done whatever happens here: a failure is logged and counted, not turned into a job
     * failure.
     */
    private void predictFor(TrainingJob job, TrainingCompleted result) {
        if (job.audited() || !config.trainer().predict()) {
            return;
        }
        Optional<TaskRegistered> target = tasks.get(job.target());
        if (target.isEmpty() || !Predictor.hasCases(target.get())) {
            return;
        }
        try {
            PredictionsWritten written = predictor.predict(result, target.get());
            publisher.predictions(written);
            LOG.infof(
                    "job %s segmented %d cases of %s",
                    job.jobId(), written.predictions().size(), job.target());
        } catch (RuntimeException e) {
            LOG.errorf(e, "predictions of job %s for %s failed", job.jobId(), job.target());
            registry.counter("ostflow.trainer.predictions.failed").increment();
        }
    }

    /**
     * Stops a job one of whose tasks was withdrawn, before it starts, between training steps, or
     * before its result is kept: a model is never finished on data its site took back.
     */
    private void stopIfWithdrawn(TrainingJob job) {
        tasks.withdrawnOf(job)
                .ifPresent(
                        task -> {
                            throw new JobFailedException(
                                    TASK_WITHDRAWN,
                                    "task "
                                            + task
                                            + " was withdrawn by its site; the job stops and"
                                            + " keeps no result",
                                    null);
                        });
    }

    private static void stopIfLost(TrainingJob job, JobLeases.Lease held) {
        if (held.lost()) {
            throw new LeaseLostException(job.jobId());
        }
    }
}
