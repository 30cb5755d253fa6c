package io.ostflow.trainer.service;

import io.ostflow.common.Json;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.events.TrainingProgress;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.data.CaseVolume;
import io.ostflow.trainer.model.Leep;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.model.TrainingSettings;
import io.ostflow.trainer.reuse.StageKey;
import io.ostflow.trainer.reuse.StageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one training job stage by stage (docs/algorithm.md, training): pre-train on the first task,
 * fine-tune the decoder with the encoder frozen on each next task, evaluate Dice and IoU on the
 * target's held-out cases. After every stage the parameters and the job state go to the models
 * bucket ({@code JOB/stage-K.params}, {@code JOB/state.json}), so a job picked up again after a
 * crash resumes after its last finished stage. With a {@link StageStore}, a training stage whose
 * {@link StageKey} another job already trained is loaded instead of trained again.
 *
 * <p>About 400 lines: the stage loop, its validation, the case selection and keying of each stage
 * kind, reuse and the resume state belong to one job's life cycle; the model card and the shared
 * stages live in {@link ModelCard} and {@link StageStore}.
 */
public final class JobRunner {
    private final TrainingSettings settings;
    private final ObjectStore store;
    private final String modelsBucket;
    private final CaseSource cases;
    private final String device;
    private final StageStore stages;
    private final String codeVersion;
    private final Clock clock;

    /** A runner that trains every stage of every job itself. */
    public JobRunner(
            TrainingSettings settings,
            ObjectStore store,
            String modelsBucket,
            CaseSource cases,
            String device) {
        this(settings, store, modelsBucket, cases, device, null);
    }

    /**
     * @param stages where trained stages are shared between jobs, or null to train every stage
     */
    public JobRunner(
            TrainingSettings settings,
            ObjectStore store,
            String modelsBucket,
            CaseSource cases,
            String device,
            StageStore stages) {
        this(
                settings,
                store,
                modelsBucket,
                cases,
                device,
                stages,
                "development",
                Clock.systemUTC());
    }

    /**
     * @param codeVersion the trainer's version, for the model cards
     */
    public JobRunner(
            TrainingSettings settings,
            ObjectStore store,
            String modelsBucket,
            CaseSource cases,
            String device,
            StageStore stages,
            String codeVersion,
            Clock clock) {
        this.settings = settings;
        this.store = store;
        this.modelsBucket = modelsBucket;
        this.cases = cases;
        this.device = device;
        this.stages = stages;
        this.codeVersion = codeVersion;
        this.clock = clock;
    }

    /** A job that cannot run; {@code reason} is a stable code. */
    public static final class JobFailedException extends RuntimeException {
        private final String reason;

