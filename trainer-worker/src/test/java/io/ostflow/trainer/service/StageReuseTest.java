package io.ostflow.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.djl.Device;
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
import io.ostflow.common.storage.StorageUnavailableException;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.testing.FaultProxy;
import io.ostflow.local.testing.LocalStackExtension;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.data.CaseVolume;
import io.ostflow.trainer.model.FineTuning;
import io.ostflow.trainer.model.Leep;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.model.TrainingSettings;
import io.ostflow.trainer.reuse.StageKey;
import io.ostflow.trainer.reuse.StageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Stages shared between jobs through the real S3 server: trained once, loaded by the others. */
@ExtendWith(LocalStackExtension.class)
class StageReuseTest {
    private static final AtomicInteger SEEDS = new AtomicInteger(1000);

    static TrainingFixtures data;
    static LocalStack stack;

    @BeforeAll
    static void upload(LocalStack localStack, @TempDir Path dir) {
        stack = localStack;
        data = new TrainingFixtures(localStack, dir);
    }

    /** A few steps only: what is checked is which stages train, not how well. */
    private static TrainingSettings settings() {
        return JobRunnerTest.tiny(SEEDS.incrementAndGet()).toBuilder()
                .pretrainSteps(20)
                .finetuneSteps(5)
                .build();
    }

    private static JobRunner runner(TrainingSettings settings) {
        ObjectStore store = stack.objectStore();
        return new JobRunner(
                settings,
                store,
                ObjectKeys.MODELS_BUCKET,
                new CaseSource(store, ObjectKeys.LANDING_BUCKET),
                "cpu",
                new StageStore(
                        store,
                        ObjectKeys.MODELS_BUCKET,
                        Duration.ofMillis(200),
                        Duration.ofMinutes(5),
                        Clock.systemUTC()));
    }

    /**
     * Pre-train on source 1, fine-tune on {@code finetune}, evaluate on the target; on the seed of
     * the test's {@link #settings()} (each test's own, so tests share no stage key).
     */
    private static TrainingJob job(String id, String finetune) {
        return job(id, finetune, SEEDS.get());
    }

    private static TrainingJob job(String id, String finetune, long seed) {
        return new TrainingJob(
                id,
                data.target,
                JobKind.SEQUENTIAL,
                1,
                List.of(
                        new TrainingJob.Stage(StageType.PRETRAIN, data.source1, 60),
                        new TrainingJob.Stage(StageType.FINETUNE, finetune, 3),
                        new TrainingJob.Stage(StageType.EVALUATE, data.target, 0)),
                seed,
                Instant.now());
    }

    @Test
    void twoJobsSharingAPretrainingTrainItOnce() {
        TrainingSettings settings = settings();
        List<TrainingProgress> first = new CopyOnWriteArrayList<>();
        List<TrainingProgress> second = new CopyOnWriteArrayList<>();

        TrainingCompleted a =
                runner(settings)
                        .run(
                                job("job-ra-" + System.nanoTime(), data.source2),
                                data::task,
                                first::add);
        TrainingCompleted b =
                runner(settings)
                        .run(
                                job("job-rb-" + System.nanoTime(), data.target),
                                data::task,
                                second::add);

        assertThat(a.reusedStages()).isEmpty();
        assertThat(b.reusedStages()).containsExactly(0);
        assertThat(first).anyMatch(p -> p.stage() == 0);
        assertThat(second).noneMatch(p -> p.stage() == 0).anyMatch(p -> p.stage() == 1);
        assertThat(checkpoint(b, 0)).isEqualTo(checkpoint(a, 0));
        assertThat(checkpoint(b, 1)).isNotEqualTo(checkpoint(a, 1));
        ModelCard cardA = card(a);
        ModelCard cardB = card(b);
        assertThat(cardB.stages())
                .extracting(ModelCard.Stage::reused)
                .containsExactly(true, false, false);
        assertThat(cardB.stages().get(0).stageKey()).isEqualTo(cardA.stages().get(0).stageKey());
        assertThat(cardB.stages().get(1).stageKey()).isNotEqualTo(cardA.stages().get(1).stageKey());
        assertThat(cardB.stages().get(0).datasetVersion())
                .isEqualTo(data.task(data.source1).orElseThrow().datasetVersion());
        assertThat(cardB.stages().get(0).cases())
                .hasSize(data.task(data.source1).orElseThrow().cases().size());
        assertThat(cardB.settings()).usingRecursiveComparison().isEqualTo(settings);
        assertThat(cardB.weights()).isEqualTo(b.modelKey());
        assertThat(cardB.dice()).isEqualTo(b.dice());
    }

