package io.ostflow.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every setting of the trainer-worker (docs/configuration.md has the table). */
@ConfigMapping(prefix = "ostflow")
public interface TrainerConfig {

    /** Object store. */
    S3 s3();

    /** Training. */
    Trainer trainer();

    interface S3 {
        /** S3/MinIO endpoint URL. */
        String endpoint();

        /** Access key. */
        String accessKey();

        /** Secret key. */
        String secretKey();

        /** Bucket the drops are read from. */
        @WithDefault("ostflow-landing")
        String landingBucket();

        /** Bucket of the checkpoints. */
        @WithDefault("ostflow-models")
        String modelsBucket();
    }

    interface Trainer {
        /** auto (GPU when the engine sees one), cpu or gpu. */
        @WithDefault("auto")
        String device();

        /** 2d (axial slices) or 3d (cubic patches). */
        @WithDefault("2d")
        String mode();

        /**
         * 2d: slices are resampled to this size (divisible by 2^(levels-1)); 3d: each case is
         * resampled to a cube of this edge (a multiple of the patch size).
         */
        @WithDefault("64")
        int inputSize();

        /** 3d: edge of the training patches and evaluation tiles (divisible by 2^(levels-1)). */
        @WithDefault("32")
        int patchSize();

        /** 3d: training patches per case, a third of them around foreground. */
        @WithDefault("8")
        int patchesPerCase();

        /** Jobs one worker runs at the same time (each on its own model). */
        @WithDefault("1")
        int concurrency();

        /** U-Net resolution levels. */
        @WithDefault("3")
        int levels();

        /** Channels of the first U-Net level. */
        @WithDefault("16")
        int baseChannels();

        /** Batch size (the paper's 2). */
        @WithDefault("2")
        int batchSize();

        /** Initial Adam learning rate (the paper's 0.01). */
        @WithDefault("0.01")
        float learningRate();

        /** Epochs of a pre-training stage. */
        @WithDefault("8")
        int pretrainEpochs();

        /** Epochs of a fine-tuning stage. */
        @WithDefault("8")
        int finetuneEpochs();

        /** Epochs without improvement before the learning rate is halved. */
        @WithDefault("2")
        int patience();

        /** Keep every n-th slice without foreground. */
        @WithDefault("4")
        int backgroundStride();

        /** Seed of initialisation and shuffling. */
        @WithDefault("42")
        long seed();

        /** At most one progress event per this interval. */
        @WithDefault("3s")
        Duration progressInterval();

        /** How long a job waits for its tasks to be known before it fails as a bad job. */
        @WithDefault("30s")
        Duration taskWait();
    }
}