        public JobFailedException(String reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * What the models bucket remembers of a job.
     *
     * @param reusedStages the stages loaded instead of trained (null in states of older runs)
     * @param leep a direct job's LEEP once its source stage is done, else null
     */
    public record JobState(
            int completedStages,
            List<Double> stageSeconds,
            Double dice,
            Double iou,
            List<Integer> reusedStages,
            Double leep) {
        public JobState {
            reusedStages = reusedStages == null ? List.of() : List.copyOf(reusedStages);
        }
    }

    /**
     * What a training stage trains on and how; determined by the job alone, so that its {@link
     * StageKey} can be computed before anything is trained.
     */
    record StagePlan(
            List<String> cases,
            List<String> validation,
            int steps,
            boolean frozen,
            StageKey key,
            List<JointPlan> joint) {}

    /** A task trained together with a stage's own, and the cases it brings. */
    record JointPlan(TaskRegistered task, List<String> cases) {}

    /**
     * Runs a job on its own seed: the job's seed (the planner's, or an audit's seed k) decides
     * initialisation, sampling and augmentation, so the same job trains the same model on any
     * trainer, whatever that trainer's own {@code seed} setting.
     *
     * @param tasks looks up a registered task by id
     * @param progress receives progress events
     */
    public TrainingCompleted run(
            TrainingJob job,
            Function<String, Optional<TaskRegistered>> tasks,
            Consumer<TrainingProgress> progress) {
        if (job.seed() != settings.seed()) {
            return new JobRunner(
                            settings.withSeed(job.seed()),
                            store,
                            modelsBucket,
                            cases,
                            device,
                            stages,
                            codeVersion,
                            clock)
                    .run(job, tasks, progress);
        }
        validate(job);
        List<TaskRegistered> stageTasks = new ArrayList<>();
        for (TrainingJob.Stage stage : job.stages()) {
            stageTasks.add(known(tasks, stage.task(), stage));
        }
        List<StagePlan> plans = plans(job, stageTasks, tasks);
        JobState state =
                readState(job.jobId())
                        .orElse(new JobState(0, List.of(), null, null, List.of(), null));
        try (SegmentationModel model =
                new SegmentationModel(settings, SegmentationModel.device(device))) {
            if (state.completedStages() > 0) {
                model.load(
                        store.get(
                                modelsBucket,
                                checkpoint(job.jobId(), state.completedStages() - 1)));
            }
            List<Double> seconds = new ArrayList<>(state.stageSeconds());
            List<Integer> reused = new ArrayList<>(state.reusedStages());
            Double dice = state.dice();
            Double iou = state.iou();
            Double leep = state.leep();
            for (int k = state.completedStages(); k < job.stages().size(); k++) {
                long start = System.nanoTime();
                TrainingJob.Stage stage = job.stages().get(k);
                TaskRegistered task = stageTasks.get(k);
                byte[] weights;
                if (stage.type().trains()) {
                    final int index = k;
                    StagePlan plan = plans.get(k);
                    StageStore.Weights obtained =
                            obtain(plan, job, () -> train(model, job, index, task, plan, progress));
                    if (obtained.source() == StageStore.Source.REUSED) {
                        model.load(obtained.bytes());
                        reused.add(k);
                    }
                    weights = obtained.bytes();
                    if (k == 0 && measuresLeep(job)) {
                        leep = leep(model, stageTasks.get(1), plans.get(1));
                    }
                } else {
                    double[] mean = mean(model.evaluate(evaluationCases(task)));
                    dice = mean[0];
                    iou = mean[1];
                    weights = model.save();
                }
                seconds.add((System.nanoTime() - start) / 1e9);
                store.put(
                        modelsBucket,
                        checkpoint(job.jobId(), k),
                        weights,
                        "application/octet-stream");
                writeState(job.jobId(), new JobState(k + 1, seconds, dice, iou, reused, leep));
            }
            TrainingCompleted completed =
                    new TrainingCompleted(
                                    job.jobId(),
                                    job.target(),
                                    job.kind(),
                                    dice == null ? Double.NaN : dice,
                                    iou == null ? Double.NaN : iou,
                                    model.device().getDeviceType(),
                                    seconds,
                                    checkpoint(job.jobId(), job.stages().size() - 1),
                                    reused)
                            .withLeep(leep);
            writeCard(job, stageTasks, plans, completed);
            return completed;
        } catch (CaseSource.DataMissingException e) {
            throw new JobFailedException("DATA_MISSING", e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new JobFailedException(
                    "OUT_OF_MEMORY", "the job needs more memory than the worker has", e);
        }
    }

    private static TaskRegistered known(
            Function<String, Optional<TaskRegistered>> tasks, String id, TrainingJob.Stage stage) {
        return tasks.apply(id)
                .orElseThrow(
                        () ->
                                new JobFailedException(
                                        "BAD_JOB",
                                        "unknown task " + id + " in stage " + stage.type(),
                                        null));
    }

    /** A direct job: a source's pre-training, then the target's fine-tuning. */
    static boolean measuresLeep(TrainingJob job) {
        List<TrainingJob.Stage> stages = job.stages();
        return job.kind() == JobKind.DIRECT
                && stages.size() > 1
                && stages.get(1).type() == StageType.FINETUNE
                && stages.get(1).task().equals(job.target())
                && !stages.get(0).task().equals(job.target());
    }

    /** LEEP of the source model on the cases the target's fine-tuning will train on. */
    private double leep(SegmentationModel model, TaskRegistered target, StagePlan fineTuning) {
        List<float[]> logits = new ArrayList<>();
        List<float[]> masks = new ArrayList<>();
        for (CaseVolume volume : cases.cases(target, fineTuning.cases(), false)) {
            logits.add(model.logits(volume));
            masks.add(volume.mask());
        }
        return Leep.of(logits, masks);
    }

    /** The weights of a training stage: shared ones if reuse is on, else trained here. */
    private StageStore.Weights obtain(StagePlan plan, TrainingJob job, Supplier<byte[]> train) {
        if (stages == null) {
            return new StageStore.Weights(train.get(), StageStore.Source.TRAINED);
        }
        return stages.obtain(plan.key(), job.jobId(), train);
    }

    /** The plan of every stage (null for an evaluation), each keyed by the chain before it. */
    private List<StagePlan> plans(
            TrainingJob job,
            List<TaskRegistered> stageTasks,
            Function<String, Optional<TaskRegistered>> tasks) {
        List<StagePlan> plans = new ArrayList<>();
        StageKey previous = null;
        for (int k = 0; k < job.stages().size(); k++) {
            TrainingJob.Stage stage = job.stages().get(k);
            if (!stage.type().trains()) {
                plans.add(null);
                continue;
            }
            TaskRegistered task = stageTasks.get(k);
            boolean frozen = stage.type() == StageType.FINETUNE;
            int steps = frozen ? settings.finetuneSteps() : settings.pretrainSteps();
            List<String> chosen = trainingCases(task, job.target(), stage.cases());
            List<String> validation =
                    validationCases(task, job.target(), chosen, settings.validationCases());
            List<JointPlan> joint = new ArrayList<>();
            List<StageKey.Joint> jointKeys = new ArrayList<>();
            for (TrainingJob.Joint j : stage.joint()) {
                TaskRegistered other = known(tasks, j.task(), stage);
                List<String> its = trainingCases(other, job.target(), j.cases());
                joint.add(new JointPlan(other, its));
                jointKeys.add(new StageKey.Joint(other, its));
            }
            previous =
                    StageKey.of(
                            previous,
                            settings,
                            k,
                            stage.type(),
                            task,
                            chosen,
                            validation,
                            steps,
                            jointKeys);
            plans.add(new StagePlan(chosen, validation, steps, frozen, previous, joint));
        }
        return plans;
    }

    /**
     * One training stage: a pre-training trains the whole network, a fine-tuning only the decoder.
     * Each stage draws its patches from its own seed, so a resumed job trains as an uninterrupted
     * one would. Returns the trained weights.
     */
    private byte[] train(
            SegmentationModel model,
            TrainingJob job,
            int index,
            TaskRegistered task,
            StagePlan plan,
            Consumer<TrainingProgress> progress) {
        List<String> validation = plan.validation();
        int stages = job.stages().size();
        List<CaseVolume> training = new ArrayList<>(cases.cases(task, plan.cases(), false));
        for (JointPlan j : plan.joint()) {
            training.addAll(cases.cases(j.task(), j.cases(), false));
        }
        model.train(
                training,
                validation.isEmpty() ? List.of() : cases.cases(task, validation, false),
                plan.steps(),
                plan.frozen(),
                settings.seed() * 1_000_003L + index,
                r ->
                        progress.accept(
                                new TrainingProgress(
                                        job.jobId(),
                                        index,
                                        r.step(),
                                        r.steps(),
                                        r.loss(),
                                        r.validationDice(),
                                        r.learningRate(),
                                        (index + (double) r.step() / Math.max(1, r.steps()))
                                                / stages,
                                        r.seconds()
                                                / settings.reportEvery()
                                                * (r.steps() - r.step()))));
        return model.save();
    }

    /**
     * Rejects, before any training, a job that could only fail later: no stages, a stage without a
     * type (an unknown one does not parse), a training stage without cases, or a first stage that
     * is not a pre-training.
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
            boolean training = stage.type().trains();
            if (training && stage.cases() < 1) {
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
        if (job.stages().get(0).type() != StageType.PRETRAIN) {
            throw new JobFailedException(
                    "BAD_JOB",
                    "the first stage must be pretrain, was " + job.stages().get(0).type(),
                    null);
        }
    }

    /**
     * The cases a stage trains on: the first n of the task's training cases; on the target without
     * held-out cases, never the fixed evaluation split.
     */
    static List<String> trainingCases(TaskRegistered task, String target, int n) {
        List<String> pool = task.cases();
        if (task.task().toString().equals(target) && task.evaluationCases().isEmpty()) {
            pool = pool.subList(0, pool.size() - evaluationSplit(pool.size()));
        }
        return pool.subList(0, Math.min(n, pool.size()));
    }

    /**
     * Up to {@code wanted} of the task's training cases that the stage does not train on, to pick
     * its best checkpoint; on the target never the fixed evaluation split.
     */
    static List<String> validationCases(
            TaskRegistered task, String target, List<String> training, int wanted) {
        List<String> pool = task.cases();
        if (task.task().toString().equals(target) && task.evaluationCases().isEmpty()) {
            pool = pool.subList(0, pool.size() - evaluationSplit(pool.size()));
        }
        return pool.stream().filter(c -> !training.contains(c)).limit(wanted).toList();
    }

    private List<CaseVolume> evaluationCases(TaskRegistered task) {
        return cases.cases(task, evaluationCaseIds(task), !task.evaluationCases().isEmpty());
    }

    /** The held-out cases, else the last quarter of the training cases. */
    static List<String> evaluationCaseIds(TaskRegistered task) {
        if (!task.evaluationCases().isEmpty()) {
            return task.evaluationCases();
        }
        List<String> all = task.cases();
        return all.subList(all.size() - evaluationSplit(all.size()), all.size());
    }

    /** The model card beside the final weights ({@link ModelCard}). */
    private void writeCard(
            TrainingJob job,
            List<TaskRegistered> stageTasks,
            List<StagePlan> plans,
            TrainingCompleted completed) {
        ModelCard card =
                ModelCard.of(
                        job, stageTasks, plans, completed, settings, codeVersion, clock.instant());
        try {
            store.put(
                    modelsBucket,
                    ModelCard.key(job.jobId()),
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(card),
                    "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last quarter of the training cases (at least one) is never trained on. */
    static int evaluationSplit(int cases) {
        return Math.max(1, (int) Math.ceil(cases / 4.0));
    }

    private static double[] mean(Map<String, double[]> perCase) {
        double dice = 0;
        double iou = 0;
        for (double[] m : perCase.values()) {
            dice += m[0] / perCase.size();
            iou += m[1] / perCase.size();
        }
        return new double[] {dice, iou};
    }

    /** The models-bucket key of the weights written after stage {@code stage} (from 0) of a job. */
    public static String checkpoint(String jobId, int stage) {
        return ObjectKeys.checkpoint(jobId, "stage-" + stage + ".params");
    }

    private Optional<JobState> readState(String jobId) {
        if (store.stat(modelsBucket, ObjectKeys.checkpoint(jobId, "state.json")).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    Json.mapper()
                            .readValue(
                                    store.get(
                                            modelsBucket,
                                            ObjectKeys.checkpoint(jobId, "state.json")),
                                    JobState.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void writeState(String jobId, JobState state) {
        try {
            store.put(
                    modelsBucket,
                    ObjectKeys.checkpoint(jobId, "state.json"),
                    Json.mapper().writeValueAsBytes(state),
                    "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The persisted state of a job, if any (for tests and operators). */
    public Optional<JobState> state(String jobId) {
        return readState(jobId);
    }
}
