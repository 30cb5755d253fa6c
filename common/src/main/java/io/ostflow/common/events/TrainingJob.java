package io.ostflow.common.events;

import java.time.Instant;
import java.util.List;

/**
 * A training job (docs/algorithm.md section 8). Its id is a hash of (target, path, plan version,
 * kind), so the same plan never yields two jobs.
 *
 * @param jobId job id
 * @param target the target task
 * @param kind sequential, direct or scratch
 * @param planVersion the plan version it comes from
 * @param stages what to do, in order
 * @param seed seed shared by the three kinds of one target (same split, same initialisation)
 * @param createdAt when it was enqueued
 * @param audit the audit that asked for it, or null for a plan's own job (only a plan's sequential
 *     job writes the target's predictions)
 */
public record TrainingJob(
        String jobId,
        String target,
        JobKind kind,
        long planVersion,
        List<Stage> stages,
        long seed,
        Instant createdAt,
        String audit) {

    /** A plan's own job, asked for by no audit. */
    public TrainingJob(
            String jobId,
            String target,
            JobKind kind,
            long planVersion,
            List<Stage> stages,
            long seed,
            Instant createdAt) {
        this(jobId, target, kind, planVersion, stages, seed, createdAt, null);
    }

    /** True for a job of an audit, false for a plan's own job. */
    public boolean audited() {
        return audit != null;
    }

    /**
     * One stage.
     *
     * @param type pretrain, finetune (encoder frozen) or evaluate
     * @param task the task trained or evaluated on
     * @param cases at most this many labelled cases (0 for evaluate: all held-out cases)
     * @param joint further tasks a pre-training trains on together with {@code task}, as one
     *     training set (the multi-task baseline); empty for every other stage
     */
    public record Stage(StageType type, String task, int cases, List<Joint> joint) {
        public Stage {
            joint = joint == null ? List.of() : List.copyOf(joint);
        }

        /** A stage on one task. */
        public Stage(StageType type, String task, int cases) {
            this(type, task, cases, List.of());
        }
    }

    /**
     * A task trained jointly with a stage's own.
     *
     * @param task the task
     * @param cases at most this many of its labelled cases
     */
    public record Joint(String task, int cases) {}
}
