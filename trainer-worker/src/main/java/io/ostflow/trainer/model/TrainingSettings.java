package io.ostflow.trainer.model;

/**
 * Hyper-parameters of every run (ALGORITHM.md section 8): the same for the three kinds of one
 * target. Defaults keep a demo short on CPU.
 *
 * @param inputSize slices are resampled to inputSize x inputSize (divisible by 4)
 * @param levels U-Net resolution levels
 * @param baseChannels channels of the first level
 * @param batchSize batch size (paper: 2)
 * @param learningRate initial Adam learning rate (paper: 0.01)
 * @param pretrainEpochs epochs of a pre-training stage
 * @param finetuneEpochs epochs of a fine-tuning stage
 * @param patience epochs without improvement before the learning rate is halved
 * @param backgroundStride keep every n-th slice without foreground (all with foreground are kept)
 * @param seed seed of initialisation and shuffling
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
        long seed) {

    public TrainingSettings {
        if (inputSize % (1 << (levels - 1)) != 0) {
            throw new IllegalArgumentException(
                    "input size " + inputSize + " must be divisible by 2^(levels-1)");
        }
        if (batchSize < 1 || pretrainEpochs < 0 || finetuneEpochs < 0 || backgroundStride < 1) {
            throw new IllegalArgumentException("batch size, epochs and stride must be positive");
        }
    }

    public static TrainingSettings defaults() {
        return new TrainingSettings(64, 3, 16, 2, 0.01f, 8, 8, 2, 4, 42);
    }
}
