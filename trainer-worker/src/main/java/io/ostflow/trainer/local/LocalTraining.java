package io.ostflow.trainer.local;

import ai.djl.Device;
import io.ostflow.trainer.data.CaseVolume;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.model.TrainingSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains one model on the first cases of a local task and evaluates it on the next ones, with the
 * trainer-worker's own recipe: how a user gets an upper bound for a task, and how the recipe is
 * benchmarked ({@code ./ostflow train}).
 */
public final class LocalTraining {
    private LocalTraining() {}

    /** Per-case and mean Dice and IoU, and the wall time of training plus evaluation. */
    public record Result(double dice, double iou, Map<String, Metrics> cases, double seconds) {}

    /** Dice and IoU of one case. */
    public record Metrics(double dice, double iou) {}

    /**
     * @param trainCases cases to train on (a pre-training stage of {@code
     *     settings.pretrainSteps()})
     * @param evalCases cases to evaluate on
     */
    public static Result run(
            TrainingSettings settings,
            Device device,
            List<CaseVolume> trainCases,
            List<CaseVolume> evalCases,
            Consumer<SegmentationModel.Report> progress) {
        if (trainCases.isEmpty() || evalCases.isEmpty()) {
            throw new IllegalArgumentException(
                    "at least one training and one evaluation case are needed");
        }
        long start = System.nanoTime();
        try (SegmentationModel model = new SegmentationModel(settings, device)) {
            model.train(
                    trainCases,
                    List.of(),
                    settings.pretrainSteps(),
                    false,
                    settings.seed(),
                    progress);
            Map<String, Metrics> perCase = new LinkedHashMap<>();
            model.evaluate(evalCases).forEach((id, m) -> perCase.put(id, new Metrics(m[0], m[1])));
            double dice =
                    perCase.values().stream().mapToDouble(Metrics::dice).average().orElseThrow();
            double iou =
                    perCase.values().stream().mapToDouble(Metrics::iou).average().orElseThrow();
            return new Result(dice, iou, perCase, (System.nanoTime() - start) / 1e9);
        }
    }
}
