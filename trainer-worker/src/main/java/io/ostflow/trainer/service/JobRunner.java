package io.ostflow.trainer.service;

import io.ostflow.common.Json;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageResult;
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
import io.ostflow.trainer.service.StagePlans.JointPlan;
import io.ostflow.trainer.service.StagePlans.StagePlan;
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
 * <p>Over 500 lines, too long: the stage loop, reuse, the stage outcomes, LEEP, the final
 * validation and the resume state still live here; the cases, validation and schedule of each stage
 * moved to {@link StagePlans}, the model card and the shared stages live in {@link ModelCard} and
 * {@link StageStore}. The resume state and LEEP are the next to move (#30).
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
     * @param validationDice the final model's Dice on the target's validation cases, once evaluated
     * @param outcomes how each finished training stage went (null in states of older runs)
     */
    public record JobState(
            int completedStages,
            List<Double> stageSeconds,
            Double dice,
            Double iou,
            List<Integer> reusedStages,
            Double leep,
            Double validationDice,
            List<StageResult> outcomes) {
        public JobState {
            reusedStages = reusedStages == null ? List.of() : List.copyOf(reusedStages);
            outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
        }

        static JobState fresh() {
            return new JobState(0, List.of(), null, null, List.of(), null, null, List.of());
        }
    }

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
        List<StagePlan> plans = new StagePlans(settings).of(job, stageTasks, tasks);
        JobState state = readState(job.jobId()).orElse(JobState.fresh());
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
            Double validationDice = state.validationDice();
            List<StageResult> outcomes = new ArrayList<>(state.outcomes());
            for (int k = state.completedStages(); k < job.stages().size(); k++) {
                long start = System.nanoTime();
                TrainingJob.Stage stage = job.stages().get(k);
                TaskRegistered task = stageTasks.get(k);
                byte[] weights;
                if (stage.type().trains()) {
                    final int index = k;
                    StagePlan plan = plans.get(k);
                    SegmentationModel.StageOutcome[] trained = {null};
                    StageStore.Weights obtained =
                            obtain(
                                    plan,
                                    job,
                                    () -> {
                                        trained[0] = train(model, job, index, task, plan, progress);
                                        keepOutcome(plan, trained[0]);
                                        return model.save();
                                    });
                    boolean wasReused = obtained.source() == StageStore.Source.REUSED;
                    if (wasReused) {
                        model.load(obtained.bytes());
                        reused.add(k);
                    }
                    outcomes.add(
                            StageResults.of(
                                    k,
                                    stage,
                                    plan,
                                    model.network().trainedParameters(plan.frozen()),
                                    wasReused ? storedOutcome(plan) : trained[0],
                                    wasReused));
                    weights = obtained.bytes();
                    if (k == 0 && measuresLeep(job)) {
                        leep = leep(model, stageTasks.get(1), plans.get(1));
                    }
                } else {
                    double[] mean = mean(model.evaluate(evaluationCases(task)));
                    dice = mean[0];
                    iou = mean[1];
                    validationDice = validate(model, task, targetValidation(job, plans));
                    weights = model.save();
                }
                seconds.add((System.nanoTime() - start) / 1e9);
                store.put(
                        modelsBucket,
                        checkpoint(job.jobId(), k),
                        weights,
                        "application/octet-stream");
                writeState(
                        job.jobId(),
                        new JobState(
                                k + 1, seconds, dice, iou, reused, leep, validationDice, outcomes));
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
                            .withLeep(leep)
                            .withStages(validationDice, outcomes);
            writeCard(job, stageTasks, plans, completed);
            return completed;
        } catch (CaseSource.DataMissingException e) {
            throw new JobFailedException("DATA_MISSING", e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new JobFailedException(
                    "OUT_OF_MEMORY", "the job needs more memory than the worker has", e);
        }
    }

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

    /** A direct job: a source's pre-training, then the target's fine-tuning. */
    static boolean measuresLeep(TrainingJob job) {
        List<TrainingJob.Stage> stages = job.stages();
        return job.kind() == JobKind.DIRECT
                && stages.size() > 1
                && stages.get(1).type() == StageType.FINETUNE
                && stages.get(1).task().equals(job.target())
                && !stages.get(0).task().equals(job.target());
    }

    /**
     * LEEP of the source model on the target's labelled cases of the job: those its fine-tuning
     * trains and validates on (never the held-out ones).
     */
    private double leep(SegmentationModel model, TaskRegistered target, StagePlan fineTuning) {
        List<float[]> logits = new ArrayList<>();
        List<float[]> masks = new ArrayList<>();
        List<String> labelled = new ArrayList<>(fineTuning.cases());
        labelled.addAll(fineTuning.validation());
        for (CaseVolume volume : cases.cases(target, labelled, false)) {
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

    /**
     * One training stage on its plan's schedule (a new head first where the plan says so). Each
     * stage draws its patches from its own seed, so a resumed job trains as an uninterrupted one
     * would. Returns how the stage went; the model ends with the kept checkpoint.
     */
    private SegmentationModel.StageOutcome train(
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
        long seed = settings.seed() * 1_000_003L + index;
        if (plan.schedule().newHead()) {
            model.resetHead(seed);
        }
        StageKey.Schedule schedule = plan.schedule();
        return model.train(
                training,
                validation.isEmpty() ? List.of() : cases.cases(task, validation, false),
                new SegmentationModel.Schedule(
                        schedule.steps(),
                        schedule.freezeEncoder(),
                        schedule.learningRate(),
                        schedule.warmupSteps()),
                seed,
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
    }

    /** Keeps a trained stage's outcome beside its shared weights, for the jobs that reuse it. */
    private void keepOutcome(StagePlan plan, SegmentationModel.StageOutcome outcome) {
        if (stages != null) {
            try {
                stages.putOutcome(plan.key(), Json.mapper().writeValueAsBytes(outcome));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The outcome its first training recorded for a reused stage, if any. */
    private SegmentationModel.StageOutcome storedOutcome(StagePlan plan) {
        if (stages == null) {
            return null;
        }
        try {
            Optional<byte[]> bytes = stages.outcome(plan.key());
            return bytes.isEmpty()
                    ? null
                    : Json.mapper().readValue(bytes.get(), SegmentationModel.StageOutcome.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** The validation cases of the job's last stage on the target (empty without one). */
    private static List<String> targetValidation(TrainingJob job, List<StagePlan> plans) {
        List<String> validation = List.of();
        for (int k = 0; k < plans.size(); k++) {
            if (plans.get(k) != null && job.stages().get(k).task().equals(job.target())) {
                validation = plans.get(k).validation();
            }
        }
        return validation;
    }

    /** Mean Dice of the final model on the target's validation cases; null without any. */
    private Double validate(SegmentationModel model, TaskRegistered target, List<String> ids) {
        return ids.isEmpty()
                ? null
                : SegmentationModel.meanDice(model.evaluate(cases.cases(target, ids, false)));
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

    private List<CaseVolume> evaluationCases(TaskRegistered task) {
        return cases.cases(task, evaluationCaseIds(task), !task.evaluationCases().isEmpty());
    }

    /** The held-out cases, else the last quarter of the training cases. */
    static List<String> evaluationCaseIds(TaskRegistered task) {
        return StagePlans.evaluationCaseIds(task);
    }

    /**
     * The first n of the task's training cases; on the target without held-out cases, never the
     * fixed evaluation split.
     */
    static List<String> trainingCases(TaskRegistered task, String target, int n) {
        return StagePlans.trainingCases(task, target, n);
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
