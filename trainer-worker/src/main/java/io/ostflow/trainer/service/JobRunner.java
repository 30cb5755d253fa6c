package io.ostflow.trainer.service;

import io.ostflow.common.Json;
import io.ostflow.common.events.StageResult;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.events.TrainingProgress;
import io.ostflow.common.events.TransferabilityScore;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.model.Devices;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.model.TrainingSettings;
import io.ostflow.trainer.reuse.StageStore;
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

/**
 * Runs one training job stage by stage (docs/algorithm.md, training), orchestrating only: {@link
 * JobChecks} rejects a job that cannot run, {@link StagePlans} decides each stage's cases,
 * validation and schedule, {@link StageTrainer} obtains each training stage (shared or trained),
 * {@link Evaluator} measures the model, {@link JobStates} keeps the checkpoints and the resume
 * state after every stage, {@link ModelCard} describes the final model.
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
    private final JobStates states;
    private final StageTrainer trainer;
    private final Evaluator evaluator;

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
        this.states = new JobStates(store, modelsBucket);
        this.trainer = new StageTrainer(settings, cases, stages);
        this.evaluator = new Evaluator(cases);
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
        JobChecks.validate(job);
        List<TaskRegistered> stageTasks = new ArrayList<>();
        for (TrainingJob.Stage stage : job.stages()) {
            stageTasks.add(JobChecks.known(tasks, stage.task(), stage));
        }
        List<StagePlan> plans = new StagePlans(settings).of(job, stageTasks, tasks);
        try (SegmentationModel model = new SegmentationModel(settings, Devices.choose(device))) {
            TrainingCompleted completed = runStages(job, stageTasks, plans, model, progress);
            writeCard(job, stageTasks, plans, completed);
            return completed;
        } catch (CaseSource.DataMissingException e) {
            throw new JobFailedException("DATA_MISSING", e.getMessage(), e);
        } catch (CaseSource.DataChangedException e) {
            throw new JobFailedException("DATA_CHANGED", e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new JobFailedException(
                    "OUT_OF_MEMORY", "the job needs more memory than the worker has", e);
        }
    }

    /** Every stage not finished before, from the state a crashed run left. */
    private TrainingCompleted runStages(
            TrainingJob job,
            List<TaskRegistered> stageTasks,
            List<StagePlan> plans,
            SegmentationModel model,
            Consumer<TrainingProgress> progress) {
        JobState state = states.read(job.jobId()).orElse(JobState.fresh());
        if (state.completedStages() > 0) {
            model.load(states.weights(job.jobId(), state.completedStages() - 1));
        }
        List<Double> seconds = new ArrayList<>(state.stageSeconds());
        List<Integer> reused = new ArrayList<>(state.reusedStages());
        List<StageResult> outcomes = new ArrayList<>(state.outcomes());
        Double dice = state.dice();
        Double iou = state.iou();
        Double leep = state.leep();
        Map<String, Double> transferability = state.transferability();
        Double validationDice = state.validationDice();
        Map<String, Double> validationCases = state.validationCaseDice();
        for (int k = state.completedStages(); k < job.stages().size(); k++) {
            long start = System.nanoTime();
            TaskRegistered task = stageTasks.get(k);
            byte[] weights;
            if (job.stages().get(k).type().trains()) {
                StageTrainer.Obtained obtained =
                        trainer.obtain(model, job, k, task, plans.get(k), progress);
                if (obtained.reused()) {
                    reused.add(k);
                }
                outcomes.add(obtained.outcome());
                weights = obtained.weights();
                if (k == Evaluator.leepStage(job)) {
                    transferability =
                            evaluator.transferability(
                                    model, stageTasks.get(k + 1), plans.get(k + 1));
                    leep = transferability.get(TransferabilityScore.LEEP.wire());
                }
            } else if (job.stages().get(k).type() == StageType.SCORE) {
                transferability = evaluator.transferability(model, task, scoredCases(job, k, task));
                leep = transferability.get(TransferabilityScore.LEEP.wire());
                weights = model.save();
            } else {
                double[] heldOut = evaluator.heldOut(model, task);
                dice = heldOut[0];
                iou = heldOut[1];
                validationCases =
                        evaluator.validate(model, task, Evaluator.targetValidation(job, plans));
                validationDice = Evaluator.meanDice(validationCases);
                weights = model.save();
            }
            seconds.add((System.nanoTime() - start) / 1e9);
            states.finished(
                    job.jobId(),
                    k,
                    weights,
                    new JobState(
                            k + 1,
                            seconds,
                            dice,
                            iou,
                            reused,
                            leep,
                            validationDice,
                            outcomes,
                            validationCases,
                            transferability));
        }
        return new TrainingCompleted(
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
                .withTransferability(transferability)
                .withStages(validationDice, outcomes)
                .withValidationCases(validationCases);
    }

    /** The target's cases a score stage reads: what a fine-tuning of its budget would. */
    private StagePlans.Split scoredCases(TrainingJob job, int k, TaskRegistered target) {
        return new StagePlans(settings).split(target, job.target(), job.stages().get(k).cases());
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
        new CardLineage(store, modelsBucket).record(card);
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

    /** The models-bucket key of the weights written after stage {@code stage} (from 0) of a job. */
    public static String checkpoint(String jobId, int stage) {
        return JobStates.checkpoint(jobId, stage);
    }

    /** Keeps a job's final result (as published) beside its state. */
    public void remember(TrainingCompleted completed) {
        states.result(completed);
    }

    /** The result a finished job published, if it was kept. */
    public Optional<TrainingCompleted> storedResult(String jobId) {
        return states.result(jobId);
    }

    /** The persisted state of a job, if any (for tests and operators). */
    public Optional<JobState> state(String jobId) {
        return states.read(jobId);
    }
}
