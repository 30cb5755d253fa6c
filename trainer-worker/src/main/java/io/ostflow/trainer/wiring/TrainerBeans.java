package io.ostflow.trainer.wiring;

import io.ostflow.common.storage.ObjectStore;
import io.ostflow.trainer.augment.Augmentation;
import io.ostflow.trainer.config.TrainerConfig;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.inference.Predictor;
import io.ostflow.trainer.model.FineTuning;
import io.ostflow.trainer.model.OptimizerKind;
import io.ostflow.trainer.model.TrainingSettings;
import io.ostflow.trainer.model.TrainingSettingsBuilder;
import io.ostflow.trainer.reuse.StageStore;
import io.ostflow.trainer.service.JobLeases;
import io.ostflow.trainer.service.JobRunner;
import io.ostflow.trainer.service.WithdrawnCards;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/** Wires the framework-free training classes from the configuration. */
@ApplicationScoped
public class TrainerBeans {
    /** Wait between two looks for a stage another job is training. */
    private static final Duration STAGE_POLL = Duration.ofSeconds(2);

    /** One client for the job runner and the predictor (a final class: no client proxy). */
    @Produces
    @Singleton
    ObjectStore objectStore(TrainerConfig config) {
        var s3 = config.s3();
        return ObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
    }

    @Produces
    @ApplicationScoped
    JobRunner jobRunner(TrainerConfig config, ObjectStore store) {
        var s3 = config.s3();
        StageStore stages =
                config.trainer().reuseStages()
                        ? new StageStore(
                                store,
                                s3.modelsBucket(),
                                STAGE_POLL,
                                config.trainer().stagePatience(),
                                Clock.systemUTC())
                        : null;
        return new JobRunner(
                settings(config.trainer()),
                store,
                s3.modelsBucket(),
                new CaseSource(store, s3.landingBucket()),
                config.trainer().device(),
                stages,
                ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.application.version", String.class)
                        .orElse("development"),
                Clock.systemUTC());
    }

    /** Leases of the jobs this worker runs, under a name unique among the trainers. */
    @Produces
    @Singleton
    JobLeases jobLeases(TrainerConfig config, ObjectStore store) {
        return new JobLeases(
                store,
                config.s3().modelsBucket(),
                workerName(),
                config.trainer().jobLease(),
                STAGE_POLL,
                Clock.systemUTC());
    }

    @Produces
    @ApplicationScoped
    WithdrawnCards withdrawnCards(TrainerConfig config, ObjectStore store) {
        return new WithdrawnCards(store, config.s3().modelsBucket());
    }

    void closeLeases(@Disposes JobLeases leases) {
        leases.close();
    }

    /** {@code HOST-PID}: a pod's host name is unique, and so is a process id on one host. */
    static String workerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    @Produces
    @ApplicationScoped
    Predictor predictor(TrainerConfig config, ObjectStore store) {
        var s3 = config.s3();
        return new Predictor(
                store,
                s3.modelsBucket(),
                new CaseSource(store, s3.landingBucket()),
                settings(config.trainer()),
                config.trainer().device(),
                Clock.systemUTC());
    }

    /** The profile's recipe with every key that is set applied on top. */
    static TrainingSettings settings(TrainerConfig.Trainer t) {
        TrainingSettings profile = TrainingSettings.profile(t.profile());
        if (t.mode().map(TrainerBeans::dimensions).orElse(profile.dimensions()) == 3) {
            profile = profile.in3d();
        }
        TrainingSettingsBuilder b = profile.toBuilder();
        t.patchSize().ifPresent(p -> b.patch(p.stream().mapToInt(Integer::intValue).toArray()));
        t.levels().ifPresent(b::levels);
        t.baseChannels().ifPresent(b::baseChannels);
        t.deepSupervision().ifPresent(b::deepSupervision);
        t.batchSize().ifPresent(b::batchSize);
        t.optimizer().map(OptimizerKind::parse).ifPresent(b::optimizer);
        t.learningRate().ifPresent(b::learningRate);
        t.pretrainSteps().ifPresent(b::pretrainSteps);
        t.finetuneSteps().ifPresent(b::finetuneSteps);
        t.targetSteps().ifPresent(b::targetSteps);
        t.targetValidationCases().ifPresent(b::targetValidationCases);
        b.fineTuning(fineTuning(t.fineTuning(), profile.fineTuning()));
        t.foregroundFraction().ifPresent(b::foregroundFraction);
        t.reportEvery().ifPresent(b::reportEvery);
        t.validationCases().ifPresent(b::validationCases);
        t.overlap().ifPresent(b::overlap);
        t.mirrorAtTest().ifPresent(b::mirrorAtTest);
        t.seed().ifPresent(b::seed);
        b.augmentation(augmentation(t.augmentation(), b.augmentation()));
        return b.build();
    }

    private static FineTuning fineTuning(TrainerConfig.FineTuningConfig c, FineTuning profile) {
        FineTuning f = profile;
        f = c.scope().map(FineTuning.Scope::parse).map(f::withScope).orElse(f);
        f = c.rateFactor().map(f::withRateFactor).orElse(f);
        f = c.warmupSteps().isPresent() ? f.withWarmupSteps(c.warmupSteps().getAsInt()) : f;
        return c.newHead().map(FineTuning.HeadRule::parse).map(f::withHead).orElse(f);
    }

    private static Augmentation augmentation(
            TrainerConfig.AugmentationConfig c, Augmentation profile) {
        return new Augmentation(
                c.mirror().orElse(profile.mirror()),
                c.rotation().orElse(profile.rotation()),
                c.maxDegrees().orElse(profile.maxDegrees()),
                c.scaling().orElse(profile.scaling()),
                c.noise().orElse(profile.noise()),
                c.blur().orElse(profile.blur()),
                c.brightness().orElse(profile.brightness()),
                c.contrast().orElse(profile.contrast()),
                c.gamma().orElse(profile.gamma()));
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
