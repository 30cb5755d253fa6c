package io.ostflow.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.ostflow.common.Json;
import io.ostflow.common.events.PredictionsWritten;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.testing.LocalStackExtension;
import io.ostflow.nifti.NiftiDatatype;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.inference.Predictor;
import io.ostflow.trainer.local.PredictCommand;
import io.ostflow.trainer.model.Devices;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.model.TrainingSettings;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A trained model segments the target site's own cases into masks that overlay their images. */
@ExtendWith(LocalStackExtension.class)
class PredictorTest {
    static TrainingFixtures data;
    static LocalStack stack;
    static TrainingSettings settings;
    static TaskRegistered target;
    static CaseSource cases;
    static TrainingCompleted trained;
    static PredictionsWritten written;

    /** One model, trained once, whose predictions every test reads. */
    @BeforeAll
    static void trainAndPredict(LocalStack localStack, @TempDir Path dir) {
        stack = localStack;
        data = new TrainingFixtures(localStack, dir);
        ObjectStore store = stack.objectStore();
        settings = JobRunnerTest.tiny(3).toBuilder().finetuneSteps(20).build();
        target = withUnlabelledCase(store, data.task(data.target).orElseThrow());
        cases = new CaseSource(store, ObjectKeys.LANDING_BUCKET);
        trained =
                new JobRunner(settings, store, ObjectKeys.MODELS_BUCKET, cases, "cpu")
                        .run(
                                data.sequentialJob(
                                        "job-predict-" + System.nanoTime(), settings.seed()),
                                id -> id.equals(data.target) ? Optional.of(target) : data.task(id),
                                p -> {});
        written =
                new Predictor(
                                store,
                                ObjectKeys.MODELS_BUCKET,
                                cases,
                                settings,
                                "cpu",
                                Clock.systemUTC())
                        .predict(trained, target);
    }

    @Test
    void unlabelledAndHeldOutCasesAreSegmentedWithTheInputsGeometry() throws Exception {
        ObjectStore store = stack.objectStore();

        assertThat(written.predictions())
                .extracting(PredictionsWritten.Prediction::caseId)
                .containsExactly("scan777", "case004", "case005");
        assertThat(written.predictions()).allSatisfy(p -> assertThat(p.error()).isNull());
        Map<String, double[]> evaluated;
        try (SegmentationModel model = new SegmentationModel(settings, Devices.choose("cpu"))) {
            model.load(store.get(ObjectKeys.MODELS_BUCKET, trained.modelKey()));
            evaluated = model.evaluate(cases.cases(target, target.evaluationCases(), true));
        }
        assertThat(evaluated.values())
                .as(
                        "a model that found the objective, so that the comparison below means something")
                .anyMatch(m -> m[0] > 0.1);
        for (PredictionsWritten.Prediction p : written.predictions()) {
            NiftiImage mask = read(store, ObjectKeys.MODELS_BUCKET, p.key());
            NiftiImage image = cases.image(target, p.caseId(), true);
            assertThat(mask.header().datatype()).isEqualTo(NiftiDatatype.UINT8);
            assertThat(mask.header().dims()).isEqualTo(image.header().dims());
            assertThat(mask.header().srow()).isEqualTo(image.header().srow());
            assertThat(mask.header().qoffset()).isEqualTo(image.header().qoffset());
            assertThat(mask.header().pixdim()).isEqualTo(image.header().pixdim());
            long ones = 0;
            for (int i = 0; i < mask.voxels().size(); i++) {
                double v = mask.scaled(i);
                assertThat(v).isIn(0.0, 1.0);
                ones += (long) v;
            }
            assertThat(ones).isEqualTo(p.foregroundVoxels());
            if (p.heldOut()) {
                assertThat(dice(mask, cases, target, p.caseId()))
                        .as("the written mask scores what the evaluation scored")
                        .isCloseTo(evaluated.get(p.caseId())[0], offset(1e-9));
            }
        }
    }

    @Test
    void ostflowPredictWritesTheSameMasksFromALocalFolder(@TempDir Path local) throws Exception {
        ObjectStore store = stack.objectStore();

        Path images = Files.createDirectories(local.resolve("imagesTs"));
        for (String id : target.evaluationCases()) {
            Files.write(
                    images.resolve(id + "_0003.nii.gz"),
                    store.get(
                            ObjectKeys.LANDING_BUCKET,
                            ObjectKeys.image(target.task().site(), true, id, 3, ".nii.gz")));
        }
        var e = stack.endpoints();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new PredictCommand());
        cli.setOut(new PrintWriter(out, true));

        int code =
                cli.execute(
                        trained.jobId(),
                        local.toString(),
                        local.resolve("out").toString(),
                        "--channel",
                        "3",
                        "--s3",
                        e.s3(),
                        "--access-key",
                        e.s3AccessKey(),
                        "--secret-key",
                        e.s3SecretKey());

