package io.ostflow.trainer.service;

import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.model.TrainingSettings;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The spread over seeds of {@link JobRunnerTest}'s tiny sequential job, from which the test takes
 * its margin. Run: {@code bench/run trainer-worker io.ostflow.trainer.service.TinyJobSpread [seeds]
 * [2d|3d]}.
 */
public final class TinyJobSpread {
    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        boolean threeD = args.length > 1 && args[1].equals("3d");
        LocalStack stack = SharedLocalStack.get();
        TrainingFixtures data = new TrainingFixtures(stack, Files.createTempDirectory("spread"));
        List<Double> trained = new ArrayList<>();
        List<Double> untrained = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
            TrainingSettings settings =
                    threeD ? JobRunnerTest.tiny3d(seed) : JobRunnerTest.tiny(seed);
            JobRunner runner =
                    new JobRunner(
                            settings,
                            stack.objectStore(),
                            ObjectKeys.MODELS_BUCKET,
                            new CaseSource(stack.objectStore(), ObjectKeys.LANDING_BUCKET),
                            "cpu");
            TrainingCompleted result =
                    runner.run(
                            data.sequentialJob("spread-" + seed + "-" + System.nanoTime(), seed),
                            data::task,
                            p -> {});
            double fresh = data.untrainedDice(stack, settings);
            trained.add(result.dice());
            untrained.add(fresh);
            System.out.printf(
                    "seed %2d: Dice %.4f, untrained %.4f, stages %s s%n",
                    seed, result.dice(), fresh, result.stageSeconds());
        }
        System.out.printf("trained   %s%nuntrained %s%n", summary(trained), summary(untrained));
        System.exit(0);
    }

    private static String summary(List<Double> values) {
        double mean = values.stream().mapToDouble(d -> d).average().orElseThrow();
        double sd =
                Math.sqrt(
                        values.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum()
                                / (values.size() - 1));
        return String.format(
                "mean %.4f sd %.4f min %.4f max %.4f (n=%d)",
                mean,
                sd,
                values.stream().mapToDouble(d -> d).min().orElseThrow(),
                values.stream().mapToDouble(d -> d).max().orElseThrow(),
                values.size());
    }
}
