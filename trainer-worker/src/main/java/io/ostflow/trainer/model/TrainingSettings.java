package io.ostflow.trainer.model;

import io.ostflow.trainer.augment.Augmentation;
import java.util.Arrays;

/**
 * The training recipe of every stage (docs/algorithm.md, training; docs/trainer.md): the same for
 * the three kinds of one target. Two named profiles: {@link #defaults()}, meant to give good
 * models, and {@link #quick()}, for smoke runs, the demo and tests.
 *
 * <p>{@link TrainingSettingsBuilder} changes one setting at a time.
 *
 * @param dimensions 2 (axial slices) or 3 (boxes)
 * @param patch patch size in voxels of the case's own grid: x, y (2-D) or x, y, z (3-D), each
 *     divisible by 2^(levels-1); cases smaller than the patch are padded
 * @param levels U-Net resolution levels
 * @param baseChannels channels of the first level, doubled per level down
 * @param deepSupervision also train on the logits of the lower decoder levels
 * @param batchSize patches per step
 * @param optimizer Adam or SGD with Nesterov momentum, both with a poly decay to 0
 * @param learningRate initial learning rate (the paper's 0.01)
 * @param pretrainSteps optimiser steps of a pre-training stage
 * @param finetuneSteps optimiser steps of a fine-tuning stage on an intermediate task
 * @param targetSteps optimiser steps of every stage on the target: scratch's training and each
 *     transfer's last fine-tuning, so that every kind trains the target equally long ({@link
 *     #SAME_AS_PRETRAIN}: the pre-training's steps)
 * @param fineTuning how a fine-tuning stage trains (what learns, rate, warm-up, head)
 * @param targetValidationCases labelled cases of the target beyond its training budget that its
 *     stages validate on (at step 0 and every {@code reportEvery} steps; the best checkpoint is
 *     kept); where it has none to spare, the budget's last case validates instead (never with a
 *     budget of one case)
 * @param foregroundFraction share of every batch centred on the objective (nnU-Net: 0.33)
 * @param augmentation on-the-fly augmentation
 * @param reportEvery steps between progress reports (mean loss, validation Dice)
 * @param validationCases cases of a stage's task beyond those it trains on, used to keep the
 *     checkpoint with the best validation Dice (0: none; never the target's evaluation cases)
 * @param overlap sliding-window overlap at inference, in [0, 1)
 * @param mirrorAtTest test-time mirroring along every spatial axis
 * @param seed seed of initialisation, sampling and augmentation
 */
