package io.ostflow.trainer.service;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingJob;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** What a job must be before anything trains: every failure here is a {@code BAD_JOB}. */
public final class JobChecks {
    private JobChecks() {}

    private static final java.util.regex.Pattern JOB_ID =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /**
     * Why a job id cannot be used, if it cannot: it names the job's folder of the models bucket
     * (state, weights, lease, card, predictions), so it must be one safe key segment: letters,
     * digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit, at most 128
     * characters (no {@code /}, no {@code ..}).
     */
    public static Optional<String> jobIdProblem(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches() || jobId.contains("..")) {
            return Optional.of(
                    "job id "
                            + (jobId == null ? "null" : "'" + jobId + "'")
                            + " is not one safe object-key segment ([A-Za-z0-9][A-Za-z0-9._-]"
                            + " up to 128 characters, no '..')");
        }
        return Optional.empty();
    }

    /** The registered task of a stage; a {@code BAD_JOB} failure when unknown. */
    static TaskRegistered known(
            Function<String, Optional<TaskRegistered>> tasks, String id, TrainingJob.Stage stage) {
        return tasks.apply(id)
                .orElseThrow(
                        () ->
                                new JobFailedException(
                                        "BAD_JOB",
                                        "unknown task " + id + " in stage " + stage.type(),
                                        null));
    }

    /**
     * Rejects, before any training, a job that could only fail later: no stages, a stage without a
     * type (an unknown one does not parse), a training stage without cases, or a first stage that
     * is not a pre-training, a scoring stage anywhere but last on the target of a scoring job.
     */
    static void validate(TrainingJob job) {
        if (job.stages() == null || job.stages().isEmpty()) {
            throw new JobFailedException("BAD_JOB", "job " + job.jobId() + " has no stages", null);
        }
        for (TrainingJob.Stage stage : job.stages()) {
            if (stage.type() == null) {
                throw new JobFailedException(
                        "BAD_JOB", "a stage of " + job.jobId() + " has no type", null);
            }
            boolean readsCases = stage.type().trains() || stage.type() == StageType.SCORE;
            if (readsCases && stage.cases() < 1) {
                throw new JobFailedException(
                        "BAD_JOB",
                        stage.type()
                                + " on "
                                + stage.task()
                                + " asks for "
                                + stage.cases()
                                + " cases",
                        null);
            }
        }
        for (TrainingJob.Stage stage : job.stages()) {
            if (!stage.joint().isEmpty() && stage.type() != StageType.PRETRAIN) {
                throw new JobFailedException(
                        "BAD_JOB",
                        "only a pretrain stage trains tasks jointly, not " + stage.type(),
                        null);
            }
            for (TrainingJob.Joint j : stage.joint()) {
                if (j.cases() < 1) {
                    throw new JobFailedException(
                            "BAD_JOB",
                            "joint task " + j.task() + " asks for " + j.cases() + " cases",
                            null);
                }
            }
        }
        scoring(job);
        if (job.stages().get(0).type() != StageType.PRETRAIN) {
            throw new JobFailedException(
                    "BAD_JOB",
                    "the first stage must be pretrain, was " + job.stages().get(0).type(),
                    null);
        }
    }

    /** A score stage ends a scoring job on its target, and a scoring job ends with one. */
    private static void scoring(TrainingJob job) {
        List<TrainingJob.Stage> stages = job.stages();
        TrainingJob.Stage last = stages.get(stages.size() - 1);
        boolean scoring = job.kind() == JobKind.SCORE;
        for (int k = 0; k < stages.size(); k++) {
            TrainingJob.Stage stage = stages.get(k);
            boolean placed = scoring && k == stages.size() - 1 && stage.task().equals(job.target());
            if (stage.type() == StageType.SCORE && !placed) {
                throw new JobFailedException(
                        "BAD_JOB",
                        "a score stage must be the last stage, on the target, of a score job;"
                                + " stage "
                                + k
                                + " of "
                                + job.kind()
                                + " job "
                                + job.jobId()
                                + " is one",
                        null);
            }
        }
        if (scoring && last.type() != StageType.SCORE) {
            throw new JobFailedException(
                    "BAD_JOB",
                    "a score job ends with a score stage on its target, not " + last.type(),
                    null);
        }
    }
}
