package io.ostflow.common.events;

import java.time.Instant;
import java.util.List;

/**
 * A training job (docs/algorithm.md section 8). Its id is a hash of (target, path, plan version,
 * kind), so the same plan never yields two jobs.
 *
 * @param jobId job id
 * @param target the target task
 * @param kind {@code sequential}, {@code direct} or {@code scratch}
 * @param planVersion the plan version it comes from
 * @param stages what to do, in order
 * @param seed seed shared by the three kinds of one target (same split, same initialisation)
 * @param createdAt when it was enqueued
 */
public record TrainingJob(
        String jobId,
        String target,
        String kind,
        long planVersion,
        List<Stage> stages,
        long seed,
        Instant createdAt) {
    public static final String SEQUENTIAL = "sequential";
    public static final String DIRECT = "direct";
    public static final String SCRATCH = "scratch";

    /**
     * One stage.
     *
     * @param type {@code pretrain}, {@code finetune} (encoder frozen) or {@code evaluate}
     * @param task the task trained or evaluated on
     * @param cases at most this many labelled cases (0 for evaluate: all held-out cases)
     */
    public record Stage(String type, String task, int cases) {}
}
