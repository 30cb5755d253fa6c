package io.ostflow.trainer.config;

import io.ostflow.common.storage.ObjectStore;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.model.TrainingSettings;
import io.ostflow.trainer.service.JobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Wires the framework-free training classes from the configuration. */
@ApplicationScoped
public class TrainerBeans {

    @Produces
    @ApplicationScoped
    JobRunner jobRunner(TrainerConfig config) {
        var s3 = config.s3();
        var t = config.trainer();
        TrainingSettings settings =
                new TrainingSettings(
                        t.inputSize(),
                        t.levels(),
                        t.baseChannels(),
                        t.batchSize(),
                        t.learningRate(),
                        t.pretrainEpochs(),
                        t.finetuneEpochs(),
                        t.patience(),
                        t.backgroundStride(),
                        t.seed(),
                        dimensions(t.mode()),
                        t.patchSize(),
                        t.patchesPerCase());
        ObjectStore store = ObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
        return new JobRunner(
                settings,
                store,
                s3.modelsBucket(),
                new CaseSource(store, s3.landingBucket(), settings),
                t.device());
    }

    private static int dimensions(String mode) {
        return switch (mode) {
            case "2d" -> 2;
            case "3d" -> 3;
            default ->
                    throw new IllegalArgumentException(
                            "ostflow.trainer.mode must be 2d or 3d, was " + mode);
        };
    }
}
