package io.ostflow.trainer.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.Json;
import io.ostflow.common.TaskId;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.dataset.TaskNames;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.nifti.NiftiWriter;
import io.ostflow.trainer.inference.Predictor;
import io.ostflow.trainer.model.Devices;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.service.ModelCard;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ostflow predict JOB_ID DIR OUT}: applies a trained model (its weights and model card from
 * the models bucket) to a local folder of images and writes one mask per case.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {
            "Applies the model of a finished job to the images of a local folder (CASE_CCCC.nii.gz,",
            "or a site folder's imagesTs/) and writes OUT/CASE.nii.gz: uint8 0/1 masks with each",
            "image's header. The weights and the recipe come from the job's model card in the models",
            "bucket of the running local stack (or --s3)."
        })
public final class PredictCommand implements Callable<Integer> {
    private static final Pattern IMAGE = Pattern.compile("(.+)_(\\d{4})\\.nii(\\.gz)?");

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "a finished job")
    String jobId;

    @Parameters(index = "1", paramLabel = "DIR", description = "folder of images")
    Path dir;

    @Parameters(index = "2", paramLabel = "OUT", description = "folder for the masks")
    Path out;

    @Option(
            names = "--channel",
            description =
                    "channel index of the images to segment (default: the model's modality in"
                            + " DIR/dataset.json, else 0)")
    Integer channel;

    @Option(
            names = "--stack",
            defaultValue = "${env:OSTFLOW_STACK_FILE:-.ostflow/stack.json}",
            description = "the local stack's state file (default: ${DEFAULT-VALUE})")
    Path stack;

    @Option(names = "--s3", description = "S3 endpoint (default: the local stack's)")
    String s3;

    @Option(names = "--access-key", description = "S3 access key (with --s3)")
    String accessKey;

    @Option(names = "--secret-key", description = "S3 secret key (with --s3)")
    String secretKey;

    @Option(names = "--bucket", description = "models bucket (default: the local stack's)")
    String bucket;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        resolveStore();
        ObjectStore store = ObjectStore.connect(s3, accessKey, secretKey);
        ModelCard card =
                Json.mapper().readValue(store.get(bucket, ModelCard.key(jobId)), ModelCard.class);
        Path images = Files.isDirectory(dir.resolve("imagesTs")) ? dir.resolve("imagesTs") : dir;
        int wanted = channel != null ? channel : channelOf(TaskId.parse(card.target()).modality());
        Files.createDirectories(out);
        PrintWriter console = spec.commandLine().getOut();
        int written = 0;
        try (SegmentationModel model =
                new SegmentationModel(card.settings(), Devices.choose("auto"))) {
            model.load(store.get(bucket, card.weights()));
            for (Path file : images(images, wanted)) {
                Matcher m = IMAGE.matcher(file.getFileName().toString());
                m.matches();
                String caseId = m.group(1);
                NiftiImage mask = Predictor.segment(model, caseId, new NiftiReader().read(file));
                NiftiWriter.write(mask, out.resolve(caseId + ".nii.gz"));
                console.println(caseId + " -> " + out.resolve(caseId + ".nii.gz"));
                written++;
            }
        }
        console.printf(
                "%d masks of %s (%s, Dice %.4f on its held-out cases) in %s%n",
                written, card.target(), card.kind(), card.dice(), out);
        return written == 0 ? 1 : 0;
    }

    /** The stack's endpoints unless given on the command line. */
    private void resolveStore() throws IOException {
        if (s3 != null && accessKey != null && secretKey != null) {
            bucket = bucket != null ? bucket : ObjectKeys.MODELS_BUCKET;
            return;
        }
        if (!Files.isRegularFile(stack)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "no local stack state at "
                            + stack
                            + ": start one with './ostflow up', or pass --s3, --access-key and"
                            + " --secret-key");
        }
        JsonNode endpoints = Json.mapper().readTree(stack.toFile()).path("endpoints");
        s3 = s3 != null ? s3 : endpoints.path("s3").asText();
        accessKey = accessKey != null ? accessKey : endpoints.path("s3AccessKey").asText();
        secretKey = secretKey != null ? secretKey : endpoints.path("s3SecretKey").asText();
        bucket = bucket != null ? bucket : endpoints.path("modelsBucket").asText();
    }

    /** The channel dataset.json names as the model's modality, else 0. */
    private int channelOf(String modality) throws IOException {
        Path json = dir.resolve(ObjectKeys.DATASET_JSON);
        if (!Files.isRegularFile(json)) {
            return 0;
        }
        DatasetDescriptor d = Json.mapper().readValue(json.toFile(), DatasetDescriptor.class);
        return d.channelNames().entrySet().stream()
                .filter(e -> TaskNames.modality(e.getValue()).orElse("").equals(modality))
                .map(e -> Integer.parseInt(e.getKey()))
                .findFirst()
                .orElseThrow(
                        () ->
                                new CommandLine.ParameterException(
                                        spec.commandLine(),
                                        "dataset.json has no channel of modality " + modality));
    }

    private static List<Path> images(Path folder, int channel) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(
                            f -> {
                                Matcher m = IMAGE.matcher(f.getFileName().toString());
                                return m.matches() && Integer.parseInt(m.group(2)) == channel;
                            })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new PredictCommand());
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + e.getMessage());
                    return 1;
                });
        System.exit(cli.execute(args));
    }
}
