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
 */
public record TrainingJob(
        String jobId,
        String target,
        JobKind kind,
        long planVersion,
        List<Stage> stages,
        long seed,
        Instant createdAt) {
    /**
     * One stage.
     *
     * @param type pretrain, finetune (encoder frozen) or evaluate
     * @param task the task trained or evaluated on
     * @param cases at most this many labelled cases (0 for evaluate: all held-out cases)
     */
    public record Stage(StageType type, String task, int cases) {}
}