        assertThat(code).as(out.toString()).isZero();
        for (PredictionsWritten.Prediction p :
                written.predictions().stream()
                        .filter(PredictionsWritten.Prediction::heldOut)
                        .toList()) {
            NiftiImage fromCli =
                    new NiftiReader().read(local.resolve("out").resolve(p.caseId() + ".nii.gz"));
            NiftiImage fromPipeline = read(store, ObjectKeys.MODELS_BUCKET, p.key());
            assertThat(fromCli.header().dims()).isEqualTo(fromPipeline.header().dims());
            for (int i = 0; i < fromCli.voxels().size(); i++) {
                assertThat(fromCli.scaled(i)).isEqualTo(fromPipeline.scaled(i));
            }
        }
        assertThat(out.toString()).contains("2 masks of " + data.target);
    }

    /**
     * nibabel (an independent reader) on a predicted mask and its input image: shape, affine, data
     * type and values.
     */
    @Test
    void nibabelReadsAPredictionWithItsImagesGeometryAndOnlyZerosAndOnes(@TempDir Path files)
            throws Exception {
        ObjectStore store = stack.objectStore();
        PredictionsWritten.Prediction first = written.predictions().get(0);
        Path mask = files.resolve("mask.nii.gz");
        Path image = files.resolve("image.nii.gz");
        Files.write(mask, store.get(ObjectKeys.MODELS_BUCKET, first.key()));
        Files.write(
                image,
                store.get(
                        ObjectKeys.LANDING_BUCKET,
                        ObjectKeys.image(
                                target.task().site(), true, first.caseId(), 3, ".nii.gz")));

        String script =
                "import json, sys, nibabel as nib, numpy as np\n"
                        + "m, i = nib.load(sys.argv[1]), nib.load(sys.argv[2])\n"
                        + "d = np.asanyarray(m.dataobj)\n"
                        + "print(json.dumps({'shape': list(m.shape), 'imageShape': list(i.shape),"
                        + " 'dtype': str(d.dtype), 'values': sorted(int(v) for v in np.unique(d)),"
                        + " 'ones': int(d.sum()), 'sameAffine': bool(np.allclose(m.affine, i.affine)),"
                        + " 'sameQform': bool(np.allclose(m.get_qform(), i.get_qform())),"
                        + " 'sameSform': bool(np.allclose(m.get_sform(), i.get_sform()))}))\n";
        Process python =
                new ProcessBuilder(
                                "/usr/bin/python3", "-c", script, mask.toString(), image.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(python.getInputStream().readAllBytes());
        assertThat(python.waitFor())
                .as("Debian's python3 with python3-nibabel (.ci/run installs it): " + output)
                .isZero();

        var read = Json.mapper().readTree(output);
        assertThat(read.get("shape")).isEqualTo(read.get("imageShape"));
        assertThat(read.get("dtype").asText()).isEqualTo("uint8");
        assertThat(read.get("values").toString()).isIn("[0]", "[0,1]");
        assertThat(read.get("ones").asLong()).isEqualTo(first.foregroundVoxels());
        assertThat(read.get("sameAffine").asBoolean()).isTrue();
        assertThat(read.get("sameQform").asBoolean()).isTrue();
        assertThat(read.get("sameSform").asBoolean()).isTrue();
    }

    /** Puts a copy of a held-out image into imagesTs as a case without labels. */
    private static TaskRegistered withUnlabelledCase(ObjectStore store, TaskRegistered target) {
        String site = target.task().site();
        String image = ObjectKeys.image(site, true, "case004", 3, ".nii.gz");
        store.put(
                ObjectKeys.LANDING_BUCKET,
                ObjectKeys.image(site, true, "scan777", 3, ".nii.gz"),
                store.get(ObjectKeys.LANDING_BUCKET, image),
                "application/gzip");
        return new TaskRegistered(
                target.task(),
                target.role(),
                target.samples(),
                target.datasetVersion(),
                target.labelValues(),
                target.cases(),
                target.evaluationCases(),
                List.of("scan777"),
                target.imageFeatureKeys(),
                target.labelFeatureKeys(),
                null,
                null);
    }

    private static double dice(
            NiftiImage mask, CaseSource cases, TaskRegistered target, String id) {
        NiftiImage labels =
                read(
                        stack.objectStore(),
                        ObjectKeys.LANDING_BUCKET,
                        ObjectKeys.label(target.task().site(), true, id, ".nii.gz"));
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < mask.voxels().size(); i++) {
            boolean p = mask.scaled(i) > 0;
            boolean t = target.labels().contains(labels.scaled(i));
            tp += p && t ? 1 : 0;
            fp += p && !t ? 1 : 0;
            fn += !p && t ? 1 : 0;
        }
        return tp + fp + fn == 0 ? 1.0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    private static NiftiImage read(ObjectStore store, String bucket, String key) {
        return new NiftiReader().read(new ByteArrayInputStream(store.get(bucket, key)));
    }
}
