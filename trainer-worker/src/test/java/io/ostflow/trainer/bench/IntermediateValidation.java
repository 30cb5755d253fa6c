package io.ostflow.trainer.bench;

import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.local.testing.TopicProbe;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.model.TrainingSettings;
import io.ostflow.trainer.service.JobRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One sequential job (a representative, an intermediate, the target) on a running stack's data,
 * with and without validation of the non-target stages, to see whether the intermediate stage is
 * what collapses a path. Usage: {@code bench/run trainer-worker
 * io.ostflow.trainer.bench.IntermediateValidation KAFKA S3 REP INTERMEDIATE TARGET SEEDS...}
 */
public final class IntermediateValidation {
    private IntermediateValidation() {}

    public static void main(String[] args) {
        String kafka = args[0];
        ObjectStore store = ObjectStore.connect(args[1], "ostflow", "ostflow-local-secret");
        List<String> path = List.of(args[2], args[3], args[4]);
        Map<String, TaskRegistered> tasks = tasks(kafka);
        for (int s = 5; s < args.length; s++) {
            long seed = Long.parseLong(args[s]);
            for (int validation : new int[] {0, 2}) {
                TrainingSettings settings =
                        TrainingSettings.quick().toBuilder()
                                .pretrainSteps(400)
                                .validationCases(validation)
                                .seed(seed)
                                .build();
                JobRunner runner =
                        new JobRunner(
                                settings,
                                store,
                                ObjectKeys.MODELS_BUCKET,
                                new CaseSource(store, ObjectKeys.LANDING_BUCKET),
                                "cpu");
                TrainingJob job =
                        new TrainingJob(
                                "job-iv-" + System.nanoTime(),
                                path.get(2),
                                JobKind.SEQUENTIAL,
                                1,
                                List.of(
                                        new TrainingJob.Stage(StageType.PRETRAIN, path.get(0), 58),
                                        new TrainingJob.Stage(StageType.FINETUNE, path.get(1), 3),
                                        new TrainingJob.Stage(StageType.FINETUNE, path.get(2), 3),
                                        new TrainingJob.Stage(StageType.EVALUATE, path.get(2), 0)),
                                seed,
                                Instant.now());
                long started = System.nanoTime();
                TrainingCompleted done =
                        runner.run(
                                job, id -> java.util.Optional.ofNullable(tasks.get(id)), p -> {});
                System.out.printf(
                        "seed %d, intermediate validation cases %d: Dice %.4f, validation %s, %.0f s%n",
                        seed,
                        validation,
                        done.dice(),
                        done.validationDice(),
                        (System.nanoTime() - started) / 1e9);
                done.stages()
                        .forEach(
                                st ->
                                        System.out.printf(
                                                "  stage %d %s: incoming %s, validation %s, kept %d%n",
                                                st.stage(),
                                                st.task(),
                                                st.incomingDice(),
                                                st.validationDice(),
                                                st.bestStep()));
            }
        }
    }

    private static Map<String, TaskRegistered> tasks(String kafka) {
        Map<String, TaskRegistered> tasks = new HashMap<>();
        new TopicProbe(kafka)
                .records(Topics.TASKS, k -> true)
                .forEach(
                        r -> {
                            try {
                                TaskRegistered t =
                                        Json.mapper().readValue(r.value(), TaskRegistered.class);
                                tasks.put(t.task().toString(), t);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
        return tasks;
    }
}