    @Test
    void changingOnlyTheFineTuningReusesThePretrainingAndReportsItsOutcome() {
        TrainingSettings settings = settings();
        TrainingSettings otherFineTuning =
                settings.toBuilder()
                        .targetSteps(7)
                        .fineTuning(
                                FineTuning.paper()
                                        .withWarmupSteps(2)
                                        .withHead(FineTuning.HeadRule.OBJECTIVE_CHANGE))
                        .build();

        TrainingCompleted a =
                runner(settings)
                        .run(job("job-fa-" + System.nanoTime(), data.target), data::task, p -> {});
        TrainingCompleted b =
                runner(otherFineTuning)
                        .run(job("job-fb-" + System.nanoTime(), data.target), data::task, p -> {});

        assertThat(a.reusedStages()).isEmpty();
        assertThat(b.reusedStages())
                .as("the pre-training is loaded, not trained again")
                .containsExactly(0);
        StageResult reused = b.stages().get(0);
        assertThat(reused.reused()).isTrue();
        assertThat(reused.loss())
                .as("the outcome its first training recorded")
                .isEqualTo(a.stages().get(0).loss());
        StageResult target = b.stages().get(1);
        assertThat(target.steps()).isEqualTo(7);
        assertThat(target.newHead()).as("ED -> ED keeps its head").isFalse();
        assertThat(target.trained()).isEqualTo("decoder");
        assertThat(target.validationCases()).isEqualTo(1);
        assertThat(target.validationDice()).hasSize(2).first().isEqualTo(target.incomingDice());
        assertThat(b.validationDice()).isEqualTo(target.bestValidationDice());
        assertThat(b.validationCaseDice())
                .as("the final model's Dice on each validation case; their mean is validationDice")
                .hasSize(1)
                .hasEntrySatisfying(
                        b.validationCaseDice().keySet().iterator().next(),
                        d -> assertThat(d).isEqualTo(b.validationDice()));
        assertThat(card(b).outcomes()).isEqualTo(b.stages());
    }

