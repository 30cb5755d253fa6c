package io.ostflow.planner.ledger;

import io.ostflow.common.events.JobState;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingFailed;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.events.TrainingProgress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the planner knows of every job it enqueued, from the trainers' progress and result events. A
 * result may arrive before its job is known: at a restart the results topic is replayed while the
 * jobs are read back from theirs, so such a result is kept and applied when its job is recorded.
 * Not thread-safe: the planning engine that owns it guards it with its monitor.
 */
public final class JobBook {
    /** The trainer's reason for a plan's job it skipped because a newer plan replaced it. */
    static final String SUPERSEDED = "SUPERSEDED";

    private final Map<String, JobStatus> jobs = new TreeMap<>();
    private final Map<String, TrainingCompleted> results = new TreeMap<>();
    private final Map<String, TrainingCompleted> earlyResults = new HashMap<>();
    private final Map<String, TrainingFailed> earlyFailures = new HashMap<>();
    private long changes;

    /**
     * A counter that moves whenever a job's state, progress or result changes: what is derived from
     * the book (an audit's report) is rebuilt only when it moved.
     */
    public long changes() {
        return changes;
    }

    /** Records a job as queued; false when it was known already (nothing is enqueued twice). */
    public boolean enqueue(TrainingJob job) {
        if (jobs.putIfAbsent(job.jobId(), JobStatus.queued(job)) != null) {
            return false;
        }
        changes++;
        TrainingFailed failure = earlyFailures.remove(job.jobId());
        if (failure != null) {
            failed(failure);
        }
        TrainingCompleted result = earlyResults.remove(job.jobId());
        if (result != null) {
            completed(result);
        }
        return true;
    }

    /** A progress report moves a queued or running job to running; a finished one stays. */
    public void progress(TrainingProgress p) {
        changes++;
        jobs.computeIfPresent(
                p.jobId(),
                (id, s) ->
                        s.state().open()
                                ? new JobStatus(
                                        s.job(),
                                        JobState.RUNNING,
                                        p.fraction(),
                                        null,
                                        null,
                                        null,
                                        null)
                                : s);
    }

    public void completed(TrainingCompleted c) {
        if (!jobs.containsKey(c.jobId())) {
            earlyResults.put(c.jobId(), c);
            return;
        }
        results.put(c.jobId(), c);
        changes++;
        jobs.computeIfPresent(
                c.jobId(),
                (id, s) ->
                        new JobStatus(
                                s.job(),
                                JobState.COMPLETED,
                                1,
                                c.dice(),
                                c.iou(),
                                c.reusedStages().isEmpty()
                                        ? null
                                        : "reused the trained stages " + c.reusedStages(),
                                c));
    }

    /** The result of every completed job, with the job that produced it, by job id. */
    public List<TrainedModel> models() {
        return results.values().stream()
                .map(c -> new TrainedModel(jobs.get(c.jobId()).job(), c))
                .toList();
    }

    /** The result of a completed job. */
    public Optional<TrainingCompleted> result(String jobId) {
        return Optional.ofNullable(results.get(jobId));
    }

    public void failed(TrainingFailed f) {
        if (!jobs.containsKey(f.jobId())) {
            earlyFailures.put(f.jobId(), f);
            return;
        }
        changes++;
        jobs.computeIfPresent(
                f.jobId(),
                (id, s) ->
                        new JobStatus(
                                s.job(),
                                SUPERSEDED.equals(f.reason()) ? JobState.SKIPPED : JobState.FAILED,
                                s.progress(),
                                null,
                                null,
                                f.reason() + ": " + f.message(),
                                null));
    }

    public List<JobStatus> all() {
        return List.copyOf(jobs.values());
    }

    public Optional<JobStatus> get(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }
}