public record TrainingSettings(
        int dimensions,
        int[] patch,
        int levels,
        int baseChannels,
        boolean deepSupervision,
        int batchSize,
        OptimizerKind optimizer,
        float learningRate,
        int pretrainSteps,
        int finetuneSteps,
        int targetSteps,
        FineTuning fineTuning,
        int targetValidationCases,
        double foregroundFraction,
        Augmentation augmentation,
        int reportEvery,
        int validationCases,
        double overlap,
        boolean mirrorAtTest,
        long seed) {

    /** {@code targetSteps}: as many as a pre-training. */
    public static final int SAME_AS_PRETRAIN = -1;

    public TrainingSettings {
        if (dimensions != 2 && dimensions != 3) {
            throw new IllegalArgumentException("dimensions must be 2 or 3, was " + dimensions);
        }
        if (levels < 2 || levels > 7) {
            throw new IllegalArgumentException("levels must be between 2 and 7, was " + levels);
        }
        if (patch == null || patch.length != dimensions) {
            throw new IllegalArgumentException(
                    dimensions
                            + "-D training needs "
                            + dimensions
                            + " patch sizes, was "
                            + Arrays.toString(patch));
        }
        int divisor = 1 << (levels - 1);
        for (int size : patch) {
            if (size < divisor || size % divisor != 0) {
                throw new IllegalArgumentException(
                        "patch size "
                                + Arrays.toString(patch)
                                + " must be divisible by 2^(levels-1) = "
                                + divisor);
            }
        }
        if (baseChannels < 1
                || batchSize < 1
                || pretrainSteps < 0
                || finetuneSteps < 0
                || reportEvery < 1
                || validationCases < 0
                || targetValidationCases < 0
                || (targetSteps < 0 && targetSteps != SAME_AS_PRETRAIN)) {
            throw new IllegalArgumentException(
                    "channels, batch size and report interval must be positive; steps and"
                            + " validation cases not negative");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException(
                    "learningRate must be positive, was " + learningRate);
        }
        if (!(foregroundFraction >= 0 && foregroundFraction <= 1)) {
            throw new IllegalArgumentException("foregroundFraction must be in [0, 1]");
        }
        if (!(overlap >= 0 && overlap < 1)) {
            throw new IllegalArgumentException("overlap must be in [0, 1), was " + overlap);
        }
        if (optimizer == null || augmentation == null || fineTuning == null) {
            throw new IllegalArgumentException(
                    "optimizer, augmentation and fine-tuning are required");
        }
        patch = patch.clone();
    }

    /**
     * The default recipe, meant to give good models: 2-D, 64 x 64 patches, a 4-level U-Net of 16
     * base channels, batch 8 (a third on the objective), Adam at 0.003 with poly decay (the paper's
     * 0.01 left the necrotic core unlearnt here: docs/benchmarks.md), 1,500 pre-training and 250
     * fine-tuning steps, nnU-Net's mirroring and brightness augmentation (its full set is one
     * setting per augmentation away: {@link Augmentation#nnUNet}), sliding windows with half
     * overlap and test-time mirroring.
     */
    public static TrainingSettings defaults() {
        return new TrainingSettings(
                2,
                new int[] {64, 64},
                4,
                16,
                false,
                8,
                OptimizerKind.ADAM,
                0.003f,
                1500,
                250,
                SAME_AS_PRETRAIN,
                FineTuning.defaults(),
                2,
                0.33,
                Augmentation.mirrorAndBrightness(2),
                50,
                0,
                0.5,
                true,
                42);
    }

    /**
     * The quick profile, for smoke runs, the demo and tests: the default recipe on 48 x 48 patches
     * in batches of 4 (a quarter of the cost of a step), 150 pre-training and 60 fine-tuning steps
     * (80 lowered the demo's direct and sequential Dice: docs/results.md), no test-time mirroring
     * (it made each demo job about twice as long).
     */
    public static TrainingSettings quick() {
        return defaults().toBuilder()
                .patch(48, 48)
                .batchSize(4)
                .pretrainSteps(150)
                .finetuneSteps(60)
                .mirrorAtTest(false)
                .build();
    }

    /** A profile by name: {@code default} or {@code quick}. */
    public static TrainingSettings profile(String name) {
        return switch (name) {
            case "default" -> defaults();
            case "quick" -> quick();
            default ->
                    throw new IllegalArgumentException(
                            "ostflow.trainer.profile must be default or quick, was " + name);
        };
    }

    /** A builder starting from these settings. */
    public TrainingSettingsBuilder toBuilder() {
        return new TrainingSettingsBuilder(this);
    }

    public TrainingSettings withSteps(int pretrain, int finetune) {
        return toBuilder().pretrainSteps(pretrain).finetuneSteps(finetune).build();
    }

    public TrainingSettings withMirrorAtTest(boolean mirror) {
        return toBuilder().mirrorAtTest(mirror).build();
    }

    public TrainingSettings withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    /**
     * The same recipe in 3-D: 48 x 48 x 32 boxes, batch 2, nnU-Net's 3-D rotation range (a 3-D step
     * costs about as much as a 2-D step of batch 8 here).
     */
    public TrainingSettings in3d() {
        return toBuilder()
                .dimensions(3)
                .patch(48, 48, 32)
                .batchSize(2)
                .augmentation(augmentation.withMaxDegrees(Augmentation.nnUNet(3).maxDegrees()))
                .build();
    }

    @Override
    public int[] patch() {
        return patch.clone();
    }

    /** Optimiser steps of a stage on the target, whatever its kind. */
    public int targetStageSteps() {
        return targetSteps == SAME_AS_PRETRAIN ? pretrainSteps : targetSteps;
    }

    /** The patch as x, y, z sizes (z = 1 in 2-D). */
    public int[] patch3() {
        return dimensions == 3 ? patch.clone() : new int[] {patch[0], patch[1], 1};
    }

    /** Spatial shape of one sample as a tensor's trailing axes: (y, x) or (z, y, x). */
    public long[] sampleShape() {
        return dimensions == 2
                ? new long[] {patch[1], patch[0]}
                : new long[] {patch[2], patch[1], patch[0]};
    }

    /** Voxels of one sample. */
    public int sampleVoxels() {
        int voxels = 1;
        for (int size : patch) {
            voxels *= size;
        }
        return voxels;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingSettings t && toString().equals(t.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "TrainingSettings[dimensions="
                + dimensions
                + ", patch="
                + Arrays.toString(patch)
                + ", levels="
                + levels
                + ", baseChannels="
                + baseChannels
                + ", deepSupervision="
                + deepSupervision
                + ", batchSize="
                + batchSize
                + ", optimizer="
                + optimizer
                + ", learningRate="
                + learningRate
                + ", pretrainSteps="
                + pretrainSteps
                + ", finetuneSteps="
                + finetuneSteps
                + ", targetSteps="
                + targetSteps
                + ", fineTuning="
                + fineTuning
                + ", targetValidationCases="
                + targetValidationCases
                + ", foregroundFraction="
                + foregroundFraction
                + ", augmentation="
                + augmentation
                + ", reportEvery="
                + reportEvery
                + ", validationCases="
                + validationCases
                + ", overlap="
                + overlap
                + ", mirrorAtTest="
                + mirrorAtTest
                + ", seed="
                + seed
                + "]";
    }
}
