package io.ostflow.trainer.config;

import io.ostflow.common.config.S3Config;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Every setting of the trainer-worker (docs/configuration.md has the table). */
@ConfigMapping(prefix = "ostflow")
public interface TrainerConfig {

    /** Object store. */
    S3Config s3();

    /** Training. */
    Trainer trainer();

    /**
     * Probabilities per training sample; default: the recipe's (mirroring and brightness),
     * nnU-Net's values beside them in docs/configuration.md.
     */
    interface AugmentationConfig {
        /** Flip along each spatial axis; default 0.5. */
        OptionalDouble mirror();

        /** Rotate; default 0 (nnU-Net: 0.2). */
        OptionalDouble rotation();

        /** Largest rotation angle in degrees; default 180 (2d) or 30 (3d). */
        OptionalDouble maxDegrees();

        /** Scale by a factor in [0.7, 1.4]; default 0 (nnU-Net: 0.2). */
        OptionalDouble scaling();

        /** Gaussian noise; default 0 (nnU-Net: 0.1). */
        OptionalDouble noise();

        /** Gaussian blur; default 0 (nnU-Net: 0.2). */
        OptionalDouble blur();

        /** Brightness; default 0.15. */
        OptionalDouble brightness();

        /** Contrast; default 0 (nnU-Net: 0.15). */
        OptionalDouble contrast();

        /** Gamma; default 0 (nnU-Net: 0.3). */
        OptionalDouble gamma();
    }

    /**
     * How fine-tuning stages train; default: the paper's (decoder only, recipe rate, head kept).
     */
    interface FineTuningConfig {
        /**
         * What a fine-tuning stage trains: decoder (encoder frozen) or whole-network; default
         * decoder.
         */
        Optional<String> scope();

        /** Fine-tuning stages' initial learning rate as a multiple of the recipe's; default 1. */
        Optional<Float> rateFactor();

        /** Steps of linear warm-up at the start of a fine-tuning stage; default 0. */
        OptionalInt warmupSteps();

        /**
         * When a fine-tuning stage re-initialises the output head: keep, objective-change or
         * target; default target.
         */
        Optional<String> newHead();
    }

    interface Trainer {
        /** auto (GPU when the engine sees one), cpu or gpu. */
        @WithDefault("auto")
        String device();

        /** The recipe every key below overrides: default (good models) or quick (smoke runs). */
        @WithDefault("default")
        String profile();

        /** 2d (axial slices) or 3d (boxes); default: the profile's (2d). */
        Optional<String> mode();

        /**
         * Patch size in voxels, x,y (2d) or x,y,z (3d), each divisible by 2^(levels-1); default:
         * the profile's (64,64; quick: 48,48; 3d: 48,48,32).
         */
        Optional<List<Integer>> patchSize();

        /**
         * Share trained stages between jobs: a stage whose key (recipe, seed, earlier stages, task,
         * dataset version, cases) was trained before is loaded from the models bucket.
         */
        @WithDefault("true")
        boolean reuseStages();

        /** How long a job waits for a stage that another job claimed before training it itself. */
        @WithDefault("2h")
        Duration stagePatience();

        /**
         * How long a job's lease lasts without renewal: another trainer that receives the job after
         * a rebalance waits while the lease is live, and takes the job over once it is not.
         */
        @WithDefault("60s")
        Duration jobLease();

        /**
         * Attempts at a job while the object store cannot answer (it resumes from its last finished
         * stage), before its record is dead-lettered with the reason; never a failure.
         */
        @WithDefault("4")
        int storageAttempts();

        /** Wait before the second such attempt; doubled before each next one. */
        @WithDefault("5s")
        Duration storageBackoff();

        /**
         * After each plan job, segment the target site's unlabelled and held-out cases with its
         * model into {@code predictions/SITE/TASK/JOB/CASE.nii.gz} of the models bucket.
         */
        @WithDefault("true")
        boolean predict();

        /** Jobs one worker runs at the same time (each on its own model). */
        @WithDefault("1")
        int concurrency();

        /** U-Net resolution levels; default: the profile's (4). */
        OptionalInt levels();

        /** Channels of the first U-Net level; default: the profile's (16). */
        OptionalInt baseChannels();

        /** Also train on the lower decoder levels' logits; default: the profile's (false). */
        Optional<Boolean> deepSupervision();

        /** Patches per optimiser step; default: the profile's (8; quick: 4; 3d: 2). */
        OptionalInt batchSize();

        /** adam or sgd-nesterov (momentum 0.99), both with poly decay; default: adam. */
        Optional<String> optimizer();

        /** Initial learning rate; default: the profile's (0.003). */
        Optional<Float> learningRate();

        /** Optimiser steps of a pre-training stage; default: the profile's (1500; quick: 150). */
        OptionalInt pretrainSteps();

        /**
         * Optimiser steps of a fine-tuning stage on an intermediate task; default: the profile's
         * (250; quick: 60).
         */
        OptionalInt finetuneSteps();

        /**
         * Optimiser steps of every stage on the target, whatever the job's kind (scratch's
         * training, a transfer's last fine-tuning); default: as many as a pre-training.
         */
        OptionalInt targetSteps();

        /**
         * Labelled cases of the target beyond its training budget that its stages validate on (at
         * step 0 and every report; the best checkpoint is kept); with none to spare, the budget's
         * last case validates instead; default 2.
         */
        OptionalInt targetValidationCases();

        /** How fine-tuning stages train. */
        FineTuningConfig fineTuning();

        /** Share of every batch centred on the objective; default: the profile's (0.33). */
        OptionalDouble foregroundFraction();

        /** Steps between progress reports and validations; default: the profile's (50). */
        OptionalInt reportEvery();

        /**
         * Cases of a stage's task it does not train on, used to keep the best checkpoint by Dice;
         * default: the profile's (0: keep the last).
         */
        OptionalInt validationCases();

        /** Sliding-window overlap at inference, in [0, 1); default: the profile's (0.5). */
        OptionalDouble overlap();

        /** Test-time mirroring; default: the profile's (true; quick: false). */
        Optional<Boolean> mirrorAtTest();

        /**
         * Seed of initialisation, sampling and augmentation of local runs; a job's own seed wins.
         * Default: the profile's (42).
         */
        OptionalLong seed();

        /** Augmentation probabilities (0 switches one off). */
        AugmentationConfig augmentation();

        /** At most one progress event per this interval. */
        @WithDefault("3s")
        Duration progressInterval();

        /** How long a job waits for its tasks to be known before it fails as a bad job. */
        @WithDefault("30s")
        Duration taskWait();
    }
}
