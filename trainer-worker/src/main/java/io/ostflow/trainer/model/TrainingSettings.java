package io.ostflow.trainer.model;

/**
 * Hyper-parameters of every run (ALGORITHM.md section 8): the same for the three kinds of one
 * target. Defaults keep a demo short on CPU.
 *
 * @param inputSize 2-D: slices are resampled to inputSize x inputSize; 3-D: each cropped case is
 *     resampled to an inputSize cube that the patches are cut from
 * @param levels U-Net resolution levels
 * @param baseChannels channels of the first level
 * @param batchSize batch size (paper: 2)
 * @param learningRate initial Adam learning rate (paper: 0.01)
 * @param pretrainEpochs epochs of a pre-training stage
 * @param finetuneEpochs epochs of a fine-tuning stage
 * @param patience epochs without improvement before the learning rate is halved
 * @param backgroundStride 2-D: keep every n-th training slice without foreground (all with
 *     foreground are kept)
 * @param seed seed of initialisation, shuffling and patch positions
 * @param dimensions 2 (axial slices, the default) or 3 (cubic patches)
 * @param patchSize 3-D: edge of a training patch and of an evaluation tile
 * @param patchesPerCase 3-D: training patches cut from each case (a third around foreground)
 */
public record TrainingSettings(
        int inputSize,
        int levels,
        int baseChannels,
        int batchSize,
        float learningRate,
        int pretrainEpochs,
        int finetuneEpochs,
        int patience,
        int backgroundStride,
        long seed,
        int dimensions,
        int patchSize,
        int patchesPerCase) {

    public TrainingSettings {
        if (dimensions != 2 && dimensions != 3) {
            throw new IllegalArgumentException("dimensions must be 2 or 3, was " + dimensions);
        }
        int sample = dimensions == 2 ? inputSize : patchSize;
        if (levels < 2 || sample % (1 << (levels - 1)) != 0) {
            throw new IllegalArgumentException(
                    (dimensions == 2 ? "input size " : "patch size ")
                            + sample
                            + " must be divisible by 2^(levels-1) = "
                            + (1 << Math.max(0, levels - 1)));
        }
        if (dimensions == 3 && (patchSize < 1 || inputSize % patchSize != 0)) {
            throw new IllegalArgumentException(
                    "input size "
                            + inputSize
                            + " must be a multiple of the patch size "
                            + patchSize);
        }
        if (batchSize < 1
                || pretrainEpochs < 0
                || finetuneEpochs < 0
                || backgroundStride < 1
                || patchesPerCase < 1) {
            throw new IllegalArgumentException(
                    "batch size, epochs, stride and patches per case must be positive");
        }
    }

    /** The defaults: 2-D slices of 64 x 64 (3-D: 32^3 patches, 8 per case, when switched). */
    public static TrainingSettings defaults() {
        return slices2d(64, 3, 16, 8, 8, 4, 42);
    }

    /** 2-D slice mode with the paper's batch size (2) and learning rate (0.01), patience 2. */
    public static TrainingSettings slices2d(
            int inputSize,
            int levels,
            int baseChannels,
            int pretrainEpochs,
            int finetuneEpochs,
            int backgroundStride,
            long seed) {
        return new TrainingSettings(
                inputSize,
                levels,
                baseChannels,
                2,
                0.01f,
                pretrainEpochs,
                finetuneEpochs,
                2,
                backgroundStride,
                seed,
                2,
                32,
                8);
    }

    /** The same settings in 3-D patch mode. */
    public TrainingSettings patches3d(int volumeSize, int patch, int perCase) {
        return new TrainingSettings(
                volumeSize,
                levels,
                baseChannels,
                batchSize,
                learningRate,
                pretrainEpochs,
                finetuneEpochs,
                patience,
                backgroundStride,
                seed,
                3,
                patch,
                perCase);
    }

    /** Spatial shape of one training sample: a slice or a patch. */
    public long[] sampleShape() {
        return dimensions == 2
                ? new long[] {inputSize, inputSize}
                : new long[] {patchSize, patchSize, patchSize};
    }

    /** Voxels of one sample. */
    public int sampleVoxels() {
        long voxels = 1;
        for (long size : sampleShape()) {
            voxels *= size;
        }
        return Math.toIntExact(voxels);
    }
}
