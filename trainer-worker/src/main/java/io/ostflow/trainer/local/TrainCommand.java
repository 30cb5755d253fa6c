package io.ostflow.trainer.local;

import io.ostflow.common.Json;
import io.ostflow.trainer.data.CaseVolume;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.model.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ostflow train}: one model on a local nnU-Net folder, evaluated on held-back cases. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains one model on the first N cases of a local nnU-Net folder with the trainer-worker's",
            "recipe, evaluates it on the next K and prints per-case and mean Dice and IoU."
        })
public final class TrainCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "DIR",
            description = "nnU-Net raw folder (dataset.json, imagesTr, labelsTr)")
    Path dir;

    @Option(names = "--modality", required = true, description = "channel name, e.g. FLAIR")
    String modality;

    @Option(names = "--objective", required = true, description = "label name, e.g. ED")
    String objective;

    @Option(
            names = "--train-cases",
            required = true,
            paramLabel = "N",
            description = "train on the first N cases")
    int trainCases;

    @Option(
            names = "--eval-cases",
            required = true,
            paramLabel = "K",
            description = "evaluate on the next K cases")
    int evalCases;

    @Option(
            names = "--learning-rate",
            description = "initial learning rate (default: the profile's)")
    Float learningRate;

    @Option(names = "--seed", description = "seed (default: the profile's)")
    Long seed;

    @Option(
            names = "--steps",
            description = "optimiser steps (default: the profile's pre-training steps)")
    Integer steps;

    @Option(
            names = "--profile",
            defaultValue = "default",
            description = "default or quick (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(
            names = "--mode",
            defaultValue = "2d",
            description = "2d or 3d (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(
            names = "--device",
            defaultValue = "auto",
            description =
                    "auto (the GPU when the engine sees one), cpu or gpu (fails without one);"
                            + " default: ${DEFAULT-VALUE}")
    String device;

    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TrainingSettings settings = TrainingSettings.profile(profile);
        if (mode.equals("3d")) {
            settings = settings.in3d();
        } else if (!mode.equals("2d")) {
            throw new IllegalArgumentException("--mode must be 2d or 3d, was " + mode);
        }
        if (seed != null) {
            settings = settings.withSeed(seed);
        }
        if (steps != null) {
            settings = settings.withSteps(steps, settings.finetuneSteps());
        }
        if (learningRate != null) {
            settings = settings.toBuilder().learningRate(learningRate).build();
        }
        LocalDataset dataset = new LocalDataset(dir);
        List<String> ids = dataset.caseIds();
        if (trainCases < 1 || evalCases < 1 || trainCases + evalCases > ids.size()) {
            throw new IllegalArgumentException(
                    "--train-cases "
                            + trainCases
                            + " and --eval-cases "
                            + evalCases
                            + " need that many cases; the folder has "
                            + ids.size());
        }
        List<CaseVolume> train = dataset.cases(ids.subList(0, trainCases), modality, objective);
        List<CaseVolume> eval =
                dataset.cases(ids.subList(trainCases, trainCases + evalCases), modality, objective);
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        LocalTraining.Result result =
                LocalTraining.run(
                        settings,
                        SegmentationModel.device(device),
                        train,
                        eval,
                        r ->
                                err.printf(
                                        "step %d/%d loss %.4f lr %.5f%n",
                                        r.step(), r.steps(), r.loss(), r.learningRate()));
        if (json) {
            out.println(Json.mapper().writeValueAsString(result));
        } else {
            out.printf("%-12s %8s %8s%n", "case", "Dice", "IoU");
            result.cases()
                    .forEach((id, m) -> out.printf("%-12s %8.4f %8.4f%n", id, m.dice(), m.iou()));
            out.printf("%-12s %8.4f %8.4f%n", "mean", result.dice(), result.iou());
            out.printf("%.1f s%n", result.seconds());
        }
        out.flush();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command with ostflow's error handling: one {@code error: ...} line, exit 2 for bad input.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrainCommand());
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + e.getMessage());
                    return e instanceof IllegalArgumentException ? 2 : 1;
                });
        return cli;
    }
}