    private static ModelCard card(TrainingCompleted result) {
        try {
            return Json.mapper()
                    .readValue(
                            stack.objectStore()
                                    .get(ObjectKeys.MODELS_BUCKET, ModelCard.key(result.jobId())),
                            ModelCard.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aJobTrainsOnItsOwnSeedWhateverTheTrainersSetting() {
        TrainingSettings settings = settings();
        long seed = settings.seed();
        TrainingCompleted a =
                runner(settings.withSeed(seed + 500_000))
                        .run(job("job-sa-" + System.nanoTime(), data.target), data::task, p -> {});
        TrainingCompleted b =
                runner(settings.withSeed(seed + 600_000))
                        .run(job("job-sb-" + System.nanoTime(), data.target), data::task, p -> {});
        TrainingCompleted other =
                runner(settings)
                        .run(
                                job("job-sc-" + System.nanoTime(), data.target, seed + 700_000),
                                data::task,
                                p -> {});

        assertThat(card(a).settings().seed()).isEqualTo(seed);
        assertThat(b.reusedStages()).as("same job seed, same stages").containsExactly(0, 1);
        assertThat(card(other).settings().seed()).isEqualTo(seed + 700_000);
        assertThat(other.reusedStages()).as("another job seed trains anew").isEmpty();
    }

    @Test
    void aDirectJobMeasuresLeepOfItsSourceModelOnTheTargetsTrainingCases() throws Exception {
        TrainingSettings settings = settings();
        TrainingJob direct =
                new TrainingJob(
                        "job-leep-" + System.nanoTime(),
                        data.target,
                        JobKind.DIRECT,
                        1,
                        List.of(
                                new TrainingJob.Stage(StageType.PRETRAIN, data.source1, 60),
                                new TrainingJob.Stage(StageType.FINETUNE, data.target, 3),
                                new TrainingJob.Stage(StageType.EVALUATE, data.target, 0)),
                        settings.seed(),
                        Instant.now());
        TrainingCompleted result = runner(settings).run(direct, data::task, p -> {});

        // recomputed independently: the stage-0 weights on the fine-tuning's cases
        TaskRegistered target = data.task(data.target).orElseThrow();
        List<String> fineTuned = StagePlans.trainingCases(target, data.target, 3);
        double expected;
        try (SegmentationModel source = new SegmentationModel(settings, Device.cpu())) {
            source.load(
                    stack.objectStore()
                            .get(
                                    ObjectKeys.MODELS_BUCKET,
                                    JobRunner.checkpoint(direct.jobId(), 0)));
            List<float[]> logits = new ArrayList<>();
            List<float[]> masks = new ArrayList<>();
            for (CaseVolume v :
                    new CaseSource(stack.objectStore(), ObjectKeys.LANDING_BUCKET)
                            .cases(target, fineTuned, false)) {
                logits.add(source.logits(v));
                masks.add(v.mask());
            }
            expected = Leep.of(logits, masks);
        }
        assertThat(result.leep()).isNotNull().isLessThanOrEqualTo(0.0).isEqualTo(expected);
        assertThat(runner(settings).state(direct.jobId()).orElseThrow().leep())
                .isEqualTo(result.leep());
        TrainingCompleted sequential =
                runner(settings)
                        .run(
                                job("job-seqleep-" + System.nanoTime(), data.target),
                                data::task,
                                p -> {});
        assertThat(sequential.leep())
                .as("a sequential job scores its last source stage: here the same pre-training")
                .isEqualTo(result.leep());
    }

    @Test
    void aScoringJobReusesTheSourceStageAndScoresItAsTheDirectJobDid() {
        TrainingSettings settings = settings();
        TrainingJob direct =
                new TrainingJob(
                        "job-sdirect-" + System.nanoTime(),
                        data.target,
                        JobKind.DIRECT,
                        1,
                        List.of(
                                new TrainingJob.Stage(StageType.PRETRAIN, data.source1, 60),
                                new TrainingJob.Stage(StageType.FINETUNE, data.target, 3),
                                new TrainingJob.Stage(StageType.EVALUATE, data.target, 0)),
                        settings.seed(),
                        Instant.now());
        TrainingCompleted trained = runner(settings).run(direct, data::task, p -> {});
        TrainingJob score =
                new TrainingJob(
                        "job-score-" + System.nanoTime(),
                        data.target,
                        JobKind.SCORE,
                        1,
                        List.of(
                                new TrainingJob.Stage(StageType.PRETRAIN, data.source1, 60),
                                new TrainingJob.Stage(StageType.SCORE, data.target, 3)),
                        settings.seed(),
                        Instant.now());
        List<TrainingProgress> progress = new CopyOnWriteArrayList<>();

        TrainingCompleted scored = runner(settings).run(score, data::task, progress::add);

        assertThat(scored.reusedStages()).as("the source stage is the direct job's").contains(0);
        assertThat(progress).noneMatch(p -> p.stage() == 0);
        assertThat(scored.leep()).isNotNull().isEqualTo(trained.leep());
        assertThat(scored.dice()).as("a score is not a trained model").isNaN();
        assertThat(card(scored).stages().get(1).cases())
                .as("scored on the target's labelled cases, never its held-out ones")
                .doesNotContainAnyElementsOf(
                        StagePlans.evaluationCaseIds(data.task(data.target).orElseThrow()));
        assertThat(runner(settings).run(score, data::task, p -> {}).leep())
                .as("delivered again: the stored state, the same score")
                .isEqualTo(scored.leep());

        TrainingJob unfinished =
                new TrainingJob(
                        "job-score-bad",
                        data.target,
                        JobKind.SCORE,
                        1,
                        List.of(
                                new TrainingJob.Stage(StageType.PRETRAIN, data.source1, 60),
                                new TrainingJob.Stage(StageType.EVALUATE, data.target, 0)),
                        settings.seed(),
                        Instant.now());
        assertThat(
                        catchThrowableOfType(
                                        JobFailedException.class,
                                        () -> runner(settings).run(unfinished, data::task, p -> {}))
                                .reason())
                .isEqualTo("BAD_JOB");
    }

    @Test
    void aMultitaskJobPretrainsOnTheUnionOfItsTasksUnderItsOwnKey() {
        TrainingSettings settings = settings();
        TrainingCompleted plain =
                runner(settings)
                        .run(job("job-mp-" + System.nanoTime(), data.target), data::task, p -> {});
        TrainingJob multitask =
                new TrainingJob(
                        "job-mt-" + System.nanoTime(),
                        data.target,
                        JobKind.MULTITASK,
                        1,
                        List.of(
                                new TrainingJob.Stage(
                                        StageType.PRETRAIN,
                                        data.source1,
                                        60,
                                        List.of(new TrainingJob.Joint(data.source2, 3))),
                                new TrainingJob.Stage(StageType.FINETUNE, data.target, 3),
                                new TrainingJob.Stage(StageType.EVALUATE, data.target, 0)),
                        settings.seed(),
                        Instant.now());
        TrainingCompleted joint = runner(settings).run(multitask, data::task, p -> {});

        assertThat(joint.dice()).isBetween(0.0, 1.0);
        assertThat(joint.reusedStages())
                .as("the union is another stage than source 1 alone")
                .isEmpty();
        ModelCard.Stage first = card(joint).stages().get(0);
        assertThat(first.stageKey()).isNotEqualTo(card(plain).stages().get(0).stageKey());
        assertThat(first.joint())
                .singleElement()
                .satisfies(
                        j -> {
                            assertThat(j.task()).isEqualTo(data.source2);
                            assertThat(j.cases()).hasSize(3);
                        });
        assertThat(card(plain).stages().get(0).joint()).isEmpty();
    }

    @Test
    void aNewDatasetVersionOfTheSourceTrainsTheStageAgain() {
        TrainingSettings settings = settings();
        TaskRegistered source = data.task(data.source1).orElseThrow();
        TaskRegistered reuploaded =
                new TaskRegistered(
                        source.task(),
                        source.role(),
                        source.samples(),
                        source.datasetVersion() + "-v2",
                        source.labelValues(),
                        source.cases(),
                        source.evaluationCases(),
                        source.unlabelledCases(),
                        source.imageFeatureKeys(),
                        source.labelFeatureKeys(),
                        source.modalityName(),
                        source.objectiveName());

        TrainingCompleted first =
                runner(settings)
                        .run(job("job-va-" + System.nanoTime(), data.target), data::task, p -> {});
        TrainingCompleted second =
                runner(settings)
                        .run(
                                job("job-vb-" + System.nanoTime(), data.target),
                                id ->
                                        id.equals(data.source1)
                                                ? Optional.of(reuploaded)
                                                : data.task(id),
                                p -> {});

        assertThat(first.reusedStages()).isEmpty();
        assertThat(second.reusedStages()).as("another dataset version, another stage").isEmpty();
        assertThat(card(second).stages().get(0).stageKey())
                .isNotEqualTo(card(first).stages().get(0).stageKey());
    }

    @Test
    void concurrentTrainersTrainASharedStageOnceAndBothLoadTheSameWeights() throws Exception {
        TrainingSettings settings = settings();
        List<TrainingProgress> pretraining = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<TrainingCompleted> a =
                    pool.submit(
                            () ->
                                    runner(settings)
                                            .run(
                                                    job(
                                                            "job-ca-" + System.nanoTime(),
                                                            data.source2),
                                                    data::task,
                                                    p -> record(p, pretraining)));
            Future<TrainingCompleted> b =
                    pool.submit(
                            () ->
                                    runner(settings)
                                            .run(
                                                    job("job-cb-" + System.nanoTime(), data.target),
                                                    data::task,
                                                    p -> record(p, pretraining)));
            TrainingCompleted ra = a.get();
            TrainingCompleted rb = b.get();

            assertThat(ra.reusedStages().size() + rb.reusedStages().size())
                    .as("the shared pre-training is trained by one job and loaded by the other")
                    .isEqualTo(1);
            assertThat(pretraining.stream().map(TrainingProgress::jobId).distinct()).hasSize(1);
            assertThat(checkpoint(ra, 0)).isEqualTo(checkpoint(rb, 0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedTrainingGivesItsClaimBackAndAConditionalWriteHasOneWinner() {
        ObjectStore store = stack.objectStore();
        StageStore stages =
                new StageStore(
                        store,
                        ObjectKeys.MODELS_BUCKET,
                        Duration.ofMillis(100),
                        Duration.ofSeconds(30),
                        Clock.systemUTC());
        StageKey key = new StageKey("k" + System.nanoTime(), "{}");

        assertThatThrownBy(
                        () ->
                                stages.obtain(
                                        key,
                                        "job-x",
                                        () -> {
                                            throw new IllegalStateException("out of data");
                                        }))
                .hasMessage("out of data");
        StageStore.Weights weights =
                stages.obtain(key, "job-y", () -> "w".getBytes(StandardCharsets.UTF_8));

        assertThat(weights.source()).isEqualTo(StageStore.Source.TRAINED);
        assertThat(stages.obtain(key, "job-z", () -> new byte[] {9}).source())
                .isEqualTo(StageStore.Source.REUSED);
        assertThat(
                        store.putIfAbsent(
                                ObjectKeys.MODELS_BUCKET,
                                StageStore.weightsKey(key),
                                new byte[] {1},
                                "application/octet-stream"))
                .isEmpty();
        assertThat(store.get(ObjectKeys.MODELS_BUCKET, StageStore.weightsKey(key)))
                .isEqualTo("w".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aClaimWhoseAnswerWasLostIsAnOutageAndTheJobsOwnWhenItTriesAgain() {
        StageKey key = new StageKey("k" + System.nanoTime(), "{}");
        try (FaultProxy proxy =
                new FaultProxy("127.0.0.1", URI.create(stack.endpoints().s3()).getPort())) {
            StageStore stages =
                    new StageStore(
                            ObjectStore.connect(
                                    proxy.httpEndpoint(),
                                    stack.endpoints().s3AccessKey(),
                                    stack.endpoints().s3SecretKey()),
                            ObjectKeys.MODELS_BUCKET,
                            Duration.ofMillis(100),
                            Duration.ofSeconds(30),
                            Clock.systemUTC());
            // the store writes the claim, then the network fails before its answer arrives
            proxy.loseAnswerTo(t -> t.startsWith("PUT ") && t.contains(".claim "), t -> {});

            assertThatThrownBy(() -> stages.obtain(key, "job-x", () -> new byte[] {1}))
                    .isInstanceOf(StorageUnavailableException.class);
            assertThat(stack.objectStore().stat(ObjectKeys.MODELS_BUCKET, claimKey(key)))
                    .as("the claim was written")
                    .isPresent();

            proxy.restore();
            StageStore.Weights weights = stages.obtain(key, "job-x", () -> new byte[] {2});
            assertThat(weights.source())
                    .as("its own claim: trained at once, not waited for")
                    .isEqualTo(StageStore.Source.TRAINED);
            assertThat(weights.bytes()).containsExactly(2);
        }
    }

    private static String claimKey(StageKey key) {
        return StageStore.weightsKey(key).replace(".params", ".claim");
    }

    private static void record(TrainingProgress p, List<TrainingProgress> pretraining) {
        if (p.stage() == 0) {
            pretraining.add(p);
        }
    }

    private static byte[] checkpoint(TrainingCompleted result, int stage) {
        return stack.objectStore()
                .get(ObjectKeys.MODELS_BUCKET, JobRunner.checkpoint(result.jobId(), stage));
    }
}
