package io.ostflow.trainer.model;

import io.ostflow.trainer.augment.Augmentation;

/**
 * A {@link TrainingSettings} built setting by setting: a mutable copy of every field; {@link
 * #build()} validates.
 */
public final class TrainingSettingsBuilder {
    private int dimensions;
    private int[] patch;
    private int levels;
    private int baseChannels;
    private boolean deepSupervision;
    private int batchSize;
    private OptimizerKind optimizer;
    private float learningRate;
    private int pretrainSteps;
    private int finetuneSteps;
    private int targetSteps;
    private FineTuning fineTuning;
    private int targetValidationCases;
    private double foregroundFraction;
    private Augmentation augmentation;
    private int reportEvery;
    private int validationCases;
    private double overlap;
    private boolean mirrorAtTest;
    private long seed;

    TrainingSettingsBuilder(TrainingSettings s) {
        dimensions = s.dimensions();
        patch = s.patch();
        levels = s.levels();
        baseChannels = s.baseChannels();
        deepSupervision = s.deepSupervision();
        batchSize = s.batchSize();
        optimizer = s.optimizer();
        learningRate = s.learningRate();
        pretrainSteps = s.pretrainSteps();
        finetuneSteps = s.finetuneSteps();
        targetSteps = s.targetSteps();
        fineTuning = s.fineTuning();
        targetValidationCases = s.targetValidationCases();
        foregroundFraction = s.foregroundFraction();
        augmentation = s.augmentation();
        reportEvery = s.reportEvery();
        validationCases = s.validationCases();
        overlap = s.overlap();
        mirrorAtTest = s.mirrorAtTest();
        seed = s.seed();
    }

    public TrainingSettingsBuilder dimensions(int v) {
        dimensions = v;
        return this;
    }

    public TrainingSettingsBuilder patch(int... v) {
        patch = v.clone();
        return this;
    }

    public TrainingSettingsBuilder levels(int v) {
        levels = v;
        return this;
    }

    public TrainingSettingsBuilder baseChannels(int v) {
        baseChannels = v;
        return this;
    }

    public TrainingSettingsBuilder deepSupervision(boolean v) {
        deepSupervision = v;
        return this;
    }

    public TrainingSettingsBuilder batchSize(int v) {
        batchSize = v;
        return this;
    }

    public TrainingSettingsBuilder optimizer(OptimizerKind v) {
        optimizer = v;
        return this;
    }

    public TrainingSettingsBuilder learningRate(float v) {
        learningRate = v;
        return this;
    }

    public TrainingSettingsBuilder pretrainSteps(int v) {
        pretrainSteps = v;
        return this;
    }

    public TrainingSettingsBuilder finetuneSteps(int v) {
        finetuneSteps = v;
        return this;
    }

    /** Steps of every stage on the target; {@link #SAME_AS_PRETRAIN} for the pre-training's. */
    public TrainingSettingsBuilder targetSteps(int v) {
        targetSteps = v;
        return this;
    }

    public TrainingSettingsBuilder fineTuning(FineTuning v) {
        fineTuning = v;
        return this;
    }

    public TrainingSettingsBuilder targetValidationCases(int v) {
        targetValidationCases = v;
        return this;
    }

    public TrainingSettingsBuilder foregroundFraction(double v) {
        foregroundFraction = v;
        return this;
    }

    public TrainingSettingsBuilder augmentation(Augmentation v) {
        augmentation = v;
        return this;
    }

    public TrainingSettingsBuilder reportEvery(int v) {
        reportEvery = v;
        return this;
    }

    public TrainingSettingsBuilder validationCases(int v) {
        validationCases = v;
        return this;
    }

    public TrainingSettingsBuilder overlap(double v) {
        overlap = v;
        return this;
    }

    public TrainingSettingsBuilder mirrorAtTest(boolean v) {
        mirrorAtTest = v;
        return this;
    }

    public TrainingSettingsBuilder seed(long v) {
        seed = v;
        return this;
    }

    /** The current augmentation, to derive a changed one from. */
    public Augmentation augmentation() {
        return augmentation;
    }

    public TrainingSettings build() {
        return new TrainingSettings(
                dimensions,
                patch,
                levels,
                baseChannels,
                deepSupervision,
                batchSize,
                optimizer,
                learningRate,
                pretrainSteps,
                finetuneSteps,
                targetSteps,
                fineTuning,
                targetValidationCases,
                foregroundFraction,
                augmentation,
                reportEvery,
                validationCases,
                overlap,
                mirrorAtTest,
                seed);
    }
}
