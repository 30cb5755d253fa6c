package io.ostflow.trainer.local;

import io.ostflow.common.Json;
import io.ostflow.trainer.data.CaseVolume;
import io.ostflow.trainer.model.Devices;
import io.ostflow.trainer.model.FineTuning;
import io.ostflow.trainer.model.StageReport;
import io.ostflow.trainer.model.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
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

    @Option(
            names = "--from",
            paramLabel = "SOURCE_DIR",
            description =
                    "transfer: pre-train on this nnU-Net folder first (with --from-modality,"
                            + " --from-objective, --from-cases), then fine-tune on DIR")
    Path from;

    @Option(names = "--from-modality", description = "the source's channel name")
    String fromModality;

    @Option(names = "--from-objective", description = "the source's label name")
    String fromObjective;

    @Option(
            names = "--from-cases",
            paramLabel = "N",
            description = "pre-train on the source's first N cases")
    Integer fromCases;

    @Option(
            names = "--via",
            paramLabel = "TASK",
            description =
                    "transfer: an intermediate stage between the source and DIR, as"
                            + " DIR:MODALITY:OBJECTIVE:CASES (its first CASES cases, the profile's"
                            + " fine-tuning steps); repeat for a longer path")
    List<String> via = List.of();

    @Option(
            names = "--pretrain-steps",
            description = "transfer: the source's pre-training steps (default: the profile's)")
    Integer pretrainSteps;

    @Option(
            names = "--scope",
            defaultValue = "decoder",
            description =
                    "transfer: what the fine-tuning trains, decoder or whole-network (default: ${DEFAULT-VALUE})")
    String scope;

    @Option(
            names = "--rate-factor",
            description = "transfer: the fine-tuning's rate as a multiple of the recipe's")
    Float rateFactor;

    @Option(
            names = "--new-head",
            description =
                    "transfer: when the fine-tuning re-initialises the output head: keep,"
                            + " objective-change or target (default: the profile's)")
    String newHead;

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
            settings = settings.toBuilder().pretrainSteps(steps).targetSteps(steps).build();
        }
        if (pretrainSteps != null) {
            settings =
                    settings.toBuilder()
                            .targetSteps(settings.targetStageSteps())
                            .pretrainSteps(pretrainSteps)
                            .build();
        }
        FineTuning rules = settings.fineTuning().withScope(FineTuning.Scope.parse(scope));
        if (newHead != null) {
            rules = rules.withHead(FineTuning.HeadRule.parse(newHead));
        }
        settings =
                settings.toBuilder()
                        .fineTuning(rateFactor == null ? rules : rules.withRateFactor(rateFactor))
                        .build();
        if (learningRate != null) {
            settings = settings.toBuilder().learningRate(learningRate).build();
        }
        if (from == null && !via.isEmpty()) {
            throw new IllegalArgumentException("--via needs --from: a path starts at a source");
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
        Consumer<StageReport> progress =
                r ->
                        err.printf(
                                "step %d/%d loss %.4f lr %.5f%n",
                                r.step(), r.steps(), r.loss(), r.learningRate());
        LocalTraining.Result result =
                from == null
                        ? LocalTraining.run(settings, Devices.choose(device), train, eval, progress)
                        : LocalTraining.transfer(
                                settings,
                                Devices.choose(device),
                                sourceCases(),
                                via.stream().map(TrainCommand::hopCases).toList(),
                                train,
                                eval,
                                !objective.equalsIgnoreCase(fromObjective),
                                progress);
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

    /** The source's first {@code --from-cases} cases, for a transfer. */
    private List<CaseVolume> sourceCases() {
        if (fromModality == null || fromObjective == null || fromCases == null || fromCases < 1) {
            throw new IllegalArgumentException(
                    "--from needs --from-modality, --from-objective and --from-cases >= 1");
        }
        LocalDataset source = new LocalDataset(from);
        List<String> ids = source.caseIds();
        if (fromCases > ids.size()) {
            throw new IllegalArgumentException(
                    "--from-cases " + fromCases + " but " + from + " has " + ids.size() + " cases");
        }
        return source.cases(ids.subList(0, fromCases), fromModality, fromObjective);
    }

    /** The cases of one {@code --via DIR:MODALITY:OBJECTIVE:CASES} hop. */
    private static List<CaseVolume> hopCases(String hop) {
        int last = hop.lastIndexOf(':');
        int objective = hop.lastIndexOf(':', last - 1);
        int modality = hop.lastIndexOf(':', objective - 1);
        if (modality < 1) {
            throw new IllegalArgumentException(
                    "--via must be DIR:MODALITY:OBJECTIVE:CASES, was " + hop);
        }
        int cases;
        try {
            cases = Integer.parseInt(hop.substring(last + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--via " + hop + ": CASES is not a number");
        }
        LocalDataset dataset = new LocalDataset(Path.of(hop.substring(0, modality)));
        List<String> ids = dataset.caseIds();
        if (cases < 1 || cases > ids.size()) {
            throw new IllegalArgumentException(
                    "--via " + hop + ": CASES must be 1 to " + ids.size());
        }
        return dataset.cases(
                ids.subList(0, cases),
                hop.substring(modality + 1, objective),
                hop.substring(objective + 1, last));
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
