package io.ostflow.trainer.service;

import ai.djl.Device;
import io.ostflow.common.Role;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.testing.PhantomTasks;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.model.TrainingSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Phantom sites uploaded to the real S3 server, and the FLAIR-ED tasks the ingest-worker would
 * register for them.
 */
final class TrainingFixtures {
    private static final AtomicInteger RUNS = new AtomicInteger();
    static final int[] SHAPE = {32, 32, 24};

    final Map<String, TaskRegistered> tasks = new HashMap<>();
    final String source1;
    final String source2;
    final String target;

    TrainingFixtures(LocalStack stack, Path dir) {
        String prefix = "tr" + ProcessHandle.current().pid() + "x" + RUNS.incrementAndGet();
        source1 = register(stack, dir.resolve("s1"), prefix + "a", Role.SOURCE, 11);
        source2 = register(stack, dir.resolve("s2"), prefix + "b", Role.SOURCE, 12);
        target = register(stack, dir.resolve("t"), prefix + "t", Role.TARGET, 13);
    }

    /**
     * The tiny sequential job: pre-train on source 1, fine-tune on source 2 and the target, trained
     * on {@code seed} (a job's seed decides its training).
     */
    TrainingJob sequentialJob(String id, long seed) {
        return job(
                id,
                JobKind.SEQUENTIAL,
                seed,
                new TrainingJob.Stage(StageType.PRETRAIN, source1, 60),
                new TrainingJob.Stage(StageType.FINETUNE, source2, 3),
                new TrainingJob.Stage(StageType.FINETUNE, target, 3),
                new TrainingJob.Stage(StageType.EVALUATE, target, 0));
    }

    /** The tiniest job: train from scratch on 3 of the target's cases, then evaluate. */
    TrainingJob scratchJob(String id) {
        return job(
                id,
                JobKind.SCRATCH,
                1,
                new TrainingJob.Stage(StageType.PRETRAIN, target, 3),
                new TrainingJob.Stage(StageType.EVALUATE, target, 0));
    }

    /** A job of the target's, plan version 1. */
    private TrainingJob job(String id, JobKind kind, long seed, TrainingJob.Stage... stages) {
        return new TrainingJob(id, target, kind, 1, List.of(stages), seed, Instant.now());
    }

    /** Mean Dice of a freshly initialised network on the target's held-out cases. */
    double untrainedDice(LocalStack stack, TrainingSettings settings) {
        CaseSource source = new CaseSource(stack.objectStore(), ObjectKeys.LANDING_BUCKET);
        TaskRegistered t = tasks.get(target);
        try (SegmentationModel fresh = new SegmentationModel(settings, Device.cpu())) {
            return SegmentationModel.meanDice(
                    fresh.evaluate(source.cases(t, t.evaluationCases(), true)));
        }
    }

    Optional<TaskRegistered> task(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    private String register(LocalStack stack, Path dir, String site, Role role, long seed) {
        TaskRegistered task = PhantomTasks.register(stack, dir, site, role, seed, SHAPE);
        tasks.put(task.task().toString(), task);
        return task.task().toString();
    }
}
