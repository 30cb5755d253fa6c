package io.ostflow.trainer.local;

import ai.djl.Device;
import io.ostflow.trainer.data.CaseVolume;
import io.ostflow.trainer.model.FineTuning;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.model.StageReport;
import io.ostflow.trainer.model.StageSchedule;
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

    /**
     * Per-case and mean Dice and IoU, and the wall time of training plus evaluation; for a transfer
     * also the pre-trained source model's mean Dice on the evaluation cases before fine-tuning.
     */
    public record Result(
            double dice,
            double iou,
            Map<String, Metrics> cases,
            double seconds,
            Double incomingDice) {}

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
            Consumer<StageReport> progress) {
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
            return result(model, evalCases, start, null);
        }
    }

    /**
     * A direct transfer as a job runs it: pre-train on the source cases ({@code pretrainSteps},
     * whole network), then fine-tune on the target's training cases for {@link
     * TrainingSettings#targetStageSteps()} steps under the recipe's fine-tuning rules (a new head
     * first if they say so and the objective changed), and evaluate on the target's evaluation
     * cases; the source model is evaluated on them too before the fine-tuning (diagnostics only,
     * nothing is chosen by it). The side-by-side check against bench/transfer_reference.py.
     *
     * @param objectiveChanges whether source and target objectives differ (for the head rule)
     */
    public static Result transfer(
            TrainingSettings settings,
            Device device,
            List<CaseVolume> sourceCases,
            List<CaseVolume> trainCases,
            List<CaseVolume> evalCases,
            boolean objectiveChanges,
            Consumer<StageReport> progress) {
        return transfer(
                settings,
                device,
                sourceCases,
                List.of(),
                trainCases,
                evalCases,
                objectiveChanges,
                progress);
    }

    /**
     * A sequential transfer with hops: as {@link #transfer(TrainingSettings, Device, List, List,
     * List, boolean, Consumer)}, with the intermediate tasks' cases fine-tuned in order between the
     * pre-training and the target ({@link TrainingSettings#finetuneSteps()} steps each, under the
     * same fine-tuning rules), as a sequential job's middle stages are.
     *
     * @param hops the intermediate stages' training cases, in path order (empty: a direct transfer)
     */
    public static Result transfer(
            TrainingSettings settings,
            Device device,
            List<CaseVolume> sourceCases,
            List<List<CaseVolume>> hops,
            List<CaseVolume> trainCases,
            List<CaseVolume> evalCases,
            boolean objectiveChanges,
            Consumer<StageReport> progress) {
        if (sourceCases.isEmpty() || trainCases.isEmpty() || evalCases.isEmpty()) {
            throw new IllegalArgumentException(
                    "at least one source, one training and one evaluation case are needed");
        }
        long start = System.nanoTime();
        try (SegmentationModel model = new SegmentationModel(settings, device)) {
            model.train(
                    sourceCases,
                    List.of(),
                    settings.pretrainSteps(),
                    false,
                    settings.seed(),
                    progress);
            FineTuning rules = settings.fineTuning();
            long seed = settings.seed();
            for (List<CaseVolume> hop : hops) {
                seed++;
                model.train(
                        hop,
                        List.of(),
                        schedule(settings, settings.finetuneSteps()),
                        seed,
                        progress);
            }
            double incoming = SegmentationModel.meanDice(model.evaluate(evalCases));
            if (rules.head().renews(objectiveChanges, true)) {
                model.resetHead(settings.seed() + 1);
            }
            model.train(
                    trainCases,
                    List.of(),
                    schedule(settings, settings.targetStageSteps()),
                    seed + 1,
                    progress);
            return result(model, evalCases, start, incoming);
        }
    }

    private static StageSchedule schedule(TrainingSettings settings, int steps) {
        FineTuning rules = settings.fineTuning();
        return new StageSchedule(
                steps,
                rules.freezesEncoder(),
                settings.learningRate() * rules.rateFactor(),
                rules.warmupSteps());
    }

    private static Result result(
            SegmentationModel model, List<CaseVolume> evalCases, long start, Double incoming) {
        Map<String, Metrics> perCase = new LinkedHashMap<>();
        model.evaluate(evalCases).forEach((id, m) -> perCase.put(id, new Metrics(m[0], m[1])));
        double dice = perCase.values().stream().mapToDouble(Metrics::dice).average().orElseThrow();
        double iou = perCase.values().stream().mapToDouble(Metrics::iou).average().orElseThrow();
        return new Result(dice, iou, perCase, (System.nanoTime() - start) / 1e9, incoming);
    }
}
